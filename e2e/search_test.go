package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// TestSearchAndCheckedBefore works as a desk would with several articles
// in: "/" reaches the header's search box, a word of a claim's note finds
// the claim, whose result opens it in the workspace; a claim made in a new
// article shows the matching claim of an older one, is linked to it as the
// same claim and takes its sources.
func TestSearchAndCheckedBefore(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	ctx := h.ctx

	older, err := h.store.CreateArticle(ctx, model.NewArticle{Title: "Ferry fares rise on the eastern route", Publication: "Example Ledger",
		Doc: text.Build(text.SplitPlain("A single ticket on the Osterholm ferry now costs nine crowns, up from seven. Children under twelve still travel free."))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	words := "A single ticket on the Osterholm ferry now costs nine crowns, up from seven"
	sp := codePointSpan(t, older.Text, words)
	checked, err := h.store.CreateClaim(ctx, older.ID, model.NewClaim{Start: &sp.Start, End: &sp.End, Kind: model.KindNumber, Status: model.StatusVerified,
		Statement: "Osterholm ferry single ticket rose from 7 to 9 crowns", Note: "The harbourmaster's tariff sheet confirms it",
		Parties: []model.NewParty{{Name: "Osterholm ferry", Role: model.RoleSubject}}}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.AttachSource(ctx, checked.ID, model.Attachment{Relation: model.RelationSupports, Excerpt: "Single crossing: 9 cr.",
		Source: &model.NewSource{URL: "https://ferry.example/tariff", Title: "Osterholm tariff sheet", Publisher: "Osterholm Ferries"}}, adminName); err != nil {
		t.Fatal(err)
	}
	h.seedArticle("Council election results", "The Green Coast party won 11 of the 31 council seats.", "won 11 of the 31 council seats", "Green Coast won 11 seats")
	newer, err := h.store.CreateArticle(ctx, model.NewArticle{Title: "Commuters count the cost",
		Doc: text.Build(text.SplitPlain("The fare for one crossing on the Osterholm boat went up to nine crowns from seven, commuters said."))}, adminName)
	if err != nil {
		t.Fatal(err)
	}

	// "/" from the home page reaches the header's search box; typed in a
	// field, "/" is text.
	h.open("/")
	h.waitUntil("the home page", `() => document.querySelector('[data-testid="header-search"]')`)
	h.pressLikeAKeyboard("/", "Slash", 191)
	h.waitUntil("the search box to have the focus", `() => document.activeElement?.dataset.testid === "header-search"`)
	if got := h.value(`[data-testid="header-search"]`); got != "" {
		t.Errorf("the / typed itself into the box: %q", got)
	}
	h.do("typing a search", chromedp.SendKeys(`[data-testid="header-search"]`, "harbourmaster\r"))
	h.waitUntil("the search results", `() => location.pathname === "/search" && document.querySelector('[data-testid="results-claims"]')`)
	results := h.count(`[data-testid="results-claims"] [data-testid="search-result"]`)
	if results != 1 {
		t.Fatalf("claim results = %d, want 1; page: %s", results, h.pageSummary())
	}
	if got := h.text(`[data-testid="results-claims"] [data-testid="result-snippet"] mark`); got != "harbourmaster" {
		t.Errorf("the snippet marks %q, want harbourmaster", got)
	}
	h.typeText(`[data-testid="search-q"]`, "a/b")
	if got := h.value(`[data-testid="search-q"]`); got != "a/b" {
		t.Errorf("typing / in the search field gave %q", got)
	}

	// The result opens the claim in the workspace.
	h.open("/search?q=harbourmaster")
	h.click("the claim's result", `[data-testid="results-claims"] [data-testid="result-link"]`)
	h.waitPanel(checked.ID)
	if !strings.HasPrefix(evalJS[string](h, "reading the URL", `() => location.pathname`), fmt.Sprintf("/articles/%d", older.ID)) {
		t.Errorf("the result did not open the claim's article")
	}

	// A claim in the newer article shows the older one as checked before.
	h.open(fmt.Sprintf("/articles/%d", newer.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
	id, _ := h.newClaim("The fare for one crossing on the Osterholm boat went up to nine crowns from seven", 0, model.KindNumber,
		"One Osterholm crossing now costs 9 crowns instead of 7")
	h.waitUntil("the older claim under Checked before",
		`(id) => document.querySelector('[data-testid="similar-claim"][data-claim-id="' + id + '"]')`, checked.ID)
	if got := h.text(`[data-testid="similar-status"]`); got != model.StatusVerified.Label() {
		t.Errorf("the similar claim's verdict reads %q", got)
	}

	h.click("Same claim", `[data-testid="link-same"]`)
	h.waitUntil("the link to show", `(id) => document.querySelector('[data-testid="same-claim"][data-claim-id="' + id + '"]')`, checked.ID)
	h.click("Copy its sources", `[data-testid="copy-sources"]`)
	h.waitUntil("the copied source in the panel",
		`() => Array.from(document.querySelectorAll('[data-testid="panel-claim"] [data-testid="source-excerpt"]')).some((e) => e.textContent === "Single crossing: 9 cr.")`)
	h.waitUntil("the history to name the linked claim",
		`() => document.querySelector('[data-testid="history"] [data-field="same_claim"] [data-testid="event-to"]')?.textContent === "#1 in Ferry fares rise on the eastern route"`)

	c, err := h.store.Claim(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Sources) != 1 {
		t.Fatalf("sources stored = %d, want 1", len(c.Sources))
	}
	if c.Sources[0].Excerpt != "Single crossing: 9 cr." {
		t.Errorf("excerpt stored = %q", c.Sources[0].Excerpt)
	}
	if len(c.SameAs) != 1 || c.SameAs[0].ID != checked.ID {
		t.Errorf("same as stored = %+v, want claim %d", c.SameAs, checked.ID)
	}

	// The link shows on the older claim too.
	h.open(fmt.Sprintf("/articles/%d?claim=%d", older.ID, checked.ID))
	h.waitPanel(checked.ID)
	h.waitUntil("the link on the older claim", `(id) => document.querySelector('[data-testid="same-claim"][data-claim-id="' + id + '"]')`, id)
}

// pressLikeAKeyboard presses a printable key as a keyboard does: one
// keyDown carrying its text, which a keydown handler's preventDefault
// stops from typing (chromedp's KeyEvent sends the text as a separate
// char event, which nothing can prevent).
func (h *harness) pressLikeAKeyboard(key, code string, keyCode int64) {
	h.t.Helper()
	h.do("pressing "+key, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: key, UnmodifiedText: key,
			WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: key, Code: code, WindowsVirtualKeyCode: keyCode, NativeVirtualKeyCode: keyCode}
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, up)
		return err
	}))
}
