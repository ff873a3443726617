package handlers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/factmark/factmark/handlers"
)

// postMultipart submits the import form as the page does: multipart, with
// an optional file in the field "file".
func (b *browser) postMultipart(path string, form url.Values, fileName string, file []byte, headers ...string) *httptest.ResponseRecorder {
	b.e.tb.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for name, values := range form {
		for _, v := range values {
			if err := w.WriteField(name, v); err != nil {
				b.e.tb.Fatal(err)
			}
		}
	}
	if fileName != "" {
		part, err := w.CreateFormFile("file", fileName)
		if err != nil {
			b.e.tb.Fatal(err)
		}
		part.Write(file)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

// formValues reads back the form a preview answered with, as a browser
// would submit it (the ticked boxes only, no buttons, no file).
func formValues(doc *goquery.Document) url.Values {
	v := url.Values{}
	doc.Find(`#import-form input, #import-form textarea, #import-form select`).Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok {
			return
		}
		switch {
		case goquery.NodeName(s) == "textarea":
			v.Add(name, s.Text())
		case goquery.NodeName(s) == "select":
			v.Add(name, s.Find("option[selected]").AttrOr("value", ""))
		case s.AttrOr("type", "") == "checkbox":
			if _, checked := s.Attr("checked"); checked {
				v.Add(name, s.AttrOr("value", ""))
			}
		case s.AttrOr("type", "") == "file":
		default:
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	return v
}

// blockKinds lists the preview's blocks as kind:ticked ("heading:x",
// "caption:-").
func blockKinds(doc *goquery.Document) []string {
	var out []string
	doc.Find(testid("block-choice")).Each(func(_ int, s *goquery.Selection) {
		tick := "-"
		if _, ok := s.Find("input").Attr("checked"); ok {
			tick = "x"
		}
		out = append(out, s.AttrOr("data-kind", "")+":"+tick)
	})
	return out
}

// formRevision is a revision as the API lists it.
type formRevision struct {
	Version int    `json:"version"`
	Origin  string `json:"origin"`
	Page    *struct {
		SHA256   string `json:"sha256"`
		FinalURL string `json:"final_url"`
	} `json:"page"`
}

// revisionsOf returns the article's revisions as the API lists them.
func revisionsOf(t *testing.T, e *env, id string) []formRevision {
	t.Helper()
	rec := e.api(http.MethodGet, "/api/v1/articles/"+id+"/revisions", "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	return decode[struct {
		Revisions []formRevision `json:"revisions"`
	}](t, rec).Revisions
}

// savedID returns the id of the article a save redirected to.
func savedID(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: status %d, want 303\n%s", rec.Code, rec.Body)
	}
	return strings.TrimPrefix(rec.Header().Get("Location"), "/articles/")
}

// A URL fetched from the import page prefills the form (typed fields
// win), previews the blocks with their kinds and the caption unticked, and
// the save attaches the very page previewed: revision 1 has origin url and
// the page's SHA-256, and nothing is fetched twice.
func TestImportFormFetchesURL(t *testing.T) {
	fetches := 0
	mux := http.NewServeMux()
	mux.HandleFunc("/news/mill", func(w http.ResponseWriter, r *http.Request) {
		fetches++
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(webPage))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := newEnv(t, withConfig(allowPrivate))
	b := e.loggedIn("ed")
	rec := b.postMultipart("/articles/new", url.Values{"_csrf": {b.csrf()}, "url": {srv.URL + "/news/mill"}, "byline": {"Desk copy"}, "action": {"fetch"}}, "", nil)
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	for field, want := range map[string]string{
		"title": "Tidal mill reopens in Wexcombe", "byline": "Desk copy", "publication": "The Wexcombe Courier",
		"published_at": "2026-03-04T08:15:00Z", "lang": "en-GB", "url": srv.URL + "/news/mill",
	} {
		if got := doc.Find(`#import-form input[name="`+field+`"]`).AttrOr("value", ""); got != want {
			t.Errorf("%s prefilled %q, want %q", field, got, want)
		}
	}
	if got := strings.Join(blockKinds(doc), " "); got != "paragraph:x caption:- heading:x paragraph:x paragraph:x" {
		t.Errorf("blocks %s", got)
	}
	if got := doc.Find(testid("source-note")).Text(); !strings.Contains(got, "Fetched from "+srv.URL+"/news/mill") {
		t.Errorf("source note %q", got)
	}
	form := formValues(doc)
	form.Set("action", "save")
	id := savedID(t, b.postMultipart("/articles/new", form, "", nil))
	revs := revisionsOf(t, e, id)
	if len(revs) != 1 {
		t.Fatalf("%d revisions, want 1", len(revs))
	}
	if revs[0].Origin != "url" {
		t.Errorf("origin %q, want url", revs[0].Origin)
	}
	sum := sha256.Sum256([]byte(webPage))
	if revs[0].Page == nil || revs[0].Page.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("page %+v, want sha256 %x", revs[0].Page, sum)
	}
	if fetches != 1 {
		t.Errorf("the page was fetched %d times, want once", fetches)
	}
	a := decode[struct {
		Byline string `json:"byline"`
		Lang   string `json:"lang"`
		Text   string `json:"text"`
		Links  []struct {
			Href string `json:"href"`
		} `json:"links"`
	}](t, e.api(http.MethodGet, "/api/v1/articles/"+id, "ed", nil))
	if a.Byline != "Desk copy" {
		t.Errorf("byline %q: the typed one must win", a.Byline)
	}
	if a.Lang != "en-GB" {
		t.Errorf("lang %q", a.Lang)
	}
	if strings.Contains(a.Text, "restored wheel") {
		t.Error("the unticked caption was saved")
	}
	if len(a.Links) != 1 || a.Links[0].Href != srv.URL+"/reports/mill-grant" {
		t.Errorf("links %+v", a.Links)
	}
}

// An .html file uploaded is previewed like a fetched page, kept as the
// revision's page (origin upload), and saved without being sent again.
func TestImportFormUploadsFile(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	page := []byte(strings.Replace(webPage, `<meta charset="utf-8">`, `<meta charset="windows-1252">`, 1))
	page = bytes.Replace(page, []byte("Wexcombe Courier"), []byte("Wexcombe Caf\xe9 Courier"), 1)
	rec := b.postMultipart("/articles/new", url.Values{"_csrf": {b.csrf()}, "url": {"https://courier.example/mill"}}, "mill.html", page)
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	if got := doc.Find(`input[name="publication"]`).AttrOr("value", ""); got != "The Wexcombe Café Courier" {
		t.Errorf("publication %q: the file's charset was not applied", got)
	}
	if got := doc.Find(`input[name="page_origin"]`).AttrOr("value", ""); got != "upload" {
		t.Errorf("page origin %q", got)
	}
	form := formValues(doc)
	form.Set("action", "save")
	id := savedID(t, b.postMultipart("/articles/new", form, "", nil))
	revs := revisionsOf(t, e, id)
	if revs[0].Origin != "upload" {
		t.Errorf("origin %q, want upload", revs[0].Origin)
	}
	sum := sha256.Sum256(page)
	if revs[0].Page == nil || revs[0].Page.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("page %+v, want the file's sha256 %x", revs[0].Page, sum)
	}
	a := decode[struct {
		Links []struct {
			Href string `json:"href"`
		} `json:"links"`
	}](t, e.api(http.MethodGet, "/api/v1/articles/"+id, "ed", nil))
	if len(a.Links) != 1 || a.Links[0].Href != "https://courier.example/reports/mill-grant" {
		t.Errorf("links %+v: relative links resolve against the URL field", a.Links)
	}
}

// Pasted from a web page (the clipboard's text/html in the html field),
// the body keeps its kinds and links; the note says how many blocks.
func TestImportFormPastedHTML(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	html := `<h2>Ferry vote</h2><p>The council <a href="/minutes">voted</a> 7–2 on Tuesday.</p><blockquote>It is a good day.</blockquote><ul><li>Tickets: €4</li></ul>`
	rec := b.postMultipart("/articles/new", url.Values{"_csrf": {b.csrf()}, "html": {html}, "text": {"Ferry vote The council voted"},
		"url": {"https://news.example/ferry"}, "action": {"preview"}}, "", nil, "HX-Request", "true")
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	if doc.Find("html head title").Length() != 0 {
		t.Error("htmx got a whole page, want the form alone")
	}
	if got := strings.Join(blockKinds(doc), " "); got != "heading:x paragraph:x blockquote:x list_item:x" {
		t.Errorf("blocks %s", got)
	}
	if got := doc.Find(testid("source-note")).Text(); !strings.Contains(got, "Pasted from a web page: 4 blocks found") {
		t.Errorf("note %q", got)
	}
	if got := doc.Find(testid("block-kind")).First().Text(); got != "Heading 2" {
		t.Errorf("heading shown as %q", got)
	}
	form := formValues(doc)
	form.Set("title", "Ferry")
	form.Set("action", "save")
	rec = b.postMultipart("/articles/new", form, "", nil, "HX-Request", "true")
	if rec.Code != http.StatusNoContent || !strings.HasPrefix(rec.Header().Get("HX-Redirect"), "/articles/") {
		t.Fatalf("save: status %d, HX-Redirect %q\n%s", rec.Code, rec.Header().Get("HX-Redirect"), rec.Body)
	}
	id := strings.TrimPrefix(rec.Header().Get("HX-Redirect"), "/articles/")
	if revs := revisionsOf(t, e, id); revs[0].Origin != "html" || revs[0].Page != nil {
		t.Errorf("revision %+v, want origin html and no page", revs[0])
	}
	page := parseHTML(t, b.get("/articles/"+id))
	if got := page.Find(`#article-text a`).AttrOr("href", ""); got != "https://news.example/minutes" {
		t.Errorf("the workspace's link is %q", got)
	}
}

// HTML pasted with no address to resolve its links against keeps its
// absolute links only, and previews.
func TestImportFormPastedHTMLWithoutURL(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	html := `<p>The council <a href="/minutes">voted</a> on <a href="https://news.example/tuesday">Tuesday</a>.</p>`
	rec := b.postMultipart("/articles/new", url.Values{"_csrf": {b.csrf()}, "html": {html}, "title": {"Vote"}}, "", nil)
	wantStatus(t, rec, http.StatusOK)
	form := formValues(parseHTML(t, rec))
	form.Set("action", "save")
	id := savedID(t, b.postMultipart("/articles/new", form, "", nil))
	a := decode[struct {
		Links []struct {
			Href string `json:"href"`
		} `json:"links"`
	}](t, e.api(http.MethodGet, "/api/v1/articles/"+id, "ed", nil))
	if len(a.Links) != 1 || a.Links[0].Href != "https://news.example/tuesday" {
		t.Errorf("links %+v, want the absolute one alone", a.Links)
	}
}

// Each refusal is shown beside its field, with what was typed kept, and
// saves nothing.
func TestImportFormErrorsBesideFields(t *testing.T) {
	e := newEnv(t, withConfig(func(c *handlers.Config) { c.MaxBodyBytes = 256 << 10 }))
	b := e.loggedIn("ed")
	for _, tc := range []struct {
		name     string
		form     url.Values
		file     string
		body     []byte
		field    string
		contains string
	}{
		{"fetch without a URL", url.Values{"action": {"fetch"}, "title": {"Kept"}}, "", nil, "url", "Type the address"},
		{"fetch of a private address", url.Values{"action": {"fetch"}, "url": {"http://127.0.0.1:9/x"}, "title": {"Kept"}}, "", nil, "url", ""},
		{"a file that is not HTML", url.Values{"title": {"Kept"}}, "notes.pdf", []byte("%PDF-1.4"), "file", "not an HTML page"},
		{"a file too large", url.Values{"title": {"Kept"}}, "big.html", bytes.Repeat([]byte("<p>word</p>"), 19000), "file", "too large"},
		{"a page with no text", url.Values{"title": {"Kept"}}, "empty.html", []byte("<html><body><img src=x></body></html>"), "file", "No article text"},
		{"a language that is no tag", url.Values{"title": {"Kept"}, "text": {"One."}, "lang": {"English!"}}, "", nil, "lang", "tag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("_csrf", b.csrf())
			rec := b.postMultipart("/articles/new", tc.form, tc.file, tc.body)
			wantStatus(t, rec, http.StatusBadRequest)
			doc := parseHTML(t, rec)
			msg := doc.Find(testid("error-" + tc.field)).Text()
			if msg == "" {
				t.Fatalf("no error beside %s:\n%s", tc.field, rec.Body)
			}
			if !strings.Contains(msg, tc.contains) {
				t.Errorf("error %q, want it to say %q", msg, tc.contains)
			}
			if got := doc.Find(`input[name="title"]`).AttrOr("value", ""); got != "Kept" {
				t.Errorf("title %q: what was typed must be kept", got)
			}
		})
	}
	if n, _ := e.db.ListArticles(context.Background()); len(n) != 0 {
		t.Errorf("%d articles saved, want none", len(n))
	}
}

// A pending page is bound to the form that previewed it: another user
// replaying its id and token, a token for another page, or a page
// relabelled as fetched when it was uploaded cannot attach it.
func TestImportFormPendingPageIsBound(t *testing.T) {
	e := newEnv(t)
	ed := e.loggedIn("ed")
	rec := ed.postMultipart("/articles/new", url.Values{"_csrf": {ed.csrf()}, "title": {"Mill"}}, "mill.html", []byte(webPage))
	wantStatus(t, rec, http.StatusOK)
	form := formValues(parseHTML(t, rec))
	form.Set("action", "save")
	rec = ed.postMultipart("/articles/new", url.Values{"_csrf": {ed.csrf()}, "title": {"Other"}}, "other.html", []byte(strings.Replace(webPage, "flour", "bread", -1)))
	other := formValues(parseHTML(t, rec))

	ada := e.loggedIn("ada")
	for _, tc := range []struct {
		name string
		b    *browser
		edit func(url.Values)
	}{
		{"another user with the same id and token", ada, func(url.Values) {}},
		{"another page's token", ed, func(v url.Values) { v.Set("page_token", other.Get("page_token")) }},
		{"an upload said to be fetched", ed, func(v url.Values) { v.Set("page_origin", "url") }},
		{"an id typed by hand", ed, func(v url.Values) { v.Set("page_id", "x1") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := url.Values{}
			for k, vs := range form {
				v[k] = append([]string(nil), vs...)
			}
			tc.edit(v)
			v.Set("_csrf", tc.b.csrf())
			rec := tc.b.postMultipart("/articles/new", v, "", nil)
			wantStatus(t, rec, http.StatusBadRequest)
			doc := parseHTML(t, rec)
			if doc.Find(testid("error-file")).Length()+doc.Find(testid("error-url")).Length() != 1 {
				t.Errorf("no error beside the file or the URL:\n%s", rec.Body)
			}
		})
	}
	if n, _ := e.db.ListArticles(context.Background()); len(n) != 0 {
		t.Fatalf("%d articles saved, want none", len(n))
	}
	// The owner's form still saves it.
	form.Set("_csrf", ed.csrf())
	savedID(t, ed.postMultipart("/articles/new", form, "", nil))
}
