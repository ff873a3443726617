package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
)

// talksArticle is invented: the sentence in a short story, with an
// emoji in the heading so that offsets in code points, UTF-16 units and
// bytes differ before it.
var talksArticle = article{
	Title:       "Ceasefire talks to resume in Astana",
	Byline:      "By Mira Solberg",
	Publication: "The Lakeside Courier",
	URL:         "https://courier.example/astana-talks",
	PublishedAt: "2026-11-20",
	Text: "Ceasefire talks resume 🕊️\n\n" +
		"Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan. " +
		"The new proposal does not involve the U.S. and U.N.\n\n" +
		"Talks are due to start on Monday.",
}

const talksSentence = "Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan."

// chipLabels reads the suggestion chips' labels in the part of the panel
// scope selects.
func (h *harness) chipLabels(scope string) []string {
	h.t.Helper()
	return h.texts(scope + ` [data-testid="suggestions"] [data-testid="suggestion-label"]`)
}

// TestSuggestedParties: in an imported article, the editor selects the
// issue's sentence and opens a new claim: the three invited parties are
// offered; one click ticks Erdogan, and saving the claim adds him, marked on
// his name. The open claim offers the other two: the key 1 adds the first,
// a click the last, and each leaves the chips once added.
func TestSuggestedParties(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	id := h.importArticle(talksArticle)
	h.waitUntil("the workspace", `(id) => document.querySelector('[data-testid="workspace"]')?.dataset.articleId === String(id)`, id)

	h.selectText(talksSentence, 0)
	h.waitUntil("the New claim button to be enabled", `() => !document.querySelector('[data-testid="new-claim"]').disabled`)
	h.click("New claim", `[data-testid="new-claim"]`)
	h.waitUntil("the new claim's suggested parties",
		`() => document.querySelectorAll('[data-testid="new-claim-form"] [data-testid="suggestions"] [data-testid="suggestion"]').length > 0`)
	want := []string{"Erdogan — invited", "the Syrian government — invited", "the Syrian opposition — invited"}
	if diff := cmp.Diff(want, h.chipLabels(`[data-testid="new-claim-form"]`)); diff != "" {
		t.Fatalf("the new claim suggests (-want +got):\n%s", diff)
	}

	// One click on the chip ticks it.
	h.click("the chip Erdogan — invited", `[data-testid="new-claim-form"] [data-testid="suggestion"]`)
	ticked := evalJS[[]bool](h, "reading the chips", `() => Array.from(document.querySelectorAll('[data-testid="new-claim-form"] [data-testid="suggestion-accept"]'), (b) => b.checked)`)
	if diff := cmp.Diff([]bool{true, false, false}, ticked); diff != "" {
		t.Fatalf("chips ticked after one click (-want +got):\n%s", diff)
	}
	h.choose(`[data-testid="new-kind"]`, "participation")
	h.markStale()
	h.click("Save claim", `[data-testid="save-claim"]`)
	h.waitUntil("the saved claim's panel", `() => document.querySelector('[data-testid="panel-claim"]') && !document.querySelector('[data-testid="new-claim-form"]')`)
	h.waitRefreshed("saving the claim")
	if diff := cmp.Diff([]panelParty{{"Erdogan", "Invited", "“Erdogan”"}}, h.readPanel().Parties); diff != "" {
		t.Errorf("the saved claim's parties (-want +got):\n%s", diff)
	}

	// The open claim offers the parties it does not have yet.
	panel := `[data-testid="panel-claim"]`
	h.waitUntil("the open claim's suggested parties",
		`() => document.querySelectorAll('[data-testid="panel-claim"] [data-testid="suggestions"] [data-testid="suggestion"]').length === 2`)
	if diff := cmp.Diff(want[1:], h.chipLabels(panel)); diff != "" {
		t.Fatalf("the open claim suggests (-want +got):\n%s", diff)
	}

	// From the keyboard: 1 adds the first chip.
	evalJS[chromedp.Void](h, "leaving the fields", `() => document.activeElement?.blur()`)
	h.markStale()
	h.do("pressing 1", pressShortcut('1'))
	h.waitUntil("the party added from the keyboard",
		`() => { const f = document.querySelector('[data-testid="panel-claim"] [data-testid="flash"]'); return f && !f.dataset.e2eStale && f.textContent === "Party added."; }`)
	h.waitUntil("the chips without it",
		`() => document.querySelectorAll('[data-testid="panel-claim"] [data-testid="suggestions"] [data-testid="suggestion"]').length === 1`)

	// With the mouse: a click adds the last.
	h.submitPanelForm("the chip the Syrian opposition — invited", panel+` [data-testid="suggestion-accept"]`, "Party added.")
	h.waitUntil("no chips left",
		`() => document.querySelector('[data-testid="panel-claim"] [data-testid="suggestions"]') && document.querySelectorAll('[data-testid="panel-claim"] [data-testid="suggestion"]').length === 0`)
	wantParties := []panelParty{
		{"Erdogan", "Invited", "“Erdogan”"},
		{"the Syrian government", "Invited", "“the Syrian government”"},
		{"the Syrian opposition", "Invited", "“opposition”"},
	}
	if diff := cmp.Diff(wantParties, h.readPanel().Parties); diff != "" {
		t.Errorf("the claim's parties (-want +got):\n%s", diff)
	}

	// What the page shows is what is stored.
	claims := h.apiClaims(id)
	if len(claims) != 1 {
		t.Fatalf("%d claims stored, want 1", len(claims))
	}
	var stored []string
	for _, p := range claims[0].Parties {
		stored = append(stored, fmt.Sprintf("%s (%s) on %q", p.Name, p.Role, p.Exact))
	}
	wantStored := []string{`Erdogan (invited) on "Erdogan"`, `the Syrian government (invited) on "the Syrian government"`, `the Syrian opposition (invited) on "opposition"`}
	if diff := cmp.Diff(wantStored, stored); diff != "" {
		t.Errorf("stored parties (-want +got):\n%s", diff)
	}
}

// TestNewClaimFormReadyWhenFocused: the new-claim form is wired to htmx by
// the time its statement has the focus, so that Enter at once saves it in
// the workspace rather than loading the bare answer as a page. htmx wires
// new content when its swap settles; the test makes settling slow (as a
// loaded machine does), which the workspace's panel loads must not wait for.
func TestNewClaimFormReadyWhenFocused(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	id := h.importArticle(talksArticle)
	h.waitUntil("the workspace", `(id) => document.querySelector('[data-testid="workspace"]')?.dataset.articleId === String(id)`, id)
	evalJS[chromedp.Void](h, "slowing htmx's settling", `async () => {
		// The workspace's module imports htmx by its hashed URL: the same
		// URL gives the same module instance.
		const main = Array.from(document.querySelectorAll('script[type="module"]'), (s) => s.src).find((u) => u.includes("workspace"));
		const url = main && (await (await fetch(main)).text()).match(/"([^"]*htmx[^"]*)"/)?.[1];
		if (!url) throw new Error("the workspace's module does not import htmx");
		(await import(url)).default.config.defaultSettleDelay = 3000;
	}`)
	h.selectText(talksSentence, 0)
	evalJS[chromedp.Void](h, "leaving the text", `() => document.activeElement?.blur()`)
	h.do("pressing n", pressShortcut('n'))
	h.waitUntil("the new claim's statement to have the focus", `() => document.activeElement?.matches('[data-testid="new-statement"]')`)
	evalJS[chromedp.Void](h, "saving at once", `() => document.querySelector('[data-testid="new-claim-form"]').requestSubmit()`)
	h.waitUntil("the saved claim's panel in the workspace",
		`() => location.pathname.startsWith("/articles/") && document.querySelector('[data-testid="workspace"] [data-testid="panel-claim"]')`)
	if claims := h.apiClaims(id); len(claims) != 1 {
		t.Errorf("%d claims after saving, want 1", len(claims))
	}
}
