package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/factmark/factmark/internal/model"
)

// summitText is an invented article as an editor pastes it: headline,
// photo caption, body, then the site's boilerplate. Before the spans the
// test marks it holds a flag emoji (two code points, four UTF-16 units), a
// ZWJ sequence with a skin tone (four code points, seven units) and an "é"
// typed as e + combining accent (NFC makes it one code point), so that an
// offset counted in UTF-16 units or before normalization lands elsewhere.
const summitText = "Lakeside summit to hear from three neighbours\n" +
	"\n" +
	"Photo: Delegates walk past the flags outside the Lakeside conference centre on Monday. (Example Wire)\n" +
	"\n" +
	"The Republic of Ostravia 🇰🇿 on Tuesday invited Veloria, Kestania and the Northern League to talks\n" +
	"on the shared river basin, the foreign ministry announced at the Cafe\u0301 Riviera. Its water team 👩🏽‍🔬\n" +
	"will prepare the agenda.\n" +
	"\n" +
	"Two groups, the Coastal Union and the Delta Assembly, were excluded from the talks, officials said.\n" +
	"\n" +
	"The first round is scheduled for 14 March 2026 in the lakeside town of Mirnaya.\n" +
	"\n" +
	"\u201cWe are ready to listen to everyone who shares the river,\u201d said deputy minister Айгерим Сейтқали.\n" +
	"\n" +
	"About the writer\n" +
	"\n" +
	"Dana Okafor covers water policy and regional diplomacy for the Example Ledger.\n" +
	"\n" +
	"• Subscribe to our morning briefing\n" +
	"• Follow us for live updates\n" +
	"• Read our corrections policy\n"

// summitDrop are the starts of the blocks the editor unticks: the caption
// and the boilerplate.
var summitDrop = []string{"Photo: Delegates", "About the writer", "Dana Okafor covers", "• Subscribe"}

var summit = article{
	Title:       "Lakeside summit to hear from three neighbours",
	Byline:      "Mira Halvorsen",
	Publication: "The Example Ledger",
	URL:         "https://ledger.example/world/2026/03/lakeside-summit",
	PublishedAt: "2026-03-10",
	Text:        summitText,
}

const (
	invitedQuote  = "invited Veloria, Kestania and the Northern League to talks on the shared river basin"
	excludedQuote = "Two groups, the Coastal Union and the Delta Assembly, were excluded from the talks"
	throwawayText = "scheduled for 14 March 2026"

	sourceURL       = "https://ministry.example/press/2026-03-10-river-talks"
	sourceTitle     = "Ostravia invites neighbours to river basin talks"
	sourcePublisher = "Ostravian Foreign Ministry"
	sourceExcerpt   = "Invitations were sent to Veloria, Kestania and the Northern League."
	verifiedComment = "Matches the ministry's press release."
	misleadComment  = "Only one of the two groups was left out; the other declined."
)

// TestEditorWorkflow walks through an editor's whole session: first-run
// setup, log out and in, import with boilerplate dropped, claims made from
// real selections, parties, a source, verdicts, a reload, the list and its
// filter, opening a highlight, deleting a claim and the HTML export.
func TestEditorWorkflow(t *testing.T) {
	h := newHarness(t)

	// First run: / sends to /setup; the new admin is logged in at once.
	h.setupAdmin()
	h.logout()
	h.login(adminName, adminPassword, adminDisplay)

	// Import, dropping the caption and the boilerplate.
	articleID := h.importArticle(summit, summitDrop...)
	canon := canonicalText(summit.Text, summitDrop...)
	if got := h.text(`[data-testid="article-title"]`); got != summit.Title {
		t.Errorf("the workspace's title is %q, want %q", got, summit.Title)
	}
	// The text shown is the canonical text, block by block, and every
	// segment's data-s is its code-point offset in it.
	type shown struct {
		Blocks  []string
		BadSegs []string
	}
	got := evalJS[shown](h, "reading the article text", `() => {
		const cps = (s) => Array.from(s).length;
		const root = document.getElementById("article-text");
		const blocks = Array.from(root.querySelectorAll(".blk"), (b) => b.textContent);
		const text = blocks.join("\n\n");
		const bad = [];
		for (const seg of root.querySelectorAll("[data-s]")) {
			const at = Number(seg.dataset.s);
			if (Array.from(text).slice(at, at + cps(seg.textContent)).join("") !== seg.textContent) bad.push(at + ": " + seg.textContent);
		}
		return { Blocks: blocks, BadSegs: bad };
	}`)
	if shownText := strings.Join(got.Blocks, "\n\n"); shownText != canon {
		t.Fatalf("the workspace shows\n%q\nwant the canonical text\n%q", shownText, canon)
	}
	if len(got.BadSegs) > 0 {
		t.Errorf("segments whose data-s is not their code-point offset: %q", got.BadSegs)
	}
	for _, gone := range []string{"Photo: Delegates", "About the writer", "Dana Okafor", "Subscribe to our morning briefing", "corrections policy"} {
		if strings.Contains(h.text("#article-text"), gone) {
			t.Errorf("the dropped text %q is still in the article", gone)
		}
	}
	for _, kept := range []string{"Lakeside summit to hear", "Café Riviera", "👩🏽‍🔬", "Айгерим Сейтқали", "14 March 2026"} {
		if !strings.Contains(h.text("#article-text"), kept) {
			t.Errorf("the kept text %q is missing from the article", kept)
		}
	}

	// Claim 1, from a real selection, without a page reload.
	evalJS[bool](h, "setting the reload marker", `() => (window.__marker = 1) === 1`)
	invitedWant := codePointSpan(t, canon, invitedQuote)
	if prefix := canon[:strings.Index(canon, invitedQuote)]; utf16Len(prefix) == invitedWant.Start {
		t.Fatalf("the fixture does not tell code points from UTF-16 units before the claim")
	}
	invitedID, formSpan := h.newClaim(invitedQuote, 0, model.KindParticipation, "")
	if formSpan != invitedWant {
		t.Errorf("the new-claim form carried offsets %v, want %v", formSpan, invitedWant)
	}
	if m := evalJS[int](h, "reading the reload marker", `() => window.__marker ?? 0`); m != 1 {
		t.Fatalf("the page reloaded while saving the claim")
	}
	if got := h.text(fmt.Sprintf(`#article-text mark[data-claims~="%d"]`, invitedID)); !strings.HasPrefix(invitedQuote, got) || got == "" {
		t.Errorf("the first highlight of claim %d reads %q, want the start of %q", invitedID, got, invitedQuote)
	}
	if hl := strings.Join(h.texts(fmt.Sprintf(`#article-text mark[data-claims~="%d"]`, invitedID)), ""); hl != invitedQuote {
		t.Errorf("claim %d is highlighted on %q, want %q", invitedID, hl, invitedQuote)
	}
	claims := h.apiClaims(articleID)
	if len(claims) != 1 {
		t.Fatalf("the API lists %d claims, want claim %d alone", len(claims), invitedID)
	}
	if claims[0].ID != invitedID {
		t.Fatalf("the API lists claim %d, want claim %d", claims[0].ID, invitedID)
	}
	if c := claims[0]; (span{c.Start, c.End}) != invitedWant || c.Quote.Exact != invitedQuote || c.Kind != model.KindParticipation {
		t.Errorf("the API has the claim at [%d, %d) %q kind %s, want %v %q kind participation", c.Start, c.End, c.Quote.Exact, c.Kind, invitedWant, invitedQuote)
	}

	// Three invited parties; Kestania marked on its words in the text.
	h.addParty("Veloria", model.RoleInvited, "")
	h.addParty("Kestania", model.RoleInvited, "Kestania")
	h.addParty("Northern League", model.RoleInvited, "")
	p := h.readPanel()
	wantParties := []panelParty{{"Veloria", "Invited", ""}, {"Kestania", "Invited", "“Kestania”"}, {"Northern League", "Invited", ""}}
	if !slices.Equal(p.Parties, wantParties) {
		t.Errorf("the panel lists the parties %+v, want %+v", p.Parties, wantParties)
	}
	kestania := codePointSpan(t, canon, "Kestania")
	for _, c := range h.apiClaims(articleID) {
		for _, party := range c.Parties {
			if party.Name != "Kestania" {
				continue
			}
			if party.Start == nil {
				t.Errorf("Kestania has no mark, want one at %v", kestania)
				continue
			}
			if *party.Start != kestania.Start {
				t.Errorf("Kestania's mark starts at %v, want %v", *party.Start, kestania.Start)
			}
			if *party.End != kestania.End {
				t.Errorf("Kestania's mark ends at %v, want %v", *party.End, kestania.End)
			}
		}
	}
	if got := strings.Join(h.texts(`#article-text mark.party`), ""); got != "Kestania" {
		t.Errorf("the text marks %q as a party, want Kestania", got)
	}

	// A source, then the verdict.
	h.typeText(`[data-testid="source-url"]`, sourceURL)
	h.typeText(`[data-testid="source-title-input"]`, sourceTitle)
	h.typeText(`[data-testid="source-publisher"]`, sourcePublisher)
	h.typeText(`[data-testid="source-excerpt-input"]`, sourceExcerpt)
	h.choose(`[data-testid="source-relation-input"]`, string(model.RelationSupports))
	h.submitPanelForm("Attach source", `[data-testid="attach-source"]`, "Source attached.")
	h.setStatus(model.StatusVerified, verifiedComment)
	for _, c := range h.apiClaims(articleID) {
		if c.ID != invitedID {
			continue
		}
		if c.Status != model.StatusVerified {
			t.Errorf("the API has claim 1 %s, want %s", c.Status, model.StatusVerified)
		}
		if len(c.Sources) != 1 {
			t.Errorf("the API has claim 1 with %d sources %+v, want 1", len(c.Sources), c.Sources)
			continue
		}
		src := c.Sources[0]
		if src.Publisher != sourcePublisher {
			t.Errorf("the API has claim 1's source published by %q, want %q", src.Publisher, sourcePublisher)
		}
		if src.URL != sourceURL {
			t.Errorf("the API has claim 1's source at %q, want %q", src.URL, sourceURL)
		}
		if src.Relation != model.RelationSupports {
			t.Errorf("the API has claim 1's source relation %s, want %s", src.Relation, model.RelationSupports)
		}
	}
	if m := evalJS[int](h, "reading the reload marker", `() => window.__marker ?? 0`); m != 1 {
		t.Fatalf("the page reloaded while editing the claim")
	}

	// Claim 2: the excluded groups, misleading.
	excludedID, formSpan := h.newClaim(excludedQuote, 0, model.KindParticipation, "")
	if want := codePointSpan(t, canon, excludedQuote); formSpan != want {
		t.Errorf("the second new-claim form carried offsets %v, want %v", formSpan, want)
	}
	h.addParty("Coastal Union", model.RoleExcluded, "")
	h.addParty("Delta Assembly", model.RoleExcluded, "")
	h.markParty("Delta Assembly", "the Delta Assembly")
	h.setStatus(model.StatusMisleading, misleadComment)

	// Claim 3, to be deleted later.
	throwawayID, _ := h.newClaim(throwawayText, 0, model.KindDateTime, "")

	for _, c := range h.apiClaims(articleID) {
		want := map[int64]string{invitedID: invitedQuote, excludedID: excludedQuote, throwawayID: throwawayText}[c.ID]
		if sp := codePointSpan(t, canon, want); (span{c.Start, c.End}) != sp {
			t.Errorf("the API has claim %d at [%d, %d), want %v", c.ID, c.Start, c.End, sp)
		}
	}

	// A real reload: the state comes back from the server.
	h.open(fmt.Sprintf("/articles/%d", articleID))
	h.waitUntil("the workspace after the reload", `() => document.querySelector('[data-testid="workspace"]') && window.__marker === undefined`)
	if ids := h.listIDs(); !slices.Equal(ids, []string{fmt.Sprint(invitedID), fmt.Sprint(excludedID), fmt.Sprint(throwawayID)}) {
		t.Errorf("the list holds claims %v, want %d, %d, %d in text order", ids, invitedID, excludedID, throwawayID)
	}

	h.openFromList(invitedID)
	p = h.readPanel()
	if p.Status != "Verified" || p.Statement != invitedQuote || p.Quote != invitedQuote {
		t.Errorf("claim 1's panel shows status %q statement %q quote %q", p.Status, p.Statement, p.Quote)
	}
	if !slices.Equal(p.Parties, wantParties) {
		t.Errorf("after the reload claim 1 lists the parties %+v, want %+v", p.Parties, wantParties)
	}
	if want := []panelSource{{"Supports", sourceTitle, sourceURL, sourceExcerpt}}; !slices.Equal(p.Sources, want) {
		t.Errorf("claim 1 lists the sources %+v, want %+v", p.Sources, want)
	}
	if !slices.Contains(p.History, panelEvent{User: adminName, Field: "status", From: "Unchecked", To: "Verified", Comment: verifiedComment}) {
		t.Errorf("claim 1's history has no status change from Unchecked to Verified by %s with the comment: %+v", adminName, p.History)
	}

	h.openFromList(excludedID)
	p = h.readPanel()
	if p.Status != "Misleading" || p.Quote != excludedQuote {
		t.Errorf("claim 2's panel shows status %q quote %q", p.Status, p.Quote)
	}
	if want := []panelParty{{"Coastal Union", "Excluded", ""}, {"Delta Assembly", "Excluded", "“the Delta Assembly”"}}; !slices.Equal(p.Parties, want) {
		t.Errorf("claim 2 lists the parties %+v, want %+v", p.Parties, want)
	}
	if len(p.Sources) != 0 {
		t.Errorf("claim 2 lists sources %+v, want none", p.Sources)
	}
	if !slices.Contains(p.History, panelEvent{User: adminName, Field: "status", From: "Unchecked", To: "Misleading", Comment: misleadComment}) {
		t.Errorf("claim 2's history has no status change to Misleading with the comment: %+v", p.History)
	}

	// The status filter hides the rest of the list.
	for _, f := range []struct {
		status model.Status
		want   []string
	}{
		{model.StatusVerified, []string{fmt.Sprint(invitedID)}},
		{model.StatusMisleading, []string{fmt.Sprint(excludedID)}},
		{model.StatusFalse, nil},
		{"", []string{fmt.Sprint(invitedID), fmt.Sprint(excludedID), fmt.Sprint(throwawayID)}},
	} {
		h.choose(`[data-testid="filter-status"]`, string(f.status))
		if got := h.visibleListIDs(); !slices.Equal(got, f.want) {
			t.Errorf("filtering by status %q shows claims %v, want %v", f.status, got, f.want)
		}
	}

	// Clicking a highlight opens its claim.
	h.clickMark(invitedID)
	h.waitPanel(invitedID)
	if p := h.readPanel(); p.Quote != invitedQuote {
		t.Errorf("clicking claim 1's highlight opened a panel quoting %q", p.Quote)
	}
	h.clickMark(excludedID)
	h.waitPanel(excludedID)

	// Take the screenshot with the verified claim open.
	h.openFromList(invitedID)
	shot := h.screenshot("workspace.png")
	t.Logf("workspace screenshot: %s", shot)

	// Delete the throwaway claim.
	h.openFromList(throwawayID)
	if h.count(`[data-testid="confirm-delete-form"]:not([hidden])`) != 0 {
		t.Errorf("the delete confirmation shows before Delete claim… is pressed")
	}
	h.click("Delete claim…", `[data-testid="delete-claim"]`)
	// On the loaded CI machine the click once landed before the panel's
	// last swap, which drew the panel again with its confirmation hidden:
	// wait for it, pressing "Delete claim…" again if a swap hid it.
	h.waitUntil("the delete confirmation to show", `() => {
		const form = document.querySelector('[data-testid="confirm-delete-form"]');
		if (form && form.hidden && !document.querySelector('.htmx-request')) {
			document.querySelector('[data-testid="delete-claim"]').click();
		}
		return !!form && !form.hidden;
	}`)
	h.markStale()
	h.click("Delete", `[data-testid="confirm-delete"]`)
	h.waitRefreshed("deleting the claim")
	h.waitUntil("the claim to be deleted", `(id) => document.querySelector('[data-testid="claim-deleted"]') &&
		!document.querySelector('[data-testid="claim-item"][data-claim-id="' + id + '"]')`, throwawayID)
	if n := h.count(fmt.Sprintf(`#article-text mark[data-claims~="%d"]`, throwawayID)); n != 0 {
		t.Errorf("the deleted claim still has %d highlights", n)
	}
	if got := h.text(`[data-testid="claim-count"]`); got != "2" {
		t.Errorf("the list counts %s claims after the delete, want 2", got)
	}
	if !strings.Contains(h.text("#article-text"), throwawayText) {
		t.Errorf("deleting the claim removed its words from the article")
	}
	if status, _ := h.fetchText(fmt.Sprintf("/api/v1/claims/%d", throwawayID)); status != 404 {
		t.Errorf("GET the deleted claim: %d, want 404", status)
	}

	// The HTML export highlights the claims in their verdict's colour.
	h.checkHTMLExport(articleID)
}

// addParty fills the add-party form and waits for the party in the panel.
// When mark is not empty, those words are selected in the text first and
// "mark the selected text" is ticked.
func (h *harness) addParty(name string, role model.Role, mark string) {
	h.t.Helper()
	if mark != "" {
		h.selectText(mark, 0)
	}
	h.typeText(`[data-testid="party-name-input"]`, name)
	h.choose(`[data-testid="party-role-input"]`, string(role))
	if mark != "" {
		h.click("mark the selected text", `[data-testid="party-use-selection"]`)
		if !evalJS[bool](h, "reading the checkbox", `() => document.querySelector('[data-testid="party-use-selection"]').checked`) {
			h.t.Fatalf("“mark the selected text” is not ticked after clicking it")
		}
	}
	h.submitPanelForm("Add party "+name, `[data-testid="add-party"]`, "Party added.")
	parties := h.readPanel().Parties
	if len(parties) == 0 {
		h.t.Fatalf("after adding %s the panel lists no parties", name)
	}
	if got := parties[len(parties)-1].Name; got != name {
		h.t.Fatalf("after adding %s the last party is named %q, want %q (parties %+v)", name, got, name, parties)
	}
	if got := parties[len(parties)-1].Role; got != role.Label() {
		h.t.Fatalf("after adding %s its role is %q, want %q", name, got, role.Label())
	}
	if mark != "" {
		if got := parties[len(parties)-1].Marked; got != "“"+mark+"”" {
			h.t.Fatalf("party %s is marked on %q, want “%s”", name, got, mark)
		}
		h.waitUntil("the party's words to be marked in the text",
			`(words) => Array.from(document.querySelectorAll("#article-text mark.party"), (m) => m.textContent).join("") === words`, mark)
		// The refreshed text no longer holds the selection; the bar must
		// not offer a claim on words that no longer look selected.
		if !evalJS[bool](h, "reading the selection bar", `() => document.querySelector('[data-testid="new-claim"]').disabled`) {
			h.t.Errorf("after marking %s, New claim still acts on a selection the page no longer shows: %q",
				name, h.text(`[data-testid="selection-info"]`))
		}
	}
}

// markParty selects words in the text and presses "Mark in text" on the
// open claim's party called name.
func (h *harness) markParty(name, words string) {
	h.t.Helper()
	pid := evalJS[string](h, "finding the party "+name, `(name) => {
		const li = Array.from(document.querySelectorAll('#claim-panel [data-testid="party"]'))
			.find((li) => li.querySelector('[data-testid="party-name"]').textContent === name);
		if (!li) throw new Error("no party " + name + " in the panel");
		return li.dataset.partyId;
	}`, name)
	h.selectText(words, 0)
	h.submitPanelForm("Mark in text for "+name,
		`[data-testid="party"][data-party-id="`+pid+`"] [data-testid="mark-party"]`, "Party marked.")
	for _, p := range h.readPanel().Parties {
		if p.Name == name && p.Marked != "“"+words+"”" {
			h.t.Fatalf("after Mark in text, %s is marked on %q, want “%s”", name, p.Marked, words)
		}
	}
}

// setStatus changes the open claim's status with a comment.
func (h *harness) setStatus(st model.Status, comment string) {
	h.t.Helper()
	h.choose(`[data-testid="status"]`, string(st))
	h.typeText(`[data-testid="comment"]`, comment)
	h.submitPanelForm("Save ("+string(st)+")", `[data-testid="save-details"]`, "Saved.")
	if got := h.readPanel().Status; got != st.Label() {
		h.t.Fatalf("the panel's status is %q after saving %s", got, st)
	}
	h.waitUntil("the list and the highlight to take the new status", `(st) => {
		const id = document.querySelector('[data-testid="panel-claim"]').dataset.claimId;
		const li = document.querySelector('[data-testid="claim-item"][data-claim-id="' + id + '"]');
		const mark = document.querySelector('#article-text mark[data-claim="' + id + '"]');
		return li && li.dataset.status === st && mark && mark.classList.contains("st-" + st);
	}`, string(st))
}

// listIDs returns the claim IDs in the side list, in order.
func (h *harness) listIDs() []string {
	h.t.Helper()
	return evalJS[[]string](h, "reading the claim list",
		`() => Array.from(document.querySelectorAll('[data-testid="claim-item"]'), (li) => li.dataset.claimId)`)
}

// visibleListIDs returns the IDs of the list entries a user can see.
func (h *harness) visibleListIDs() []string {
	h.t.Helper()
	return evalJS[[]string](h, "reading the visible claims", `() => Array.from(document.querySelectorAll('[data-testid="claim-item"]'))
		.filter((li) => !li.hidden && li.getClientRects().length > 0 && getComputedStyle(li).display !== "none")
		.map((li) => li.dataset.claimId)`)
}

// clickMark clicks, with the mouse, the middle of the first line of claim
// id's first highlight.
func (h *harness) clickMark(id int64) {
	h.t.Helper()
	type pt struct{ X, Y float64 }
	// The workspace scrolls smoothly to the claim it opens: the mark's
	// place is read once no scroll moves it any more, or a click aimed
	// during the scroll lands on other words.
	p := evalJS[pt](h, "finding the highlight", `async (id) => {
		window.getSelection().removeAllRanges();
		const m = document.querySelector('#article-text mark[data-claims~="' + id + '"]');
		if (!m) throw new Error("no highlight for claim " + id);
		m.scrollIntoView({ block: "center", behavior: "instant" });
		const frame = () => new Promise((done) => requestAnimationFrame(done));
		let r = m.getClientRects()[0];
		for (let i = 0; i < 60; i++) {
			await frame();
			const next = m.getClientRects()[0];
			if (next.top === r.top && next.left === r.left) break;
			r = next;
		}
		return { X: r.left + r.width / 2, Y: r.top + r.height / 2 };
	}`, id)
	h.clickAt(fmt.Sprintf("the highlight of claim %d", id), p.X, p.Y)
}

// checkHTMLExport fetches the HTML export in the page and checks the
// claims' marks, their colours and the source link.
func (h *harness) checkHTMLExport(articleID int64) {
	h.t.Helper()
	t := h.t
	status, body := h.fetchText(fmt.Sprintf("/api/v1/articles/%d/export?format=html&edition=internal", articleID))
	if status != 200 {
		t.Fatalf("the HTML export answered %d: %.300s", status, body)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parsing the HTML export: %v", err)
	}
	style := doc.Find("style").Text()
	for _, c := range []struct {
		quote  string
		status model.Status
	}{{invitedQuote, model.StatusVerified}, {excludedQuote, model.StatusMisleading}} {
		var text strings.Builder
		doc.Find("mark").Each(func(_ int, m *goquery.Selection) {
			if m.HasClass("st-" + string(c.status)) {
				text.WriteString(m.Text())
			}
		})
		if text.String() != c.quote {
			t.Errorf("the export's %s marks hold %q, want %q", c.status, text.String(), c.quote)
		}
		rule := regexp.MustCompile(`\.st-` + string(c.status) + `\s*\{[^}]*` + regexp.QuoteMeta(c.status.Color()))
		if !rule.MatchString(style) {
			t.Errorf("the export's style gives .st-%s no %s colour", c.status, c.status.Color())
		}
	}
	doc.Find("mark").Each(func(_ int, m *goquery.Selection) {
		if strings.Contains(m.Text(), "14 March") {
			t.Errorf("the export still highlights the deleted claim: %q", m.Text())
		}
	})
	if link := doc.Find(`a[href="` + sourceURL + `"]`); link.Length() == 0 {
		t.Errorf("the export has no link to the source %s", sourceURL)
	} else if got := link.First().Text(); got != sourceTitle {
		t.Errorf("the export's link to the source %s is titled %q, want %q", sourceURL, got, sourceTitle)
	}
	if doc.Find("script:not([type='application/ld+json'])").Length() != 0 {
		t.Errorf("the HTML export contains a script")
	}
}
