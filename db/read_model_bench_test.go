package db_test

import (
	"context"
	"testing"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// BenchmarkArticleWithClaims10k times reading a generated article of
// 100,000 words with 10,000 claims (as make bench-browser seeds it): after
// one claim's status changed (the first workspace load after a save),
// unchanged (the read model's hit), the first read after a restart (the
// read model empty), and read whole from the tables in one transaction.
func BenchmarkArticleWithClaims10k(b *testing.B) {
	ctx := context.Background()
	d := MustOpenDB(b)
	fa := fixture.Article(100000)
	a, err := d.CreateArticle(ctx, model.NewArticle{Title: "Ten thousand claims", Doc: text.Document{Text: fa.Text, Blocks: fa.Blocks}}, "ed")
	if err != nil {
		b.Fatal(err)
	}
	claims, errs, err := d.CreateClaims(ctx, a.ID, fixture.NewClaims(fixture.Claims(fa, 10000)), "ed")
	if err != nil {
		b.Fatal(err)
	}
	for i, e := range errs {
		if e != nil {
			b.Fatalf("claim %d: %v", i, e)
		}
	}
	target := claims[9].ID
	statuses := model.Statuses()
	read := func(b *testing.B) {
		if _, got, err := d.ArticleWithClaims(ctx, a.ID); err != nil || len(got) != len(claims) {
			b.Fatalf("%d claims, %v", len(got), err)
		}
	}
	b.Run("after-one-status-change", func(b *testing.B) {
		read(b)
		i := 0
		for b.Loop() {
			b.StopTimer()
			st := statuses[i%len(statuses)]
			i++
			if _, err := d.UpdateClaim(ctx, target, model.ClaimUpdate{Status: &st}, "ed"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			read(b)
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		read(b)
		for b.Loop() {
			read(b)
		}
	})
	// The first read after a restart: the read model empty, the article
	// read whole, its claims' parties on a second connection meanwhile.
	b.Run("first-read", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			d.ForgetReads()
			b.StartTimer()
			read(b)
		}
	})
	b.Run("full-read", func(b *testing.B) {
		for b.Loop() {
			if _, got, err := d.ArticleWithClaimsFull(ctx, a.ID); err != nil || len(got) != len(claims) {
				b.Fatalf("%d claims, %v", len(got), err)
			}
		}
	})
}
