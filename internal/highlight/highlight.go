// Package highlight cuts an article's blocks into segments at every span
// boundary, so that overlapping and nested claims can all be drawn with flat,
// non-overlapping markup: each segment lists every span that covers it. The
// workspace and the exporters share it so that a claim is highlighted the
// same way everywhere.
package highlight

import (
	"sort"

	"github.com/factmark/factmark/internal/text"
)

// Span is a highlighted range of the canonical text, in code points.
type Span struct {
	ID         int64
	Start, End int
}

// Segment is a run of one block's text covered by the same set of spans.
type Segment struct {
	Start, End int
	Text       string
	// Spans covering the segment, indices into the slice given to Cut,
	// outermost (longest) first, so the last one is the innermost.
	Spans []int
}

// Block is one block of the article cut into segments.
type Block struct {
	text.Block
	Segments []Segment
}

// Cut splits every block into segments. Spans may overlap, nest, cross block
// boundaries or repeat; empty or out-of-range parts are ignored.
func Cut(ix *text.Index, blocks []text.Block, spans []Span) []Block {
	type edge struct {
		pos   int
		span  int
		start bool
	}
	edges := make([]edge, 0, 2*len(spans))
	for i, s := range spans {
		if s.End <= s.Start || s.End <= 0 || s.Start >= ix.Len() {
			continue
		}
		edges = append(edges, edge{s.Start, i, true}, edge{s.End, i, false})
	}
	sort.Slice(edges, func(a, b int) bool { return edges[a].pos < edges[b].pos })

	// longer reports whether span a should sit outside span b.
	longer := func(a, b int) bool {
		la, lb := spans[a].End-spans[a].Start, spans[b].End-spans[b].Start
		if la != lb {
			return la > lb
		}
		return a < b
	}

	out := make([]Block, 0, len(blocks))
	var active []int
	e := 0
	for _, bl := range blocks {
		ob := Block{Block: bl}
		pos := bl.Start
		for pos < bl.End {
			// Apply every edge at or before pos.
			for e < len(edges) && edges[e].pos <= pos {
				if edges[e].start {
					active = insertSorted(active, edges[e].span, longer)
				} else {
					active = remove(active, edges[e].span)
				}
				e++
			}
			next := bl.End
			if e < len(edges) && edges[e].pos < next {
				next = edges[e].pos
			}
			var cover []int
			if len(active) > 0 {
				cover = append([]int(nil), active...)
			}
			ob.Segments = append(ob.Segments, Segment{Start: pos, End: next, Text: ix.Slice(pos, next), Spans: cover})
			pos = next
		}
		out = append(out, ob)
	}
	return out
}

func insertSorted(active []int, s int, longer func(a, b int) bool) []int {
	i := sort.Search(len(active), func(i int) bool { return !longer(active[i], s) })
	active = append(active, 0)
	copy(active[i+1:], active[i:])
	active[i] = s
	return active
}

func remove(active []int, s int) []int {
	for i, x := range active {
		if x == s {
			return append(active[:i], active[i+1:]...)
		}
	}
	return active
}
