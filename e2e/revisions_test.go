package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// ferryStory and ferryUpdate are an article and the publisher's update of
// it: a paragraph inserted above the vote (whose claim moves), the ticket
// price changed (whose claim's words change), and the port authority's
// sentence removed (whose claim is orphaned).
const (
	ferryStory = "Ferry vote in Pellmoor\n\n" +
		"The council voted 7–2 on Tuesday to fund a ferry to Astrid Bay, ending a decade of debate.\n\n" +
		"Tickets will cost €4 for adults and half that for children, the mayor said at the meeting.\n\n" +
		"The port authority was not invited to the meeting. Fishermen say the link is long overdue."
	ferryUpdate = "Ferry vote in Pellmoor\n\n" +
		"Update: the council published the minutes of the meeting on Wednesday.\n\n" +
		"The council voted 7–2 on Tuesday to fund a ferry to Astrid Bay, ending a decade of debate.\n\n" +
		"Tickets will cost €5 for adults and half that for children, the mayor said at the meeting.\n\n" +
		"Fishermen say the link is long overdue."
	movedWords   = "voted 7–2 on Tuesday"
	changedWords = "Tickets will cost €4 for adults"
	changedNow   = "Tickets will cost €5 for adults"
	orphanWords  = "The port authority was not invited to the meeting."
	reattachTo   = "the council published the minutes of the meeting"
	keptNote     = "Call the port authority about the invitation."
)

// secondBrowser opens a tab in a browser context of its own (its own
// cookies, as another browser would have) and logs in there as the
// administrator. Its uncaught exceptions fail the test too.
func (h *harness) secondBrowser() *harness {
	h.t.Helper()
	return h.secondBrowserAs(adminName, adminPassword, adminDisplay)
}

// markedWords returns the words claim id is drawn on in the text shown.
func (h *harness) markedWords(id int64) string {
	h.t.Helper()
	return evalJS[string](h, "reading the words of a claim", `(id) =>
		Array.from(document.querySelectorAll('#article-text mark[data-claims~="' + id + '"]'), (m) => m.textContent).join("")`, id)
}

// addRevision pastes text as a new revision of the workspace open in the
// tab, through the New revision form, and waits for the answer.
func (h *harness) addRevision(text string) {
	h.t.Helper()
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="revision-bar"]')`)
	h.click("New revision…", `[data-testid="new-revision-open"]`)
	h.paste(`[data-testid="revision-text"]`, text)
	h.markStale()
	h.click("Save as a new revision", `[data-testid="save-revision"]`)
	h.waitUntil("the new revision's answer", `() => document.querySelector('[data-testid="revision-notice"]')`)
	h.waitRefreshed("adding a revision")
}

// TestRevisionFollowsClaims: an editor imports an article, marks three
// claims and adds a revision through the workspace; the banner tells
// which claims moved, changed and were orphaned; the changed claim's
// panel shows its old and new words; the orphan is re-attached from the
// orphans list to new words and highlighted there.
func TestRevisionFollowsClaims(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	id := h.importArticle(article{Title: "Ferry vote in Pellmoor", Publication: "The Pellmoor Ledger", Text: ferryStory})
	moved, _ := h.newClaim(movedWords, 0, model.KindEvent, "")
	changed, _ := h.newClaim(changedWords, 0, model.KindNumber, "")
	orphan, _ := h.newClaim(orphanWords, 0, model.KindParticipation, "")

	h.open(fmt.Sprintf("/articles/%d", id))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="revision-bar"]')`)
	if got := h.text(`[data-testid="revision-summary"]`); got != "Revision 1 of 1" {
		t.Errorf("the selector reads %q before the update", got)
	}
	h.addRevision(ferryUpdate)
	if got := h.text(`[data-testid="revision-notice"]`); got != "Revision 2 saved." {
		t.Errorf("the form says %q", got)
	}
	head := h.text(`[data-testid="banner-head"]`)
	if want := "by ada): 1 claim moved, 1 changed, 1 orphaned"; !strings.HasPrefix(head, "Revision 2 (pasted ") || !strings.HasSuffix(head, want) {
		t.Errorf("the banner reads %q, want “Revision 2 (pasted …%s”", head, want)
	}
	if got := h.text(`[data-testid="revision-summary"]`); got != "Revision 2 of 2" {
		t.Errorf("the selector reads %q after the update", got)
	}
	type item struct{ Claim, Kind, Old, New string }
	items := evalJS[[]item](h, "reading the banner", `() => Array.from(document.querySelectorAll('[data-testid="banner-item"]'), (li) => ({
		Claim: li.dataset.claimId, Kind: li.dataset.kind,
		Old: li.querySelector('[data-testid="banner-old"]')?.textContent ?? "", New: li.querySelector('[data-testid="banner-new"]')?.textContent ?? "" }))`)
	want := []item{{fmt.Sprint(changed), "changed", changedWords, changedNow}, {fmt.Sprint(orphan), "orphaned", orphanWords, ""}}
	if fmt.Sprint(items) != fmt.Sprint(want) {
		t.Errorf("the banner lists %+v, want %+v", items, want)
	}
	if got := h.markedWords(moved); got != movedWords {
		t.Errorf("the moved claim is drawn on %q", got)
	}
	if got := h.markedWords(orphan); got != "" {
		t.Errorf("the orphan is drawn on %q, want no highlight", got)
	}
	if n := h.count(fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] [data-testid="claim-changed"]`, changed)); n != 1 {
		t.Errorf("the changed claim is not marked ⚠ in the list")
	}

	// The changed claim, opened from the banner, shows old → new words.
	h.click("open on the changed claim", fmt.Sprintf(`[data-testid="banner-item"][data-claim-id="%d"] [data-testid="banner-open"]`, changed))
	h.waitPanel(changed)
	if got := h.text(`[data-testid="changed-from"]`); got != changedWords {
		t.Errorf("the panel says the words were %q", got)
	}
	if got := h.text(`[data-testid="changed-to"]`); got != changedNow {
		t.Errorf("the panel says the words are now %q", got)
	}

	// The orphan, re-attached to new words from the orphans list.
	reason := h.text(fmt.Sprintf(`[data-testid="orphan-item"][data-claim-id="%d"] [data-testid="orphan-reason"]`, orphan))
	if reason != "Last seen in revision 1: its words were not found in revision 2." {
		t.Errorf("the orphan's reason reads %q", reason)
	}
	if got := h.text(fmt.Sprintf(`[data-testid="orphan-item"][data-claim-id="%d"] [data-testid="orphan-words"]`, orphan)); got != orphanWords {
		t.Errorf("the orphan's last words read %q", got)
	}
	h.selectText(reattachTo, 0)
	h.markStale()
	h.click("Re-attach #3 here", fmt.Sprintf(`[data-testid="orphan-item"][data-claim-id="%d"] [data-testid="reattach"]`, orphan))
	h.waitUntil("the re-attached claim to leave the orphans list", `(id) => document.querySelector('[data-testid="orphans-flash"]') &&
		!document.querySelector('[data-testid="orphan-item"][data-claim-id="' + id + '"]')`, orphan)
	h.waitRefreshed("re-attaching")
	if got := h.markedWords(orphan); got != reattachTo {
		t.Errorf("the re-attached claim is drawn on %q, want %q", got, reattachTo)
	}
}

// seedFerry stores ferryStory with its three claims straight through the
// store, and returns the article and the claims' ids.
func (h *harness) seedFerry() (a model.Article, moved, changed, orphan int64) {
	h.t.Helper()
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Ferry vote in Pellmoor", Doc: text.Build(text.SplitPlain(ferryStory))}, adminName)
	if err != nil {
		h.t.Fatal(err)
	}
	moved = h.addClaim(a, movedWords, model.StatusVerified, "The vote was 7–2.").ID
	changed = h.addClaim(a, changedWords, model.StatusFalse, "Adults pay €4.").ID
	orphan = h.addClaim(a, orphanWords, model.StatusUnchecked, "The port authority was left out.").ID
	return a, moved, changed, orphan
}

// TestRevisionDiffAndHistory: the diff between two revisions shows an
// insertion and a deletion, not by colour alone, with the newer one's
// claims numbered; revision 1, chosen in the selector, reads read-only
// with the claims where they stood.
func TestRevisionDiffAndHistory(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, moved, changed, orphan := h.seedFerry()
	if _, err := h.store.AddRevision(h.ctx, a.ID, model.NewRevision{Doc: text.Build(text.SplitPlain(ferryUpdate)), Origin: model.OriginText}, adminName); err != nil {
		t.Fatal(err)
	}
	workspace := fmt.Sprintf("/articles/%d", a.ID)

	// The diff, from the selector.
	h.open(workspace)
	h.click("the revision selector", `[data-testid="revision-summary"]`)
	h.click("changes from 1", `[data-testid="revision-item"][data-version="2"] [data-testid="revision-diff"]`)
	h.waitUntil("the diff", `() => document.querySelector('[data-testid="diff-page"]')`)
	ins := h.texts(`[data-testid="diff-ins"]`)
	del := h.texts(`[data-testid="diff-del"]`)
	if !contains(ins, "[inserted: Update: the council published the minutes of the meeting on Wednesday.]") || !contains(ins, "[inserted: 5]") {
		t.Errorf("the diff's insertions are %q", ins)
	}
	if !contains(del, "[deleted: "+orphanWords+" ]") || !contains(del, "[deleted: 4]") {
		t.Errorf("the diff's deletions are %q", del)
	}
	style := evalJS[[]string](h, "reading how changes are drawn", `() => [
		getComputedStyle(document.querySelector('[data-testid="diff-ins"]')).textDecorationLine,
		getComputedStyle(document.querySelector('[data-testid="diff-del"]')).textDecorationLine]`)
	if fmt.Sprint(style) != "[underline line-through]" {
		t.Errorf("insertions and deletions are decorated %q: not by colour alone?", style)
	}
	if got := h.texts(`[data-testid="diff-claim"]`); fmt.Sprint(got) != "[#1 #2]" {
		t.Errorf("the diff marks claims %q, want #1 and #2 (#3 is an orphan)", got)
	}

	// Revision 1, read-only, with the claims where they stood.
	h.open(workspace)
	h.click("the revision selector", `[data-testid="revision-summary"]`)
	h.click("revision 1", `[data-testid="revision-item"][data-version="1"] [data-testid="revision-link"]`)
	h.waitUntil("revision 1", `() => document.querySelector('[data-testid="read-only-notice"]')`)
	if got := strings.Join(strings.Fields(h.text(`[data-testid="read-only-notice"]`)), " "); got != "You are reading revision 1 (read-only) — back to the current revision (2)" {
		t.Errorf("the notice reads %q", got)
	}
	if got := evalJS[string](h, "reading the address", `() => location.search`); got != "?revision=1" {
		t.Errorf("revision 1's address ends %q", got)
	}
	for c, words := range map[int64]string{moved: movedWords, changed: changedWords, orphan: orphanWords} {
		if got := h.markedWords(c); got != words {
			t.Errorf("in revision 1 claim %d is drawn on %q, want %q", c, got, words)
		}
	}
	if n := h.count(`main form[method="post"], [data-testid="new-claim"]`); n != 0 {
		t.Errorf("revision 1 offers %d editing controls", n)
	}
	h.click("back to the current revision", `[data-testid="back-to-current"]`)
	h.waitUntil("the current revision", `() => document.querySelector('[data-testid="workspace"]')`)
}

// TestOpenWorkspaceToldOfRevision: with an editor's workspace open in
// another browser, with a note typed and not saved, a revision added
// through the workspace is announced there, and the note is kept.
func TestOpenWorkspaceToldOfRevision(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, moved, _, _ := h.seedFerry()
	workspace := fmt.Sprintf("/articles/%d", a.ID)

	other := h.secondBrowser()
	other.open(workspace)
	other.waitUntil("the workspace in the second browser", `() => document.querySelector('[data-testid="workspace"]')`)
	other.openFromList(moved)
	other.typeText(`[data-testid="note"]`, keptNote)

	h.open(workspace)
	h.addRevision(ferryUpdate)

	// The poll runs every 20 seconds; the test asks at once, as the page
	// does when its tab comes back into view.
	evalJS[chromedp.Void](other, "asking for the revision now", `() => document.getElementById("revision-check").dispatchEvent(new Event("factmark:check"))`)
	other.waitUntil("the updated notice", `() => document.querySelector('[data-testid="revision-outdated"]')`)
	notice := strings.Join(strings.Fields(other.text(`[data-testid="revision-outdated"]`)), " ")
	if want := "This article was updated to revision 2 by ada: reload to see it"; !strings.HasPrefix(notice, want) {
		t.Errorf("the other browser reads %q, want it to start with %q", notice, want)
	}
	if got := other.value(`[data-testid="note"]`); got != keptNote {
		t.Errorf("the other browser's note holds %q, want %q", got, keptNote)
	}
	if n := other.count(`[data-testid="panel-error"]`); n != 0 {
		t.Errorf("the poll put %d errors in the other browser's panel", n)
	}
}

// contains reports whether one of list is s.
func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestNewRevisionPastedFromPage: the New revision form takes a paste from
// a web page as HTML (its headings and links kept), says so, and makes it
// plain text again when the editor types in it.
func TestNewRevisionPastedFromPage(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, _, _, _ := h.seedFerry()
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.click("New revision", `[data-testid="new-revision-open"]`)
	paste := func() {
		evalJS[bool](h, "pasting from a web page", `() => {
			const area = document.querySelector('[data-testid="revision-text"]');
			area.focus();
			const data = new DataTransfer();
			data.setData('text/html', '<h2>Ferry link backed</h2><p>The council voted 7–2, <a href="https://ledger.example/minutes">the minutes</a> say.</p>');
			data.setData('text/plain', 'Ferry link backed\nThe council voted 7–2, the minutes say.');
			return area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
		}`)
	}
	paste()
	h.waitUntil("the note that the paste came from a web page", `() => !document.querySelector('[data-testid="revision-pasted"]').hidden`)
	// Typing makes it plain text; pasting again makes it HTML again.
	h.typeText(`[data-testid="revision-text"]`, "More.")
	h.waitUntil("the note gone once the text is edited", `() => document.querySelector('[data-testid="revision-pasted"]').hidden &&
		document.querySelector('[data-testid="revision-html"]').value === ''`)
	paste()
	h.click("Save as a new revision", `[data-testid="save-revision"]`)
	h.waitUntil("revision 2", `() => document.querySelector('#article-text')?.dataset.revision === '2'`)
	if got := h.texts(`#article-text :is(h2, h3, h4, h5, h6)`); fmt.Sprint(got) != "[Ferry link backed]" {
		t.Errorf("the new revision's headings are %q", got)
	}
	if got := evalJS[string](h, "reading the link", `() => document.querySelector('#article-text a')?.href || ''`); got != "https://ledger.example/minutes" {
		t.Errorf("the new revision's link is %q", got)
	}
}
