package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// previewText has a caption, a byline and a promotional bullet among the
// article's paragraphs.
const previewText = "The ferry will sail in May.\n\nBy Dana Okafor\n\nThe council voted on Tuesday.\n\nPhoto: the new ferry at Pellmoor pier\n\nTickets will cost four euros.\n\n• Subscribe to our newsletter\n\nThe port authority was not invited."

// ticks reads which blocks of the preview are ticked.
func (h *harness) ticks() string {
	h.t.Helper()
	return evalJS[string](h, "reading the ticks", `() => Array.from(document.querySelectorAll('[data-testid="keep-block"]'), (b) => b.checked ? "x" : "-").join("")`)
}

// shiftClick clicks the middle of the element sel with Shift held down.
func (h *harness) shiftClick(what, sel string) {
	h.t.Helper()
	type point struct{ X, Y float64 }
	p := evalJS[point](h, "finding "+what, `(sel) => {
		const el = document.querySelector(sel);
		el.scrollIntoView({ block: "center" });
		const r = el.getBoundingClientRect();
		return { X: r.left + r.width / 2, Y: r.top + r.height / 2 };
	}`, sel)
	h.do("shift-clicking "+what, chromedp.MouseClickXY(p.X, p.Y, chromedp.ButtonModifiers(chromedp.ModifierShift)))
}

// TestBlockPreviewChoices previews pasted text: the caption, the byline and
// the promotional bullet start unticked, "Untick all" and "Tick all" do
// what they say, and a Shift-click unticks every block since the box
// clicked before.
func TestBlockPreviewChoices(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	h.fillImportForm(article{Title: "Ferry in May", Text: previewText})
	h.click("Preview blocks", `[data-testid="preview-article"]`)
	h.waitUntil("the block preview", `() => document.querySelector('[data-testid="block-preview"]')`)
	// Blocks: ferry, byline, council, caption, tickets, bullet, port.
	if got := h.ticks(); got != "x-x-x-x" {
		t.Errorf("the preview starts ticked %q, want the byline, the caption and the bullet unticked (x-x-x-x)", got)
	}
	h.click("Untick all", `[data-testid="untick-all"]`)
	if got := h.ticks(); got != "-------" {
		t.Errorf("after Untick all the blocks are ticked %q", got)
	}
	h.click("Tick all", `[data-testid="tick-all"]`)
	if got := h.ticks(); got != "xxxxxxx" {
		t.Errorf("after Tick all the blocks are ticked %q", got)
	}
	h.click("the second block", `[data-testid="keep-block"][value="1"]`)
	h.shiftClick("the fifth block", `[data-testid="keep-block"][value="4"]`)
	if got := h.ticks(); got != "x----xx" {
		t.Errorf("after a click on block 2 and a Shift-click on block 5 the blocks are ticked %q, want x----xx", got)
	}
	h.shiftClick("the third block", `[data-testid="keep-block"][value="2"]`)
	if got := h.ticks(); got != "x-xxxxx" {
		t.Errorf("after a Shift-click back on block 3 the blocks are ticked %q, want x-xxxxx", got)
	}
	// What is saved is what is ticked.
	h.click("Save article", `[data-testid="save-article"]`)
	h.waitUntil("the new article's workspace", `() => /^\/articles\/\d+$/.test(location.pathname) && document.querySelector('[data-testid="workspace"]')`)
	body := h.text(`#article-text`)
	if strings.Contains(body, "Dana Okafor") {
		t.Errorf("the unticked byline was saved: %q", body)
	}
	if !strings.Contains(body, "Photo: the new ferry") {
		t.Errorf("the caption ticked again was not saved: %q", body)
	}
}

// TestNewClaimFormHelps makes two claims: the second starts with the kind
// chosen for the first. Then it adds three parties in one go, and attaches
// a source from the library in one step with an excerpt.
func TestNewClaimFormHelps(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Ferry talks", Doc: text.Build(text.SplitPlain(keyboardText))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	// A source already in the library, attached to another article's claim.
	other, oc := h.seedArticle("Budget", "The council approved the budget on Monday.", "approved the budget", "The budget passed.")
	_ = other
	const libTitle = "Pellmoor council minutes"
	if _, err := h.store.AttachSource(h.ctx, oc.ID, model.Attachment{Relation: model.RelationSupports,
		Source: &model.NewSource{URL: "https://pellmoor.example/minutes", Title: libTitle}}, adminName); err != nil {
		t.Fatal(err)
	}

	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
	h.selectText("The council invited Veloria to talks", 0)
	h.click("New claim", `[data-testid="new-claim"]`)
	h.waitUntil("the new-claim form", `() => document.querySelector('[data-testid="new-claim-form"]')`)
	h.choose(`[data-testid="new-kind"]`, string(model.KindParticipation))
	h.markStale()
	h.click("Save claim", `[data-testid="save-claim"]`)
	h.waitUntil("the saved claim's panel", `() => document.querySelector('[data-testid="panel-claim"]')`)
	h.waitRefreshed("saving the claim")

	h.selectText(ticketsQuote, 0)
	h.click("New claim", `[data-testid="new-claim"]`)
	h.waitUntil("the new-claim form", `() => document.querySelector('[data-testid="new-claim-form"]')`)
	if got := h.value(`[data-testid="new-kind"]`); got != string(model.KindParticipation) {
		t.Errorf("the second new claim starts as kind %q, want the last one chosen, %q", got, model.KindParticipation)
	}
	h.markStale()
	h.click("Save claim", `[data-testid="save-claim"]`)
	h.waitUntil("the saved claim's panel", `() => document.querySelector('[data-testid="panel-claim"]')`)
	h.waitRefreshed("saving the claim")
	if got := h.value(`[data-testid="kind"]`); got != string(model.KindParticipation) {
		t.Errorf("the second claim was saved as kind %q, want %q", got, model.KindParticipation)
	}

	// Three parties, one role, one submission.
	h.typeText(`[data-testid="party-name-input"]`, "Erdogan, the Syrian government and the Syrian opposition")
	h.choose(`[data-testid="party-role-input"]`, string(model.RoleInvited))
	h.submitPanelForm("Add parties", `[data-testid="add-party"]`, "3 parties added: Erdogan; the Syrian government; the Syrian opposition.")
	parties := h.readPanel().Parties
	wantNames := []string{"Erdogan", "the Syrian government", "the Syrian opposition"}
	if len(parties) != len(wantNames) {
		t.Fatalf("the panel lists the parties %+v, want %q", parties, wantNames)
	}
	for i, p := range parties {
		if p.Name != wantNames[i] {
			t.Errorf("party %d is %q, want %q", i, p.Name, wantNames[i])
		}
		if p.Role != model.RoleInvited.Label() {
			t.Errorf("party %q has role %q, want %q", p.Name, p.Role, model.RoleInvited.Label())
		}
	}

	// The library lists the source; choosing it attaches it with the
	// excerpt typed in the same form.
	h.waitUntil("the library list", `(title) => Array.from(document.querySelectorAll('[data-testid="library-pick"]')).some((b) => b.textContent.includes(title))`, libTitle)
	h.typeText(`[data-testid="source-excerpt-input"]`, "Tickets: four euros.")
	h.submitPanelForm("Choose the library source", `[data-testid="library-pick"]`, "Source attached.")
	sources := h.readPanel().Sources
	if len(sources) != 1 {
		t.Fatalf("the panel lists the sources %+v, want the library's one", sources)
	}
	if sources[0].Title != libTitle {
		t.Errorf("the attached source is %q, want %q", sources[0].Title, libTitle)
	}
	if sources[0].Excerpt != "Tickets: four euros." {
		t.Errorf("the attached source's excerpt is %q, want the typed one", sources[0].Excerpt)
	}
}

// TestSourceDates picks a source's date from the calendar, which fills the
// date field, and attaches a source dated 13/11/2004 read day first.
func TestSourceDates(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Ferry talks", keyboardText, ticketsQuote, "Tickets cost four euros.")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	evalJS[chromedp.Void](h, "picking a date", `() => {
		const p = document.querySelector('[data-testid="published_at-picker"]');
		p.value = "2004-11-13";
		p.dispatchEvent(new Event("change", { bubbles: true }));
	}`)
	if got := h.value(`[data-testid="source-published"]`); got != "2004-11-13" {
		t.Errorf("the calendar filled the date field with %q, want 2004-11-13", got)
	}
	h.typeText(`[data-testid="source-url"]`, "https://pellmoor.example/fares")
	h.typeText(`[data-testid="source-title-input"]`, "Fare table")
	h.typeText(`[data-testid="source-published"]`, "13/11/2004")
	h.choose(`[data-testid="published_at-order"]`, "dmy")
	h.submitPanelForm("Attach source", `[data-testid="attach-source"]`, "Source attached.")
	got, err := h.store.Claim(h.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Sources) != 1 {
		t.Fatalf("the claim has %d sources, want 1", len(got.Sources))
	}
	if got.Sources[0].PublishedAt != "2004-11-13" {
		t.Errorf("the source is dated %q, want 2004-11-13", got.Sources[0].PublishedAt)
	}
}
