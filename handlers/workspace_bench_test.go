package handlers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// BenchmarkWorkspacePage10k asks the real router for the workspace page of
// an article of 100,000 words with 10,000 claims (as make bench-browser
// seeds it): after one claim's status changed, which is what the first
// load after a save pays (the claims renewed in the read model, the page
// rendered again for the new state), and unchanged (the page's memo kept).
func BenchmarkWorkspacePage10k(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b)
	fa := fixture.Article(100000)
	a, err := e.db.CreateArticle(ctx, model.NewArticle{Title: "Ten thousand claims", Doc: text.Document{Text: fa.Text, Blocks: fa.Blocks}}, "ed")
	if err != nil {
		b.Fatal(err)
	}
	claims, _, err := e.db.CreateClaims(ctx, a.ID, fixture.NewClaims(fixture.Claims(fa, 10000)), "ed")
	if err != nil {
		b.Fatal(err)
	}
	br := e.loggedIn("ed")
	path := "/articles/" + itoa(a.ID)
	get := func(b *testing.B) {
		if rec := br.get(path); rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	statuses := model.Statuses()
	b.Run("after-one-status-change", func(b *testing.B) {
		get(b)
		i := 0
		for b.Loop() {
			b.StopTimer()
			st := statuses[i%len(statuses)]
			i++
			if _, err := e.db.UpdateClaim(ctx, claims[9].ID, model.ClaimUpdate{Status: &st}, "ed"); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			get(b)
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		get(b)
		for b.Loop() {
			get(b)
		}
	})
}
