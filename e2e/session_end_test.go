package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

// TestAccountSessionEndsWhileEditing: the session ends while a claim is
// being edited (here an admin's password reset, as deactivation or idle
// time would). Saving says the user was logged out and to log in again in
// another tab, and keeps what they typed; once they have, saving again from
// the same, unreloaded page works.
func TestAccountSessionEndsWhileEditing(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Ferry talks", "The council invited Veloria to the ferry talks.", "invited Veloria", "The council invited Veloria")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	const typed = "The council invited only Veloria, typed before the logout"
	h.typeText(`[data-testid="statement"]`, typed)

	hash, err := auth.HashPassword(adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.UpdateUser(h.ctx, adminName, model.UserChange{PasswordHash: &hash}); err != nil {
		t.Fatal(err)
	}
	h.click("Save", `[data-testid="save-details"]`)
	h.waitUntil("the panel's error", `() => document.querySelector('[data-testid="panel-error"]')`)
	msg := h.text(`[data-testid="panel-error"]`)
	for _, want := range []string{"logged out", "log in again in another tab"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the panel says %q, not %q", msg, want)
		}
	}
	if got := h.value(`[data-testid="statement"]`); got != typed {
		t.Errorf("the statement field holds %q after the refusal, want what was typed", got)
	}

	// Another tab shares the cookies: log in there.
	ok := evalJS[bool](h, "logging in from another tab", `async (name, password) => {
		const page = await (await fetch('/login')).text();
		const token = page.match(/name="csrf-token" content="([^"]*)"/)[1];
		const res = await fetch('/login', { method: 'POST', body: new URLSearchParams({ name, password, _csrf: token }) });
		return res.ok && new URL(res.url).pathname === '/';
	}`, adminName, adminPassword)
	if !ok {
		t.Fatal("logging in from another tab failed")
	}
	h.submitPanelForm("Save again", `[data-testid="save-details"]`, "Saved.")
	got, err := h.store.Claim(h.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Statement != typed {
		t.Errorf("stored statement %q, want %q", got.Statement, typed)
	}
}
