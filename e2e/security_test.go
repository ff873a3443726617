package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

const (
	scriptPayload = `<script>window.__pwned=1</script>`
	imgPayload    = `<img src=x onerror="window.__pwned=2">`
	claimPayload  = `<img src=x onerror=window.__pwned=3>`
	hostileTitle  = `Council makes a <b>bold</b> move`
)

var hostile = article{
	Title:       hostileTitle,
	Publication: "The Example Ledger",
	Text: "Markup in an article is only text\n\n" +
		"The council said " + scriptPayload + " it would meet on Friday.\n\n" +
		"The mayor " + imgPayload + " was invited to the talks by the council.\n",
}

// noMarkup checks that nothing the editors typed became markup: no
// element of theirs in main, and only the app's own module script. The
// Content-Security-Policy would stop an injected handler from running too,
// so window.__pwned alone would not show an escaping bug: the DOM checks
// are what matter.
func (h *harness) noMarkup(where string, appScripts int) {
	h.t.Helper()
	type found struct {
		Pwned   bool
		Scripts []string
		Foreign []string
	}
	f := evalJS[found](h, "looking for injected markup", `() => ({
		Pwned: window.__pwned !== undefined,
		Scripts: Array.from(document.querySelectorAll("main script"), (s) => (s.type || "classic") + " " + (s.getAttribute("src") || "inline")),
		Foreign: Array.from(document.querySelectorAll("main img, main b, body script:not([type=module])"), (el) => el.outerHTML),
	})`)
	if f.Pwned {
		h.t.Errorf("%s: window.__pwned is set: injected script ran", where)
	}
	if len(f.Foreign) > 0 {
		h.t.Errorf("%s: the typed markup became elements: %q", where, f.Foreign)
	}
	if len(f.Scripts) != appScripts {
		h.t.Errorf("%s: main holds the scripts %q, want %d", where, f.Scripts, appScripts)
	}
	for _, s := range f.Scripts {
		if !strings.HasPrefix(s, "module /static/") || !strings.Contains(s, "workspace") {
			h.t.Errorf("%s: main holds a script that is not the app's: %s", where, s)
		}
	}
}

// TestScriptInArticleRunsNothing imports an article whose title, text and
// claim statement hold markup, and checks that every page shows it as text.
func TestScriptInArticleRunsNothing(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()

	articleID := h.importArticle(hostile)
	h.waitUntil("the workspace to finish loading", `() => document.readyState === "complete"`)
	h.noMarkup("workspace", 1)
	if got := h.text(`[data-testid="article-title"]`); got != hostileTitle {
		t.Errorf("the title reads %q, want it literally: %q", got, hostileTitle)
	}
	body := h.text("#article-text")
	for _, p := range []string{scriptPayload, imgPayload} {
		if !strings.Contains(body, p) {
			t.Errorf("the article text does not show %q literally; it reads %q", p, body)
		}
	}

	// A claim whose statement is markup, through the UI.
	claimID, _ := h.newClaim("was invited to the talks", 0, model.KindParticipation, claimPayload)
	if got := h.readPanel().Statement; got != claimPayload {
		t.Errorf("the panel's statement is %q, want %q", got, claimPayload)
	}
	item := fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] .statement`, claimID)
	if got := h.text(item); got != claimPayload {
		t.Errorf("the list shows the statement as %q, want %q", got, claimPayload)
	}
	h.noMarkup("workspace after the claim", 1)

	// The same pages rendered by the server from scratch.
	h.open(fmt.Sprintf("/articles/%d?claim=%d", articleID, claimID))
	h.waitPanel(claimID)
	if got := h.readPanel().Statement; got != claimPayload {
		t.Errorf("after a reload the panel's statement is %q, want %q", got, claimPayload)
	}
	if got := h.text(item); got != claimPayload {
		t.Errorf("after a reload the list shows the statement as %q, want %q", got, claimPayload)
	}
	h.noMarkup("reloaded workspace", 1)

	h.open("/")
	h.waitUntil("the article list", `() => document.querySelector('[data-testid="article-list"]')`)
	if got := h.texts(`[data-testid="article-row"] a`); len(got) != 1 || got[0] != hostileTitle {
		t.Errorf("the home page lists the titles %q, want %q literally", got, hostileTitle)
	}
	h.noMarkup("home page", 0)
}

// TestViewerCannotWrite logs in with the viewer role: the workspace offers
// no way to change anything, and a forged request is refused.
func TestViewerCannotWrite(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	h.logout()

	const viewer, viewerPassword = "vic", "read-only-reader-9"
	hash, err := auth.HashPassword(viewerPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.CreateUser(h.ctx, model.User{Name: viewer, Role: model.UserViewer, PasswordHash: hash}, false); err != nil {
		t.Fatalf("creating the viewer: %v", err)
	}
	const statement = "The bridge reopens in May."
	a, c := h.seedArticle("Bridge to reopen", "Bridge to reopen\n\nThe city said the bridge reopens in May after repairs.\n", "the bridge reopens in May", statement)

	h.login(viewer, viewerPassword, viewer)
	if n := h.count(`[data-testid="import-article"], [data-testid="nav-import"]`); n != 0 {
		t.Errorf("the home page offers a viewer %d ways to import", n)
	}

	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
	if n := h.count(`[data-testid="new-claim"], [data-testid="selection-bar"], [data-can-write]`); n != 0 {
		t.Errorf("the workspace shows a viewer %d claim-making controls", n)
	}
	h.openFromList(c.ID)
	if n := h.count(`#claim-panel form, #claim-panel button:not([data-close-panel])`); n != 0 {
		t.Errorf("the panel shows a viewer %d forms and buttons", n)
	}
	if got := h.text(`#claim-panel .details dd`); got != statement {
		t.Errorf("the viewer's panel shows the statement %q, want %q", got, statement)
	}
	if got := h.texts(`#claim-panel .details dt`); strings.Join(got, ",") != "Statement,Kind" {
		t.Errorf("the viewer's panel shows the fields %q, want no empty Assignee or Note", got)
	}

	// A forged edit with a valid CSRF token is still refused.
	status := evalJS[int](h, "posting an edit as the viewer", `async (id) => {
		const token = document.querySelector('meta[name="csrf-token"]').content;
		if (!token) throw new Error("no CSRF token in the page");
		const res = await fetch("/claims/" + id + "/edit", {
			method: "POST", credentials: "same-origin",
			headers: { "X-CSRF-Token": token, "X-Requested-With": "fetch" },
			body: new URLSearchParams({ statement: "changed by a viewer", kind: "event", status: "false", version: "1" }),
		});
		return res.status;
	}`, c.ID)
	if status != 403 {
		t.Errorf("POST /claims/%d/edit as a viewer: %d, want 403", c.ID, status)
	}
	got, err := h.store.Claim(h.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Statement != statement {
		t.Errorf("the viewer's request changed the claim's statement to %q, want %q", got.Statement, statement)
	}
	if got.Status != model.StatusUnchecked {
		t.Errorf("the viewer's request changed the claim's status to %s, want %s", got.Status, model.StatusUnchecked)
	}
	if got.Version != c.Version {
		t.Errorf("the viewer's request changed the claim's version to %d, want %d", got.Version, c.Version)
	}
}
