package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// TestListArticlesPageOrderAndCursor lists articles created at different
// times and at the same second a page at a time: newest first, ties by id,
// each once, and the cursor ends at the last page.
func TestListArticlesPageOrderAndCursor(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	var want []int64
	for i := range 7 {
		if i%3 == 0 {
			d.clock.Advance(time.Minute)
		}
		a := mustArticle(t, d, "A", sampleText)
		want = append([]int64{a.ID}, want...)
	}
	s, e := span(t, sampleText, "Tickets will cost €4")
	c, err := d.CreateClaim(ctx, want[0], model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	before, pages := int64(0), 0
	for {
		pages++
		list, next, err := d.ListArticlesPage(ctx, 3, before, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			got = append(got, a.ID)
			if a.ID == c.ArticleID && a.ClaimTotal != 1 {
				t.Errorf("article %d counts %d claims, want 1", a.ID, a.ClaimTotal)
			}
		}
		if next == 0 {
			break
		}
		before = next
	}
	if pages != 3 {
		t.Errorf("%d pages of 3 for 7 articles, want 3", pages)
	}
	if len(got) != len(want) {
		t.Fatalf("listed %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("position %d: article %d, want %d (all: %v)", i, got[i], want[i], got)
		}
	}
}
