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
	// Bar, NewRevision and Orphans are the revisions' parts of the
	// workspace (revisions.templ).
	Bar         RevisionBar
	NewRevision NewRevisionForm
	Orphans     OrphanList
	// Bulk is the form that changes the claims ticked in the list.
	Bulk BulkForm
	// Memo keeps the page's text and list entries for the next request
	// for the same state of the article, or is nil (see Memo).
	Memo *Memo
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
	// Revision is the revision of the text (data-revision): selections
	// made in it are sent with it, so that the server can map them onto a
	// newer revision that landed meanwhile.
	Revision int
	// Lang and Dir are the article's language tag and direction ("ltr",
	// "rtl", or "" when unknown: each block then finds its own).
	Lang, Dir string

	// Set by Drawing (workspace_chunks.go): the text is drawn chunk by
	// chunk, the chunks meeting drawSpans and the first screen at once.
	articleID int64
	lazy      bool
	drawSpans []TextSpan
}

// TextBlock is one block of the body.
type TextBlock struct {
	Kind     text.BlockKind
	Level    int
	Start    int
	End      int
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
	// Covering are the claims covering the segment, outermost first (in
	// internal/highlight's lane order). Each is drawn as its own <mark>,
	// nested in the one before, so that every claim shows its colour along
	// its whole length (see segmentsHTML).
	Covering []SegmentClaim
	// Href is the link the segment's words are in, or "" (see cutAtLinks).
	Href string
}

// SegmentClaim is one claim covering a segment.
type SegmentClaim struct {
	ID     int64
	Status model.Status
	// Band is the claim's band (internal/highlight): how much taller its
	// marks are drawn than those of the claims inside it, the same for all
	// its segments and the same as in the HTML export.
	Band  int
	id    string // ID in decimal, computed once per claim
	class string // "hl st-…", computed once per claim
	band  string // " bN", or "" for band 0
}

// NewArticleText cuts the article's text at every claim and party span and
// lays out the claims' highlights with internal/highlight, as the HTML
// export does.
func NewArticleText(a model.Article, claims []model.Claim) ArticleText {
	return NewArticleTextIndexed(a, text.NewIndex(a.Text), claims)
}

// NewArticleTextIndexed is NewArticleText with the index of a's text
// already built (the store keeps one per revision: DB.TextIndex).
func NewArticleTextIndexed(a model.Article, ix *text.Index, claims []model.Claim) ArticleText {
	spans := make([]highlight.Span, 0, len(claims))
	var parties []highlight.Span
	for _, c := range claims {
		if !c.Orphan {
			spans = append(spans, highlight.Span{ID: c.ID, Start: c.Start, End: c.End})
		}
		for _, p := range c.Parties {
			if p.Anchored() {
				parties = append(parties, highlight.Span{ID: p.ID, Start: *p.Start, End: *p.End})
			}
		}
	}
	layout := highlight.Cut(ix, a.Blocks, spans, parties)
	// One SegmentClaim per claim, by span index, copied into each segment.
	levels := make([]SegmentClaim, 0, len(spans))
	for _, c := range claims {
		if !c.Orphan {
			i := len(levels)
			levels = append(levels, SegmentClaim{ID: c.ID, Status: c.Status, Band: layout.Band[i],
				id: strconv.FormatInt(c.ID, 10), class: "hl " + statusClass(c.Status), band: bandClass(layout.Band[i])})
		}
	}
	// One backing array holds every segment's covering claims.
	total := 0
	for _, b := range layout.Blocks {
		for _, s := range b.Segments {
			total += len(s.Spans)
		}
	}
	covering := make([]SegmentClaim, 0, total)
	out := ArticleText{Blocks: make([]TextBlock, len(layout.Blocks)), Revision: a.Revision}
	var ids, partyIDs strings.Builder
	for i, b := range layout.Blocks {
		tb := TextBlock{Kind: b.Kind, Level: b.Level, Start: b.Start, End: b.End, Segments: make([]TextSegment, len(b.Segments))}
		for j, s := range b.Segments {
			ids.Reset()
			partyIDs.Reset()
			seg := TextSegment{Start: s.Start, Text: s.Text}
			from := len(covering)
			for _, si := range s.Spans {
				if ids.Len() > 0 {
					ids.WriteByte(' ')
				}
				ids.WriteString(levels[si].id)
				covering = append(covering, levels[si])
			}
			for _, pi := range s.Extra {
				if partyIDs.Len() > 0 {
					partyIDs.WriteByte(' ')
				}
				partyIDs.WriteString(strconv.FormatInt(parties[pi].ID, 10))
			}
			if len(covering) > from {
				seg.Covering = covering[from:len(covering):len(covering)]
			}
			seg.Claims, seg.Parties = ids.String(), partyIDs.String()
			tb.Segments[j] = seg
		}
		out.Blocks[i] = tb
	}
	cutAtLinks(out.Blocks, a.Links)
	out.Lang, out.Dir = a.Lang, a.Dir
	return out
}

// bandClass is the class of a mark in band b: none for band 0, else " bN"
// (b1 to highlight.MaxBand), which the stylesheet pads by N bands.
func bandClass(b int) string {
	if b <= 0 {
		return ""
	}
	return " b" + strconv.Itoa(min(b, highlight.MaxBand))
}

// segmentsHTML writes a block's segments. A segment no claim or party covers
// is a <span data-s>. A covered one is a <mark> carrying data-s, data-claims
// (outermost first) and data-parties, which the script relies on; inside it
// each further covering claim nests its own <mark data-claim>, innermost
// last, holding the text. Each claim's marks carry its band class (see
// SegmentClaim.Band): the stylesheet pads a mark's bottom by that many
// bands, so that each outer claim shows as a strip of its colour under the
// ones inside it, and a click on that strip opens it.
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
				buf = appendText(buf, s)
				buf = append(buf, `</span>`...)
				continue
			}
			depth := len(s.Covering)
			buf = append(buf, `<mark class="`...)
			if depth > 0 {
				buf = s.Covering[0].appendClass(buf, s.Parties != "")
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
				buf = s.Covering[i].appendClass(buf, false)
				buf = append(buf, `" data-claim="`...)
				buf = append(buf, s.Covering[i].id...)
				buf = append(buf, `">`...)
			}
			buf = appendText(buf, s)
			for range max(depth, 1) {
				buf = append(buf, `</mark>`...)
			}
		}
		_, err := w.Write(buf)
		return err
	})
}

// appendText appends a segment's words, escaped, inside its link if it
// is in one.
func appendText(buf []byte, s TextSegment) []byte {
	if s.Href == "" {
		return append(buf, html.EscapeString(s.Text)...)
	}
	buf = appendLinkOpen(buf, s.Href)
	buf = append(buf, html.EscapeString(s.Text)...)
	return append(buf, `</a>`...)
}

// appendClass appends the class of the claim's mark, with "party" when
// party spans cover the segment too: "hl st-verified party b2".
func (c SegmentClaim) appendClass(buf []byte, party bool) []byte {
	if c.class == "" { // made by hand, as in tests
		c.class, c.band = "hl "+statusClass(c.Status), bandClass(c.Band)
	}
	buf = append(buf, c.class...)
	if party {
		buf = append(buf, " party"...)
	}
	return append(buf, c.band...)
}

func headingLevel(l int) int { return min(max(l+1, 2), 6) }

// claimLabel is how the workspace names a claim: by its number within the
// article, which every export uses too and which stays the same while
// other claims are added and deleted (docs/DESIGN.md §2).
func claimLabel(number int) string { return "#" + strconv.Itoa(number) }
