package pages

import (
	"bytes"
	"context"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestSegmentsHTML(t *testing.T) {
	outer := SegmentClaim{ID: 7, Status: model.StatusVerified, Band: 2, id: "7"}
	middle := SegmentClaim{ID: 12, Status: model.StatusFalse, Band: 1, id: "12"}
	inner := SegmentClaim{ID: 3, Status: model.StatusUnchecked, id: "3"}
	for _, tc := range []struct {
		name string
		seg  TextSegment
		want string
	}{
		{"plain", TextSegment{Start: 4, Text: `a <b> & "c"`},
			`<span data-s="4">a &lt;b&gt; &amp; &#34;c&#34;</span>`},
		{"one claim", TextSegment{Start: 0, Text: "Kestania", Claims: "3", Covering: []SegmentClaim{inner}},
			`<mark class="hl st-unchecked" data-s="0" data-claims="3" data-parties="" data-claim="3">Kestania</mark>`},
		{"an outer claim where it is alone keeps its band", TextSegment{Start: 0, Text: "The", Claims: "7", Covering: []SegmentClaim{outer}},
			`<mark class="hl st-verified b2" data-s="0" data-claims="7" data-parties="" data-claim="7">The</mark>`},
		{"a party alone", TextSegment{Start: 9, Text: "Veloria", Parties: "40"},
			`<mark class="party" data-s="9" data-claims="" data-parties="40">Veloria</mark>`},
		{"three nested, with a party", TextSegment{Start: 2, Text: "it's", Claims: "7 12 3", Parties: "40 41", Covering: []SegmentClaim{outer, middle, inner}},
			`<mark class="hl st-verified party b2" data-s="2" data-claims="7 12 3" data-parties="40 41" data-claim="7">` +
				`<mark class="hl st-false b1" data-claim="12"><mark class="hl st-unchecked" data-claim="3">it&#39;s</mark></mark></mark>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := segmentsHTML(TextBlock{Segments: []TextSegment{tc.seg}}).Render(context.Background(), &buf); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", buf.String(), tc.want)
			}
		})
	}
}
