package handlers_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// revisedStory's three claims on storyText: one in a paragraph that moves
// (a paragraph is inserted above it), one whose words change, one whose
// sentence is removed.
type revisedClaims struct {
	a                        article
	moved, changed, orphaned claim
}

func (e *env) storyWithClaims() revisedClaims {
	e.tb.Helper()
	a := e.createArticle("Ferry", storyText)
	return revisedClaims{
		a:        a,
		moved:    e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"status": "verified"}),
		changed:  e.createClaim(a, "Tickets will cost €4", map[string]any{"status": "false"}),
		orphaned: e.createClaim(a, "Officials from the port authority were not invited", nil),
	}
}

// revisionForm posts the workspace's New revision text form as htmx does.
func revisionForm(b *browser, articleID int64, text string) *httptest.ResponseRecorder {
	return b.fragment("/articles/"+itoa(articleID)+"/revisions", url.Values{"_csrf": {b.csrf()}, "source": {"text"}, "text": {text}})
}

func find(doc *goquery.Document, id string) string {
	return strings.TrimSpace(doc.Find(testid(id)).Text())
}

func TestNewRevisionFromWorkspace(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("ed")

	page := parseHTML(t, b.get("/articles/"+itoa(s.a.ID)))
	if got := find(page, "revision-summary"); got != "Revision 1 of 1" {
		t.Errorf("selector reads %q", got)
	}
	if n := page.Find(testid("revision-text-form")).Length(); n != 1 {
		t.Errorf("%d New revision text forms, want 1", n)
	}
	if n := page.Find(testid("refetch-form")).Length(); n != 0 {
		t.Errorf("an article without a URL offers Check for updates (%d forms)", n)
	}

	rec := revisionForm(b, s.a.ID, revisedStory)
	wantStatus(t, rec, http.StatusCreated)
	doc := parseHTML(t, rec)
	if got := find(doc, "revision-notice"); got != "Revision 2 saved." {
		t.Errorf("notice %q", got)
	}
	if got := doc.Find(`#revision-bar`).AttrOr("data-revision", ""); got != "2" {
		t.Errorf("the answer's revision bar shows revision %q, want 2", got)
	}
	if got := doc.Find(`#article-text`).AttrOr("data-revision", ""); got != "2" {
		t.Errorf("the answer's text is revision %q, want 2", got)
	}
	head := find(doc, "banner-head")
	if want := "Revision 2 (pasted 2026-"; !strings.HasPrefix(head, want) {
		t.Errorf("banner %q, want it to start with %q", head, want)
	}
	if want := "by ed): 1 claim moved, 1 changed, 1 orphaned"; !strings.HasSuffix(head, want) {
		t.Errorf("banner %q, want it to end with %q", head, want)
	}
	items := doc.Find(testid("banner-item"))
	if items.Length() != 2 {
		t.Fatalf("%d banner items, want the changed and the orphaned claim", items.Length())
	}
	changed := doc.Find(testid("banner-item") + `[data-kind="changed"]`)
	if got := changed.AttrOr("data-claim-id", ""); got != itoa(s.changed.ID) {
		t.Errorf("changed item names claim %s, want %d", got, s.changed.ID)
	}
	if got := changed.Find(testid("banner-old")).Text(); got != "Tickets will cost €4" {
		t.Errorf("changed item's old words %q", got)
	}
	if got := changed.Find(testid("banner-new")).Text(); got != "Tickets will cost €5" {
		t.Errorf("changed item's new words %q", got)
	}
	orphan := doc.Find(testid("banner-item") + `[data-kind="orphaned"]`)
	if got := orphan.AttrOr("data-claim-id", ""); got != itoa(s.orphaned.ID) {
		t.Errorf("orphaned item names claim %s, want %d", got, s.orphaned.ID)
	}
	if got := orphan.Find(testid("banner-open")).AttrOr("href", ""); got != "/articles/"+itoa(s.a.ID)+"?claim="+itoa(s.orphaned.ID) {
		t.Errorf("orphan's open link %q", got)
	}
	// The orphans list and the claim list come along.
	if got := doc.Find(testid("orphan-item")).AttrOr("data-claim-id", ""); got != itoa(s.orphaned.ID) {
		t.Errorf("orphans list holds %q, want claim %d", got, s.orphaned.ID)
	}
	if got := find(doc, "orphan-reason"); got != "Last seen in revision 1: its words were not found in revision 2." {
		t.Errorf("orphan reason %q", got)
	}
	marked := doc.Find(testid("claim-changed")).ParentsFiltered(testid("claim-item"))
	if marked.Length() != 1 || marked.AttrOr("data-claim-id", "") != itoa(s.changed.ID) {
		t.Errorf("⚠ marks %d claims (first %q), want claim %d alone", marked.Length(), marked.AttrOr("data-claim-id", ""), s.changed.ID)
	}
	// The orphan is no highlight.
	if n := doc.Find(`#article-text mark[data-claims~="` + itoa(s.orphaned.ID) + `"]`).Length(); n != 0 {
		t.Errorf("the orphan is drawn %d times", n)
	}

	// The same text again stores nothing and says so.
	rec = revisionForm(b, s.a.ID, revisedStory)
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	if got := find(doc, "revision-notice"); got != "No change since revision 2: the text is the same, nothing was stored." {
		t.Errorf("unchanged notice %q", got)
	}
	if n := doc.Find(`#revision-bar`).Length(); n != 0 {
		t.Errorf("an unchanged text answered with the revision bar")
	}
	rec = e.api(http.MethodGet, "/api/v1/articles/"+itoa(s.a.ID)+"/revisions", "ed", nil)
	if n := len(decode[struct{ Revisions []revisionItem }](t, rec).Revisions); n != 2 {
		t.Errorf("%d revisions stored, want 2", n)
	}

	// The workspace opens on revision 2 with the banner.
	page = parseHTML(t, b.get("/articles/"+itoa(s.a.ID)))
	if got := find(page, "revision-summary"); got != "Revision 2 of 2" {
		t.Errorf("selector reads %q", got)
	}
	if got := page.Find(testid("revision-item")).Length(); got != 2 {
		t.Errorf("selector lists %d revisions", got)
	}
	if got := find(page, "banner-head"); got != head {
		t.Errorf("workspace banner %q, want %q", got, head)
	}
}

func TestNewRevisionRefusals(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	b := e.loggedIn("ed")
	path := "/articles/" + itoa(a.ID) + "/revisions"
	tests := []struct {
		name   string
		form   url.Values
		status int
		field  string
		msg    string
	}{
		{"blank text", url.Values{"source": {"text"}, "text": {"  \n "}}, http.StatusBadRequest, "text", "Paste the article's new text first."},
		{"no URL to check", url.Values{"source": {"refetch"}}, http.StatusBadRequest, "refetch", "The article has no URL to fetch again"},
		{"unknown source", url.Values{"source": {"fax"}}, http.StatusBadRequest, "form", "Send the new revision"},
		{"upload without a file", url.Values{"source": {"upload"}}, http.StatusBadRequest, "file", "Choose the page saved as .html first."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.form.Set("_csrf", b.csrf())
			rec := b.fragment(path, tt.form)
			wantStatus(t, rec, tt.status)
			got := find(parseHTML(t, rec), "error-"+tt.field)
			if !strings.HasPrefix(got, tt.msg) {
				t.Errorf("error beside %s: %q, want it to start with %q", tt.field, got, tt.msg)
			}
		})
	}
	// A refusal answers the section alone, nothing out of band.
	rec := b.fragment(path, url.Values{"_csrf": {b.csrf()}, "source": {"upload"}})
	if n := parseHTML(t, rec).Find(`#revision-bar`).Length(); n != 0 {
		t.Errorf("a refused revision answered with the revision bar")
	}
	// A viewer may not add one, and is not offered the forms.
	vb := e.loggedIn("vi")
	if n := parseHTML(t, vb.get("/articles/"+itoa(a.ID))).Find(testid("new-revision")).Length(); n != 0 {
		t.Errorf("a viewer is offered New revision")
	}
	rec = vb.fragment(path, url.Values{"source": {"text"}, "text": {"New."}})
	wantStatus(t, rec, http.StatusForbidden)
	if n := len(decode[struct{ Revisions []revisionItem }](t, e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/revisions", "ed", nil)).Revisions); n != 1 {
		t.Errorf("%d revisions after the refusals, want 1", n)
	}
}

func TestCheckForUpdatesForm(t *testing.T) {
	var version atomic.Int32
	srv := pageServerFunc(t, func() string {
		if version.Load() == 0 {
			return webPage
		}
		return strings.Replace(webPage, "1.2 million pounds", "1.4 million pounds", 1)
	})
	e := newEnv(t, withConfig(allowPrivate))
	rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]any{"url": srv.URL + "/news/mill"})
	wantStatus(t, rec, http.StatusCreated)
	a := decode[article](t, rec)
	e.createClaim(a, "cost 1.2 million pounds", map[string]any{"status": "verified"})
	b := e.loggedIn("ed")
	if n := parseHTML(t, b.get("/articles/"+itoa(a.ID))).Find(testid("check-updates")).Length(); n != 1 {
		t.Fatalf("%d Check for updates buttons, want 1", n)
	}
	check := url.Values{"source": {"refetch"}}
	check.Set("_csrf", b.csrf())
	rec = b.fragment("/articles/"+itoa(a.ID)+"/revisions", check)
	wantStatus(t, rec, http.StatusOK)
	if got := find(parseHTML(t, rec), "revision-notice"); got != "No change since revision 1: the text is the same, nothing was stored." {
		t.Errorf("unchanged page: %q", got)
	}
	version.Store(1)
	rec = b.fragment("/articles/"+itoa(a.ID)+"/revisions", check)
	wantStatus(t, rec, http.StatusCreated)
	doc := parseHTML(t, rec)
	if got := find(doc, "banner-head"); !strings.Contains(got, "(checked for updates ") || !strings.HasSuffix(got, "by ed): 1 claim changed") {
		t.Errorf("banner %q", got)
	}
	if got := doc.Find(testid("revision-item")+`[data-version="2"] `+testid("revision-page")).AttrOr("href", ""); got != "/api/v1/articles/"+itoa(a.ID)+"/revisions/2/page" {
		t.Errorf("fetched page link %q", got)
	}
}

func TestUploadRevision(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("ed")
	page := "<html><head><title>Ferry</title></head><body><article><h1>Harbour council backs ferry link</h1>" +
		"<p>Update: the council published the vote's minutes on Wednesday, a week after the vote that it had promised.</p>" +
		"<p>The Pellmoor council voted 7–2 on Tuesday to fund a ferry between Pellmoor and Astrid Bay, the mayor said. Tickets will cost €4 and the first boat sails in May.</p>" +
		"<p>A café owner said the council had ignored the fishermen for years, and that the vote changed little for them.</p></article></body></html>"
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", b.csrf())
	w.WriteField("source", "upload")
	part, err := w.CreateFormFile("file", "ferry.html")
	if err != nil {
		t.Fatal(err)
	}
	part.Write([]byte(page))
	w.Close()
	req := httptest.NewRequest(http.MethodPost, "/articles/"+itoa(s.a.ID)+"/revisions", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("HX-Request", "true")
	rec := b.do(req)
	wantStatus(t, rec, http.StatusCreated)
	doc := parseHTML(t, rec)
	if got := find(doc, "revision-notice"); got != "Revision 2 saved." {
		t.Errorf("notice %q", got)
	}
	if got := doc.Find(testid("revision-item") + `[data-version="2"]`).Text(); !strings.Contains(got, "Uploaded HTML") {
		t.Errorf("revision 2 is listed as %q, want it uploaded", strings.Join(strings.Fields(got), " "))
	}
	if got := doc.Find(`#article-text`).Text(); !strings.Contains(got, "Update: the council published the vote's minutes") {
		t.Errorf("the text is not the uploaded page's: %q", got)
	}
}

func TestReadEarlierRevision(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("ed")
	wantStatus(t, revisionForm(b, s.a.ID, revisedStory), http.StatusCreated)

	rec := b.get("/articles/" + itoa(s.a.ID) + "?revision=1")
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	notice := strings.Join(strings.Fields(find(doc, "read-only-notice")), " ")
	if want := "You are reading revision 1 (read-only) — back to the current revision (2)"; notice != want {
		t.Errorf("notice %q, want %q", notice, want)
	}
	if got := doc.Find(`#article-text`).Text(); !strings.Contains(got, "Officials from the port authority were not invited") {
		t.Errorf("revision 1's text is not shown: %q", got)
	}
	// Each claim where it stood: the orphan too, on its words then.
	for _, c := range []claim{s.moved, s.changed, s.orphaned} {
		got := ""
		doc.Find(`#article-text mark[data-claims~="` + itoa(c.ID) + `"]`).Each(func(_ int, m *goquery.Selection) {
			if m.Is("[data-s]") {
				got += m.Text()
			}
		})
		if got != c.Quote.Exact {
			t.Errorf("claim %d is drawn on %q in revision 1, want %q", c.Number, got, c.Quote.Exact)
		}
	}
	if n := doc.Find(testid("claim-item")).Length(); n != 3 {
		t.Errorf("%d claims listed in revision 1, want 3", n)
	}
	// Read-only: no form but the logout.
	if n := doc.Find("main form[method=post]").Length(); n != 0 {
		t.Errorf("%d post forms on a read-only revision", n)
	}
	if n := doc.Find(testid("new-claim")).Length(); n != 0 {
		t.Errorf("a read-only revision offers New claim")
	}
	if n := doc.Find(testid("revision-check")).Length(); n != 0 {
		t.Errorf("a read-only revision polls for updates")
	}
	if got := find(doc, "revision-summary"); got != "Revision 1 of 2" {
		t.Errorf("selector reads %q", got)
	}
	// ?revision= naming the current one is the workspace; one that does
	// not exist is not found.
	if n := parseHTML(t, b.get("/articles/"+itoa(s.a.ID)+"?revision=2")).Find(testid("workspace")).Length(); n != 1 {
		t.Errorf("?revision=2 is not the workspace")
	}
	for _, v := range []string{"3", "0", "x"} {
		if rec := b.get("/articles/" + itoa(s.a.ID) + "?revision=" + v); rec.Code != http.StatusNotFound {
			t.Errorf("?revision=%s answered %d, want 404", v, rec.Code)
		}
	}
}

func TestDiffView(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("vi")
	wantStatus(t, revisionForm(e.loggedIn("ed"), s.a.ID, revisedStory), http.StatusCreated)

	rec := b.get("/articles/" + itoa(s.a.ID) + "/diff?from=1&to=2")
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	ins := doc.Find(testid("diff-ins")).Text()
	del := doc.Find(testid("diff-del")).Text()
	for _, want := range []string{"[inserted: Update: the council published the vote's minutes on Wednesday.]", "[inserted: 5]"} {
		if !strings.Contains(ins, want) {
			t.Errorf("insertions %q lack %q", ins, want)
		}
	}
	for _, want := range []string{"[deleted: 4]", "Officials from the port authority were not invited to the meeting, according to two attendees."} {
		if !strings.Contains(del, want) {
			t.Errorf("deletions %q lack %q", del, want)
		}
	}
	// Blocks are kept: the inserted paragraph is a block of its own.
	var blocks []string
	doc.Find(testid("diff-text") + " .blk").Each(func(_ int, b *goquery.Selection) { blocks = append(blocks, b.Text()) })
	if len(blocks) != 4 {
		t.Fatalf("%d blocks in the diff, want 4: %q", len(blocks), blocks)
	}
	// Nothing but the text between the pieces: no white space added.
	if want := "#1voted 7–2 on Tuesday to fund a ferry between Pellmoor and Astrid Bay, the mayor said. #2Tickets will cost €[deleted: 4][inserted: 5] and the first boat"; !strings.Contains(blocks[2], want) {
		t.Errorf("block 3 reads %q, want it to hold %q", blocks[2], want)
	}
	// The new revision's claims are marked with their numbers; the orphan
	// is not.
	var labels []string
	doc.Find(testid("diff-claim")).Each(func(_ int, l *goquery.Selection) { labels = append(labels, l.Text()) })
	if got, want := strings.Join(labels, " "), "#1 #2"; got != want {
		t.Errorf("claim labels %q, want %q", got, want)
	}
	if got := doc.Find(`mark[data-claims="` + itoa(s.changed.ID) + `"]`).Text(); got != "Tickets will cost €5" {
		t.Errorf("the changed claim is marked on %q", got)
	}
	if got := doc.Find(`ins mark[data-claims="` + itoa(s.changed.ID) + `"]`).Text(); got != "5" {
		t.Errorf("the changed claim's inserted words are %q, want 5", got)
	}

	for _, q := range []string{"from=0&to=2", "from=1&to=3", "from=x"} {
		rec := b.get("/articles/" + itoa(s.a.ID) + "/diff?" + q)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("diff?%s answered %d, want 400", q, rec.Code)
		}
	}
}

func TestRevisionCheckPoll(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("vi")
	path := "/articles/" + itoa(s.a.ID) + "/revision-check?revision="
	get := func(v string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path+v, nil)
		req.Header.Set("HX-Request", "true")
		return b.do(req)
	}
	if rec := get("1"); rec.Code != http.StatusNoContent {
		t.Errorf("an up-to-date page's poll answered %d, want 204", rec.Code)
	}
	wantStatus(t, revisionForm(e.loggedIn("ed"), s.a.ID, revisedStory), http.StatusCreated)
	rec := get("1")
	wantStatus(t, rec, http.StatusOK)
	got := strings.Join(strings.Fields(find(parseHTML(t, rec), "revision-outdated")), " ")
	if want := "This article was updated to revision 2 by ed: reload to see it (your unsaved input stays in the form until you reload)."; got != want {
		t.Errorf("notice %q, want %q", got, want)
	}
	if rec := get("2"); rec.Code != http.StatusNoContent {
		t.Errorf("a page at revision 2 was told of an update: %d", rec.Code)
	}
}

func TestReattachAndDismissFromOrphansList(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("ed")
	wantStatus(t, revisionForm(b, s.a.ID, revisedStory), http.StatusCreated)
	orphan := e.api(http.MethodGet, "/api/v1/claims/"+itoa(s.orphaned.ID), "ed", nil)
	version := strconv.Itoa(decode[claimAnchor](t, orphan).Version)
	path := "/claims/" + itoa(s.orphaned.ID)

	// Nothing selected: the error is beside the orphan's buttons.
	rec := b.fragment(path+"/reattach", url.Values{"_csrf": {b.csrf()}, "version": {version}, "start": {""}, "end": {""}, "revision": {"2"}})
	wantStatus(t, rec, http.StatusBadRequest)
	doc := parseHTML(t, rec)
	if got := doc.Find(testid("orphan-item") + ` ` + testid("orphan-error")).Text(); got != "Select the words to re-attach claim #3 to in the text first, then press Re-attach." {
		t.Errorf("error %q", got)
	}

	start, end := span(t, revisedStory, "the council published the vote's minutes")
	rec = b.fragment(path+"/reattach", url.Values{"_csrf": {b.csrf()}, "version": {version}, "start": {strconv.Itoa(start)}, "end": {strconv.Itoa(end)}, "revision": {"2"}})
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	if got := find(doc, "orphans-flash"); got != "Claim #3 re-attached to “the council published the vote's minutes”." {
		t.Errorf("flash %q", got)
	}
	if n := doc.Find(testid("orphan-item")).Length(); n != 0 {
		t.Errorf("%d orphans left, want none", n)
	}
	if got := doc.Find(`#article-text mark[data-claims~="` + itoa(s.orphaned.ID) + `"][data-s]`).Text(); got != "the council published the vote's minutes" {
		t.Errorf("the re-attached claim is drawn on %q", got)
	}

	// Dismissing: a fresh orphan, put aside under Dismissed.
	a := e.createArticle("Mill", "The mill closes in May.\n\nWorkers were told on Friday.")
	c := e.createClaim(a, "Workers were told on Friday.", nil)
	wantStatus(t, revisionForm(b, a.ID, "The mill closes in May."), http.StatusCreated)
	v := decode[claimAnchor](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "ed", nil)).Version
	rec = b.fragment("/claims/"+itoa(c.ID)+"/dismiss", url.Values{"_csrf": {b.csrf()}, "version": {strconv.Itoa(v)}})
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	if n := doc.Find(testid("dismissed-orphans") + ` ` + testid("orphan-item")).Length(); n != 1 {
		t.Errorf("%d dismissed orphans listed, want 1", n)
	}
	if n := doc.Find(testid("orphan-count")).Text(); n != "0" {
		t.Errorf("orphan count %q after dismissing, want 0", n)
	}
	// Twice: it is not an orphan of the list any more, but dismissing an
	// already dismissed one is no error.
	rec = b.fragment("/claims/"+itoa(c.ID)+"/dismiss", url.Values{"_csrf": {b.csrf()}, "version": {strconv.Itoa(v)}})
	if rec.Code != http.StatusPreconditionFailed {
		t.Errorf("a stale dismissal answered %d, want 412", rec.Code)
	}
}

func TestNewClaimOnEarlierRevision(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("ed")
	wantStatus(t, revisionForm(b, s.a.ID, revisedStory), http.StatusCreated)
	path := "/articles/" + itoa(s.a.ID) + "/claims"

	// Words selected in revision 1 that are still there: shown from
	// revision 1, created where they are now, and the editor is told.
	start, end := span(t, storyText, "fund a ferry")
	rec := b.get(path + "/new?start=" + strconv.Itoa(start) + "&end=" + strconv.Itoa(end) + "&revision=1")
	wantStatus(t, rec, http.StatusOK)
	form := parseHTML(t, rec)
	if got := find(form, "new-claim-quote"); got != "fund a ferry" {
		t.Errorf("the form quotes %q", got)
	}
	if got := form.Find(`input[name="revision"]`).AttrOr("value", ""); got != "1" {
		t.Errorf("the form carries revision %q, want 1", got)
	}
	rec = b.fragment(path, url.Values{"_csrf": {b.csrf()}, "start": {strconv.Itoa(start)}, "end": {strconv.Itoa(end)}, "revision": {"1"},
		"statement": {"The council funds a ferry."}, "kind": {"event"}, "status": {"unchecked"}})
	wantStatus(t, rec, http.StatusCreated)
	doc := parseHTML(t, rec)
	if got := find(doc, "panel-quote"); got != "fund a ferry" {
		t.Errorf("the claim stands on %q", got)
	}
	if got := find(doc, "flash"); !strings.HasPrefix(got, "Claim saved. The article was updated to revision 2 since you selected these words in revision 1") {
		t.Errorf("flash %q", got)
	}
	ns, ne := span(t, revisedStory, "fund a ferry")
	got := e.apiClaimsByNumber(s.a)[4]
	if got.Start != ns || got.End != ne {
		t.Errorf("claim #4 at %d–%d, want %d–%d in revision 2", got.Start, got.End, ns, ne)
	}

	// Words that revision 2 removed: a conflict, the form kept.
	start, end = span(t, storyText, "according to two attendees")
	rec = b.fragment(path, url.Values{"_csrf": {b.csrf()}, "start": {strconv.Itoa(start)}, "end": {strconv.Itoa(end)}, "revision": {"1"},
		"statement": {"Two attendees said so."}, "kind": {"attribution"}, "status": {"unchecked"}})
	wantStatus(t, rec, http.StatusConflict)
	doc = parseHTML(t, rec)
	if got := find(doc, "error-start"); !strings.HasPrefix(got, "The article was updated to revision 2 by ed after you selected “according to two attendees” in revision 1") {
		t.Errorf("conflict message %q", got)
	}
	if got := doc.Find(testid("new-statement")).Text(); got != "Two attendees said so." {
		t.Errorf("the statement typed was not kept: %q", got)
	}
	if got := find(doc, "new-claim-quote"); got != "according to two attendees" {
		t.Errorf("the kept form quotes %q", got)
	}
	if n := len(e.apiClaimsByNumber(s.a)); n != 4 {
		t.Errorf("%d claims after the refused one, want 4", n)
	}
}

// apiClaimsByNumber returns an article's claims by their number.
func (e *env) apiClaimsByNumber(a article) map[int]claim {
	e.tb.Helper()
	rec := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/claims", "ed", nil)
	wantStatus(e.tb, rec, http.StatusOK)
	out := map[int]claim{}
	for _, c := range decode[struct{ Claims []claim }](e.tb, rec).Claims {
		out[c.Number] = c
	}
	return out
}

func TestPanelShowsRevisionNotes(t *testing.T) {
	e := newEnv(t)
	s := e.storyWithClaims()
	b := e.loggedIn("ed")
	wantStatus(t, revisionForm(b, s.a.ID, revisedStory), http.StatusCreated)

	doc := parseHTML(t, b.get("/claims/"+itoa(s.changed.ID)+"/panel?article="+itoa(s.a.ID)))
	if got := doc.Find(testid("changed-from")).Text(); got != "Tickets will cost €4" {
		t.Errorf("changed from %q", got)
	}
	if got := doc.Find(testid("changed-to")).Text(); got != "Tickets will cost €5" {
		t.Errorf("changed to %q", got)
	}
	if got := find(doc, "verdict-revision"); got != "False against revision 1 (the article is now at revision 2)" {
		t.Errorf("verdict note %q", got)
	}
	moved := parseHTML(t, b.get("/claims/"+itoa(s.moved.ID)+"/panel?article="+itoa(s.a.ID)))
	if n := moved.Find(testid("words-changed")).Length(); n != 0 {
		t.Errorf("a moved claim says its words changed")
	}

	// Confirming the status clears the warning, in the answer's out of
	// band part.
	c := decode[claimAnchor](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(s.changed.ID), "ed", nil))
	rec := b.fragment("/claims/"+itoa(s.changed.ID)+"/edit", url.Values{"_csrf": {b.csrf()}, "version": {strconv.Itoa(c.Version)},
		"statement": {s.changed.Statement}, "kind": {s.changed.Kind}, "status": {"false"}, "comment": {"Still false at €5."}})
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	notes := doc.Find("#claim-" + itoa(s.changed.ID) + "-revision")
	if notes.Length() != 1 {
		t.Fatalf("the answer has %d revision notes sections, want 1", notes.Length())
	}
	if n := notes.Find(testid("words-changed")).Length(); n != 0 {
		t.Errorf("the warning is still shown after confirming the status")
	}
}

// TestMarkPartyOnEarlierRevision: a party marked on words selected in an
// older revision than the article's is marked where those words are now,
// or refused beside the button when they are gone.
func TestMarkPartyOnEarlierRevision(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"parties": []map[string]any{{"name": "the council", "role": "organizer"}}})
	b := e.loggedIn("ed")
	wantStatus(t, revisionForm(b, a.ID, revisedStory), http.StatusCreated)
	mark := "/claims/" + itoa(c.ID) + "/parties/" + itoa(c.Parties[0].ID) + "/mark"

	start, end := span(t, storyText, "Pellmoor council")
	doc := wantFragment(t, b.fragment(mark, url.Values{"start": {strconv.Itoa(start)}, "end": {strconv.Itoa(end)}, "revision": {"1"}}), http.StatusOK)
	if got := doc.Find(testid("party-marked")).Text(); got != "“Pellmoor council”" {
		t.Errorf("the party is marked on %s", got)
	}
	ns, ne := span(t, revisedStory, "Pellmoor council")
	if got := doc.Find(testid("party-marked")).AttrOr("title", ""); got != strconv.Itoa(ns)+"–"+strconv.Itoa(ne) {
		t.Errorf("the party is marked at %s, want %d–%d in revision 2", got, ns, ne)
	}

	start, end = span(t, storyText, "port authority")
	doc = wantFragment(t, b.fragment(mark, url.Values{"start": {strconv.Itoa(start)}, "end": {strconv.Itoa(end)}, "revision": {"1"}}), http.StatusConflict)
	if got := doc.Find(testid("error-party.mark")).Text(); !strings.HasPrefix(got, "The article was updated to revision 2 by ed after you selected “port authority” in revision 1") {
		t.Errorf("error beside the mark button: %q", got)
	}
}

// TestNewRevisionPastedFromPage: the New revision form's text pasted from a
// web page comes with its HTML (static/js/clipboard.js); the revision keeps
// the page's structure and links, resolved against the article's URL.
func TestNewRevisionPastedFromPage(t *testing.T) {
	e := newEnv(t)
	a := e.createArticleAt("Ferry", storyText, "https://ledger.example/news/ferry")
	b := e.loggedIn("ed")
	html := `<h2>Ferry link backed</h2><p>The council voted 7–2 on Tuesday, <a href="/minutes/7">the minutes</a> say.</p>`
	rec := b.fragment("/articles/"+itoa(a.ID)+"/revisions", url.Values{"_csrf": {b.csrf()}, "source": {"text"},
		"text": {"Ferry link backed\nThe council voted 7–2 on Tuesday, the minutes say."}, "html": {html}})
	wantStatus(t, rec, http.StatusCreated)
	rec = e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/revisions/2", "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	r2 := decode[struct {
		revisionItem
		Blocks []struct{ Kind string }
	}](t, rec)
	if r2.Origin != "html" {
		t.Errorf("origin %q, want html", r2.Origin)
	}
	if len(r2.Blocks) != 2 || r2.Blocks[0].Kind != "heading" {
		t.Errorf("blocks %+v, want a heading and a paragraph", r2.Blocks)
	}
	if len(r2.Links) != 1 || r2.Links[0].Href != "https://ledger.example/minutes/7" {
		t.Errorf("links %+v, want the minutes resolved against the article's URL", r2.Links)
	}
	if r2.Text != "Ferry link backed\n\nThe council voted 7–2 on Tuesday, the minutes say." {
		t.Errorf("text %q", r2.Text)
	}
}
