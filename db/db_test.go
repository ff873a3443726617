package db_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/testkit"
)

// epoch is the fixed time the test clock starts at.
var epoch = testkit.Epoch()

// testDB is a store on a real file with a fixed clock, and the file's path
// for checks that look at the tables directly.
type testDB struct {
	*db.DB
	path  string
	clock *testkit.Clock
}

// MustOpenDB opens a new store in a temporary file with a fixed clock and
// closes it when the test ends.
func MustOpenDB(tb testing.TB) *testDB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "factmark.db")
	d, err := db.Open(context.Background(), path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() {
		if err := d.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	clk := testkit.NewClock()
	d.Now = clk.Now
	return &testDB{DB: d, path: path, clock: clk}
}

// raw opens a second, read-only handle on the test database file, for
// counting rows without going through the store.
func (d *testDB) raw(tb testing.TB) *sql.DB {
	tb.Helper()
	r, err := sql.Open("sqlite", "file:"+d.path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { r.Close() })
	return r
}

// counts returns the number of rows in each table.
func (d *testDB) counts(tb testing.TB, tables ...string) map[string]int {
	tb.Helper()
	r := d.raw(tb)
	out := map[string]int{}
	for _, t := range tables {
		var n int
		if err := r.QueryRow(`SELECT count(*) FROM ` + t).Scan(&n); err != nil {
			tb.Fatalf("count %s: %v", t, err)
		}
		out[t] = n
	}
	return out
}

var allTables = []string{"users", "sessions", "api_tokens", "articles", "article_revisions", "claims", "parties", "sources", "claim_sources", "claim_events", "claim_publications"}

// sampleText is invented: a short local news story with emoji, accents and
// CJK so that code-point offsets differ from byte and UTF-16 offsets.
const sampleText = "Harbour council backs ferry link 🚢\n\n" +
	"The Pellmoor council voted 7–2 on Tuesday to fund a ferry between Pellmoor and Astrid Bay, the mayor, Ines Varga, said. " +
	"Tickets will cost €4 and the first boat 🌊 sails in May.\n\n" +
	"Officials from the port authority and the regional transit agency were not invited to the meeting, according to two attendees. " +
	"A café owner, 李明, said the council had ignored the fishermen 🎣 for years."

func mustArticle(tb testing.TB, d *testDB, title, body string) model.Article {
	tb.Helper()
	na, err := ingest.Plain(ingest.PlainInput{Title: title, Publication: "The Pellmoor Ledger", URL: "https://ledger.example/ferry", PublishedAt: "2026-02-27", Text: body})
	if err != nil {
		tb.Fatalf("ingest: %v", err)
	}
	a, err := d.CreateArticle(context.Background(), na, "ed")
	if err != nil {
		tb.Fatalf("create article: %v", err)
	}
	return a
}

// span returns the code-point offsets of the first occurrence of sub in s.
func span(tb testing.TB, s, sub string) (int, int) {
	tb.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		tb.Fatalf("%q not in text", sub)
	}
	start := utf8.RuneCountInString(s[:i])
	return start, start + utf8.RuneCountInString(sub)
}

func ptr[T any](v T) *T { return &v }

// wantCode fails unless err is a domain error with code and, when field is
// not "-", that field.
func wantCode(tb testing.TB, err error, code, field string) *model.Error {
	tb.Helper()
	var de *model.Error
	if !errors.As(err, &de) {
		tb.Fatalf("err = %v, want a *model.Error with code %s", err, code)
	}
	if de.Code != code {
		tb.Fatalf("code = %q (%v), want %q", de.Code, err, code)
	}
	if field != "-" && de.Field != field {
		tb.Fatalf("field = %q (%v), want %q", de.Field, err, field)
	}
	if de.Message == "" {
		tb.Fatalf("error %v has no message", err)
	}
	return de
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("refuses non-file paths", func(t *testing.T) {
		for _, p := range []string{"", ":memory:", "file:x.db", "file::memory:?cache=shared"} {
			if d, err := db.Open(ctx, p); err == nil {
				d.Close()
				t.Errorf("Open(%q) succeeded", p)
			}
		}
	})
	t.Run("migrations apply once and reopen is idempotent", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "factmark.db")
		migrations, err := filepath.Glob("migrations/*.sql")
		if err != nil || len(migrations) == 0 {
			t.Fatalf("no migrations found: %v", err)
		}
		type row struct{ name, at string }
		applied := func() []row {
			r, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			rows, err := r.Query(`SELECT name, applied_at FROM schema_migrations ORDER BY name`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []row
			for rows.Next() {
				var x row
				if err := rows.Scan(&x.name, &x.at); err != nil {
					t.Fatal(err)
				}
				out = append(out, x)
			}
			return out
		}
		d, err := db.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.CreateUser(ctx, model.User{Name: "ana", Role: model.UserEditor, PasswordHash: "x"}, false); err != nil {
			t.Fatal(err)
		}
		d.Close()
		first := applied()
		if len(first) != len(migrations) {
			t.Fatalf("schema_migrations has %d rows, want %d: %v", len(first), len(migrations), first)
		}
		for i, m := range migrations {
			if first[i].name != filepath.ToSlash(m) {
				t.Errorf("migration %d = %q, want %q", i, first[i].name, m)
			}
		}
		// Mark the rows, so that a migration applied again (which would
		// write the time of now) shows without waiting for the clock.
		w, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Exec(`UPDATE schema_migrations SET applied_at = '2000-01-01T00:00:00Z'`); err != nil {
			t.Fatal(err)
		}
		w.Close()
		first = applied()
		for range 2 {
			d, err := db.Open(ctx, path)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			if n, err := d.CountUsers(ctx); err != nil || n != 1 {
				t.Errorf("after reopen CountUsers = %d, %v; want 1", n, err)
			}
			d.Close()
		}
		if again := applied(); !slices.Equal(again, first) {
			t.Errorf("after reopening: %v, want %v", again, first)
		}
	})
	t.Run("creates the file", func(t *testing.T) {
		d := MustOpenDB(t)
		if _, err := os.Stat(d.path); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDeleteArticleCascades(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry link", sampleText)
	keep := mustArticle(t, d, "Other story", "Nothing happened on Sunday.")
	s, e := span(t, a.Text, "voted 7–2 on Tuesday")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Parties: []model.NewParty{{Name: "Pellmoor council", Role: model.RoleParticipant}}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: "https://minutes.example/council/2026-02-24", Title: "Council minutes"}}, "ed"); err != nil {
		t.Fatal(err)
	}
	ks, ke := span(t, keep.Text, "Sunday")
	if _, err := d.CreateClaim(ctx, keep.ID, model.NewClaim{Start: &ks, End: &ke}, "ed"); err != nil {
		t.Fatal(err)
	}
	before := d.counts(t, allTables...)
	stale := wantCode(t, d.DeleteArticle(ctx, a.ID, a.Version+1), model.EPRECONDITION, "")
	if cur, ok := stale.Current.(model.Article); !ok || cur.ID != a.ID {
		t.Errorf("a stale delete carries %#v, want the current article", stale.Current)
	}
	if got := d.counts(t, allTables...); got["articles"] != before["articles"] || got["claims"] != before["claims"] {
		t.Fatalf("a stale delete changed rows: %v, before %v", got, before)
	}
	if err := d.DeleteArticle(ctx, a.ID, a.Version); err != nil {
		t.Fatal(err)
	}
	after := d.counts(t, allTables...)
	want := map[string]int{"articles": 1, "article_revisions": 1, "claims": 1, "parties": 0, "claim_sources": 0, "claim_events": 1, "sources": before["sources"]}
	for table, n := range want {
		if after[table] != n {
			t.Errorf("after delete %s has %d rows, want %d (before %d)", table, after[table], n, before[table])
		}
	}
	if _, err := d.Article(ctx, a.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("Article after delete: %v, want not found", err)
	}
	wantCode(t, d.DeleteArticle(ctx, a.ID, 0), model.ENOTFOUND, "")
	if _, err := d.Claim(ctx, c.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("Claim after article delete: %v, want not found", err)
	}
}
