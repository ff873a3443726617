package export

import (
	"bytes"
	"testing"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
)

// discard is io.Discard that cannot be optimised into doing nothing: it
// counts what it is given.
type discard struct{ n int64 }

func (w *discard) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

// BenchmarkExport times each format on a long article (10,000 words, 500
// claims, a fifth of them overlapping) against a reference that only writes
// the same number of bytes from a static buffer in 64 KiB pieces: the cost
// of the output itself, which no encoder can beat.
func BenchmarkExport(b *testing.B) { benchmarkExport(b, 10000, 500) }

// BenchmarkExport10k is BenchmarkExport on an article of 100,000 words and
// 10,000 claims (issue 11: such an export streams and stays under 0.5 s;
// handlers' BenchmarkExport10k measures it through the router and the
// store).
func BenchmarkExport10k(b *testing.B) { benchmarkExport(b, 100000, 10000) }

func benchmarkExport(b *testing.B, words, n int) {
	a := fixture.Article(words)
	claims := fixture.Claims(a, n)
	// Every verdict is published, so that ClaimReview (and the HTML
	// export's JSON-LD) hold as much as the verdicts allow; the internal
	// edition is the larger one, and the one the README's figures measure.
	for i := range claims {
		if c := &claims[i]; c.Status.IsVerdict() {
			c.Publication = model.NewPublication([]model.PublicationRecord{{Verdict: c.Status, Rationale: c.Statement, PublishedAt: c.UpdatedAt}})
		}
	}
	d := &Document{Article: a, Claims: claims, History: fixture.History(claims), ExportedAt: exportedAt, Edition: EditionInternal}
	for _, f := range Formats() {
		var buf bytes.Buffer
		if err := f.Write(&buf, d, TestPages); err != nil {
			b.Fatal(err)
		}
		static := buf.Bytes()
		b.Run(f.Name, func(b *testing.B) {
			b.SetBytes(int64(len(static)))
			b.ReportAllocs()
			w := &discard{}
			for b.Loop() {
				if err := f.Write(w, d, TestPages); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("reference-"+f.Name, func(b *testing.B) {
			b.SetBytes(int64(len(static)))
			b.ReportAllocs()
			w := &discard{}
			for b.Loop() {
				for p := static; len(p) > 0; {
					k := min(len(p), 64<<10)
					w.Write(p[:k])
					p = p[k:]
				}
			}
		})
	}
}
