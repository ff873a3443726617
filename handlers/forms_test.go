package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// A form the server cannot parse is the client's fault: 400, not 500.
func TestUnreadableImportFormIs400(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	token := b.csrf()
	req, _ := http.NewRequest(http.MethodPost, "/articles/new?_csrf="+url.QueryEscape(token), strings.NewReader("garbage"))
	req.Header.Set("Content-Type", "multipart/form-data") // no boundary
	req.Header.Set("X-CSRF-Token", token)
	rec := b.do(req)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400\n%s", rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Body.String(), "could not be read") {
		t.Errorf("page does not say what went wrong:\n%s", rec.Body)
	}
}

// Logging in starts a new CSRF token: one seen before is no use after.
func TestLoginRotatesCSRFToken(t *testing.T) {
	e := newEnv(t)
	e.addUser("rosa", "editor")
	b := e.browser()
	before := b.csrf()
	rec := b.post("/login", url.Values{"_csrf": {before}, "name": {"rosa"}, "password": {password}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: status %d\n%s", rec.Code, rec.Body)
	}
	if _, ok := b.jar["factmark_presession"]; ok {
		t.Fatal("the pre-session cookie survived the login")
	}
	if after := b.csrf(); after == before || after == "" {
		t.Errorf("token after login %q, before %q: want a new one", after, before)
	}
}

// An editor who unticks blocks and then edits the text gets a new preview
// that keeps those blocks unticked, with a note saying why nothing was
// saved; "Preview again" keeps the ticks too.
func TestImportPreviewKeepsUntickedBlocks(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	text := "Talks open in Kestania.\n\nPhoto: the lakeside hall.\n\nThe ministry confirmed the date.\n\nAbout the writer"
	form := url.Values{"_csrf": {b.csrf()}, "title": {"Talks"}, "text": {text}, "action": {"preview"}}
	doc := parseHTML(t, b.post("/articles/new", form))
	var hashes []string
	doc.Find(`input[name="block_hash"]`).Each(func(_ int, s *goquery.Selection) { hashes = append(hashes, s.AttrOr("value", "")) })
	if len(hashes) != 4 {
		t.Fatalf("%d block hashes, want 4", len(hashes))
	}
	// Untick the caption (1) and the boilerplate (3), then edit the text
	// before saving: a new paragraph at the top moves every block.
	form.Set("action", "save")
	form.Set("text_hash", doc.Find(`input[name="text_hash"]`).AttrOr("value", ""))
	form["block_hash"] = hashes
	form["keep"] = []string{"0", "2"}
	form.Set("text", "Updated at noon.\n\n"+text)
	rec := b.post("/articles/new", form)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want the preview again", rec.Code)
	}
	doc = parseHTML(t, rec)
	if doc.Find(testid("import-notice")).Length() != 1 {
		t.Error("no notice says why the article was not saved")
	}
	var unticked []string
	doc.Find(testid("keep-block")).Each(func(_ int, s *goquery.Selection) {
		if _, checked := s.Attr("checked"); !checked {
			unticked = append(unticked, s.Parent().Find(".block-text").Text())
		}
	})
	if strings.Join(unticked, "|") != "Photo: the lakeside hall.|About the writer" {
		t.Errorf("unticked after the edit: %q", unticked)
	}
	if n, _ := e.db.ListArticles(context.Background()); len(n) != 0 {
		t.Errorf("%d articles saved, want none", len(n))
	}
}
