package pages

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/layout"
)

// benchWorkspace is the workspace for a 10,000-word article with 500 claims,
// a fifth of them overlapping, each with 2 parties and 2 sources.
func benchWorkspace() Workspace {
	a := fixture.Article(10000)
	claims := fixture.Claims(a, 500)
	return Workspace{Article: a, Text: NewArticleText(a, claims), Claims: claims,
		PublicExports:   []ExportLink{{Label: "HTML", URL: "/api/v1/articles/1/export?format=html&edition=public", TestID: "export-html"}},
		InternalExports: []ExportLink{{Label: "HTML", URL: "/api/v1/articles/1/export?format=html&edition=internal", TestID: "export-html-internal"}}}
}

func benchContext() context.Context {
	ctx := layout.WithUser(context.Background(), model.User{Name: "editor", Role: model.UserEditor})
	return layout.WithCSRF(ctx, "token")
}

// BenchmarkWorkspace renders the workspace page (building the view model
// included, as a request does) and, as the reference measured in the same
// run, writes the same number of bytes from a static buffer.
func BenchmarkWorkspace(b *testing.B) {
	a := fixture.Article(10000)
	claims := fixture.Claims(a, 500)
	ctx := benchContext()
	var page bytes.Buffer
	if err := WorkspacePage(benchWorkspace()).Render(ctx, &page); err != nil {
		b.Fatal(err)
	}
	size := page.Len()
	b.Run("render", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			w := Workspace{Article: a, Text: NewArticleText(a, claims), Claims: claims}
			if err := WorkspacePage(w).Render(ctx, &buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reference-static-bytes", func(b *testing.B) {
		static := bytes.Repeat([]byte("x"), size)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			buf.Write(static)
		}
	})
}

func TestWorkspaceRendersEveryClaim(t *testing.T) {
	w := benchWorkspace()
	var buf bytes.Buffer
	if err := WorkspacePage(w).Render(benchContext(), &buf); err != nil {
		t.Fatal(err)
	}
	drawn := strings.Count(buf.String(), `data-testid="claim-item"`)
	packed := len(packedStubs(t, buf.String()))
	if drawn+packed != 500 || drawn == 0 || packed == 0 {
		t.Errorf("claim entries: %d drawn and %d packed, want 500 in all, some of each", drawn, packed)
	}
}

// TestNewArticleTextCoversClaims checks that cutting the text loses nothing
// and that each claim's segments put together give exactly its quote.
func TestNewArticleTextCoversClaims(t *testing.T) {
	a := fixture.Article(3000)
	claims := fixture.Claims(a, 150)
	at := NewArticleText(a, claims)
	covered := map[string]*strings.Builder{}
	var blocks []string
	for _, b := range at.Blocks {
		var bt strings.Builder
		for _, s := range b.Segments {
			bt.WriteString(s.Text)
			for _, id := range strings.Fields(s.Claims) {
				if covered[id] == nil {
					covered[id] = &strings.Builder{}
				}
				covered[id].WriteString(s.Text)
			}
		}
		blocks = append(blocks, bt.String())
	}
	if got := strings.Join(blocks, "\n\n"); got != a.Text {
		t.Fatalf("segments do not rebuild the text")
	}
	for _, c := range claims {
		id := itoa64(c.ID)
		if covered[id] == nil {
			t.Errorf("claim %d has no highlight", c.ID)
			continue
		}
		if got := covered[id].String(); got != strings.ReplaceAll(c.Quote.Exact, "\n\n", "") {
			t.Errorf("claim %d highlights %q, want %q", c.ID, got, c.Quote.Exact)
		}
	}
}

// BenchmarkClaimList10k renders the claim list of an article with 10,000
// claims, as the workspace sends it (the first group drawn, the others
// packed), and reports its size: most of the page that make bench-browser
// loads.
func BenchmarkClaimList10k(b *testing.B) {
	a := fixture.Article(100000)
	claims := fixture.Claims(a, 10000)
	ctx := benchContext()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := ClaimList(claims).Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
