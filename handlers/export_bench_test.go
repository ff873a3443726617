package handlers_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
)

// seedLongArticle imports a generated article of words words with n claims
// (a fifth overlapping, 2 parties and 2 sources each, a status change with
// a comment in each history) into e's store through the JSON import, and
// publishes every fifth claim holding a verdict, so that the public
// editions and ClaimReview have reviews to show. It returns the article's
// id.
func seedLongArticle(tb testing.TB, e *env, words, n int) int64 {
	tb.Helper()
	ctx := context.Background()
	a := fixture.Article(words)
	claims := fixture.Claims(a, n)
	var buf bytes.Buffer
	d := &export.Document{Article: a, Claims: claims, History: fixture.History(claims), ExportedAt: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)}
	if err := export.JSON(&buf, d); err != nil {
		tb.Fatal(err)
	}
	doc, err := ingest.DecodeExport(&buf)
	if err != nil {
		tb.Fatal(err)
	}
	art, err := e.db.ImportDocument(ctx, doc)
	if err != nil {
		tb.Fatal(err)
	}
	_, stored, err := e.db.ArticleWithClaims(ctx, art.ID)
	if err != nil {
		tb.Fatal(err)
	}
	for i, c := range stored {
		if i%5 != 0 || !c.Status.IsVerdict() {
			continue
		}
		if _, err := e.db.PublishClaim(ctx, c.ID, model.Publish{Rationale: "Checked against the council minutes."}, "ed"); err != nil {
			tb.Fatal(err)
		}
	}
	return art.ID
}

// exportCase is one export a benchmark asks for.
type exportCase struct{ name, query string }

// exportCases lists every format and edition of the export route.
func exportCases() []exportCase {
	var cs []exportCase
	for _, f := range export.Formats() {
		switch {
		case f.Editions:
			cs = append(cs, exportCase{f.Name + "-public", "format=" + f.Name + "&edition=public"},
				exportCase{f.Name + "-internal", "format=" + f.Name + "&edition=internal"})
		default:
			cs = append(cs, exportCase{f.Name, "format=" + f.Name})
		}
	}
	return cs
}

// BenchmarkExport10k asks the real router for every export of an article of
// 100,000 words and 10,000 claims stored in a real SQLite file, and beside
// each the same bytes written by a handler that only copies them from
// memory (http.ServeContent): the reference, the cost of the response
// itself. The store's read model is warm after the first request, as it is
// for an article being worked on.
func BenchmarkExport10k(b *testing.B) {
	e := newEnv(b)
	id := seedLongArticle(b, e, 100000, 10000)
	for _, ec := range exportCases() {
		path := "/api/v1/articles/" + itoa(id) + "/export?" + ec.query
		first := e.api(http.MethodGet, path, "ed", nil)
		if first.Code != http.StatusOK {
			b.Fatalf("%s: status %d: %s", ec.name, first.Code, first.Body)
		}
		static := first.Body.Bytes()
		b.Run(ec.name, func(b *testing.B) {
			b.SetBytes(int64(len(static)))
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header.Set("Authorization", "Bearer "+e.tokens["ed"])
				rec := &countingRecorder{header: http.Header{}}
				e.h.ServeHTTP(rec, req)
				if rec.code != http.StatusOK || rec.n != int64(len(static)) {
					b.Fatalf("status %d, %d bytes, want 200 and %d", rec.code, rec.n, len(static))
				}
			}
		})
		b.Run("reference-"+ec.name, func(b *testing.B) {
			b.SetBytes(int64(len(static)))
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/", nil)
				rec := &countingRecorder{header: http.Header{}}
				http.ServeContent(rec, req, "export", time.Time{}, bytes.NewReader(static))
				if rec.n != int64(len(static)) {
					b.Fatalf("%d bytes, want %d", rec.n, len(static))
				}
			}
		})
	}
}

// countingRecorder is a ResponseWriter that keeps the status and counts the
// body's bytes without keeping them, so that a benchmark measures the
// handler rather than a growing buffer.
type countingRecorder struct {
	header http.Header
	code   int
	n      int64
}

func (r *countingRecorder) Header() http.Header { return r.header }

func (r *countingRecorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *countingRecorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	r.n += int64(len(p))
	return len(p), nil
}

// Flush lets the handler flush as it would a real connection.
func (r *countingRecorder) Flush() {}

var _ io.Writer = (*countingRecorder)(nil)
