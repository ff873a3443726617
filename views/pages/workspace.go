package pages

import (
	"context"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/highlight"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Workspace is the annotation workspace's view model.
type Workspace struct {
	Article model.Article
	Text    ArticleText
	// Claims are the article's claims by position. The workspace names each
	// by its number within the article ("#7"), as the exports do.
	Claims []model.Claim
	// PublicExports and InternalExports are the export links, offered in
	// two groups labelled by who the file is for.
	PublicExports   []ExportLink
	InternalExports []ExportLink
	// OpenClaim is the claim whose panel is shown on load, or 0. It must be
	// one of Claims.
	OpenClaim int64
}

// ExportLink is one export the workspace offers.
type ExportLink struct {
	Label  string
	URL    string
	TestID string
	Title  string // what the file holds, as a tooltip
}

// ArticleText is the article's body cut into highlightable segments.
type ArticleText struct {
	Blocks []TextBlock
}

// TextBlock is one block of the body.
type TextBlock struct {
	Kind     text.BlockKind
	Level    int
	Start    int
	Segments []TextSegment
}

// TextSegment is a run of text under one set of claims and parties. Start is
// its code-point offset in the canonical text: the browser turns a selection
// into offsets from it.
type TextSegment struct {
	Start   int
	Text    string
	Claims  string // ids of the covering claims, outermost first, space-separated
	Parties string // ids of the party spans covering it
	// Covering are the claims covering the segment, outermost first. Each is
	// drawn as its own <mark>, nested in the one before, so that every claim
	// shows its colour along its whole length (see segmentsHTML).
	Covering []SegmentClaim
}

// SegmentClaim is one claim covering a segment.
type SegmentClaim struct {
	ID     int64
	Status model.Status
	id     string // ID in decimal, computed once per claim
	class  string // "hl st-…"
}

// NewArticleText cuts the article's text at every claim and party span.
func NewArticleText(a model.Article, claims []model.Claim) ArticleText {
	ix := text.NewIndex(a.Text)
	spans := make([]highlight.Span, 0, len(claims)*2)
	var levels []SegmentClaim // by span index, for the claims' spans
	for _, c := range claims {
		if !c.Orphan {
			spans = append(spans, highlight.Span{ID: c.ID, Start: c.Start, End: c.End})
			levels = append(levels, SegmentClaim{ID: c.ID, Status: c.Status, id: strconv.FormatInt(c.ID, 10), class: "hl " + statusClass(c.Status)})
		}
	}
	nClaims := len(spans)
	for _, c := range claims {
		for _, p := range c.Parties {
			if p.Anchored() {
				spans = append(spans, highlight.Span{ID: p.ID, Start: *p.Start, End: *p.End})
			}
		}
	}
	cut := highlight.Cut(ix, a.Blocks, spans)
	// One backing array holds every segment's covering claims.
	total := 0
	for _, b := range cut {
		for _, s := range b.Segments {
			total += len(s.Spans)
		}
	}
	covering := make([]SegmentClaim, 0, total)
	out := ArticleText{Blocks: make([]TextBlock, len(cut))}
	var ids, parties strings.Builder
	for i, b := range cut {
		tb := TextBlock{Kind: b.Kind, Level: b.Level, Start: b.Start, Segments: make([]TextSegment, len(b.Segments))}
		for j, s := range b.Segments {
			ids.Reset()
			parties.Reset()
			seg := TextSegment{Start: s.Start, Text: s.Text}
			from := len(covering)
			for _, si := range s.Spans {
				if si < nClaims {
					if ids.Len() > 0 {
						ids.WriteByte(' ')
					}
					ids.WriteString(levels[si].id)
					covering = append(covering, levels[si])
				} else {
					if parties.Len() > 0 {
						parties.WriteByte(' ')
					}
					parties.WriteString(strconv.FormatInt(spans[si].ID, 10))
				}
			}
			if len(covering) > from {
				seg.Covering = covering[from:len(covering):len(covering)]
			}
			seg.Claims, seg.Parties = ids.String(), parties.String()
			tb.Segments[j] = seg
		}
		out.Blocks[i] = tb
	}
	return out
}

// maxBand is the deepest band drawn: claims nested deeper still get their
// own <mark>, and so stay clickable, but share the outermost band's height.
const maxBand = 4

// segmentsHTML writes a block's segments. A segment no claim or party covers
// is a <span data-s>. A covered one is a <mark> carrying data-s, data-claims
// (outermost first) and data-parties, which the script relies on; inside it
// each further covering claim nests its own <mark data-claim>, innermost
// last, holding the text. Every level but the innermost gets a band class
// (b1…b4, how many levels sit inside it): the stylesheet pads its bottom by
// that many bands, so that each outer claim shows as a strip of its colour
// under the ones inside it, and a click on that strip opens it.
//
// It is written by hand rather than in templ because it is the page's hot
// loop, run once per segment, thousands of times on a long article. Every
// value it writes is escaped.
func segmentsHTML(b TextBlock) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		buf := make([]byte, 0, 256+len(b.Segments)*160)
		for _, s := range b.Segments {
			if s.Claims == "" && s.Parties == "" {
				buf = append(buf, `<span data-s="`...)
				buf = strconv.AppendInt(buf, int64(s.Start), 10)
				buf = append(buf, `">`...)
				buf = append(buf, html.EscapeString(s.Text)...)
				buf = append(buf, `</span>`...)
				continue
			}
			depth := len(s.Covering)
			buf = append(buf, `<mark class="`...)
			if depth > 0 {
				buf = append(buf, s.Covering[0].class...)
				if s.Parties != "" {
					buf = append(buf, ` party`...)
				}
				buf = appendBand(buf, depth-1)
			} else {
				buf = append(buf, `party`...)
			}
			buf = append(buf, `" data-s="`...)
			buf = strconv.AppendInt(buf, int64(s.Start), 10)
			buf = append(buf, `" data-claims="`...)
			buf = append(buf, s.Claims...) // digits and spaces only
			buf = append(buf, `" data-parties="`...)
			buf = append(buf, s.Parties...)
			if depth > 0 {
				buf = append(buf, `" data-claim="`...)
				buf = append(buf, s.Covering[0].id...)
			}
			buf = append(buf, `">`...)
			for i := 1; i < depth; i++ {
				buf = append(buf, `<mark class="`...)
				buf = append(buf, s.Covering[i].class...)
				buf = appendBand(buf, depth-1-i)
				buf = append(buf, `" data-claim="`...)
				buf = append(buf, s.Covering[i].id...)
				buf = append(buf, `">`...)
			}
			buf = append(buf, html.EscapeString(s.Text)...)
			for range max(depth, 1) {
				buf = append(buf, `</mark>`...)
			}
		}
		_, err := w.Write(buf)
		return err
	})
}

// appendBand appends the band class of a level with inner levels inside it.
func appendBand(buf []byte, inner int) []byte {
	if inner <= 0 {
		return buf
	}
	return append(buf, ' ', 'b', byte('0'+min(inner, maxBand)))
}

func headingLevel(l int) int { return min(max(l+1, 2), 6) }

// claimLabel is how the workspace names a claim: by its number within the
// article, which every export uses too and which stays the same while
// other claims are added and deleted (docs/DESIGN.md §2).
func claimLabel(number int) string { return "#" + strconv.Itoa(number) }
