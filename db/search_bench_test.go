package db_test

import (
	"context"
	"net/url"
	"os"
	"strconv"
	"testing"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// BenchmarkSearch measures search on a desk-sized database built from
// internal/fixture: 2,000 articles of 400 to 600 words with 25 claims
// each (50,000 claims; FACTMARK_BENCH_ARTICLES sets another count), beside
// a bare FTS5 MATCH on the same file through the same driver. Building the
// database takes minutes, so it is not part of make test:
//
//	go test ./db -run '^$' -bench BenchmarkSearch -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("FACTMARK_BENCH_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	d := MustOpenDB(b)
	var claimIDs []int64
	for i := range n {
		fa := fixture.Article(400 + i%201)
		a, err := d.CreateArticle(ctx, model.NewArticle{Title: "Report " + strconv.Itoa(i) + " from Ostrava Bay", Publication: "Coastline Courier",
			Doc: text.Document{Text: fa.Text, Blocks: fa.Blocks}}, "ed")
		if err != nil {
			b.Fatal(err)
		}
		var ncs []model.NewClaim
		for _, c := range fixture.Claims(a, 25) {
			start, end := c.Start, c.End
			nc := model.NewClaim{Start: &start, End: &end, Statement: c.Statement, Kind: c.Kind, Status: c.Status, Note: c.Note}
			for _, p := range c.Parties {
				nc.Parties = append(nc.Parties, model.NewParty{Name: p.Name, Role: p.Role})
			}
			ncs = append(ncs, nc)
		}
		claims, errs, err := d.CreateClaims(ctx, a.ID, ncs, "ed")
		if err != nil {
			b.Fatal(err)
		}
		for i, e := range errs {
			if e != nil {
				b.Fatalf("claim %d: %v", i, e)
			}
		}
		for _, c := range claims {
			claimIDs = append(claimIDs, c.ID)
		}
	}
	b.Logf("%d articles, %d claims", n, len(claimIDs))
	for _, q := range []string{"q=ferry+terminal&type=claims", "q=harbour", "q=kazakh*&type=claims", "q=flood&status=unchecked&type=claims", "q=\"pressure+test\"&type=claims"} {
		v, _ := url.ParseQuery(q)
		s, err := model.ParseSearch(v)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("Search "+q, func(b *testing.B) {
			for b.Loop() {
				if _, err := d.Search(ctx, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	raw := d.raw(b)
	b.Run("bare FTS5 MATCH ferry terminal, 20 by rank", func(b *testing.B) {
		for b.Loop() {
			rows, err := raw.QueryContext(ctx, `SELECT rowid FROM search_claims WHERE search_claims MATCH '"ferry" "terminal"' ORDER BY rank LIMIT 20`)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			rows.Close()
		}
	})
	b.Run("SimilarClaims", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := d.SimilarClaims(ctx, claimIDs[(i*7919)%len(claimIDs)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}
