package db_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// newClaim creates a claim on "Tickets will cost €4" in the article and
// returns it.
func newClaim(t *testing.T, d *testDB, articleID int64) model.Claim {
	t.Helper()
	a, err := d.Article(context.Background(), articleID)
	if err != nil {
		t.Fatal(err)
	}
	s, e := span(t, a.Text, "Tickets will cost €4")
	c, err := d.CreateClaim(context.Background(), articleID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClaimNumbers(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	first := mustArticle(t, d, "First", sampleText)
	second := mustArticle(t, d, "Second", sampleText)

	a1 := newClaim(t, d, first.ID)
	a2 := newClaim(t, d, first.ID)
	b1 := newClaim(t, d, second.ID) // its id is 3, its number 1
	a3 := newClaim(t, d, first.ID)
	for _, tt := range []struct {
		name string
		c    model.Claim
		want int
	}{
		{"first article, first claim", a1, 1},
		{"first article, second claim", a2, 2},
		{"second article, first claim", b1, 1},
		{"first article, third claim", a3, 3},
	} {
		if tt.c.Number != tt.want {
			t.Errorf("%s (id %d): number %d, want %d", tt.name, tt.c.ID, tt.c.Number, tt.want)
		}
	}

	// A deleted claim's number is never given again, not even when it was
	// the last one.
	if err := d.DeleteClaim(ctx, a3.ID, 0); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteClaim(ctx, a1.ID, 0); err != nil {
		t.Fatal(err)
	}
	if got := newClaim(t, d, first.ID).Number; got != 4 {
		t.Errorf("after deleting numbers 1 and 3, the next claim got %d, want 4", got)
	}

	// The number is read back with the claim, in every way of loading it.
	got, err := d.Claim(ctx, a2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != 2 {
		t.Errorf("Claim: number %d, want 2", got.Number)
	}
	list, err := d.ClaimsByArticle(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Errorf("ClaimsByArticle(second) has %d claims %+v, want one", len(list), list)
	} else if list[0].Number != 1 {
		t.Errorf("ClaimsByArticle(second)[0].Number = %d, want 1", list[0].Number)
	}
}

// Claims created at once, on the one writer, still get distinct numbers,
// and the numbers are 1…n with none skipped.
func TestClaimNumbersConcurrent(t *testing.T) {
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Busy", sampleText)
	const n = 24
	numbers := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, e := span(t, a.Text, "Tickets will cost €4")
			c, err := d.CreateClaim(context.Background(), a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber}, "ed")
			if err != nil {
				t.Error(err)
				return
			}
			numbers[i] = c.Number
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	for _, num := range numbers {
		if seen[num] {
			t.Errorf("number %d given twice", num)
		}
		seen[num] = true
	}
	for want := 1; want <= n; want++ {
		if !seen[want] {
			t.Errorf("number %d never given", want)
		}
	}
}

// Migration 0006 numbers the claims of a database made before it, per
// article in id order, and the counter goes on from there.
func TestClaimNumbersBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	old.SetMaxOpenConns(1)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := old.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
	for _, name := range []string{"0001_initial.sql", "0002_claim_canonical.sql", "0003_ids_never_reused.sql", "0004_publication.sql", "0005_accounts.sql"} {
		body, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		exec(string(body))
		exec(`INSERT INTO schema_migrations (name, applied_at) VALUES (?, '2026-01-01T00:00:00Z')`, "migrations/"+name)
	}
	doc := text.Build(text.SplitPlain(sampleText))
	blocks, err := json.Marshal(doc.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{1, 2} {
		exec(`INSERT INTO articles (id, title, text, blocks, created_at, created_by, updated_at, updated_by)
			VALUES (?, 'old', ?, ?, '2026-01-01T00:00:00Z', 'ed', '2026-01-01T00:00:00Z', 'ed')`, id, doc.Text, string(blocks))
	}
	// Claims of the two articles with interleaved ids, and a gap where a
	// claim was deleted (id 4).
	byArticle := map[int64]int64{1: 1, 2: 2, 3: 1, 5: 2, 6: 1}
	for _, id := range []int64{1, 2, 3, 5, 6} {
		exec(`INSERT INTO claims (id, article_id, start_pos, end_pos, exact, kind, status, created_at, created_by, updated_at, updated_by)
			VALUES (?, ?, 0, 7, 'Harbour', 'other', 'unchecked', '2026-01-01T00:00:00Z', 'ed', '2026-01-01T00:00:00Z', 'ed')`, id, byArticle[id])
	}
	exec(`UPDATE id_sequences SET last = 6 WHERE name = 'claims'`)
	exec(`UPDATE id_sequences SET last = 2 WHERE name = 'articles'`)
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	want := map[int64]int{1: 1, 3: 2, 6: 3, 2: 1, 5: 2}
	for id, num := range want {
		c, err := d.Claim(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Number != num {
			t.Errorf("claim %d of article %d: number %d, want %d", id, c.ArticleID, c.Number, num)
		}
	}
	for _, tt := range []struct {
		article int64
		want    int
	}{{1, 4}, {2, 3}} {
		s, e := 0, 7
		c, err := d.CreateClaim(ctx, tt.article, model.NewClaim{Start: &s, End: &e, Kind: model.KindOther}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		if c.Number != tt.want {
			t.Errorf("new claim in article %d: number %d, want %d", tt.article, c.Number, tt.want)
		}
	}
}

// A JSON import keeps the claims' numbers, gaps included, and the claims
// created after it go on from the highest.
func TestImportKeepsClaimNumbers(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Numbered", sampleText)
	c1 := newClaim(t, d, a.ID)
	newClaim(t, d, a.ID)
	c3 := newClaim(t, d, a.ID)
	if err := d.DeleteClaim(ctx, c3.ID, 0); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteClaim(ctx, c1.ID, 0); err != nil {
		t.Fatal(err)
	}
	newClaim(t, d, a.ID) // number 4
	doc, err := ingest.DecodeExport(bytes.NewReader(exportJSON(t, d, a.ID, epoch)))
	if err != nil {
		t.Fatal(err)
	}
	// A claim without a number (an export edited by hand) gets the next one.
	doc.Claims = append(doc.Claims, doc.Claims[0])
	doc.Claims[len(doc.Claims)-1].Number = 0
	imported, err := d.ImportDocument(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := d.ClaimsByArticle(ctx, imported.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, c := range claims {
		got = append(got, c.Number)
	}
	slices.Sort(got)
	if want := []int{2, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("imported numbers %v, want %v", got, want)
	}
	if n := newClaim(t, d, imported.ID).Number; n != 6 {
		t.Errorf("the first claim made after the import got number %d, want 6", n)
	}
}
