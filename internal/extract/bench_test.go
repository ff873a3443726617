package extract

import (
	"bytes"
	"net/url"
	"testing"

	"golang.org/x/net/html"
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

// BenchmarkPageAll extracts all the sample pages in one op, for a figure
// per corpus; BenchmarkParseAll is its reference, parsing the same bytes
// with golang.org/x/net/html and nothing more.
func BenchmarkPageAll(b *testing.B) {
	base, err := url.Parse(samplesBase)
	if err != nil {
		b.Fatal(err)
	}
	pages := loadSamples(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := Page(p.source, "text/html", base); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages))/1e6, "ms/page")
}

func BenchmarkParseAll(b *testing.B) {
	pages := loadSamples(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := html.Parse(bytes.NewReader(p.source)); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages))/1e6, "ms/page")
}
