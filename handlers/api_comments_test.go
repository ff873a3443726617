package handlers_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/auth"
)

// feedToken gives user an Atom feed token and returns it.
func (e *env) feedToken(user string) string {
	e.tb.Helper()
	token, err := auth.NewToken()
	if err != nil {
		e.tb.Fatal(err)
	}
	if err := e.db.SetFeedToken(context.Background(), user, auth.HashToken(token)); err != nil {
		e.tb.Fatal(err)
	}
	return token
}

type apiComment struct {
	ID      int64  `json:"id"`
	ClaimID int64  `json:"claim_id"`
	Author  string `json:"author"`
	Body    string `json:"body"`
	Edited  bool   `json:"edited"`
}

func TestCommentsAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	path := "/api/v1/claims/" + itoa(c.ID) + "/comments"

	rec := e.api(http.MethodPost, path, "ed", map[string]any{"body": "@ada see https://pellmoor.example/fares"})
	wantStatus(t, rec, http.StatusCreated)
	cm := decode[apiComment](t, rec)
	if cm.Author != "ed" {
		t.Errorf("author %q, want ed", cm.Author)
	}
	list := decode[struct {
		Comments []apiComment `json:"comments"`
	}](t, e.api(http.MethodGet, path, "vi", nil))
	if len(list.Comments) != 1 || list.Comments[0].ID != cm.ID {
		t.Errorf("comments %+v, want ed's", list.Comments)
	}

	type inbox struct {
		Unread        int `json:"unread"`
		Notifications []struct {
			ID   int64  `json:"id"`
			Kind string `json:"kind"`
			Text string `json:"text"`
			URL  string `json:"url"`
		} `json:"notifications"`
	}
	got := decode[inbox](t, e.api(http.MethodGet, "/api/v1/me/notifications", "ada", nil))
	if got.Unread != 1 {
		t.Errorf("ada has %d unread, want 1", got.Unread)
	}
	if len(got.Notifications) != 1 || got.Notifications[0].Kind != "mentioned" {
		t.Fatalf("ada's notifications %+v, want the mention", got.Notifications)
	}
	if want := "/articles/" + itoa(a.ID) + "?claim=" + itoa(c.ID); got.Notifications[0].URL != want {
		t.Errorf("notification url %q, want %q", got.Notifications[0].URL, want)
	}

	tests := []struct {
		name   string
		method string
		path   string
		user   string
		body   any
		status int
		code   string
		field  string
	}{
		{"empty body", http.MethodPost, path, "ed", map[string]any{"body": "  "}, http.StatusBadRequest, "invalid", "body"},
		{"unknown claim", http.MethodPost, "/api/v1/claims/999/comments", "ed", map[string]any{"body": "hi"}, http.StatusNotFound, "not_found", ""},
		{"a viewer may not comment", http.MethodPost, path, "vi", map[string]any{"body": "hi"}, http.StatusForbidden, "forbidden", ""},
		{"another's comment", http.MethodPatch, "/api/v1/comments/" + itoa(cm.ID), "ada", map[string]any{"body": "mine"}, http.StatusForbidden, "forbidden", ""},
		{"deleting another's comment", http.MethodDelete, "/api/v1/comments/" + itoa(cm.ID), "ada", nil, http.StatusForbidden, "forbidden", ""},
		{"marking another's notification", http.MethodPost, "/api/v1/me/notifications/" + itoa(got.Notifications[0].ID) + "/read", "ed", nil, http.StatusNotFound, "not_found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(tt.method, tt.path, tt.user, tt.body), tt.status, tt.code, tt.field)
		})
	}

	rec = e.api(http.MethodPatch, "/api/v1/comments/"+itoa(cm.ID), "ed", map[string]any{"body": "@ada fare table attached"})
	wantStatus(t, rec, http.StatusOK)
	if cm := decode[apiComment](t, rec); !cm.Edited {
		t.Errorf("the edited comment is not marked edited")
	}
	wantStatus(t, e.api(http.MethodPost, "/api/v1/me/notifications/read-all", "ada", nil), http.StatusNoContent)
	if got := decode[inbox](t, e.api(http.MethodGet, "/api/v1/me/notifications", "ada", nil)); got.Unread != 0 {
		t.Errorf("ada has %d unread after marking all read", got.Unread)
	}
	wantStatus(t, e.api(http.MethodDelete, "/api/v1/comments/"+itoa(cm.ID), "ed", nil), http.StatusNoContent)
	list = decode[struct {
		Comments []apiComment `json:"comments"`
	}](t, e.api(http.MethodGet, path, "vi", nil))
	if len(list.Comments) != 0 {
		t.Errorf("comments %+v after the delete, want none", list.Comments)
	}

	t.Run("never in a public export", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, path, "ed", map[string]any{"body": "SECRET-COMMENT-MARKER"}), http.StatusCreated)
		wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"status": "verified"}), http.StatusOK)
		wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/publish", "ed", map[string]any{"rationale": "The fare table lists €4."}), http.StatusOK)
		for _, format := range []string{"html", "markdown", "csv"} {
			rec := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format="+format+"&edition=public", "ed", nil)
			wantStatus(t, rec, http.StatusOK)
			if strings.Contains(rec.Body.String(), "SECRET-COMMENT-MARKER") {
				t.Errorf("the public %s export holds a comment", format)
			}
		}
		for _, p := range []string{"/reviews/" + itoa(c.ID)} {
			rec := e.serve(httptestGet(p))
			if strings.Contains(rec.Body.String(), "SECRET-COMMENT-MARKER") {
				t.Errorf("%s holds a comment", p)
			}
		}
	})
}

func TestPanelComments(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	ed := e.loggedIn("ed")
	body := `@ada look: https://pellmoor.example/fares <script>alert(1)</script> and javascript:alert(2)`
	doc := wantFragment(t, ed.fragment("/claims/"+itoa(c.ID)+"/comments", url.Values{"body": {body}}), http.StatusOK)
	if n := doc.Find(testid("comment")).Length(); n != 1 {
		t.Fatalf("%d comments shown, want 1", n)
	}
	links := doc.Find(testid("comment-body") + " a")
	if links.Length() != 1 {
		t.Fatalf("%d links in the comment, want only the https one", links.Length())
	}
	if href := links.AttrOr("href", ""); href != "https://pellmoor.example/fares" {
		t.Errorf("link %q", href)
	}
	if doc.Find(testid("comment-body")+" script").Length() != 0 {
		t.Errorf("the comment's markup was not escaped")
	}
	if m := doc.Find(testid("comment-body") + " .mention").Text(); m != "@ada" {
		t.Errorf("mention %q, want @ada", m)
	}
	doc = wantFragment(t, ed.fragment("/claims/"+itoa(c.ID)+"/comments", url.Values{"body": {""}}), http.StatusBadRequest)
	if doc.Find(testid("error-comment.body")).Length() != 1 {
		t.Errorf("no error beside an empty comment")
	}
	// The header counts ada's unread notification; the inbox lists it.
	ada := e.loggedIn("ada")
	home := parseHTML(t, ada.get("/"))
	if n := home.Find(testid("unread-count")).Text(); n != "1" {
		t.Errorf("unread count %q, want 1", n)
	}
	inbox := parseHTML(t, ada.get("/notifications"))
	if s := inbox.Find(testid("notification-link")).Text(); !strings.HasPrefix(s, "Ed mentioned you") && !strings.HasPrefix(s, "ed mentioned you") {
		t.Errorf("notification reads %q", s)
	}
}

func TestFeed(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/comments", "ed", map[string]any{"body": "@ada <b>check</b>"}), http.StatusCreated)
	rec := e.api(http.MethodPost, "/api/v1/me/feed-token", "ada", nil)
	wantStatus(t, rec, http.StatusCreated)
	feedURL := decode[struct {
		URL string `json:"url"`
	}](t, rec).URL
	u, err := url.Parse(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	feed := e.serve(httptestGet(u.Path))
	wantStatus(t, feed, http.StatusOK)
	if ct := feed.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("Content-Type %q", ct)
	}
	var f struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(feed.Body.Bytes(), &f); err != nil {
		t.Fatalf("the feed is no XML: %v\n%s", err, feed.Body)
	}
	if len(f.Entries) != 1 || !strings.Contains(f.Entries[0].Title, "<b>check</b>") {
		t.Errorf("entries %+v, want the mention with its text", f.Entries)
	}
	wantStatus(t, e.api(http.MethodDelete, "/api/v1/me/feed-token", "ada", nil), http.StatusNoContent)
	wantStatus(t, e.serve(httptestGet(u.Path)), http.StatusNotFound)
}

// httptestGet is an anonymous GET of path.
func httptestGet(path string) *http.Request {
	return httptest.NewRequest(http.MethodGet, path, nil)
}
