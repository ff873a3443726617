package anchortest_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/anchor/anchortest"
	"github.com/factmark/factmark/internal/text"
)

func TestCorpusTruth(t *testing.T) {
	cases := anchortest.Corpus(1, 40)
	changes := map[anchortest.Change]int{}
	edits := map[string]int{}
	for _, c := range cases {
		if got := text.Build(text.SplitPlain(c.NewText)).Text; got != c.NewText {
			t.Errorf("%s: the new text is not canonical", c.Name)
		}
		if c.NewText == c.OldText {
			t.Errorf("%s: no edit made (%v)", c.Name, c.Edits)
		}
		for _, e := range c.Edits {
			edits[strings.Fields(e)[0]]++
		}
		oldIx, newIx := text.NewIndex(c.OldText), text.NewIndex(c.NewText)
		for i, a := range c.Anchors {
			changes[a.Change]++
			if got := oldIx.Slice(a.Start, a.End); got != a.Exact {
				t.Errorf("%s anchor %d: old text %q, exact %q", c.Name, i, got, a.Exact)
			}
			if a.Change == anchortest.Gone {
				if a.Truth != nil {
					t.Errorf("%s anchor %d: gone but has a truth %+v", c.Name, i, *a.Truth)
				}
				continue
			}
			if a.Truth == nil {
				t.Errorf("%s anchor %d (%s): no truth", c.Name, i, a.Change)
				continue
			}
			if got := newIx.Slice(a.Truth.Start, a.Truth.End); got != a.Words {
				t.Errorf("%s anchor %d (%s, edits %v): new text at the truth %q, expected words %q", c.Name, i, a.Change, c.Edits, got, a.Words)
			}
			if a.Change == anchortest.Same && a.Words != a.Exact {
				t.Errorf("%s anchor %d: same, but words %q differ from exact %q", c.Name, i, a.Words, a.Exact)
			}
			if a.Change == anchortest.Edited && a.Words == a.Exact {
				t.Errorf("%s anchor %d: edited, but words %q equal exact", c.Name, i, a.Words)
			}
		}
	}
	for _, ch := range []anchortest.Change{anchortest.Same, anchortest.Edited, anchortest.Gone} {
		if changes[ch] == 0 {
			t.Errorf("no anchor is %s", ch)
		}
	}
	for _, kind := range []string{"typo", "number", "reword", "insert", "delete", "rewrite", "move"} {
		if edits[kind] == 0 {
			t.Errorf("no %s edit in the corpus", kind)
		}
	}
	t.Logf("changes %v, edits %v", changes, edits)
}

func TestCorpusDeterministic(t *testing.T) {
	a, b := anchortest.Corpus(7, 5), anchortest.Corpus(7, 5)
	if !reflect.DeepEqual(a, b) {
		t.Error("two corpora from the same seed differ")
	}
	if c := anchortest.Corpus(8, 5); reflect.DeepEqual(a, c) {
		t.Error("corpora from seeds 7 and 8 are equal")
	}
}

// BenchmarkReanchorCorpus re-anchors every span of a small corpus, each
// revision's diff included; ns/op divided by the anchors is the time per
// anchor (cmd/factmark-anchorbench reports it against Hypothesis').
func BenchmarkReanchorCorpus(b *testing.B) {
	cases := anchortest.Corpus(1, 100)
	inputs := make([][]anchor.Anchor, len(cases))
	n := 0
	for i, c := range cases {
		for _, a := range c.Anchors {
			inputs[i] = append(inputs[i], anchor.Anchor{Start: a.Start, End: a.End,
				Quote: anchor.Quote{Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix}})
		}
		n += len(c.Anchors)
	}
	b.ResetTimer()
	for b.Loop() {
		for i, c := range cases {
			anchor.Reanchor(c.OldText, c.NewText, inputs[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/anchor")
}
