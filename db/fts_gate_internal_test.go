package db

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Full-text queries wait for a turn at the gate, at most GOMAXPROCS of them
// at once, and give up with their context; other reads never wait there.
func TestFullTextQueriesTakeTurns(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "factmark.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	body := "The ferry council met on Tuesday."
	a, err := d.CreateArticle(ctx, model.NewArticle{Title: "Ferry", Doc: text.Document{Text: body, Blocks: []text.Block{{Start: 0, End: text.Len(body)}}}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	s, e := 4, 9
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	search := model.Search{Terms: []model.SearchTerm{{Text: "ferry"}}, Page: 1}

	// Every turn taken: both queries wait, and stop when their context ends.
	for range cap(d.fts) {
		d.fts <- struct{}{}
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := d.Search(short, search); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Search with every turn taken: %v, want it to wait until its context ends", err)
	}
	if _, err := d.SimilarClaims(short, c.ID); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("SimilarClaims with every turn taken: %v, want it to wait until its context ends", err)
	}
	if _, _, err := d.ArticleWithClaims(ctx, a.ID); err != nil {
		t.Errorf("a workspace read waited for the full-text gate: %v", err)
	}

	// A turn freed: they run.
	<-d.fts
	res, err := d.Search(ctx, search)
	if err != nil {
		t.Fatalf("Search with a turn free: %v", err)
	}
	if len(res.Groups) == 0 {
		t.Errorf("Search found nothing for %q", "ferry")
	}
	if _, err := d.SimilarClaims(ctx, c.ID); err != nil {
		t.Errorf("SimilarClaims with a turn free: %v", err)
	}
	if n := len(d.fts); n != cap(d.fts)-1 {
		t.Errorf("%d turns taken after the queries returned, want %d (theirs given back)", n, cap(d.fts)-1)
	}
}
