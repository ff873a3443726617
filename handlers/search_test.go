package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// searchJSON is the API's search answer.
type searchJSON struct {
	Query  string `json:"query"`
	Page   int    `json:"page"`
	Groups []struct {
		Type    string `json:"type"`
		Total   int    `json:"total"`
		Results []struct {
			Type      string `json:"type"`
			ID        int64  `json:"id"`
			ArticleID int64  `json:"article_id"`
			Title     string `json:"title"`
			Status    string `json:"status"`
			Snippet   struct {
				Text  string   `json:"text"`
				Marks [][2]int `json:"marks"`
			} `json:"snippet"`
		} `json:"results"`
	} `json:"groups"`
}

func (s searchJSON) group(tb testing.TB, t string) int {
	tb.Helper()
	for i, g := range s.Groups {
		if g.Type == t {
			return i
		}
	}
	tb.Fatalf("no %s group in %+v", t, s)
	return -1
}

func TestSearchAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"statement": "The council voted 7–2 for the ferry", "kind": "number",
		"note": "the minutes mention a recount", "parties": []map[string]any{{"name": "Pellmoor council", "role": "participant"}}})

	rec := e.api(http.MethodGet, "/api/v1/search?q=recount", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	got := decode[searchJSON](t, rec)
	g := got.Groups[got.group(t, "claims")]
	if g.Total != 1 {
		t.Fatalf("claims total = %d, want 1", g.Total)
	}
	r := g.Results[0]
	if r.ID != c.ID {
		t.Errorf("claim id = %d, want %d", r.ID, c.ID)
	}
	if r.ArticleID != a.ID {
		t.Errorf("article id = %d, want %d", r.ArticleID, a.ID)
	}
	if r.Snippet.Text != "the minutes mention a recount" {
		t.Errorf("snippet = %q", r.Snippet.Text)
	}
	if len(r.Snippet.Marks) != 1 {
		t.Fatalf("marks = %v, want one", r.Snippet.Marks)
	}
	if m := r.Snippet.Marks[0]; string([]rune(r.Snippet.Text)[m[0]:m[1]]) != "recount" {
		t.Errorf("marked %q, want recount", string([]rune(r.Snippet.Text)[m[0]:m[1]]))
	}
	if got.Query != "q=recount" {
		t.Errorf("query = %q", got.Query)
	}

	rec = e.api(http.MethodGet, "/api/v1/search?q=pellmoor&type=articles", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	got = decode[searchJSON](t, rec)
	if len(got.Groups) != 1 {
		t.Fatalf("groups = %d, want the articles only", len(got.Groups))
	}
	if got.Groups[0].Results[0].ID != a.ID {
		t.Errorf("article = %d, want %d", got.Groups[0].Results[0].ID, a.ID)
	}

	rec = e.api(http.MethodGet, "/api/v1/search?q=council&status=unchecked&kind=number", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	got = decode[searchJSON](t, rec)
	if n := got.Groups[got.group(t, "claims")].Total; n != 1 {
		t.Errorf("claims with filters = %d, want 1", n)
	}
}

// TestSearchAPIRefusesBadInput: every bad parameter is a 400 naming it,
// and no query text is a 500 (newEnv fails the test on a logged error).
func TestSearchAPIRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	e.createClaim(a, "voted 7–2 on Tuesday", nil)
	for _, tc := range []struct{ query, field string }{
		{"", "q"},
		{"q=%22", "q"},
		{"q=*", "q"},
		{"q=-", "q"},
		{"q=(((", "q"},
		{"q=" + strings.Repeat("a", 501), "q"},
		{"q=a&type=comets", "type"},
		{"q=a&status=done", "status"},
		{"q=a&kind=rumour", "kind"},
		{"q=a&published=soon", "published"},
		{"q=a&from=2026-02-30", "from"},
		{"q=a&to=tomorrow", "to"},
		{"q=a&page=-1", "page"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			rec := e.api(http.MethodGet, "/api/v1/search?"+tc.query, "vi", nil)
			wantError(t, rec, http.StatusBadRequest, "invalid", tc.field)
		})
	}
	for _, q := range []string{"AND", "NEAR(", "NEAR(a b, 3)", "a OR b", "\"voted", "voted*", "🚢", "李明", "مرحبا", "{text}: x", "^x", "x:y", "a -b"} {
		rec := e.api(http.MethodGet, "/api/v1/search?q="+url.QueryEscape(q), "vi", nil)
		if rec.Code != http.StatusOK {
			t.Errorf("q=%q: status %d, want 200; %s", q, rec.Code, rec.Body)
		}
	}
}

func TestSearchPage(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"note": "a <script>recount</script> was asked for"})
	b := e.loggedIn("vi")

	rec := b.get("/search?q=recount")
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	res := doc.Find(testid("results-claims") + " " + testid("search-result"))
	if res.Length() != 1 {
		t.Fatalf("claim results = %d, want 1", res.Length())
	}
	href := res.Find(testid("result-link")).AttrOr("href", "")
	if want := "/articles/" + itoa(a.ID) + "?claim=" + itoa(c.ID); href != want {
		t.Errorf("result link = %q, want %q", href, want)
	}
	if got := res.Find(testid("result-snippet") + " mark").Text(); got != "recount" {
		t.Errorf("marked = %q, want recount", got)
	}
	if n := doc.Find(testid("result-snippet") + " script").Length(); n != 0 {
		t.Errorf("the note's markup became %d elements", n)
	}
	if got := doc.Find(testid("search-q")).AttrOr("value", ""); got != "recount" {
		t.Errorf("search box = %q", got)
	}
	if n := doc.Find(testid("header-search")).Length(); n != 1 {
		t.Errorf("header search boxes = %d, want 1", n)
	}

	// A bad filter is shown beside its field, with a 400.
	rec = b.get("/search?q=recount&from=someday")
	wantStatus(t, rec, http.StatusBadRequest)
	doc = parseHTML(t, rec)
	if doc.Find(testid("error-from")).Length() != 1 {
		t.Errorf("no error beside from")
	}
	if got := doc.Find(testid("filter-from")).AttrOr("value", ""); got != "someday" {
		t.Errorf("from kept as %q", got)
	}
}

func TestSavedSearches(t *testing.T) {
	e := newEnv(t)
	e.createArticle("Ferry link", storyText)
	vi := e.loggedIn("vi")
	ed := e.loggedIn("ed")

	rec := vi.post("/search/saved", url.Values{"_csrf": {vi.csrf()}, "name": {"Ferry"}, "query": {"q=ferry&status=unchecked"}})
	wantStatus(t, rec, http.StatusSeeOther)
	if loc := rec.Header().Get("Location"); loc != "/search?q=ferry&status=unchecked" {
		t.Errorf("redirect to %q", loc)
	}
	doc := parseHTML(t, vi.get("/search"))
	saved := doc.Find(testid("saved-search-link"))
	if saved.Length() != 1 {
		t.Fatalf("saved searches = %d, want 1", saved.Length())
	}
	if got := saved.AttrOr("href", ""); got != "/search?q=ferry&status=unchecked" {
		t.Errorf("saved link = %q", got)
	}
	// Another user does not see it, nor can delete it.
	if n := parseHTML(t, ed.get("/search")).Find(testid("saved-search")).Length(); n != 0 {
		t.Errorf("ed sees %d saved searches, want 0", n)
	}
	action := doc.Find(testid("saved-search")+" form").AttrOr("action", "")
	rec = ed.post(action, url.Values{"_csrf": {ed.csrf()}})
	wantStatus(t, rec, http.StatusNotFound)

	// Without a CSRF token, nothing is saved.
	rec = vi.post("/search/saved", url.Values{"name": {"Other"}, "query": {"q=x"}})
	wantStatus(t, rec, http.StatusForbidden)

	// A bad saved query or a missing name is refused beside the name.
	for _, form := range []url.Values{
		{"name": {""}, "query": {"q=ferry"}},
		{"name": {"Bad"}, "query": {"q=ferry&status=done"}},
		{"name": {"Empty"}, "query": {""}},
	} {
		form.Set("_csrf", vi.csrf())
		rec = vi.post("/search/saved", form)
		wantStatus(t, rec, http.StatusBadRequest)
		if parseHTML(t, rec).Find(testid("error-name")).Length() != 1 {
			t.Errorf("%v: no error beside the name", form)
		}
	}

	rec = vi.post(action, url.Values{"_csrf": {vi.csrf()}})
	wantStatus(t, rec, http.StatusSeeOther)
	if n := parseHTML(t, vi.get("/search")).Find(testid("saved-search")).Length(); n != 0 {
		t.Errorf("saved searches after delete = %d, want 0", n)
	}
}
