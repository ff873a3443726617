package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// keyboardText has two claims in separate paragraphs and plain sentences
// around them to select from the keyboard.
const (
	keyboardText  = "Ferry talks\n\nThe council invited Veloria to talks. The port authority was not invited. The mayor said the ferry will run daily.\n\nTickets will cost four euros."
	firstSentence = "The council invited Veloria to talks."
	ticketsQuote  = "Tickets will cost four euros"
)

// focused describes the element that has the focus.
type focused struct {
	Tag, Claim, Label string
	Heading           bool
}

func (h *harness) focused() focused {
	h.t.Helper()
	return evalJS[focused](h, "reading the focus", `() => {
		const el = document.activeElement;
		return { Tag: el?.tagName.toLowerCase() ?? "", Claim: el?.dataset?.claim ?? el?.closest?.("[data-claim-id]")?.dataset.claimId ?? "",
			Label: el?.getAttribute("aria-label") ?? "", Heading: !!el?.matches("[data-panel-heading]") };
	}`)
}

// wantFocus reports, after what happened (when), a focus that is not on
// the element with the tag of the claim with the id; fatal stops the test.
func wantFocus(t *testing.T, f focused, when, tag string, id int64, fatal bool) {
	t.Helper()
	report := t.Errorf
	if fatal {
		report = t.Fatalf
	}
	if f.Tag != tag {
		report("%s the focus is on a <%s>, want a <%s> (focus %+v)", when, f.Tag, tag, f)
	}
	if want := fmt.Sprint(id); f.Claim != want {
		report("%s the focus is on claim %q, want claim %s", when, f.Claim, want)
	}
}

// press sends one key (with modifiers) as the browser delivers it.
func (h *harness) press(what, key string, opts ...chromedp.KeyOption) {
	h.t.Helper()
	h.do("pressing "+what, chromedp.KeyEvent(key, opts...))
}

// TestKeyboardPath works the workspace without the mouse: Tab reaches a
// highlight named by its claim, Enter opens it with the focus on the
// panel's heading, Escape closes it and gives the focus back, j/k move
// between claims, s selects a sentence, Shift+→ extends it by a word, N
// starts a claim that Tab and Enter save, and ? lists the shortcuts.
func TestKeyboardPath(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Ferry talks", Doc: text.Build(text.SplitPlain(keyboardText))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	first := h.addClaim(a, "The council invited Veloria to talks", model.StatusVerified, "Veloria was invited.")
	second := h.addClaim(a, ticketsQuote, model.StatusUnchecked, "Tickets cost four euros.")
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
	evalJS[chromedp.Void](h, "focusing the page", `() => document.activeElement?.blur()`)

	// Tab reaches the first highlight, named by its label and status.
	for i := 0; i < 40 && h.focused().Tag != "mark"; i++ {
		h.press("Tab", kb.Tab)
	}
	f := h.focused()
	wantFocus(t, f, "after Tab", "mark", first.ID, true)
	wantLabel := evalJS[string](h, "reading the list's label", `(id) => "Claim " + document.querySelector('[data-testid="claim-item"][data-claim-id="' + id + '"]').dataset.label + ", Verified"`, first.ID)
	if f.Label != wantLabel {
		t.Errorf("the highlight is named %q, want %q", f.Label, wantLabel)
	}
	if role := evalJS[string](h, "reading the role", `() => document.activeElement.getAttribute("role")`); role != "button" {
		t.Errorf("the highlight has role %q, want button", role)
	}

	// Enter opens it, with the focus on the panel's heading.
	h.press("Enter", kb.Enter)
	h.waitPanel(first.ID)
	h.waitUntil("the focus on the panel's heading", `() => document.activeElement?.matches("[data-panel-heading]")`)

	// Escape closes it and gives the focus back to the highlight.
	h.press("Escape", kb.Escape)
	h.waitUntil("the panel to close", `() => !document.querySelector('[data-testid="panel-claim"]')`)
	wantFocus(t, h.focused(), "after Escape", "mark", first.ID, false)

	// j and k move between the claims, in the list's order.
	h.do("pressing j", pressShortcut('j'))
	wantFocus(t, h.focused(), "after j", "mark", second.ID, false)
	h.do("pressing k", pressShortcut('k'))
	wantFocus(t, h.focused(), "after k", "mark", first.ID, false)
	// In the list the arrows move between the entries.
	evalJS[chromedp.Void](h, "focusing the first entry", `(id) => document.querySelector('[data-testid="claim-item"][data-claim-id="' + id + '"] button').focus()`, first.ID)
	h.press("ArrowDown", kb.ArrowDown)
	wantFocus(t, h.focused(), "after ↓ in the list", "button", second.ID, false)
	h.press("ArrowUp", kb.ArrowUp)
	wantFocus(t, h.focused(), "after ↑ in the list", "button", first.ID, false)

	// s selects the sentence at the focused highlight; Shift+→ extends it
	// by a word; N starts a claim on it.
	evalJS[chromedp.Void](h, "focusing the first highlight", `(id) => document.querySelector('#article-text mark[data-claim="' + id + '"]').focus()`, first.ID)
	h.do("pressing s", pressShortcut('s'))
	if got := evalJS[string](h, "reading the selection", `() => window.getSelection().toString()`); got != firstSentence {
		t.Fatalf("s selected %q, want %q", got, firstSentence)
	}
	h.press("Shift+→", kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierShift))
	extended := evalJS[string](h, "reading the selection", `() => window.getSelection().toString()`)
	if want := firstSentence + " The"; strings.TrimSpace(extended) != want {
		t.Fatalf("Shift+→ extended the selection to %q, want %q", extended, want)
	}
	h.do("pressing n", pressShortcut('n'))
	h.waitUntil("the new-claim form", `() => document.querySelector('[data-testid="new-claim-form"]')`)
	if got := h.text(`[data-testid="new-claim-quote"]`); got != firstSentence+" The" {
		t.Errorf("the new claim quotes %q, want %q", got, firstSentence+" The")
	}
	// Escape closes the new claim too (nothing typed: nothing to ask).
	h.press("Escape", kb.Escape)
	h.waitUntil("the new claim to close", `() => !document.querySelector('[data-testid="new-claim-panel"]')`)
	evalJS[chromedp.Void](h, "focusing the first highlight", `(id) => document.querySelector('#article-text mark[data-claim="' + id + '"]').focus()`, first.ID)
	h.do("pressing s", pressShortcut('s'))
	h.press("Shift+→", kb.ArrowRight, chromedp.KeyModifiers(chromedp.ModifierShift))
	h.do("pressing n", pressShortcut('n'))
	h.waitUntil("the new-claim form", `() => document.activeElement?.matches('[data-testid="new-statement"]')`)
	// Tab past the kind, the status and the suggested parties (their chips
	// come a moment after the form) to Save, and Enter.
	h.waitUntil("the suggested parties", `() => document.querySelector('[data-testid="new-claim-form"] [data-testid="suggestions"]')`)
	chips := h.count(`[data-testid="new-claim-form"] [data-testid="suggestion-accept"]`)
	for range 2 + chips + 1 {
		h.press("Tab", kb.Tab)
	}
	if !evalJS[bool](h, "reading the focus", `() => document.activeElement?.matches('[data-testid="save-claim"]')`) {
		t.Fatalf("%d Tabs from the statement reach %+v, want Save claim", 3+chips, h.focused())
	}
	h.press("Enter", kb.Enter)
	h.waitUntil("the saved claim's panel", `() => document.querySelector('[data-testid="panel-claim"]')`)
	claims := h.apiClaims(a.ID)
	if len(claims) != 3 {
		t.Fatalf("the article has %d claims after saving from the keyboard, want 3", len(claims))
	}
	var made *model.Claim
	for i := range claims {
		if claims[i].ID != first.ID && claims[i].ID != second.ID {
			made = &claims[i]
		}
	}
	if made == nil {
		t.Errorf("no claim was made from the keyboard, want one on %q", firstSentence+" The")
	} else if got, want := made.Quote.Exact, firstSentence+" The"; got != want {
		t.Errorf("the claim made from the keyboard is on %q, want %q", got, want)
	}

	// ? lists the shortcuts; Escape closes the list.
	evalJS[chromedp.Void](h, "focusing the page", `() => document.activeElement?.blur()`)
	h.do("pressing ?", pressShortcut('?'))
	h.waitUntil("the shortcut list", `() => document.querySelector('[data-testid="shortcuts"]').open`)
	list := h.text(`[data-testid="shortcut-list"]`)
	for _, want := range []string{"j / k", "Enter", "Escape", "s", "Shift+→", "n", "?"} {
		if !strings.Contains(list, want) {
			t.Errorf("the shortcut list %q does not mention %q", list, want)
		}
	}
	h.press("Escape", kb.Escape)
	h.waitUntil("the shortcut list to close", `() => !document.querySelector('[data-testid="shortcuts"]').open`)
}

// TestShortcutsIgnoreFields types the shortcut letters into a field: they
// land in the field and nothing moves.
func TestShortcutsIgnoreFields(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Ferry talks", keyboardText, ticketsQuote, "Tickets cost four euros.")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	h.typeText(`[data-testid="note"]`, "jks?n")
	if got := h.value(`[data-testid="note"]`); got != "jks?n" {
		t.Errorf("the note holds %q, want the typed jks?n", got)
	}
	if evalJS[bool](h, "reading the dialog", `() => document.querySelector('[data-testid="shortcuts"]').open`) {
		t.Errorf("typing ? into a field opened the shortcut list")
	}
	if f := h.focused(); f.Tag != "textarea" {
		t.Errorf("typing j and k into a field moved the focus to %+v", f)
	}
}

// TestFilterCountsAndDims filters the list: the count reads "2 of 4" and
// the highlights of the claims left out fade.
func TestFilterCountsAndDims(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Ferry talks", Doc: text.Build(text.SplitPlain(keyboardText))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	verified := []model.Claim{
		h.addClaim(a, "The council invited Veloria", model.StatusVerified, "Veloria was invited."),
		h.addClaim(a, "ferry will run daily", model.StatusVerified, "Daily ferries."),
	}
	others := []model.Claim{
		h.addClaim(a, "The port authority was not invited", model.StatusUnchecked, "The port was left out."),
		h.addClaim(a, ticketsQuote, model.StatusFalse, "Tickets cost four euros."),
	}
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
	if got := h.text(`[data-testid="claim-count"]`); got != "4" {
		t.Errorf("unfiltered, the count reads %q, want 4", got)
	}
	h.choose(`[data-testid="filter-status"]`, string(model.StatusVerified))
	if got := h.text(`[data-testid="claim-count"]`); got != "2 of 4" {
		t.Errorf("filtered, the count reads %q, want “2 of 4”", got)
	}
	dimmed := func(c model.Claim) bool {
		return evalJS[bool](h, "reading the highlight", `(id) => document.querySelector('#article-text mark[data-claim="' + id + '"]').classList.contains("filtered-out")`, c.ID)
	}
	for _, c := range verified {
		if dimmed(c) {
			t.Errorf("claim %d, which the filter lets through, is dimmed", c.ID)
		}
	}
	for _, c := range others {
		if !dimmed(c) {
			t.Errorf("claim %d, which the filter leaves out, is not dimmed", c.ID)
		}
	}
	if bg := evalJS[string](h, "reading the colour", `(id) => getComputedStyle(document.querySelector('#article-text mark[data-claim="' + id + '"]')).backgroundColor`, others[1].ID); bg == rgb(model.StatusFalse) {
		t.Errorf("the left-out claim still shows its colour %s", bg)
	}
	h.choose(`[data-testid="filter-status"]`, "")
	if got := h.text(`[data-testid="claim-count"]`); got != "4" {
		t.Errorf("after clearing the filter the count reads %q, want 4", got)
	}
	if dimmed(others[0]) {
		t.Errorf("after clearing the filter claim %d is still dimmed", others[0].ID)
	}
}

// TestLateAnswerDoesNotWin opens one claim and, before its panel arrives,
// another: the panel shows the one asked for last, and stays on it.
func TestLateAnswerDoesNotWin(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Ferry talks", Doc: text.Build(text.SplitPlain(keyboardText))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	first := h.addClaim(a, "The council invited Veloria to talks", model.StatusVerified, "Veloria was invited.")
	second := h.addClaim(a, ticketsQuote, model.StatusUnchecked, "Tickets cost four euros.")
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
	evalJS[chromedp.Void](h, "clicking both entries at once", `(a, b) => {
		document.querySelector('[data-testid="claim-item"][data-claim-id="' + a + '"] button').click();
		document.querySelector('[data-testid="claim-item"][data-claim-id="' + b + '"] button').click();
	}`, first.ID, second.ID)
	h.waitPanel(second.ID)
	h.do("waiting for any late answer", chromedp.Sleep(500*time.Millisecond))
	if got := evalJS[string](h, "reading the panel", `() => document.querySelector('[data-testid="panel-claim"]')?.dataset.claimId ?? ""`); got != fmt.Sprint(second.ID) {
		t.Errorf("after a late answer the panel shows claim %s, want %d", got, second.ID)
	}
	if n := h.count(`[data-testid="panel-claim"]`); n != 1 {
		t.Errorf("%d claim panels are shown, want 1", n)
	}
}
