package extract

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"

	"github.com/factmark/factmark/internal/testkit"
	"github.com/factmark/factmark/internal/text"
)

// samplesBase is the address the sample pages were extracted at by
// Readability.js to make their expected.html.
const samplesBase = "http://fakehost/test/page.html"

// samplePage is one page of the samples folder.
type samplePage struct {
	name     string
	source   []byte
	expected []byte
	title    string
}

// TestQuality extracts every sample page (saved news pages from Mozilla
// Readability's test corpus, kept outside the repository) and compares the
// text of its blocks with the text of Readability.js 0.6.0's output for
// the same page, expected.html, by words.
//
// The measure is a bag of words with counts. Both texts are normalized as
// a block is (NFC, white space folded), lowercased, and cut into words at
// white space, with the punctuation at either end of a word dropped (so
// that "end." and "end" are one word) and every Han, kana or Hangul
// character a word of its own (the texts in Chinese or Japanese have no
// spaces to cut at). A word matches as many times as it occurs on both
// sides: matched = Σ_w min(expected(w), got(w)). Precision is matched over
// the words we extracted, recall matched over the expected words, F1 their
// harmonic mean.
//
// Every block counts, including those marked as likely boilerplate, since
// they are all offered to the editor. The table's last column, not
// asserted, is the recall of the blocks left ticked by default: what the
// boilerplate heuristics cost in article text (captions, credits and
// sign-up lines that Readability keeps count as article text here).
func TestQuality(t *testing.T) {
	pages := loadSamples(t)
	base, err := url.Parse(samplesBase)
	if err != nil {
		t.Fatal(err)
	}
	var (
		sumF1, minF1 = 0.0, 1.0
		titles       int
		table        strings.Builder
	)
	fmt.Fprintf(&table, "| page | words expected | words got | P | R | F1 | title ok | R ticked |\n|---|---:|---:|---:|---:|---:|---|---:|\n")
	for _, p := range pages {
		a, err := Page(p.source, "text/html", base)
		if err != nil {
			t.Errorf("%s: %v", p.name, err)
			continue
		}
		var got, ticked strings.Builder
		for _, b := range a.Blocks {
			got.WriteString(b.Text + " ")
			if !b.LikelyBoilerplate {
				ticked.WriteString(b.Text + " ")
			}
		}
		want := bagOfWords(htmlText(t, p.expected))
		s := compareWords(want, bagOfWords(got.String()))
		tickedRecall := compareWords(want, bagOfWords(ticked.String())).recall
		titleOK := a.Title == text.NormalizeBlock(p.title)
		if titleOK {
			titles++
		} else {
			t.Logf("%s: title %q, want %q", p.name, a.Title, p.title)
		}
		sumF1 += s.f1
		minF1 = min(minF1, s.f1)
		fmt.Fprintf(&table, "| %s | %d | %d | %.3f | %.3f | %.3f | %s | %.3f |\n",
			p.name, s.expected, s.got, s.precision, s.recall, s.f1, yesNo(titleOK), tickedRecall)
		if s.f1 < 0.90 {
			t.Errorf("%s: F1 %.3f, want at least 0.90", p.name, s.f1)
		}
	}
	mean := sumF1 / float64(len(pages))
	fmt.Fprintf(&table, "\nmean F1 %.4f, min F1 %.4f, titles equal %d of %d\n", mean, minF1, titles, len(pages))
	t.Log("\n" + table.String())
	if mean < 0.97 {
		t.Errorf("mean F1 %.3f, want at least 0.97", mean)
	}
	if want := len(pages) - 2; titles < want {
		t.Errorf("%d titles equal to Readability.js's of %d pages, want at least %d", titles, len(pages), want)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// wordScore is the comparison of two bags of words.
type wordScore struct {
	expected, got, matched int
	precision, recall, f1  float64
}

// compareWords scores got against expected (see TestQuality).
func compareWords(expected, got map[string]int) wordScore {
	var s wordScore
	for w, n := range expected {
		s.expected += n
		s.matched += min(n, got[w])
	}
	for _, n := range got {
		s.got += n
	}
	if s.got > 0 {
		s.precision = float64(s.matched) / float64(s.got)
	}
	if s.expected > 0 {
		s.recall = float64(s.matched) / float64(s.expected)
	}
	if s.precision+s.recall > 0 {
		s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall)
	}
	return s
}

// bagOfWords counts the words of s (see TestQuality).
func bagOfWords(s string) map[string]int {
	bag := map[string]int{}
	for _, w := range strings.Fields(strings.ToLower(text.NormalizeBlock(s))) {
		w = strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		var rest strings.Builder
		for _, r := range w {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				if rest.Len() > 0 {
					bag[rest.String()]++
					rest.Reset()
				}
				bag[string(r)]++
				continue
			}
			rest.WriteRune(r)
		}
		if rest.Len() > 0 {
			bag[rest.String()]++
		}
	}
	return bag
}

// htmlText returns the text of an HTML document as a reader sees it,
// independently of the walker under test: its text nodes in order, with a
// space wherever an element starts or ends except the inline elements
// that sit inside words, and nothing from scripts, styles or images.
func htmlText(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	inline := map[string]bool{"a": true, "b": true, "i": true, "em": true, "strong": true, "span": true,
		"sup": true, "sub": true, "small": true, "u": true, "abbr": true, "cite": true, "code": true,
		"q": true, "time": true, "mark": true, "s": true, "font": true}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template", "img", "svg", "head":
				return
			}
		}
		sep := n.Type == html.ElementNode && !inline[n.Data]
		if sep {
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if sep {
			b.WriteString(" ")
		}
	}
	walk(doc)
	return b.String()
}

// loadSamples reads every page of the samples folder.
func loadSamples(t testing.TB) []samplePage {
	t.Helper()
	dir := samplesDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var pages []samplePage
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		p := samplePage{name: e.Name()}
		read := func(name string) []byte {
			b, err := os.ReadFile(filepath.Join(dir, e.Name(), name))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		p.source, p.expected = read("source.html"), read("expected.html")
		var meta struct {
			Title string `json:"title"`
		}
		if err := json.Unmarshal(read("expected-metadata.json"), &meta); err != nil {
			t.Fatalf("%s: expected-metadata.json: %v", e.Name(), err)
		}
		p.title = meta.Title
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		t.Fatalf("no sample pages in %s", dir)
	}
	return pages
}

// samplesDir returns the sample pages' folder (see locateSamples). When it
// is absent the test skips, unless CI is set: CI always has the samples,
// so there their absence is a failure.
func samplesDir(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := locateSamples(os.Getenv("FACTMARK_SAMPLES"), wd)
	switch {
	case err != nil:
		t.Fatal(err)
	case dir == "" && os.Getenv("CI") != "":
		t.Fatalf("sample pages missing under CI: no shared/samples/html above %s (set FACTMARK_SAMPLES to the samples folder)", wd)
	case dir == "":
		t.Skipf("skipping: sample pages not found (no shared/samples/html above %s; set FACTMARK_SAMPLES to the samples folder)", wd)
	}
	return dir
}

// locateSamples finds the sample pages' folder: env/html when env is set
// (FACTMARK_SAMPLES, the samples folder itself; an error when it has no
// html folder, since someone asked for it), otherwise the first
// shared/samples/html found walking up from wd (../shared/samples/html
// from the repository root). It returns "" when there is none.
func locateSamples(env, wd string) (string, error) {
	return testkit.LocateShared("FACTMARK_SAMPLES", env, wd, "samples", "html")
}

func TestLocateSamples(t *testing.T) {
	root := t.TempDir()
	want := filepath.Join(root, "shared", "samples", "html")
	repo := filepath.Join(root, "main", "internal", "extract")
	bare := filepath.Join(t.TempDir(), "main", "internal", "extract")
	for _, d := range []string{want, repo, bare} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := locateSamples("", repo); got != want || err != nil {
		t.Errorf("walking up: %q, %v; want %q", got, err, want)
	}
	if got, err := locateSamples("", bare); got != "" || err != nil {
		t.Errorf("absent: %q, %v; want nothing, to skip", got, err)
	}
	if got, err := locateSamples(filepath.Join(root, "shared", "samples"), bare); got != want || err != nil {
		t.Errorf("from the environment: %q, %v; want %q", got, err, want)
	}
	if _, err := locateSamples(filepath.Join(root, "nowhere"), repo); err == nil {
		t.Error("a FACTMARK_SAMPLES without an html folder is not an error")
	}
}

func TestCompareWords(t *testing.T) {
	bag := bagOfWords("The bridge, the BRIDGE! \u00a0 «Caf\u0065\u0301» 港の橋 end.")
	want := map[string]int{"the": 2, "bridge": 2, "café": 1, "港": 1, "の": 1, "橋": 1, "end": 1}
	if len(bag) != len(want) {
		t.Errorf("bag %v, want %v", bag, want)
	}
	for w, n := range want {
		if bag[w] != n {
			t.Errorf("%q counted %d times, want %d", w, bag[w], n)
		}
	}

	s := compareWords(bagOfWords("a a b c"), bagOfWords("a b b d d"))
	// matched: min(2,1) for a + min(1,2) for b = 2; 4 expected, 5 got.
	if s.matched != 2 || s.expected != 4 || s.got != 5 {
		t.Errorf("matched %d of %d expected, %d got; want 2 of 4, 5", s.matched, s.expected, s.got)
	}
	if want := 0.4; s.precision != want {
		t.Errorf("precision %v, want %v", s.precision, want)
	}
	if want := 0.5; s.recall != want {
		t.Errorf("recall %v, want %v", s.recall, want)
	}
	if want := 4.0 / 9; math.Abs(s.f1-want) > 1e-12 {
		t.Errorf("F1 %v, want %v", s.f1, want)
	}
	if s := compareWords(bagOfWords("a"), bagOfWords("")); s.f1 != 0 {
		t.Errorf("F1 of nothing extracted %v, want 0", s.f1)
	}
}
