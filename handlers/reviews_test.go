package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/factmark/factmark/handlers"
)

// A claim whose review is published has a public review page, the one
// ClaimReview's url names: readable without an account, escaped, with the
// markup embedded; a claim without a published review has none.
func TestPublicReviewPage(t *testing.T) {
	e := newEnv(t, withConfig(func(c *handlers.Config) {
		c.BaseURL, c.NewsroomName = "https://fact.example", "Lakeside Fact Desk"
	}))
	a := e.createArticle("Ferry talks", "The council invited Veloria <script>alert(1)</script> to the ferry talks.\n\nNobody else was asked.")
	reviewed := e.createClaim(a, "invited Veloria", map[string]any{"statement": "The council invited <b>Veloria</b>"})
	open := e.createClaim(a, "Nobody else was asked", nil)
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(reviewed.ID), "ed", map[string]any{"status": "misleading", "comment": "Kestania was invited too"}), http.StatusOK)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(reviewed.ID)+"/sources", "ed",
		map[string]any{"url": "https://council.example/minutes", "title": "Council minutes", "excerpt": "Veloria and Kestania", "relation": "contradicts"}), http.StatusCreated)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(reviewed.ID)+"/publish", "ed", map[string]any{"rationale": "Kestania was <i>invited</i> too"}), http.StatusOK)

	rec := e.serve(httptest.NewRequest(http.MethodGet, "/reviews/"+itoa(reviewed.ID), nil)) // no session, no token
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200 without logging in\n%s", rec.Code, rec.Body)
	}
	doc := parseHTML(t, rec)
	for id, want := range map[string]string{
		"review-statement": "The council invited <b>Veloria</b>",
		"review-verdict":   "Misleading",
		"review-rationale": "Kestania was <i>invited</i> too",
		"review-quote":     "invited Veloria",
	} {
		if got := strings.TrimSpace(doc.Find(testid(id)).Text()); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	for _, tag := range []string{"b", "i"} {
		if n := doc.Find(tag).Length(); n != 0 {
			t.Errorf("the statement's markup was rendered, not shown as text: %d <%s> elements", n, tag)
		}
	}
	if href, _ := doc.Find(testid("review-sources") + " a").Attr("href"); href != "https://council.example/minutes" {
		t.Errorf("source link %q", href)
	}
	scripts := doc.Find("script")
	if n := scripts.Length(); n != 1 {
		t.Fatalf("want exactly one script, the ld+json block; got %d", n)
	}
	if typ := scripts.AttrOr("type", ""); typ != "application/ld+json" {
		t.Fatalf("script type = %q, want application/ld+json", typ)
	}
	var reviews []map[string]any
	if err := json.Unmarshal([]byte(scripts.Text()), &reviews); err != nil || len(reviews) != 1 {
		t.Fatalf("embedded markup: %v (%d reviews)", err, len(reviews))
	}
	if got := reviews[0]["url"]; got != "https://fact.example/reviews/"+itoa(reviewed.ID) {
		t.Errorf("the review's url is %v, not this page", got)
	}
	for _, path := range []string{"/reviews/" + itoa(open.ID), "/reviews/9999", "/reviews/abc"} {
		if rec := e.serve(httptest.NewRequest(http.MethodGet, path, nil)); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, rec.Code)
		}
	}
}
