package db_test

import (
	"context"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestArticleWithClaims(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	a := mustArticle(t, d, "Talks", "Kestania invited Veloria 🇰🇿 and the Northern League.")
	for _, sub := range []string{"the Northern League", "Kestania invited Veloria"} {
		s, e := span(t, a.Text, sub)
		if _, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e}, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	got, claims, err := d.ArticleWithClaims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text != a.Text {
		t.Fatalf("article text %q, want %q", got.Text, a.Text)
	}
	if len(claims) != 2 {
		t.Fatalf("article with %d claims, want 2", len(claims))
	}
	if claims[0].Quote.Exact != "Kestania invited Veloria" || claims[1].Quote.Exact != "the Northern League" {
		t.Errorf("claims not in text order: %q, %q", claims[0].Quote.Exact, claims[1].Quote.Exact)
	}
	_, _, err = d.ArticleWithClaims(ctx, a.ID+100)
	wantCode(t, err, model.ENOTFOUND, "")
}
