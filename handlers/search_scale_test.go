package handlers_test

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/model"
)

// copiesOfClaim writes n copies of claim id straight into the database
// (the search triggers note them and WriteSearchDocs indexes them, as the
// store does for its writes): ids after the last,
// statuses alternating verified and false.
func (e *env) copiesOfClaim(id int64, n int) {
	e.tb.Helper()
	w, err := sql.Open("sqlite", "file:"+e.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		e.tb.Fatal(err)
	}
	defer w.Close()
	tx, err := w.Begin()
	if err != nil {
		e.tb.Fatal(err)
	}
	defer tx.Rollback()
	_, err = tx.Exec(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
		INSERT INTO claims (id, number, article_id, start_pos, end_pos, exact, prefix, suffix, statement, kind, status, note, version,
			created_at, created_by, updated_at, updated_by, anchored_revision, verdict_revision)
		SELECT c.id + k.i, c.number + k.i, c.article_id, c.start_pos, c.end_pos, c.exact, c.prefix, c.suffix, c.statement, c.kind,
			CASE k.i % 2 WHEN 0 THEN 'verified' ELSE 'false' END, c.note, 1, c.created_at, c.created_by, c.updated_at, c.updated_by, 1, 1
		FROM claims c, k WHERE c.id = ?`, n, id)
	if err != nil {
		e.tb.Fatal(err)
	}
	// Written with its own SQL, like factmark-gen: the search documents
	// are its to write.
	if err := db.WriteSearchDocs(context.Background(), tx); err != nil {
		e.tb.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		e.tb.Fatal(err)
	}
}

// With filters, a common word's matches are looked through from the newest
// back to the model.SearchExamined-th: the total counts the claims that pass
// among those, and the results are the newest of them.
func TestSearchFiltersLookThroughTheNewestExamined(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"statement": "The council voted 7–2 for the ferry", "kind": "number"})
	extra := model.SearchExamined + 100
	e.copiesOfClaim(c.ID, extra)
	newest := c.ID + int64(extra)
	// One copy in four verified (i = extra, extra-4, …): 250 among the
	// newest examined, 275 among all the matches.
	w, err := sql.Open("sqlite", "file:"+e.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`UPDATE claims SET status = 'false' WHERE id > ? AND (? - id) % 4 <> 0`, c.ID, newest); err != nil {
		t.Fatal(err)
	}
	rec := e.api(http.MethodGet, "/api/v1/search?q=ferry&type=claims&status=verified", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	g := decode[searchMoreJSON](t, rec).Groups[0]
	if !g.More {
		t.Errorf("more = false for %d matches, want true", extra+1)
	}
	if want := model.SearchExamined / 4; g.Total != want {
		t.Errorf("total = %d, want %d (the verified among the %d newest matches)", g.Total, want, model.SearchExamined)
	}
	for i, r := range g.Results {
		if want := newest - 4*int64(i); r.ID != want || r.Status != "verified" {
			t.Errorf("result %d is claim %d (%s), want %d (verified, newest first)", i, r.ID, r.Status, want)
		}
	}
}

// searchMoreJSON is a search answer with the groups' More.
type searchMoreJSON struct {
	Groups []struct {
		Type    string `json:"type"`
		Total   int    `json:"total"`
		More    bool   `json:"more"`
		Results []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"results"`
	} `json:"groups"`
}

// Words more claims say than a search ranks (model.SearchRanked): the
// newest matches, newest first, filters applied, and the count says "more
// than".
func TestSearchCommonWordsShowNewestAndSayMore(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"statement": "The council voted 7–2 for the ferry", "kind": "number",
		"note": "the minutes mention a recount"})
	extra := model.SearchRanked + 100
	e.copiesOfClaim(c.ID, extra)
	newest := c.ID + int64(extra)

	rec := e.api(http.MethodGet, "/api/v1/search?q=ferry&type=claims", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	g := decode[searchMoreJSON](t, rec).Groups[0]
	if !g.More {
		t.Errorf("more = false for %d matches, want true", extra+1)
	}
	if g.Total != model.SearchRanked {
		t.Errorf("total = %d, want %d (the newest matches)", g.Total, model.SearchRanked)
	}
	if len(g.Results) != model.SearchPageSize {
		t.Fatalf("%d results, want a page of %d", len(g.Results), model.SearchPageSize)
	}
	for i, r := range g.Results {
		if want := newest - int64(i); r.ID != want {
			t.Errorf("result %d is claim %d, want %d (newest first)", i, r.ID, want)
		}
	}

	rec = e.api(http.MethodGet, "/api/v1/search?q=ferry&type=claims&status=verified", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	g = decode[searchMoreJSON](t, rec).Groups[0]
	if !g.More {
		t.Errorf("filtered: more = false, want true")
	}
	if g.Total != extra/2 {
		t.Errorf("filtered: total = %d, want %d (every verified copy: all matches are among the examined)", g.Total, extra/2)
	}
	for _, r := range g.Results {
		if r.Status != "verified" {
			t.Errorf("filtered: claim %d is %s, want verified", r.ID, r.Status)
		}
	}

	// A page past the newest matches is empty and still says "more".
	rec = e.api(http.MethodGet, "/api/v1/search?q=ferry&type=claims&page=60", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	g = decode[searchMoreJSON](t, rec).Groups[0]
	if len(g.Results) != 0 {
		t.Errorf("page 60: %d results, want none", len(g.Results))
	}
	if !g.More {
		t.Errorf("page 60: more = false, want true")
	}

	// Filters and no words: the newest claims that pass, counted up to
	// SearchRanked.
	rec = e.api(http.MethodGet, "/api/v1/search?type=claims&kind=number", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	g = decode[searchMoreJSON](t, rec).Groups[0]
	if !g.More {
		t.Errorf("filters only: more = false for %d matches, want true", extra+1)
	}
	if g.Total != model.SearchRanked {
		t.Errorf("filters only: total = %d, want %d", g.Total, model.SearchRanked)
	}
	if len(g.Results) != model.SearchPageSize {
		t.Fatalf("filters only: %d results, want a page of %d", len(g.Results), model.SearchPageSize)
	}
	for i, r := range g.Results {
		if want := newest - int64(i); r.ID != want {
			t.Errorf("filters only: result %d is claim %d, want %d (newest first)", i, r.ID, want)
		}
	}
	rec = e.api(http.MethodGet, "/api/v1/search?type=claims&kind=quote", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	if g = decode[searchMoreJSON](t, rec).Groups[0]; g.Total != 0 || g.More || len(g.Results) != 0 {
		t.Errorf("filters no claim passes: total %d, more %v, %d results; want 0, false, 0", g.Total, g.More, len(g.Results))
	}

	page := e.loggedIn("vi").get("/search?q=ferry&type=claims")
	wantStatus(t, page, http.StatusOK)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Find(`[data-testid="result-count"]`).First().Text(), "more than "+strconv.Itoa(model.SearchRanked)+" results"; got != want {
		t.Errorf("count reads %q, want %q", got, want)
	}
	if doc.Find(`[data-testid="results-more"]`).Length() != 1 {
		t.Errorf("no note that the results are the newest matches")
	}
}
