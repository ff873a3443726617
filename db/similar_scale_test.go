package db_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/model"
)

// A claim whose words thousands of claims share ("checked before" at
// newsroom scale) gets the newest claims with all its words, of other
// articles only, rather than a BM25 pass over every claim with one of them.
func TestSimilarClaimsOfCommonWordsAreTheNewest(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Old", "The Osterholm ferry fare rose to nine crowns. The Osterholm ferry fare rose to nine crowns again.")
	old := mustClaim(t, d, a, "The Osterholm ferry fare rose to nine crowns.", model.NewClaim{})
	b := mustArticle(t, d, "New", "The Osterholm ferry fare rose to nine crowns, the council said.")
	c := mustClaim(t, d, b, "The Osterholm ferry fare rose to nine crowns", model.NewClaim{})

	// 2,100 copies of the old claim, in its article, written as the
	// generator writes them; the search triggers note them and
	// WriteSearchDocs indexes them.
	const copies = 2100
	w, err := sql.Open("sqlite", "file:"+d.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tx, err := w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
		INSERT INTO claims (id, number, article_id, start_pos, end_pos, exact, prefix, suffix, statement, kind, status, note, version,
			created_at, created_by, updated_at, updated_by, anchored_revision, verdict_revision)
		SELECT c.id + 1000 + k.i, c.number + k.i, c.article_id, c.start_pos, c.end_pos, c.exact, c.prefix, c.suffix, c.statement, c.kind,
			c.status, c.note, 1, c.created_at, c.created_by, c.updated_at, c.updated_by, 1, 0
		FROM claims c, k WHERE c.id = ?`, copies, old.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.WriteSearchDocs(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	got, err := d.SimilarClaims(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != model.MaxSimilar {
		t.Fatalf("%d similar claims, want %d", len(got), model.MaxSimilar)
	}
	newest := old.ID + 1000 + copies
	for i, s := range got {
		if want := newest - int64(i); s.ID != want {
			t.Errorf("similar %d is claim %d, want %d (the newest copies first)", i, s.ID, want)
		}
		if s.ArticleID != a.ID {
			t.Errorf("similar %d is of article %d, want %d", i, s.ArticleID, a.ID)
		}
		if s.Score < model.MinSimilarity {
			t.Errorf("similar %d scores %v, under %v", i, s.Score, model.MinSimilarity)
		}
	}
}
