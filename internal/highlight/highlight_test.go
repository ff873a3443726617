package highlight

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/text"
)

// seg is a segment as the tests write it: its text, the ids of the
// highlighted spans covering it in lane order, and the bands of those spans.
type seg struct {
	text  string
	ids   string
	bands string
}

// segments describes every segment of l.
func segments(l Layout, spans []Span) [][]seg {
	out := make([][]seg, len(l.Blocks))
	for bi, b := range l.Blocks {
		for _, s := range b.Segments {
			var ids, bands []string
			for _, i := range s.Spans {
				ids = append(ids, strconv.FormatInt(spans[i].ID, 10))
				bands = append(bands, strconv.Itoa(l.Band[i]))
			}
			out[bi] = append(out[bi], seg{s.Text, strings.Join(ids, " "), strings.Join(bands, " ")})
		}
	}
	return out
}

func TestCut(t *testing.T) {
	// "Alpha beta gamma." is [0,17); the second block starts at 19. The flag
	// is two code points (regional indicators), the family emoji five
	// (three people joined by two zero-width joiners).
	doc := text.Build(text.SplitPlain("Alpha beta gamma.\n\nDelta 🇺🇦 eps 👩‍👩‍👦 lon."))
	ix := text.NewIndex(doc.Text)
	tests := []struct {
		name  string
		spans []Span
		want  [][]seg
	}{
		{"none", nil, [][]seg{{{"Alpha beta gamma.", "", ""}}, {{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}}}},
		{"nested", []Span{{ID: 1, Start: 0, End: 10}, {ID: 2, Start: 6, End: 10}, {ID: 3, Start: 6, End: 8}}, [][]seg{
			{{"Alpha ", "1", "2"}, {"be", "1 2 3", "2 1 0"}, {"ta", "1 2", "2 1"}, {" gamma.", "", ""}},
			{{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
		{"nested, given inner first", []Span{{ID: 3, Start: 6, End: 8}, {ID: 2, Start: 6, End: 10}, {ID: 1, Start: 0, End: 10}}, [][]seg{
			{{"Alpha ", "1", "2"}, {"be", "1 2 3", "2 1 0"}, {"ta", "1 2", "2 1"}, {" gamma.", "", ""}},
			{{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
		{"crossing: the earlier is outer", []Span{{ID: 1, Start: 0, End: 10}, {ID: 2, Start: 6, End: 16}}, [][]seg{
			{{"Alpha ", "1", "1"}, {"beta", "1 2", "1 0"}, {" gamma", "2", "0"}, {".", "", ""}},
			{{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
		{"identical spans: the first given is outer", []Span{{ID: 8, Start: 6, End: 10}, {ID: 4, Start: 6, End: 10}}, [][]seg{
			{{"Alpha ", "", ""}, {"beta", "8 4", "1 0"}, {" gamma.", "", ""}},
			{{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
		{"apart: all band 0", []Span{{ID: 1, Start: 0, End: 5}, {ID: 2, Start: 6, End: 10}}, [][]seg{
			{{"Alpha", "1", "0"}, {" ", "", ""}, {"beta", "2", "0"}, {" gamma.", "", ""}},
			{{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
		{"across blocks", []Span{{ID: 1, Start: 11, End: 25}}, [][]seg{
			{{"Alpha beta ", "", ""}, {"gamma.", "1", "0"}},
			{{"Delta ", "1", "0"}, {"🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
		{"emoji offsets", []Span{{ID: 1, Start: 25, End: 27}, {ID: 2, Start: 32, End: 37}, {ID: 3, Start: 19, End: 42}}, [][]seg{
			{{"Alpha beta gamma.", "", ""}},
			{{"Delta ", "3", "1"}, {"🇺🇦", "3 1", "1 0"}, {" eps ", "3", "1"}, {"👩‍👩‍👦", "3 2", "1 0"}, {" lon.", "3", "1"}},
		}},
		{"more than MaxBand deep", []Span{
			{ID: 1, Start: 0, End: 17}, {ID: 2, Start: 1, End: 17}, {ID: 3, Start: 2, End: 17},
			{ID: 4, Start: 3, End: 17}, {ID: 5, Start: 4, End: 17}, {ID: 6, Start: 5, End: 17},
		}, [][]seg{
			{{"A", "1", "4"}, {"l", "1 2", "4 4"}, {"p", "1 2 3", "4 4 3"}, {"h", "1 2 3 4", "4 4 3 2"},
				{"a", "1 2 3 4 5", "4 4 3 2 1"}, {" beta gamma.", "1 2 3 4 5 6", "4 4 3 2 1 0"}},
			{{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
		{"empty and outside spans are left out", []Span{{ID: 1, Start: 3, End: 3}, {ID: 2, Start: 40, End: 99}, {ID: 3, Start: 4, End: 2}, {ID: 4, Start: -1, End: 2}}, [][]seg{
			{{"Alpha beta gamma.", "", ""}},
			{{"Delta 🇺🇦 eps 👩‍👩‍👦 lon.", "", ""}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Cut(ix, doc.Blocks, tt.spans, nil)
			if got := segments(l, tt.spans); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("segments:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCutLeavesOutSpansItCannotDraw(t *testing.T) {
	doc := text.Build(text.SplitPlain("short"))
	ix := text.NewIndex(doc.Text)
	l := Cut(ix, doc.Blocks, []Span{{Start: 3, End: 3}, {Start: 9, End: 12}, {Start: 1, End: 4}}, nil)
	if got, want := l.Lane, []int{-1, -1, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("lanes %v, want %v", got, want)
	}
	if got, want := l.Band, []int{0, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("bands %v, want %v", got, want)
	}
}

// Extra spans cut segments and are listed, but take no lane: the bands of
// the highlights around them do not change.
func TestCutExtra(t *testing.T) {
	doc := text.Build(text.SplitPlain("Alpha beta gamma."))
	ix := text.NewIndex(doc.Text)
	spans := []Span{{ID: 1, Start: 0, End: 10}}
	extra := []Span{{ID: 40, Start: 6, End: 10}, {ID: 41, Start: 8, End: 16}}
	l := Cut(ix, doc.Blocks, spans, extra)
	type got struct {
		text         string
		spans, extra []int
	}
	var segs []got
	for _, s := range l.Blocks[0].Segments {
		segs = append(segs, got{s.Text, s.Spans, s.Extra})
	}
	want := []got{
		{"Alpha ", []int{0}, nil},
		{"be", []int{0}, []int{0}},
		{"ta", []int{0}, []int{0, 1}},
		{" gamma", nil, []int{1}},
		{".", nil, nil},
	}
	if !reflect.DeepEqual(segs, want) {
		t.Errorf("segments:\n got %+v\nwant %+v", segs, want)
	}
	if l.Band[0] != 0 {
		t.Errorf("the claim's band is %d, want 0: parties are not highlights", l.Band[0])
	}
}

// TestBands pins lanes and bands, spans given in the order of the export
// (by start, the longer first).
func TestBands(t *testing.T) {
	ix := text.NewIndex(strings.Repeat("x", 30))
	tests := []struct {
		name        string
		spans       []Span
		lane, bands []int
	}{
		{"apart", []Span{{Start: 0, End: 4}, {Start: 4, End: 8}, {Start: 9, End: 12}}, []int{0, 0, 0}, []int{0, 0, 0}},
		{"shared end", []Span{{Start: 0, End: 10}, {Start: 5, End: 10}}, []int{0, 1}, []int{1, 0}},
		{"shared start", []Span{{Start: 0, End: 10}, {Start: 0, End: 5}}, []int{0, 1}, []int{1, 0}},
		{"same span", []Span{{Start: 2, End: 6}, {Start: 2, End: 6}}, []int{0, 1}, []int{1, 0}},
		{"three deep, then apart", []Span{{Start: 0, End: 10}, {Start: 2, End: 10}, {Start: 6, End: 10}, {Start: 10, End: 12}},
			[]int{0, 1, 2, 0}, []int{2, 1, 0, 0}},
		{"crossing, then nested in the second", []Span{{Start: 0, End: 10}, {Start: 5, End: 20}, {Start: 12, End: 15}},
			[]int{0, 1, 0}, []int{1, 0, 1}},
		{"mixed", []Span{{Start: 0, End: 10}, {Start: 2, End: 5}, {Start: 3, End: 4}, {Start: 6, End: 12}, {Start: 11, End: 15}, {Start: 15, End: 16}},
			[]int{0, 1, 2, 1, 0, 0}, []int{2, 1, 0, 1, 2, 0}},
		{"deeper than MaxBand", []Span{{Start: 0, End: 9}, {Start: 1, End: 9}, {Start: 2, End: 9}, {Start: 3, End: 9}, {Start: 4, End: 9}, {Start: 5, End: 9}},
			[]int{0, 1, 2, 3, 4, 5}, []int{4, 4, 3, 2, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lane, band := bands(ix, tt.spans)
			if !reflect.DeepEqual(lane, tt.lane) {
				t.Errorf("lanes %v, want %v", lane, tt.lane)
			}
			if !reflect.DeepEqual(band, tt.bands) {
				t.Errorf("bands %v, want %v", band, tt.bands)
			}
		})
	}
}
