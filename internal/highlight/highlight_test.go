package highlight

import (
	"reflect"
	"testing"

	"github.com/factmark/factmark/internal/text"
)

func TestCut(t *testing.T) {
	doc := text.Build(text.SplitPlain("Alpha beta gamma.\n\nDelta 🇺🇦 epsilon."))
	ix := text.NewIndex(doc.Text)
	// "Alpha beta gamma." is [0,17); second block starts at 19.
	spans := []Span{
		{ID: 1, Start: 0, End: 10},  // "Alpha beta"
		{ID: 2, Start: 6, End: 10},  // "beta", nested in 1
		{ID: 3, Start: 6, End: 16},  // "beta gamma", overlaps 1
		{ID: 4, Start: 11, End: 25}, // crosses into block 2: "gamma.\n\nDelta "
	}
	got := Cut(ix, doc.Blocks, spans)
	if len(got) != 2 {
		t.Fatalf("blocks = %d, want 2", len(got))
	}
	type seg struct {
		text  string
		spans []int
	}
	var b0 []seg
	for _, s := range got[0].Segments {
		b0 = append(b0, seg{s.Text, s.Spans})
	}
	want0 := []seg{
		{"Alpha ", []int{0}},
		{"beta", []int{0, 2, 1}}, // outermost first: 1 (10 long, index 0), 3 (10 long, index 2), 2
		{" ", []int{2}},
		{"gamma", []int{3, 2}}, // 4 is longer than 3
		{".", []int{3}},
	}
	if !reflect.DeepEqual(b0, want0) {
		t.Errorf("block 0 segments:\n got %#v\nwant %#v", b0, want0)
	}
	var joined string
	for _, s := range got[1].Segments {
		joined += s.Text
	}
	if joined != "Delta 🇺🇦 epsilon." {
		t.Errorf("block 1 text = %q", joined)
	}
	if first := got[1].Segments[0]; first.Text != "Delta " || !reflect.DeepEqual(first.Spans, []int{3}) {
		t.Errorf("block 1 first segment = %#v", first)
	}
}

func TestCutIgnoresBadSpans(t *testing.T) {
	doc := text.Build(text.SplitPlain("short"))
	ix := text.NewIndex(doc.Text)
	got := Cut(ix, doc.Blocks, []Span{{Start: 3, End: 3}, {Start: 9, End: 12}, {Start: 4, End: 2}})
	if len(got[0].Segments) != 1 || got[0].Segments[0].Spans != nil || got[0].Segments[0].Text != "short" {
		t.Errorf("segments = %#v", got[0].Segments)
	}
}
