package extract

import (
	"net/url"
	"testing"
)

// BenchmarkPage extracts each sample page (see TestQuality); the samples
// stay outside the repository, so it skips without them (as TestQuality
// does, failing under CI).
func BenchmarkPage(b *testing.B) {
	base, err := url.Parse(samplesBase)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range loadSamples(b) {
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(p.source)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Page(p.source, "text/html", base); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFragment extracts a pasted copy of a whole invented page.
func BenchmarkFragment(b *testing.B) {
	page := articlePage("<title>Bridge</title>", `lang="en"`)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fragment(page, nil); err != nil {
			b.Fatal(err)
		}
	}
}
