package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// nestedText holds three claims inside each other: the whole sentence, the
// list of invited parties, and one name in it.
const (
	nestedText   = "Ferry talks\n\nThe council on Tuesday invited Veloria, Kestania and the Northern League to talks on the ferry link, the mayor said.\n\nThe port authority was not invited."
	outerQuote   = "The council on Tuesday invited Veloria, Kestania and the Northern League to talks on the ferry link"
	middleQuote  = "invited Veloria, Kestania and the Northern League"
	innerQuote   = "Kestania"
	unsavedNote  = "Ask the port authority for its invitation list."
	unsavedTitle = "Council press release"
)

// addClaim stores a claim on quote straight through the store.
func (h *harness) addClaim(a model.Article, quote string, status model.Status, statement string) model.Claim {
	h.t.Helper()
	sp := codePointSpan(h.t, a.Text, quote)
	c, err := h.store.CreateClaim(h.ctx, a.ID, model.NewClaim{Start: &sp.Start, End: &sp.End, Statement: statement,
		Kind: model.KindParticipation, Status: status}, adminName)
	if err != nil {
		h.t.Fatalf("storing the claim on %q: %v", quote, err)
	}
	return c
}

// levelBox is where one claim's <mark> of a segment is drawn.
type levelBox struct {
	Claim      string
	Background string
	Top        float64
	Bottom     float64
	Left       float64
	Right      float64
}

// levels returns the boxes of the nested marks of the segment holding
// words, outermost first.
func (h *harness) levels(words string) []levelBox {
	h.t.Helper()
	return evalJS[[]levelBox](h, "measuring the marks on "+words, `(words) => {
		const seg = Array.from(document.querySelectorAll("#article-text [data-claims]")).find((m) => m.textContent === words);
		if (!seg) throw new Error("no segment reads " + JSON.stringify(words));
		seg.scrollIntoView({ block: "center" });
		const out = [];
		for (let m = seg; m && m.matches("mark[data-claim]"); m = m.querySelector(":scope > mark")) {
			const r = m.getClientRects()[0];
			out.push({ Claim: m.dataset.claim, Background: getComputedStyle(m).backgroundColor, Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right });
		}
		return out;
	}`, words)
}

// elementShot saves a PNG of the element sel at twice its size and returns
// its path.
func (h *harness) elementShot(name, sel string) string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.ScreenshotScale(chromedp.CSS(sel), 2))
	if err != nil {
		h.t.Fatalf("screenshot of %s: %v", sel, err)
	}
	return h.saveArtifact(name, png)
}

// rgb is how the browser computes a status's colour.
func rgb(st model.Status) string {
	var r, g, b int
	fmt.Sscanf(st.Color(), "#%02x%02x%02x", &r, &g, &b)
	return fmt.Sprintf("rgb(%d, %d, %d)", r, g, b)
}

// TestNestedClaimsShowEveryColour nests three claims and checks that each
// shows its own colour along its whole length, the outer ones as bands
// under the inner ones, that a click on a band opens that claim and a click
// on the words the innermost, and that the workspace names claims by their
// number in the article, not by their id.
func TestNestedClaimsShowEveryColour(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	// Another article's claims come first: this article's claims have ids
	// 5 to 7 but numbers 1 to 3.
	earlier, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Earlier", Doc: text.Build(text.SplitPlain(nestedText))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		h.addClaim(earlier, innerQuote, model.StatusUnchecked, "")
	}
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Ferry talks", Doc: text.Build(text.SplitPlain(nestedText))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	outer := h.addClaim(a, outerQuote, model.StatusVerified, "The council invited three neighbours.")
	middle := h.addClaim(a, middleQuote, model.StatusNeedsContext, "Three parties were invited.")
	inner := h.addClaim(a, innerQuote, model.StatusFalse, "Kestania was invited.")

	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)

	// Every claim's marks still read its quote through the segments' outer
	// elements, which the script and the tests select.
	for _, c := range []model.Claim{outer, middle, inner} {
		got := evalJS[string](h, "reading the highlighted words", `(id) =>
			Array.from(document.querySelectorAll('#article-text mark[data-claims~="' + id + '"]'), (m) => m.textContent).join("")`, c.ID)
		if got != c.Quote.Exact {
			t.Errorf("claim %d is highlighted on %q, want %q", c.ID, got, c.Quote.Exact)
		}
	}
	// On "Kestania" the three claims are three nested marks, outermost
	// first, each in its own colour and each reaching lower than the one
	// inside it: a band of every colour is visible.
	lv := h.levels(innerQuote)
	want := []struct {
		id int64
		st model.Status
	}{{outer.ID, model.StatusVerified}, {middle.ID, model.StatusNeedsContext}, {inner.ID, model.StatusFalse}}
	if len(lv) != len(want) {
		t.Fatalf("the words %q have %d levels of marks %+v, want 3", innerQuote, len(lv), lv)
	}
	for i, w := range want {
		if lv[i].Claim != fmt.Sprint(w.id) || lv[i].Background != rgb(w.st) {
			t.Errorf("level %d is claim %s in %s, want claim %d in %s", i, lv[i].Claim, lv[i].Background, w.id, rgb(w.st))
		}
		if i > 0 && lv[i-1].Bottom-lv[i].Bottom < 2 {
			t.Errorf("claim %s's band under claim %s is %.1fpx high: its colour does not show", lv[i-1].Claim, lv[i].Claim, lv[i-1].Bottom-lv[i].Bottom)
		}
	}
	// Where the outer claim holds only the middle one, its band shows too,
	// and where it is alone it has the words to itself.
	if lv := h.levels("invited Veloria, "); len(lv) != 2 {
		t.Errorf("on “invited Veloria, ” there are %d levels of marks %+v, want 2", len(lv), lv)
	} else {
		if band := lv[0].Bottom - lv[1].Bottom; band < 2 {
			t.Errorf("on “invited Veloria, ” the outer claim's band is %.1fpx high, want at least 2", band)
		}
		if got, want := lv[0].Background, rgb(model.StatusVerified); got != want {
			t.Errorf("on “invited Veloria, ” the outer claim's background = %s, want %s", got, want)
		}
	}
	if lv := h.levels("The council on Tuesday "); len(lv) != 1 {
		t.Errorf("on “The council on Tuesday ” there are %d levels of marks %+v, want the outer claim alone", len(lv), lv)
	} else if got, want := lv[0].Claim, fmt.Sprint(outer.ID); got != want {
		t.Errorf("on “The council on Tuesday ” the mark is claim %s, want the outer claim %s", got, want)
	}
	shot := h.screenshot("nested-claims.png")
	t.Logf("nested claims screenshot: %s", shot)
	t.Logf("nested claims close-up: %s", h.elementShot("nested-claims-closeup.png", `#article-text .blk:nth-child(2)`))

	// A click on the words opens the innermost claim; the others on the
	// same words are offered by id.
	lv = h.levels(innerQuote)
	h.clickAt("the word Kestania", (lv[2].Left+lv[2].Right)/2, (lv[2].Top+lv[2].Bottom)/2)
	h.waitPanel(inner.ID)
	if outer.ID != 5 || outer.Number != 1 {
		t.Fatalf("the first claim of the second article has id %d and number %d, want 5 and 1", outer.ID, outer.Number)
	}
	if got := h.text(`[data-testid="panel-heading"]`); !strings.HasPrefix(got, "Claim #3 ") {
		t.Errorf("the panel's heading reads %q, want Claim #3 (the claim's id is %d)", got, inner.ID)
	}
	also := h.texts(`[data-also] button`)
	if got, want := fmt.Sprint(also), "[#1 #2]"; got != want {
		t.Errorf("the panel offers the claims %q on the same words, want %s", got, want)
	}
	// A click on a band opens the claim whose band it is.
	lv = h.levels(innerQuote)
	h.clickAt("the outer claim's band", (lv[0].Left+lv[0].Right)/2, (lv[0].Bottom+lv[1].Bottom)/2)
	h.waitPanel(outer.ID)
	lv = h.levels(innerQuote)
	h.clickAt("the middle claim's band", (lv[1].Left+lv[1].Right)/2, (lv[1].Bottom+lv[2].Bottom)/2)
	h.waitPanel(middle.ID)
	if n := h.count(fmt.Sprintf(`#article-text mark.active[data-claim="%d"]`, middle.ID)); n == 0 {
		t.Errorf("the open claim's marks are not outlined")
	}
	t.Logf("nested claims, the middle one open: %s", h.elementShot("nested-claims-open.png", `#article-text .blk:nth-child(2)`))
	if got := h.texts(fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] .num`, middle.ID)); len(got) != 1 || got[0] != "#2" {
		t.Errorf("the list names the claim %q, want #2", got)
	}
	if got := h.texts(fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] .num`, outer.ID)); len(got) != 1 || got[0] != "#1" {
		t.Errorf("the list names the second article's first claim %q, want #1 (its id is %d)", got, outer.ID)
	}
}

// TestUnsavedInputSurvives types into the details and the source forms
// without saving, then uses the panel's other forms: the typed input stays,
// marked unsaved. Leaving the claim asks first, and leaving the page warns.
func TestUnsavedInputSurvives(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Ferry talks", nestedText, outerQuote, "The council invited three neighbours.")
	other := h.addClaim(a, "The port authority was not invited", model.StatusUnchecked, "The port was left out.")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	if h.beforeUnloadWarns() {
		t.Errorf("leaving the page warns before anything was typed")
	}

	// The library list takes the form's whole width, so that a source's
	// title is not cut off.
	if w := evalJS[float64](h, "measuring the library list", `() =>
		document.querySelector('[data-testid="source-pick"]').getBoundingClientRect().width /
		document.querySelector('[data-testid="source-form"]').getBoundingClientRect().width`); w < 0.9 {
		t.Errorf("the library list is %.0f%% of the source form's width", w*100)
	}
	h.typeText(`[data-testid="note"]`, unsavedNote)
	h.choose(`[data-testid="status"]`, string(model.StatusInProgress))
	h.typeText(`[data-testid="comment"]`, "Started on it.")
	h.typeText(`[data-testid="source-title-input"]`, unsavedTitle)
	if !h.beforeUnloadWarns() {
		t.Errorf("leaving the page with unsaved details does not warn")
	}

	h.addParty("Veloria", model.RoleInvited, "")
	h.checkKept("adding a party")
	parties := h.readPanel().Parties
	if len(parties) != 1 {
		t.Fatalf("the panel lists the parties %+v", parties)
	}
	h.submitPanelForm("Remove Veloria", `[data-testid="remove-party"]`, "Party removed.")
	h.checkKept("removing a party")

	// Another claim, the close button and New claim ask first; keeping on
	// editing keeps everything.
	h.click("the other claim in the list", fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] button`, other.ID))
	h.waitUntil("the unsaved-changes prompt", `() => document.querySelector('[data-testid="unsaved-prompt"]')`)
	t.Logf("the prompt: %s", h.screenshot("unsaved-prompt.png"))
	if got := h.text(`[data-testid="unsaved-prompt"] p`); !strings.Contains(got, fmt.Sprintf("#%d", c.Number)) {
		t.Errorf("the prompt reads %q, want it to name claim #%d", got, c.Number)
	}
	h.click("Keep editing", `[data-testid="keep-editing"]`)
	h.waitUntil("the prompt to go", `() => !document.querySelector('[data-testid="unsaved-prompt"]')`)
	h.waitPanel(c.ID)
	h.checkKept("keeping on editing")
	h.click("close", `[data-close-panel]`)
	h.waitUntil("the unsaved-changes prompt", `() => document.querySelector('[data-testid="unsaved-prompt"]')`)
	h.click("Keep editing", `[data-testid="keep-editing"]`)
	h.checkKept("keeping on editing after close")

	// Saving the details applies what was typed, and keeps the source's.
	h.submitPanelForm("Save", `[data-testid="save-details"]`, "Saved.")
	got, err := h.store.Claim(h.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Note != unsavedNote || got.Status != model.StatusInProgress {
		t.Errorf("after Save the claim has note %q and status %s", got.Note, got.Status)
	}
	if v := h.value(`[data-testid="source-title-input"]`); v != unsavedTitle {
		t.Errorf("saving the details lost the typed source title: %q", v)
	}
	if !evalJS[bool](h, "reading the focus", `() => document.activeElement?.matches('[data-testid="panel-claim"] [data-panel-heading]')`) {
		t.Errorf("after Save the focus is on %q, want the panel's heading", evalJS[string](h, "reading the focus", `() => document.activeElement?.outerHTML.slice(0, 80) ?? ""`))
	}

	// The source form still holds unsaved input: discarding it opens the
	// other claim.
	h.click("the other claim in the list", fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] button`, other.ID))
	h.waitUntil("the unsaved-changes prompt", `() => document.querySelector('[data-testid="unsaved-prompt"]')`)
	h.click("Discard changes", `[data-testid="discard-changes"]`)
	h.waitPanel(other.ID)
	if h.beforeUnloadWarns() {
		t.Errorf("leaving the page warns after the changes were discarded")
	}

	// New claim asks first too.
	h.typeText(`[data-testid="note"]`, unsavedNote)
	h.selectText("the mayor said", 0)
	h.click("New claim", `[data-testid="new-claim"]`)
	h.waitUntil("the unsaved-changes prompt", `() => document.querySelector('[data-testid="unsaved-prompt"]')`)
	h.click("Keep editing", `[data-testid="keep-editing"]`)
	h.waitPanel(other.ID)
	if got := h.value(`[data-testid="note"]`); got != unsavedNote {
		t.Errorf("after New claim and Keep editing the note is %q", got)
	}
	// Leaving the page really asks.
	h.open("/")
	h.waitUntil("the home page", `() => location.pathname === "/"`)
	if d := h.openedDialogs(); len(d) != 1 || d[0] != "beforeunload" {
		t.Errorf("leaving the page with unsaved input opened the dialogs %q, want one beforeunload", d)
	}
}

// checkKept checks that the input typed in TestUnsavedInputSurvives is still
// in the panel and shown as not saved.
func (h *harness) checkKept(after string) {
	h.t.Helper()
	for sel, want := range map[string]string{
		`[data-testid="note"]`:               unsavedNote,
		`[data-testid="status"]`:             string(model.StatusInProgress),
		`[data-testid="comment"]`:            "Started on it.",
		`[data-testid="source-title-input"]`: unsavedTitle,
	} {
		if got := h.value(sel); got != want {
			h.t.Errorf("after %s, %s holds %q, want the typed %q", after, sel, got, want)
		}
	}
	for _, note := range []string{"details-unsaved", "source-unsaved"} {
		if !evalJS[bool](h, "reading "+note, `(id) => { const n = document.querySelector('[data-testid="' + id + '"]'); return !!n && n.getClientRects().length > 0; }`, note) {
			h.t.Errorf("after %s, the %s note is not shown", after, note)
		}
	}
}

// beforeUnloadWarns reports whether leaving the page now would ask first.
func (h *harness) beforeUnloadWarns() bool {
	h.t.Helper()
	return evalJS[bool](h, "asking whether leaving warns", `() => {
		const ev = new Event("beforeunload", { cancelable: true });
		window.dispatchEvent(ev);
		return ev.defaultPrevented;
	}`)
}

// TestStaleSaveShowsConflict has a colleague change a claim while the
// editor edits it: Save shows what they changed, keeps the editor's input,
// and a second Save applies it.
func TestStaleSaveShowsConflict(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Ferry talks", nestedText, outerQuote, "The council invited three neighbours.")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)

	h.typeText(`[data-testid="note"]`, unsavedNote)
	colleague := "The council invited Veloria, Kestania and the Northern League."
	if _, err := h.store.UpdateClaim(h.ctx, c.ID, model.ClaimUpdate{Statement: &colleague}, "bo"); err != nil {
		t.Fatal(err)
	}
	h.markStale()
	h.click("Save", `[data-testid="save-details"]`)
	h.waitUntil("the conflict", `() => document.querySelector('[data-testid="conflict-statement"]')`)
	want := fmt.Sprintf("Changed by bo meanwhile — now: “%s”; yours: “%s”", colleague, c.Statement)
	if got := h.text(`[data-testid="conflict-statement"]`); got != want {
		t.Errorf("the conflict reads\n%q\nwant\n%q", got, want)
	}
	t.Logf("the conflict: %s", h.elementShot("conflict.png", `[data-testid="details-form"]`))
	if n := h.count(`[data-testid^="conflict-"]`); n != 1 {
		t.Errorf("%d fields are shown as changed meanwhile, want the statement alone", n)
	}
	if got := h.value(`[data-testid="note"]`); got != unsavedNote {
		t.Errorf("the note came back as %q, want the typed %q", got, unsavedNote)
	}
	if !h.beforeUnloadWarns() {
		t.Errorf("the refused input is not treated as unsaved")
	}
	if got, _ := h.store.Claim(h.ctx, c.ID); got.Statement != colleague || got.Note != "" {
		t.Errorf("the stale save changed the claim: %q, note %q", got.Statement, got.Note)
	}
	// Seen: the second Save applies the editor's version knowingly.
	h.submitPanelForm("Save again", `[data-testid="save-details"]`, "Saved.")
	if got, _ := h.store.Claim(h.ctx, c.ID); got.Statement != c.Statement || got.Note != unsavedNote {
		t.Errorf("the second Save stored %q, note %q", got.Statement, got.Note)
	}
}

// TestPanelHeadInView scrolls to the end of a long article and opens the
// claims there, on a wide and on a narrow screen: the panel's head, with the
// claim's name and the close button, must be in the window.
func TestPanelHeadInView(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	var paras []string
	for i := range 40 {
		paras = append(paras, fmt.Sprintf("Paragraph %d of the council report says the ferry will run %d times a day from the harbour.", i, i+2))
	}
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Council report", Doc: text.Build(text.SplitPlain("Council report\n\n" + strings.Join(paras, "\n\n")))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	var first, last model.Claim
	for i := range 40 {
		last = h.addClaim(a, fmt.Sprintf("will run %d times a day", i+2), model.StatusUnchecked, fmt.Sprintf("The ferry runs %d times a day.", i+2))
		if i == 0 {
			first = last
		}
	}
	headInView := func(where string) {
		t.Helper()
		type box struct{ Top, Bottom, Height float64 }
		b := evalJS[box](h, "measuring the panel's head", `() => {
			const r = document.querySelector('[data-testid="panel-claim"] .panel-head').getBoundingClientRect();
			return { Top: r.top, Bottom: r.bottom, Height: innerHeight };
		}`)
		if b.Top < 0 || b.Bottom > b.Height {
			t.Errorf("%s: the panel's head is at %.0f–%.0fpx of a %.0fpx window", where, b.Top, b.Bottom, b.Height)
		}
	}
	for _, vp := range []struct {
		name string
		w, h int64
	}{{"wide", 1400, 1000}, {"narrow", 800, 900}} {
		h.do("setting a "+vp.name+" viewport", chromedp.EmulateViewport(vp.w, vp.h))
		h.open(fmt.Sprintf("/articles/%d", a.ID))
		h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
		if vp.name == "wide" {
			// At the end of the page the sticky side column must not be
			// pushed up by the end of the workspace.
			evalJS[chromedp.Void](h, "scrolling to the end", `() => window.scrollTo(0, document.body.scrollHeight)`)
			h.clickMark(last.ID)
			h.waitPanel(last.ID)
			headInView("wide, a highlight clicked at the end of the page")
			evalJS[chromedp.Void](h, "scrolling to the end", `() => window.scrollTo(0, document.body.scrollHeight)`)
			h.openFromList(first.ID)
			headInView("wide, a claim opened from the list at the end of the page")
		} else {
			// In one column the panel is under the article, far from the
			// first highlight.
			h.clickMark(first.ID)
			h.waitPanel(first.ID)
			headInView("narrow, the first highlight clicked")
		}
	}
}

// TestForeignClaimIsNotOpened asks article 1's workspace for article 2's
// claim: no panel opens, by the address or by the panel's URL.
func TestForeignClaimIsNotOpened(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a1, _ := h.seedArticle("Ferry talks", nestedText, outerQuote, "The council invited three neighbours.")
	_, c2 := h.seedArticle("Bridge to reopen", "Bridge to reopen\n\nThe city said the bridge reopens in May after repairs.\n", "the bridge reopens in May", "The bridge reopens in May.")

	h.open(fmt.Sprintf("/articles/%d?claim=%d", a1.ID, c2.ID))
	h.waitUntil("the workspace to finish loading", `() => document.readyState === "complete"`)
	if n := h.count(`[data-testid="panel-claim"]`); n != 0 {
		t.Errorf("article %d's workspace opened article 2's claim %d", a1.ID, c2.ID)
	}
	if got := evalJS[string](h, "reading the address", `() => location.search`); got != "" {
		t.Errorf("the address still names the foreign claim: %q", got)
	}
	status, _ := h.fetchText(fmt.Sprintf("/claims/%d/panel?article=%d", c2.ID, a1.ID))
	if status != 404 {
		t.Errorf("the panel of another article's claim answered %d, want 404", status)
	}
}

// TestPartyFormKeepsState checks the add-party form: a refused party keeps
// its "mark the selected text" box, and the role follows the last party.
func TestPartyFormKeepsState(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Ferry talks", nestedText, outerQuote, "The council invited three neighbours.")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	if got := h.value(`[data-testid="party-role-input"]`); got != string(model.RoleMentioned) {
		t.Errorf("a claim without parties offers the role %q, want mentioned", got)
	}
	labels := h.texts(`[data-testid="party-role-input"] option`)
	if labels[0] != model.Roles()[0].Label() {
		t.Errorf("the roles read %q, want their labels", labels)
	}

	// Ticked without a selection: refused, and still ticked.
	h.typeText(`[data-testid="party-name-input"]`, "Veloria")
	h.choose(`[data-testid="party-role-input"]`, string(model.RoleExcluded))
	h.click("mark the selected text", `[data-testid="party-use-selection"]`)
	h.click("Add party", `[data-testid="add-party"]`)
	h.waitUntil("the party form's error", `() => document.querySelector('[data-testid="error-party.end"]')`)
	if !evalJS[bool](h, "reading the checkbox", `() => document.querySelector('[data-testid="party-use-selection"]').checked`) {
		t.Errorf("after the error “mark the selected text” came back unticked")
	}
	if got := h.value(`[data-testid="party-name-input"]`); got != "Veloria" {
		t.Errorf("after the error the name is %q", got)
	}
	h.click("mark the selected text", `[data-testid="party-use-selection"]`)
	h.submitPanelForm("Add party", `[data-testid="add-party"]`, "Party added.")
	if got := h.value(`[data-testid="party-role-input"]`); got != string(model.RoleExcluded) {
		t.Errorf("after adding an excluded party the role offered is %q, want excluded", got)
	}
	if got := h.readPanel().Parties; len(got) != 1 {
		t.Errorf("the panel lists %d parties %+v, want 1", len(got), got)
	} else if got[0].Role != "Excluded" {
		t.Errorf("the panel lists the party's role as %q, want %q", got[0].Role, "Excluded")
	}
}

// TestNewClaimFromKeyboard selects words and presses N: the new-claim form
// opens with the quoted statement selected, so that typing replaces it and
// End keeps it; saving moves the focus to the panel's heading.
func TestNewClaimFromKeyboard(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Ferry talks", Doc: text.Build(text.SplitPlain(nestedText))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="workspace"]')`)
	h.selectText(middleQuote, 0)
	info := h.text(`[data-testid="selection-info"]`)
	if !strings.Contains(info, "N") || strings.ContainsAny(info, "0123456789") {
		t.Errorf("the selection bar reads %q, want the words and the N shortcut, no offsets", info)
	}
	if ws := evalJS[string](h, "reading the button's wrapping", `() => getComputedStyle(document.querySelector('[data-testid="new-claim"]')).whiteSpace`); ws != "nowrap" {
		t.Errorf("New claim wraps: white-space %s", ws)
	}
	evalJS[chromedp.Void](h, "focusing the page", `() => document.activeElement?.blur()`)
	h.do("pressing N", pressShortcut('n'))
	h.waitUntil("the new-claim form", `() => document.querySelector('[data-testid="new-claim-form"]')`)
	type caret struct {
		Focused    bool
		Start, End int
		Len        int
	}
	cr := evalJS[caret](h, "reading the caret", `() => {
		const s = document.querySelector('[data-testid="new-statement"]');
		return { Focused: document.activeElement === s, Start: s.selectionStart, End: s.selectionEnd, Len: s.value.length };
	}`)
	if !cr.Focused || cr.Start != 0 || cr.End != cr.Len {
		t.Errorf("the statement box: focused %v, selection %d–%d of %d, want focused with the statement selected", cr.Focused, cr.Start, cr.End, cr.Len)
	}
	if got := h.value(`[data-testid="new-statement"]`); got != middleQuote {
		t.Errorf("the statement starts as %q", got)
	}
	h.do("keeping the words and typing on", chromedp.KeyEvent(kb.End+" (per the mayor)"))
	h.markStale()
	h.click("Save claim", `[data-testid="save-claim"]`)
	h.waitUntil("the saved claim's panel", `() => document.querySelector('[data-testid="panel-claim"]')`)
	h.waitRefreshed("saving the claim")
	if got := h.readPanel().Statement; got != middleQuote+" (per the mayor)" {
		t.Errorf("the saved statement is %q", got)
	}
	if !evalJS[bool](h, "reading the focus", `() => document.activeElement?.matches('[data-panel-heading]')`) {
		t.Errorf("after saving, the focus is not on the panel's heading")
	}

	// A filter that matches nothing says so.
	h.choose(`[data-testid="filter-status"]`, string(model.StatusFalse))
	if !evalJS[bool](h, "reading the empty-list note", `() => { const n = document.querySelector('[data-testid="no-match"]'); return !!n && !n.hidden; }`) {
		t.Errorf("a filter matching nothing shows no note")
	}
	h.choose(`[data-testid="filter-status"]`, "")
	if evalJS[bool](h, "reading the empty-list note", `() => !document.querySelector('[data-testid="no-match"]').hidden`) {
		t.Errorf("the no-match note shows with every claim listed")
	}
}

// pressShortcut presses a key the way a browser delivers a shortcut:
// keydown and keyup. chromedp.KeyEvent also sends a separate "char" event,
// which a browser never sends after the page prevented the keydown, so the
// letter could land in the field the shortcut just focused.
func pressShortcut(r rune) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, k := range kb.Encode(r) {
			if k.Type == kb.KeyChar {
				continue
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *k); err != nil {
				return err
			}
		}
		return nil
	})
}
