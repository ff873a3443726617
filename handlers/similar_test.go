package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// similarPair makes an older article whose claim has a source, and a newer
// one with the same claim in other words.
func similarPair(t *testing.T, e *env) (older, newer claim) {
	t.Helper()
	a := e.createArticle("Ferry fares", "A single ticket on the Osterholm ferry now costs nine crowns, up from seven.")
	older = e.createClaim(a, "A single ticket on the Osterholm ferry now costs nine crowns, up from seven", map[string]any{
		"statement": "Osterholm ferry single ticket rose from 7 to 9 crowns", "status": "verified"})
	rec := e.api(http.MethodPost, "/api/v1/claims/"+itoa(older.ID)+"/sources", "ed", map[string]any{
		"url": "https://ferry.example/fares", "title": "Fare table", "excerpt": "Single: 9 cr.", "relation": "supports"})
	wantStatus(t, rec, http.StatusCreated)
	b := e.createArticle("Commuters count the cost", "The fare for one crossing on the Osterholm boat went up to nine crowns from seven.")
	newer = e.createClaim(b, "The fare for one crossing on the Osterholm boat went up to nine crowns from seven", map[string]any{
		"statement": "One Osterholm crossing now costs 9 crowns instead of 7"})
	return older, newer
}

func TestSimilarAPI(t *testing.T) {
	e := newEnv(t)
	older, newer := similarPair(t, e)

	rec := e.api(http.MethodGet, "/api/v1/claims/"+itoa(newer.ID)+"/similar", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	got := decode[struct {
		Similar []struct {
			ID      int64   `json:"id"`
			Status  string  `json:"status"`
			Score   float64 `json:"score"`
			Sources int     `json:"sources"`
		} `json:"similar"`
	}](t, rec)
	if len(got.Similar) != 1 {
		t.Fatalf("similar = %+v, want the older claim", got.Similar)
	}
	if got.Similar[0].ID != older.ID {
		t.Errorf("similar id = %d, want %d", got.Similar[0].ID, older.ID)
	}
	if got.Similar[0].Status != "verified" {
		t.Errorf("status = %q", got.Similar[0].Status)
	}
	if got.Similar[0].Sources != 1 {
		t.Errorf("sources = %d, want 1", got.Similar[0].Sources)
	}

	// Viewers may not link.
	rec = e.api(http.MethodPost, "/api/v1/claims/"+itoa(newer.ID)+"/same", "vi", map[string]any{"claim_id": older.ID})
	wantStatus(t, rec, http.StatusForbidden)
	rec = e.api(http.MethodPost, "/api/v1/claims/"+itoa(newer.ID)+"/same", "ed", map[string]any{"claim_id": 0})
	wantError(t, rec, http.StatusBadRequest, "invalid", "claim_id")
	rec = e.api(http.MethodPost, "/api/v1/claims/"+itoa(newer.ID)+"/same", "ed", map[string]any{"claim_id": older.ID})
	wantStatus(t, rec, http.StatusOK)
	rec = e.api(http.MethodPost, "/api/v1/claims/"+itoa(newer.ID)+"/same", "ed", map[string]any{"claim_id": older.ID})
	wantError(t, rec, http.StatusConflict, "conflict", "claim_id")

	// Shown on both, and in the JSON and W3C exports.
	rec = e.api(http.MethodGet, "/api/v1/claims/"+itoa(older.ID), "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), `"same_as":[{"id":`+itoa(newer.ID)) {
		t.Errorf("older claim's JSON has no same_as naming %d: %s", newer.ID, rec.Body)
	}
	rec = e.api(http.MethodGet, "/api/v1/articles/"+itoa(older.ArticleID)+"/export?format=json", "vi", nil)
	if !strings.Contains(rec.Body.String(), `"same_as"`) {
		t.Errorf("JSON export has no same_as")
	}
	rec = e.api(http.MethodGet, "/api/v1/articles/"+itoa(older.ArticleID)+"/export?format=w3c", "vi", nil)
	if !strings.Contains(rec.Body.String(), `"factmark:sameAs"`) || !strings.Contains(rec.Body.String(), "/annotations/"+itoa(newer.ArticleID)+"/"+itoa(newer.ID)) {
		t.Errorf("W3C export has no factmark:sameAs naming the newer claim: %s", rec.Body)
	}

	rec = e.api(http.MethodPost, "/api/v1/claims/"+itoa(newer.ID)+"/sources/copy", "ed", map[string]any{"from": older.ID})
	wantStatus(t, rec, http.StatusOK)
	copied := decode[struct {
		Copied int   `json:"copied"`
		Claim  claim `json:"claim"`
	}](t, rec)
	if copied.Copied != 1 {
		t.Errorf("copied = %d, want 1", copied.Copied)
	}
	if len(copied.Claim.Sources) != 1 || copied.Claim.Sources[0].Title != "Fare table" {
		t.Errorf("sources after copy = %+v", copied.Claim.Sources)
	}
	rec = e.api(http.MethodPost, "/api/v1/claims/"+itoa(newer.ID)+"/sources/copy", "ed", map[string]any{"from": older.ID})
	wantError(t, rec, http.StatusConflict, "conflict", "from")

	rec = e.api(http.MethodDelete, "/api/v1/claims/"+itoa(newer.ID)+"/same/"+itoa(older.ID), "ed", nil)
	wantStatus(t, rec, http.StatusNoContent)
	rec = e.api(http.MethodDelete, "/api/v1/claims/"+itoa(newer.ID)+"/same/"+itoa(older.ID), "ed", nil)
	wantStatus(t, rec, http.StatusNotFound)
}

func TestSimilarInPanel(t *testing.T) {
	e := newEnv(t)
	older, newer := similarPair(t, e)
	b := e.loggedIn("ed")

	rec := b.get("/claims/" + itoa(newer.ID) + "/panel")
	wantStatus(t, rec, http.StatusOK)
	if n := parseHTML(t, rec).Find(testid("similar-slot")).Length(); n != 1 {
		t.Fatalf("panel has %d similar slots, want 1 (loaded lazily)", n)
	}
	rec = b.get("/claims/" + itoa(newer.ID) + "/similar")
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	item := doc.Find(testid("similar-claim"))
	if item.Length() != 1 {
		t.Fatalf("similar claims = %d, want 1", item.Length())
	}
	if got := item.AttrOr("data-claim-id", ""); got != itoa(older.ID) {
		t.Errorf("similar claim = %s, want %d", got, older.ID)
	}

	rec = b.fragment("/claims/"+itoa(newer.ID)+"/same", url.Values{"claim_id": {itoa(older.ID)}})
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	if doc.Find(testid("same-claim")).Length() != 1 {
		t.Errorf("answer lists no same claim")
	}
	if doc.Find(testid("history")).Length() != 1 {
		t.Errorf("answer has no history section to swap out of band")
	}
	rec = b.fragment("/claims/"+itoa(newer.ID)+"/sources/copy", url.Values{"from": {itoa(older.ID)}})
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	if got := doc.Find(testid("sources") + " li").Length(); got != 1 {
		t.Errorf("sources in the answer = %d, want 1", got)
	}
	rec = b.fragment("/claims/"+itoa(newer.ID)+"/sources/copy", url.Values{"from": {itoa(older.ID)}})
	wantStatus(t, rec, http.StatusConflict)
	if parseHTML(t, rec).Find(testid("similar-error")).Length() != 1 {
		t.Errorf("a refused copy shows no error in the section")
	}
	// Viewers see the section without its forms.
	vi := e.loggedIn("vi")
	doc = parseHTML(t, vi.get("/claims/"+itoa(newer.ID)+"/similar"))
	if n := doc.Find("form").Length(); n != 0 {
		t.Errorf("a viewer gets %d forms", n)
	}
}
