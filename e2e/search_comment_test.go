package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSearchFindsClaimByComment: an editor writes a comment with a
// distinctive word on a claim in the workspace; "/" then that word finds
// the claim, its snippet marking the word, and one click on the result
// opens the workspace on that claim.
func TestSearchFindsClaimByComment(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Harbour dues to double", "The Pellmoor harbour board will double the mooring dues next spring, its chair said.",
		"will double the mooring dues next spring", "Pellmoor's mooring dues double next spring")
	// A second article and claim, so that finding the right one means
	// something.
	h.seedArticle("Bridge tolls unchanged", "Tolls on the Astrid Bay bridge stay at two crowns.", "stay at two crowns", "Astrid Bay bridge toll stays at 2 crowns")

	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	const word = "wharfinger"
	h.typeText(`[data-testid="comment-input"]`, "Ask the "+word+" for last year's tariff")
	h.submitPanelForm("Post comment", `[data-testid="post-comment"]`, "Comment posted.")

	// From anywhere but a field, "/" reaches the search box.
	h.open("/")
	h.waitUntil("the home page", `() => document.querySelector('[data-testid="header-search"]')`)
	evalJS[chromedp.Void](h, "leaving the fields", `() => document.activeElement?.blur()`)
	h.pressLikeAKeyboard("/", "Slash", 191)
	h.waitUntil("the search box to have the focus", `() => document.activeElement?.dataset.testid === "header-search"`)
	h.do("typing the comment's word", chromedp.SendKeys(`[data-testid="header-search"]`, word+"\r"))
	h.waitUntil("the search results", `() => location.pathname === "/search" && document.querySelector('[data-testid="search-results"]')`)

	result := `[data-testid="results-claims"] [data-testid="search-result"]`
	if n := h.count(result); n != 1 {
		t.Fatalf("claim results = %d, want 1; page: %s", n, h.pageSummary())
	}
	if got := h.attr(result, "data-id"); got != fmt.Sprint(c.ID) {
		t.Errorf("the result is claim %s, want %d", got, c.ID)
	}
	if got := h.text(result + ` [data-testid="result-snippet"] mark`); got != word {
		t.Errorf("the snippet marks %q, want %q", got, word)
	}

	// One click opens the claim in its workspace, panel open on it.
	h.click("the claim's result", result+` [data-testid="result-link"]`)
	h.waitPanel(c.ID)
	if got := evalJS[string](h, "reading the URL", `() => location.pathname`); got != fmt.Sprintf("/articles/%d", a.ID) {
		t.Errorf("the result opened %s, want the claim's article /articles/%d", got, a.ID)
	}
	if got := h.text(`[data-testid="panel-claim"] [data-testid="comment-body"]`); got != "Ask the "+word+" for last year's tariff" {
		t.Errorf("the open claim's comment reads %q", got)
	}
}
