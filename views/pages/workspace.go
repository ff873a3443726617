package pages

import (
	"strconv"
	"strings"

	"github.com/factmark/factmark/internal/highlight"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Workspace is the annotation workspace's view model.
type Workspace struct {
	Article model.Article
	Text    ArticleText
	Claims  []ClaimItem
	Formats []string // export format names
	// OpenClaim is the claim whose panel is shown on load, or 0.
	OpenClaim int64
}

// ClaimItem is a claim in the side list, numbered by position.
type ClaimItem struct {
	model.Claim
	Number int
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
	Status  model.Status
	Depth   int
	Parties string // ids of the party spans covering it
}

// NewArticleText cuts the article's text at every claim and party span.
func NewArticleText(a model.Article, claims []model.Claim) ArticleText {
	ix := text.NewIndex(a.Text)
	spans := make([]highlight.Span, 0, len(claims)*2)
	for _, c := range claims {
		if !c.Orphan {
			spans = append(spans, highlight.Span{ID: c.ID, Start: c.Start, End: c.End})
		}
	}
	nClaims := len(spans)
	status := make(map[int64]model.Status, len(claims))
	for _, c := range claims {
		status[c.ID] = c.Status
		for _, p := range c.Parties {
			if p.Anchored() {
				spans = append(spans, highlight.Span{ID: p.ID, Start: *p.Start, End: *p.End})
			}
		}
	}
	cut := highlight.Cut(ix, a.Blocks, spans)
	out := ArticleText{Blocks: make([]TextBlock, len(cut))}
	var ids, parties strings.Builder
	for i, b := range cut {
		tb := TextBlock{Kind: b.Kind, Level: b.Level, Start: b.Start, Segments: make([]TextSegment, len(b.Segments))}
		for j, s := range b.Segments {
			ids.Reset()
			parties.Reset()
			seg := TextSegment{Start: s.Start, Text: s.Text}
			for _, si := range s.Spans {
				if si < nClaims {
					if ids.Len() > 0 {
						ids.WriteByte(' ')
					}
					ids.WriteString(strconv.FormatInt(spans[si].ID, 10))
					seg.Depth++
					seg.Status = status[spans[si].ID] // the innermost wins
				} else {
					if parties.Len() > 0 {
						parties.WriteByte(' ')
					}
					parties.WriteString(strconv.FormatInt(spans[si].ID, 10))
				}
			}
			seg.Claims, seg.Parties = ids.String(), parties.String()
			tb.Segments[j] = seg
		}
		out.Blocks[i] = tb
	}
	return out
}

// NumberClaims numbers claims 1, 2, … in the order given (by position), the
// numbering the exports use too.
func NumberClaims(claims []model.Claim) []ClaimItem {
	out := make([]ClaimItem, len(claims))
	for i, c := range claims {
		out[i] = ClaimItem{Claim: c, Number: i + 1}
	}
	return out
}

// segmentClass is the CSS class list of a segment.
func segmentClass(s TextSegment) string {
	c := ""
	if s.Claims != "" {
		c = "hl " + statusClass(s.Status)
	}
	if s.Parties != "" {
		if c != "" {
			c += " "
		}
		c += "party"
	}
	return c
}

func depthAttr(d int) string { return strconv.Itoa(min(d, 4)) }

func headingLevel(l int) int { return min(max(l+1, 2), 6) }
