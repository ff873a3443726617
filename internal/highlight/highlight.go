// Package highlight lays out overlapping and nested highlights so that they
// can all be drawn with flat markup, the same way in the workspace and in
// the HTML export (docs/DESIGN.md §6): it cuts an article's blocks into
// segments at every span boundary, each listing the spans that cover it,
// and gives every span a lane and a band.
//
//   - A span's lane is the lowest that no overlapping span laid before it
//     holds, spans being laid by start, the longer first, then in the order
//     given. Overlapping spans never share a lane, and a span's lane is
//     lower than that of any span nested in it. Where spans overlap, their
//     marks nest in lane order, the lowest lane outermost; the innermost
//     span covering a segment colours its words.
//   - A span's band is how many lanes lie inside its own in its cluster
//     (the spans linked to it by overlaps), at most MaxBand: 0 for a span
//     that overlaps nothing, and 2, 1 and 0 from the outside in for three
//     spans nested in each other. A mark is drawn taller the higher its
//     band, so that every outer span shows as a band of its colour beside
//     the spans inside it, along its whole length. A span has one band for
//     all its segments.
//
// The layout depends only on the spans' positions and their order among
// spans that are alike, so the same claims are drawn alike everywhere.
package highlight

import (
	"cmp"
	"slices"

	"github.com/factmark/factmark/internal/text"
)

// MaxBand is the highest band. A span that wraps more than MaxBand lanes of
// spans shares it with the span just inside it, whose colour then hides its
// own there; each is still a mark of its own, so it stays clickable, and
// labels tell them apart. Stylesheets style the bands 1 to MaxBand.
const MaxBand = 4

// Span is a highlighted range of the canonical text, in code points.
type Span struct {
	ID         int64
	Start, End int
}

// Segment is a run of one block's text covered by the same spans.
type Segment struct {
	Start, End int
	Text       string
	// Spans are the highlighted spans covering the segment, indices into
	// the spans given to Cut, in lane order: outermost first, so that the
	// last one is the innermost, whose colour the words take.
	Spans []int
	// Extra are the extra spans covering the segment (see Cut), indices
	// into the extra spans given to Cut, in the order given.
	Extra []int
}

// Block is one block of the article cut into segments.
type Block struct {
	text.Block
	Segments []Segment
}

// Layout is where highlights go: the blocks cut into segments, and each
// highlighted span's lane and band, by index into the spans given to Cut.
// A span that cannot be drawn (empty, or outside the text) covers no
// segment and has lane -1 and band 0.
type Layout struct {
	Blocks []Block
	Lane   []int
	Band   []int
}

// Cut lays out spans over the blocks of the text indexed by ix. Spans may
// overlap, nest, cross block boundaries or repeat. extra spans (parties'
// own spans in the workspace) cut segments too and are listed in them, but
// are not highlights: they get no lane or band.
func Cut(ix *text.Index, blocks []text.Block, spans, extra []Span) Layout {
	lane, band := bands(ix, spans)
	l := Layout{Lane: lane, Band: band, Blocks: make([]Block, 0, len(blocks))}

	// Edges of both kinds of span; an edge's span is i for spans[i] and
	// -1-i for extra[i].
	type edge struct {
		pos   int
		span  int
		start bool
	}
	edges := make([]edge, 0, 2*(len(spans)+len(extra)))
	for i, s := range spans {
		if lane[i] >= 0 {
			edges = append(edges, edge{s.Start, i, true}, edge{s.End, i, false})
		}
	}
	for i, s := range extra {
		if drawable(ix, s) {
			edges = append(edges, edge{s.Start, -1 - i, true}, edge{s.End, -1 - i, false})
		}
	}
	slices.SortStableFunc(edges, func(a, b edge) int { return cmp.Compare(a.pos, b.pos) })

	byLane := func(a, b int) int { return cmp.Compare(lane[a], lane[b]) }
	var active, activeExtra []int
	e := 0
	for _, bl := range blocks {
		ob := Block{Block: bl}
		pos := bl.Start
		for pos < bl.End {
			for ; e < len(edges) && edges[e].pos <= pos; e++ {
				ed := edges[e]
				switch {
				case ed.span >= 0 && ed.start:
					i, _ := slices.BinarySearchFunc(active, ed.span, byLane)
					active = slices.Insert(active, i, ed.span)
				case ed.span >= 0:
					active = slices.DeleteFunc(active, func(x int) bool { return x == ed.span })
				case ed.start:
					i, _ := slices.BinarySearch(activeExtra, -1-ed.span)
					activeExtra = slices.Insert(activeExtra, i, -1-ed.span)
				default:
					activeExtra = slices.DeleteFunc(activeExtra, func(x int) bool { return x == -1-ed.span })
				}
			}
			next := bl.End
			if e < len(edges) && edges[e].pos < next {
				next = edges[e].pos
			}
			ob.Segments = append(ob.Segments, Segment{Start: pos, End: next, Text: ix.Slice(pos, next),
				Spans: clone(active), Extra: clone(activeExtra)})
			pos = next
		}
		l.Blocks = append(l.Blocks, ob)
	}
	return l
}

// clone copies s, and gives nil for an empty s.
func clone(s []int) []int {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// drawable reports whether s covers some of the text.
func drawable(ix *text.Index, s Span) bool {
	return s.Start < s.End && s.Start >= 0 && s.End <= ix.Len()
}

// bands gives each drawable span its lane and band (see the package
// comment), and -1 and 0 to the others.
func bands(ix *text.Index, spans []Span) (lane, band []int) {
	lane = make([]int, len(spans))
	band = make([]int, len(spans))
	order := make([]int, 0, len(spans))
	for i, s := range spans {
		lane[i] = -1
		if drawable(ix, s) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(spans[a].Start, spans[b].Start); c != 0 {
			return c
		}
		return cmp.Compare(spans[b].End, spans[a].End)
	})
	var ends []int // ends[l] is where the span last given lane l ends
	first, reach := 0, 0
	closeCluster := func(end int) {
		depth := 0
		for _, i := range order[first:end] {
			depth = max(depth, lane[i]+1)
		}
		for _, i := range order[first:end] {
			band[i] = min(depth-1-lane[i], MaxBand)
		}
	}
	for k, i := range order {
		s := spans[i]
		if k > 0 && s.Start >= reach {
			// Nothing laid before overlaps s or anything after it.
			closeCluster(k)
			first, ends = k, ends[:0]
		}
		l := 0
		for l < len(ends) && ends[l] > s.Start {
			l++
		}
		if l == len(ends) {
			ends = append(ends, 0)
		}
		ends[l] = s.End
		lane[i] = l
		reach = max(reach, s.End)
	}
	closeCluster(len(order))
	return lane, band
}
