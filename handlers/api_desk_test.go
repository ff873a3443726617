package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// deskClaim is the desk's part of the API's claim.
type deskClaim struct {
	ID       int64  `json:"id"`
	Assignee string `json:"assignee"`
	Due      string `json:"due"`
	Version  int    `json:"version"`
}

// deskArticle is the desk's part of the API's article.
type deskArticle struct {
	ID       int64  `json:"id"`
	Assignee string `json:"assignee"`
	Due      string `json:"due"`
	Version  int    `json:"version"`
}

// deactivate deactivates user's account.
func (e *env) deactivate(user string) {
	e.tb.Helper()
	inactive := false
	if _, err := e.db.UpdateUser(context.Background(), user, model.UserChange{Active: &inactive}); err != nil {
		e.tb.Fatal(err)
	}
}

func TestAssignClaimAPI(t *testing.T) {
	e := newEnv(t)
	e.addUser("old", model.UserEditor)
	e.deactivate("old")
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	path := "/api/v1/claims/" + itoa(c.ID)

	rec := e.api(http.MethodPatch, path, "ed", map[string]any{"assignee": "ada", "due": "2026-03-02"}, "If-Match", `"1"`)
	wantStatus(t, rec, http.StatusOK)
	got := decode[deskClaim](t, rec)
	if got.Assignee != "ada" {
		t.Errorf("assignee %q, want ada", got.Assignee)
	}
	if got.Due != "2026-03-02" {
		t.Errorf("due %q, want 2026-03-02", got.Due)
	}
	if etag := rec.Header().Get("ETag"); etag != `"2"` {
		t.Errorf("ETag %s, want \"2\"", etag)
	}
	history := decode[struct {
		Events []struct {
			Field, From, To, User string
		} `json:"events"`
	}](t, e.api(http.MethodGet, path+"/history", "vi", nil))
	var fields []string
	for _, ev := range history.Events {
		fields = append(fields, ev.Field)
	}
	if len(fields) != 3 || fields[1] != "assignee" || fields[2] != "due" {
		t.Errorf("history fields %v, want claim, assignee, due", fields)
	}

	tests := []struct {
		name   string
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"unknown assignee", map[string]any{"assignee": "zed"}, http.StatusBadRequest, "invalid", "assignee"},
		{"deactivated assignee", map[string]any{"assignee": "old"}, http.StatusBadRequest, "invalid", "assignee"},
		{"due not a date", map[string]any{"due": "tomorrow"}, http.StatusBadRequest, "invalid", "due"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPatch, path, "ed", tt.body), tt.status, tt.code, tt.field)
			now := decode[deskClaim](t, e.api(http.MethodGet, path, "ed", nil))
			if now.Assignee != "ada" {
				t.Errorf("assignee %q after a refused change, want ada", now.Assignee)
			}
		})
	}
	t.Run("a viewer may not assign", func(t *testing.T) {
		wantError(t, e.api(http.MethodPatch, path, "vi", map[string]any{"assignee": "vi"}), http.StatusForbidden, "forbidden", "")
	})
}

func TestAssignArticleAPI(t *testing.T) {
	e := newEnv(t)
	e.addUser("old", model.UserEditor)
	e.deactivate("old")
	a := e.createArticle("Ferry link", storyText)
	path := "/api/v1/articles/" + itoa(a.ID)

	rec := e.api(http.MethodPatch, path, "ed", map[string]any{"assignee": "ed", "due": "2026-03-05"}, "If-Match", `"1"`)
	wantStatus(t, rec, http.StatusOK)
	got := decode[deskArticle](t, rec)
	if got.Assignee != "ed" {
		t.Errorf("assignee %q, want ed", got.Assignee)
	}
	if got.Due != "2026-03-05" {
		t.Errorf("due %q, want 2026-03-05", got.Due)
	}
	if again := decode[deskArticle](t, e.api(http.MethodGet, path, "vi", nil)); again.Assignee != "ed" {
		t.Errorf("GET gives assignee %q, want ed", again.Assignee)
	}
	list := decode[struct {
		Articles []deskArticle `json:"articles"`
	}](t, e.api(http.MethodGet, "/api/v1/articles", "vi", nil))
	if len(list.Articles) != 1 || list.Articles[0].Due != "2026-03-05" {
		t.Errorf("list %+v, want the article due 2026-03-05", list.Articles)
	}
	events := decode[struct {
		Events []struct {
			Field, From, To, User string
		} `json:"events"`
	}](t, e.api(http.MethodGet, path+"/history", "vi", nil))
	if len(events.Events) != 2 {
		t.Fatalf("%d events, want 2: %+v", len(events.Events), events.Events)
	}
	if ev := events.Events[0]; ev.Field != "assignee" || ev.To != "ed" || ev.User != "ed" {
		t.Errorf("first event %+v, want ed's assignee → ed", ev)
	}

	tests := []struct {
		name    string
		body    any
		headers []string
		status  int
		code    string
		field   string
	}{
		{"unknown assignee", map[string]any{"assignee": "zed"}, nil, http.StatusBadRequest, "invalid", "assignee"},
		{"deactivated assignee", map[string]any{"assignee": "old"}, nil, http.StatusBadRequest, "invalid", "assignee"},
		{"due not a date", map[string]any{"due": "2026-13-01"}, nil, http.StatusBadRequest, "invalid", "due"},
		{"unknown field", map[string]any{"asignee": "ed"}, nil, http.StatusBadRequest, "invalid", "asignee"},
		{"stale If-Match", map[string]any{"assignee": "ada"}, []string{"If-Match", `"1"`}, http.StatusPreconditionFailed, "precondition_failed", ""},
		{"metadata too", map[string]any{"assignee": "ada", "title": "New"}, nil, http.StatusBadRequest, "invalid", "assignee"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPatch, path, "ed", tt.body, tt.headers...), tt.status, tt.code, tt.field)
			if now := decode[deskArticle](t, e.api(http.MethodGet, path, "ed", nil)); now.Assignee != "ed" {
				t.Errorf("assignee %q after a refused change, want ed", now.Assignee)
			}
		})
	}
	t.Run("a viewer may not assign", func(t *testing.T) {
		wantError(t, e.api(http.MethodPatch, path, "vi", map[string]any{"assignee": "vi"}), http.StatusForbidden, "forbidden", "")
	})
	t.Run("unknown article", func(t *testing.T) {
		wantError(t, e.api(http.MethodPatch, "/api/v1/articles/999", "ed", map[string]any{"assignee": "ed"}), http.StatusNotFound, "not_found", "")
	})
}

func TestMyWork(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c1 := e.createClaim(a, "Tickets will cost €4", map[string]any{"assignee": "vi"})
	c2 := e.createClaim(a, "the first boat", map[string]any{"assignee": "vi"})
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c2.ID), "ed", map[string]any{"due": "2026-03-01"}), http.StatusOK)
	e.createClaim(a, "Astrid Bay", map[string]any{"assignee": "ed"})

	type work struct {
		User     string `json:"user"`
		Articles []struct {
			ID     int64 `json:"id"`
			Claims []struct {
				ID      int64  `json:"id"`
				Due     string `json:"due"`
				Overdue bool   `json:"overdue"`
				URL     string `json:"url"`
			} `json:"claims"`
		} `json:"articles"`
	}
	got := decode[work](t, e.api(http.MethodGet, "/api/v1/me/work", "vi", nil))
	if got.User != "vi" {
		t.Errorf("user %q, want vi", got.User)
	}
	if len(got.Articles) != 1 {
		t.Fatalf("%d articles, want 1: %+v", len(got.Articles), got.Articles)
	}
	claims := got.Articles[0].Claims
	if len(claims) != 2 {
		t.Fatalf("%d claims, want 2: %+v", len(claims), claims)
	}
	if claims[0].ID != c2.ID {
		t.Errorf("first claim %d, want the overdue one, %d", claims[0].ID, c2.ID)
	}
	if !claims[0].Overdue {
		t.Errorf("the claim due 2026-03-01 is not overdue on the test clock's 2026-03-02")
	}
	if claims[1].ID != c1.ID {
		t.Errorf("second claim %d, want %d", claims[1].ID, c1.ID)
	}
	if want := "/articles/" + itoa(a.ID) + "?claim=" + itoa(c2.ID); claims[0].URL != want {
		t.Errorf("url %q, want %q", claims[0].URL, want)
	}

	t.Run("the page", func(t *testing.T) {
		doc := parseHTML(t, e.loggedIn("vi").get("/work"))
		links := doc.Find(testid("work-claim-link"))
		if links.Length() != 2 {
			t.Fatalf("%d claim links, want 2", links.Length())
		}
		if href := links.First().AttrOr("href", ""); href != claims[0].URL {
			t.Errorf("first link %q, want %q", href, claims[0].URL)
		}
		if s := doc.Find(testid("due-note")).First().Text(); s != "overdue since 2026-03-01" {
			t.Errorf("due note %q", s)
		}
		if doc.Find(testid("nav-work")).Length() != 1 {
			t.Errorf("no My work link in the header")
		}
	})
	t.Run("nothing assigned", func(t *testing.T) {
		doc := parseHTML(t, e.loggedIn("ada").get("/work"))
		if doc.Find(testid("no-work")).Length() != 1 {
			t.Errorf("no empty message for a user with no work")
		}
	})
	t.Run("needs a login", func(t *testing.T) {
		wantError(t, e.api(http.MethodGet, "/api/v1/me/work", "", nil), http.StatusUnauthorized, "unauthorized", "")
	})
}

func TestArticleStateAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	path := "/api/v1/articles/" + itoa(a.ID)
	wantStatus(t, e.api(http.MethodPatch, path, "ed", map[string]any{"state": "checking"}), http.StatusOK)

	rec := e.api(http.MethodPatch, path, "ed", map[string]any{"state": "ready"})
	wantError(t, rec, http.StatusConflict, "conflict", "state", "claim #1 is unchecked")
	got := decode[struct {
		Blockers []struct {
			ClaimID int64  `json:"claim_id"`
			Number  int    `json:"number"`
			Reason  string `json:"reason"`
		} `json:"blockers"`
	}](t, rec)
	if len(got.Blockers) != 2 {
		t.Fatalf("blockers %+v, want two", got.Blockers)
	}
	if got.Blockers[0].ClaimID != c.ID {
		t.Errorf("blocker names claim %d, want %d", got.Blockers[0].ClaimID, c.ID)
	}
	if got.Blockers[1].Reason != "has no source" {
		t.Errorf("second blocker %q", got.Blockers[1].Reason)
	}
	wantError(t, e.api(http.MethodPatch, path, "ed", map[string]any{"state": "finished"}), http.StatusBadRequest, "invalid", "state")

	t.Run("the workspace's form lists the blockers", func(t *testing.T) {
		b := e.loggedIn("ed")
		form := url.Values{"state": {"ready"}, "_csrf": {b.csrf()}}
		doc := wantFragment(t, b.post("/articles/"+itoa(a.ID)+"/state", form, "HX-Request", "true"), http.StatusConflict)
		items := doc.Find(testid("blocker"))
		if items.Length() != 2 {
			t.Fatalf("%d blockers shown, want 2", items.Length())
		}
		if href := items.First().Find("a").AttrOr("href", ""); href != "/articles/"+itoa(a.ID)+"?claim="+itoa(c.ID) {
			t.Errorf("blocker link %q", href)
		}
		home := parseHTML(t, b.get("/"))
		if s := home.Find(testid("article-state-cell")).Text(); s != "Checking" {
			t.Errorf("the home page shows state %q, want Checking", s)
		}
	})
}

func TestDashboardPage(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	e.createClaim(a, "Tickets will cost €4", map[string]any{"assignee": "vi", "status": "verified"})
	b := e.loggedIn("vi")
	doc := parseHTML(t, b.get("/dashboard"))
	if doc.Find(testid("throughput-chart")+" rect").Length() != 2*8 {
		t.Errorf("the chart has %d bars, want two per week", doc.Find(testid("throughput-chart")+" rect").Length())
	}
	if doc.Find(testid("throughput-row")).Length() != 8 {
		t.Errorf("the table beside the chart has %d rows, want 8", doc.Find(testid("throughput-row")).Length())
	}
	link := doc.Find(testid("dash-assignee") + ` tr[data-key="vi"] a`)
	if link.Text() != "1" {
		t.Errorf("vi's count reads %q, want 1", link.Text())
	}
	list := parseHTML(t, b.get(link.AttrOr("href", "")))
	if n := list.Find(testid("desk-claim")).Length(); n != 1 {
		t.Errorf("the linked list shows %d claims, want 1", n)
	}
	state := doc.Find(testid("dash-state") + ` tr[data-key="draft"] a`)
	home := parseHTML(t, b.get(state.AttrOr("href", "")))
	if n := home.Find(testid("article-row")).Length(); n != 1 {
		t.Errorf("the draft articles' list shows %d, want 1", n)
	}
	empty := parseHTML(t, b.get("/?state=ready"))
	if n := empty.Find(testid("article-row")).Length(); n != 0 {
		t.Errorf("the ready articles' list shows %d, want 0", n)
	}
	rec := b.get("/desk/claims?status=done")
	if rec.Code != http.StatusBadRequest {
		t.Errorf("an unknown status filter answers %d, want 400", rec.Code)
	}
	d := decode[struct {
		Weeks []struct {
			Checked int `json:"checked"`
		} `json:"weeks"`
	}](t, e.api(http.MethodGet, "/api/v1/dashboard", "vi", nil))
	if len(d.Weeks) != 8 {
		t.Errorf("%d weeks in the API, want 8", len(d.Weeks))
	}
}
