package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// errorBeside checks that the error with data-testid "error-"+field is
// shown, says something, and sits right under the form control named name:
// the nearest earlier sibling holding a control holds that one, and the
// message is on screen just below it.
func (h *harness) errorBeside(field, scope, name string) string {
	h.t.Helper()
	type placed struct {
		Message string
		Visible bool
		Holder  string // names of the controls in the nearest earlier sibling with any
		Gap     float64
	}
	p := evalJS[placed](h, "locating the error of "+field, `(field, scope, name) => {
		const err = document.querySelector(scope + ' [data-testid="error-' + field + '"]');
		if (!err) throw new Error("no error shown for " + field);
		let sib = err.previousElementSibling;
		while (sib && !sib.querySelector("input, textarea, select")) sib = sib.previousElementSibling;
		const control = document.querySelector(scope + ' [name="' + name + '"]');
		if (!control) throw new Error("no control " + name);
		return {
			Message: err.textContent.trim(),
			Visible: err.getClientRects().length > 0,
			Holder: sib ? Array.from(sib.querySelectorAll("input, textarea, select"), (c) => c.name).join(" ") : "",
			Gap: err.getBoundingClientRect().top - control.getBoundingClientRect().bottom,
		};
	}`, field, scope, name)
	if p.Message == "" {
		h.t.Errorf("the error for %s is empty", field)
	}
	if !p.Visible {
		h.t.Errorf("the error for %s (%q) is hidden", field, p.Message)
	}
	found := false
	for _, n := range strings.Fields(p.Holder) {
		found = found || n == name
	}
	if !found {
		h.t.Errorf("the error for %s follows the controls %q, not %s", field, p.Holder, name)
	}
	if p.Gap < 0 || p.Gap > 60 {
		h.t.Errorf("the error for %s is %.0fpx below its field, want it right under it", field, p.Gap)
	}
	return p.Message
}

// TestBadInputShownBesideField sends bad input through the import form and
// the claim panel: each error shows under its field and nothing the editor
// typed is lost.
func TestBadInputShownBesideField(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()

	bad := article{
		Title:       "",
		Byline:      "Sam Rivera",
		URL:         "javascript:alert(1)",
		PublishedAt: "31/02/2026",
		Text:        "Harbour cranes idle\n\nDock workers said on Monday that\nthe cranes had been idle for 9 days.\n\nThe port denied it.",
	}
	h.fillImportForm(bad)
	h.click("Preview blocks", `[data-testid="preview-article"]`)
	h.waitUntil("the import form's errors", `() => document.querySelector('[data-testid="error-title"]')`)
	form := `[data-testid="import-form"]`
	for _, f := range []string{"title", "url", "published_at"} {
		msg := h.errorBeside(f, form, f)
		t.Logf("%s: %s", f, msg)
	}
	if n := h.count(form + ` .field-error`); n != 3 {
		t.Errorf("the form shows %d errors, want 3: %q", n, h.texts(form+` .field-error`))
	}
	if got := h.value(form + ` textarea[name="text"]`); got != bad.Text {
		t.Errorf("the text came back as %q, want what was typed: %q", got, bad.Text)
	}
	for name, want := range map[string]string{"url": bad.URL, "published_at": bad.PublishedAt, "byline": bad.Byline} {
		if got := h.value(fmt.Sprintf(`%s input[name="%s"]`, form, name)); got != want {
			t.Errorf("the %s field came back as %q, want %q", name, got, want)
		}
	}
	// The claim panel: a source with an ftp:// URL.
	a, c := h.seedArticle("Harbour cranes idle", bad.Text, "the cranes had been idle for 9 days", "The cranes were idle for 9 days.")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	const (
		ftpURL  = "ftp://files.port.example/idle-report.pdf"
		title   = "Port activity report"
		excerpt = "Crane 3 moved 41 containers on Thursday."
	)
	h.typeText(`[data-testid="source-url"]`, ftpURL)
	h.typeText(`[data-testid="source-title-input"]`, title)
	h.typeText(`[data-testid="source-excerpt-input"]`, excerpt)
	h.choose(`[data-testid="source-relation-input"]`, "contradicts")
	h.click("Attach source", `[data-testid="attach-source"]`)
	h.waitUntil("the source form's error", `() => document.querySelector('[data-testid="error-source.url"]')`)
	t.Logf("source.url: %s", h.errorBeside("source.url", `[data-testid="source-form"]`, "url"))
	for sel, want := range map[string]string{
		`[data-testid="source-url"]`:            ftpURL,
		`[data-testid="source-title-input"]`:    title,
		`[data-testid="source-excerpt-input"]`:  excerpt,
		`[data-testid="source-relation-input"]`: "contradicts",
	} {
		if got := h.value(sel); got != want {
			t.Errorf("%s came back as %q, want %q", sel, got, want)
		}
	}
	if n := h.count(`[data-testid="source"]`); n != 0 {
		t.Errorf("the refused source was attached anyway")
	}
	if got, err := h.store.Claim(h.ctx, c.ID); err != nil || len(got.Sources) != 0 {
		t.Errorf("the store has the sources %+v (err %v), want none", got.Sources, err)
	}
}
