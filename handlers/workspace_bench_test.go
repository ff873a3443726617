package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
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

// BenchmarkSave10k saves a claim's details form through the real router, as
// the workspace does (a status change: the answer brings the panel, the
// claim's list entry and its chunks of the text), on a claim of the
// 10,000-claim article of make bench-browser, beside the same save on an
// article holding only that claim.
func BenchmarkSave10k(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b)
	fa := fixture.Article(100000)
	seeded := fixture.NewClaims(fixture.Claims(fa, 10000))
	br := e.loggedIn("ed")
	token := br.csrf()
	for _, tt := range []struct {
		name   string
		claims []model.NewClaim
	}{{"10000-claims", seeded}, {"1-claim", seeded[9:10]}} {
		a, err := e.db.CreateArticle(ctx, model.NewArticle{Title: tt.name, Doc: text.Document{Text: fa.Text, Blocks: fa.Blocks}}, "ed")
		if err != nil {
			b.Fatal(err)
		}
		claims, _, err := e.db.CreateClaims(ctx, a.ID, tt.claims, "ed")
		if err != nil {
			b.Fatal(err)
		}
		c := claims[len(claims)-1]
		if len(claims) > 1 {
			c = claims[9]
		}
		// The workspace was read once, as the editor's page did.
		if rec := br.get("/articles/" + itoa(a.ID)); rec.Code != http.StatusOK {
			b.Fatalf("workspace: status %d", rec.Code)
		}
		statuses := model.Statuses()
		b.Run(tt.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				b.StopTimer()
				cur, err := e.db.Claim(ctx, c.ID)
				if err != nil {
					b.Fatal(err)
				}
				form := url.Values{"statement": {cur.Statement}, "kind": {string(cur.Kind)}, "status": {string(statuses[i%len(statuses)])},
					"note": {cur.Note}, "version": {strconv.Itoa(cur.Version)}}
				i++
				b.StartTimer()
				rec := br.post("/claims/"+itoa(c.ID)+"/edit", form, "HX-Request", "true", "X-CSRF-Token", token)
				if rec.Code != http.StatusOK {
					b.Fatalf("save: status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
