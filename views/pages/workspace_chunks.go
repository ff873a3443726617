package pages

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"slices"
	"strconv"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/model"
)

// The workspace draws a long article's highlights in chunks: runs of whole
// blocks of about chunkSize code points. The chunks of the first screen
// (firstScreen code points) and those holding the claim the page opens
// with come drawn; every other chunk comes as its blocks' plain text, the
// same text at the same offsets, and static/js/workspace/chunks.js fetches
// its drawn version (showTextChunk, rendered by the same TextChunk
// component) when it nears the viewport. A save answers with the drawn
// chunks it touched, out of band. docs/DESIGN.md §6 says why.
const (
	chunkSize   = 3000
	firstScreen = 6000
)

// textChunk is a run of blocks, t.Blocks[first:last], covering the code
// points [start, end) of the text.
type textChunk struct {
	first, last int
	start, end  int
}

// id is the chunk's element id: the offset it starts at, which a revision
// change alone can move (and that replaces the whole text).
func (ch textChunk) id() string { return "chunk-" + strconv.Itoa(ch.start) }

// chunks cuts t's blocks into chunks.
func (t ArticleText) chunks() []textChunk {
	return cutChunks(len(t.Blocks), func(i int) (int, int) { return t.Blocks[i].Start, t.Blocks[i].End })
}

// cutChunks cuts n blocks, whose spans block gives, into chunks. A block
// is never split, so a chunk may hold more than chunkSize code points.
func cutChunks(n int, block func(i int) (start, end int)) []textChunk {
	var out []textChunk
	for i := 0; i < n; {
		start, _ := block(i)
		ch := textChunk{first: i, start: start}
		for i < n {
			_, end := block(i)
			if i > ch.first && end-ch.start >= chunkSize {
				break
			}
			ch.end = end
			i++
		}
		ch.last = i
		out = append(out, ch)
	}
	return out
}

// ChunkBounds widens [start, end) to the edges of the chunks of article a
// that it meets, as the workspace cuts them.
func ChunkBounds(a model.Article, start, end int) (int, int) {
	lo, hi := start, end
	for _, ch := range cutChunks(len(a.Blocks), func(i int) (int, int) { return a.Blocks[i].Start, a.Blocks[i].End }) {
		if (TextSpan{start, end}).meets(ch) {
			lo, hi = min(lo, ch.start), max(hi, ch.end)
		}
	}
	return lo, hi
}

// TextSpan is a range of the canonical text, in code points, that a change
// touched: the chunks it meets are drawn (see Drawing) or sent (see
// ChangedText).
type TextSpan struct{ Start, End int }

// meets reports whether the span touches chunk ch. An empty span at a
// chunk's start meets it.
func (s TextSpan) meets(ch textChunk) bool {
	return s.Start < ch.end && (s.End > ch.start || s.Start == ch.start)
}

// Drawing makes t render for the workspace of article articleID: chunked,
// with the first screen and the chunks meeting spans drawn and every other
// chunk as plain text that the script draws near the viewport. Without
// it, the whole text is drawn (an earlier revision's page, which runs no
// script).
func (t ArticleText) Drawing(articleID int64, spans ...TextSpan) ArticleText {
	t.articleID = articleID
	t.lazy = true
	t.drawSpans = spans
	return t
}

// draws reports whether chunk ch comes drawn.
func (t ArticleText) draws(ch textChunk) bool {
	if !t.lazy || ch.start < firstScreen {
		return true
	}
	for _, s := range t.drawSpans {
		if s.meets(ch) {
			return true
		}
	}
	return false
}

// chunkURL is where the script fetches chunk ch drawn.
func (t ArticleText) chunkURL(ch textChunk) string {
	return "/articles/" + strconv.FormatInt(t.articleID, 10) + "/text/" + strconv.Itoa(ch.start) + "?revision=" + strconv.Itoa(t.Revision)
}

// ChunkAt returns the chunk that starts at offset start, drawn, for the
// chunk route; ok is false when no chunk starts there.
func (t ArticleText) ChunkAt(start int) (c TextChunkView, ok bool) {
	for _, ch := range t.chunks() {
		if ch.start == start {
			return TextChunkView{t: t, ch: ch}, true
		}
	}
	return TextChunkView{}, false
}

// TextChunkView is one chunk of an article's text, drawn.
type TextChunkView struct {
	t  ArticleText
	ch textChunk
}

// TextChunk renders one chunk of the text, drawn: the answer of the chunk
// route, swapped over the chunk's plain version.
func TextChunk(v TextChunkView) templ.Component {
	return articleChunk(v.t, v.ch, true, false)
}

// ChangedText renders, for swapping out of band, the chunks of t that meet
// spans, drawn: what a save changed in the text.
func ChangedText(t ArticleText, spans []TextSpan) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		for _, ch := range t.chunks() {
			for _, s := range spans {
				if s.meets(ch) {
					if err := articleChunk(t, ch, true, true).Render(ctx, w); err != nil {
						return err
					}
					break
				}
			}
		}
		return nil
	})
}

// ClaimSpans returns the spans of the text whose drawing depends on claim c
// in claims (the article's claims after a change): its words and its
// parties' own words, widened to every claim that overlaps them, and those
// overlapping these, and so on: a change to one claim of a cluster can move
// the bands of all of them (internal/highlight). also are spans the change
// touched besides (where a deleted claim or party was).
func ClaimSpans(claims []model.Claim, c model.Claim, also ...TextSpan) []TextSpan {
	spans := append([]TextSpan(nil), also...)
	if !c.Orphan {
		spans = append(spans, TextSpan{c.Start, c.End})
	}
	for _, p := range c.Parties {
		if p.Anchored() {
			spans = append(spans, TextSpan{*p.Start, *p.End})
		}
	}
	for i, s := range spans {
		spans[i] = cluster(claims, s)
	}
	return spans
}

// cluster widens s to the claims linked to it by overlaps.
func cluster(claims []model.Claim, s TextSpan) TextSpan {
	for grown := true; grown; {
		grown = false
		for _, c := range claims {
			if c.Orphan || c.Start >= s.End || c.End <= s.Start {
				continue
			}
			if c.Start < s.Start || c.End > s.End {
				s = TextSpan{min(s.Start, c.Start), max(s.End, c.End)}
				grown = true
			}
		}
	}
	return s
}

// plainHTML writes a block's text as one segment with no highlight, the
// same code points at the same offset as the drawn block, so that a
// selection, find in page and the keyboard work on it before it is drawn.
func plainHTML(b TextBlock) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		buf := make([]byte, 0, 64+len(b.Segments)*80)
		buf = append(buf, `<span data-s="`...)
		buf = strconv.AppendInt(buf, int64(b.Start), 10)
		buf = append(buf, `">`...)
		for _, s := range b.Segments {
			buf = append(buf, html.EscapeString(s.Text)...)
		}
		buf = append(buf, `</span>`...)
		_, err := w.Write(buf)
		return err
	})
}

// blockContent is a block's segments, drawn or plain.
func blockContent(b TextBlock, drawn bool) templ.Component {
	if drawn {
		return segmentsHTML(b)
	}
	return plainHTML(b)
}

// ClaimItemID is the element id of claim c's entry in the list.
func ClaimItemID(c model.Claim) string { return "claim-item-" + strconv.FormatInt(c.ID, 10) }

// The claim list is drawn in groups of entryGroupSize entries, for the same
// reason as the text: the first group drawn, every other one packed
// (EntryGroup.stubs), the data of each claim that the filters, the counts and
// the keyboard read, drawn near the viewport (showClaimGroup).
const entryGroupSize = 100

// EntryGroup is a group of the claim list's entries: claims[from:from+n]
// of the article's claims by position.
type EntryGroup struct {
	articleID int64
	from      int
	claims    []model.Claim
	drawn     bool
}

func (g EntryGroup) id() string { return "claims-from-" + strconv.Itoa(g.from) }

// url is where the script fetches the group drawn. It names the group's
// claims by id: between the page's load and the fetch, other editors may
// have created or deleted claims before them, and the same position would
// then hold other claims (one listed twice, one not at all).
func (g EntryGroup) url() string {
	ids := make([]byte, 0, len(g.claims)*7)
	for i, c := range g.claims {
		if i > 0 {
			ids = append(ids, ',')
		}
		ids = strconv.AppendInt(ids, c.ID, 10)
	}
	return "/articles/" + strconv.FormatInt(g.articleID, 10) + "/entries/" + strconv.Itoa(g.from) + "?ids=" + string(ids)
}

// stubs is the JSON of the group's entries that static/js/workspace/stubs.js
// unpacks into stub entries: first the statuses, kinds and assignees the
// group's claims have, each once, then per claim [id, start, status, kind,
// assignee, number], start null for an orphan, status, kind and assignee
// their index in those lists; the label is "#" and the number (claimLabel).
// Strings are the costly part of the packed list: every quote is five
// bytes once templ escapes it as any attribute value, and 10,000 claims
// with theirs made 918 KB of a 1.7 MB page, which the server rendered and
// Chromium parsed on every first load. The status's label and class come
// from the status (the list's status filter names every status).
func (g EntryGroup) stubs() (string, error) {
	var names [3][]string // statuses, kinds, assignees
	index := func(list int, v string) int64 {
		i := slices.Index(names[list], v)
		if i < 0 {
			names[list] = append(names[list], v)
			i = len(names[list]) - 1
		}
		return int64(i)
	}
	rows := make([]byte, 0, len(g.claims)*24)
	for _, c := range g.claims {
		rows = append(rows, ",["...)
		rows = strconv.AppendInt(rows, c.ID, 10)
		rows = append(rows, ',')
		if c.Orphan {
			rows = append(rows, "null"...)
		} else {
			rows = strconv.AppendInt(rows, int64(c.Start), 10)
		}
		for list, v := range []string{string(c.Status), string(c.Kind), c.Assignee} {
			rows = append(rows, ',')
			rows = strconv.AppendInt(rows, index(list, v), 10)
		}
		rows = append(rows, ',')
		rows = strconv.AppendInt(rows, int64(c.Number), 10)
		rows = append(rows, ']')
	}
	head, err := json.Marshal(names)
	if err != nil {
		return "", err
	}
	return "[" + string(head[1:len(head)-1]) + string(rows) + "]", nil
}

// MaxEntryGroup is how many claims a group of the list may name.
const MaxEntryGroup = entryGroupSize

// EntryGroupOf returns the group of the list starting at entry from, drawn,
// holding those of the article's claims whose ids are given, in that
// order; a claim deleted since is left out.
func EntryGroupOf(claims []model.Claim, from int, ids []int64) EntryGroup {
	byID := make(map[int64]model.Claim, len(ids))
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	for _, c := range claims {
		if want[c.ID] {
			byID[c.ID] = c
		}
	}
	g := EntryGroup{from: from, drawn: true}
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			g.articleID = c.ArticleID
			g.claims = append(g.claims, c)
		}
	}
	return g
}

// entryGroups cuts claims into groups, the first one drawn.
func entryGroups(claims []model.Claim) []EntryGroup {
	var out []EntryGroup
	for from := 0; from < len(claims); from += entryGroupSize {
		out = append(out, EntryGroup{articleID: claims[from].ArticleID, from: from,
			claims: claims[from:min(from+entryGroupSize, len(claims))], drawn: from == 0})
	}
	if len(out) == 0 {
		out = append(out, EntryGroup{drawn: true})
	}
	return out
}

// EntryGroupAt returns the group of claims starting at index from, drawn,
// for the route that draws it; ok is false when no group starts there.
func EntryGroupAt(claims []model.Claim, from int) (g EntryGroup, ok bool) {
	if from < 0 || from >= len(claims) || from%entryGroupSize != 0 {
		return EntryGroup{}, false
	}
	g = EntryGroup{articleID: claims[from].ArticleID, from: from, claims: claims[from:min(from+entryGroupSize, len(claims))], drawn: true}
	return g, true
}

// ClaimsNear returns those of claims (an article's, by position) that the
// workspace needs to draw the chunks of article a meeting spans, and the
// first screen's: the claims overlapping those chunks, widened until no
// claim overlapping them reaches outside (so every cluster drawn is
// whole), and the claims with a party marked there. Laying out only these
// gives the same drawn chunks as laying out all claims, for a fraction of
// the work on a long article; the other chunks come as plain text anyway.
func ClaimsNear(a model.Article, claims []model.Claim, spans ...TextSpan) []model.Claim {
	var ranges []TextSpan
	for _, s := range append([]TextSpan{{0, firstScreen}}, spans...) {
		lo, hi := ChunkBounds(a, s.Start, s.End)
		for grown := true; grown; {
			grown = false
			for _, c := range claims {
				if !c.Orphan && c.Start < hi && c.End > lo && (c.Start < lo || c.End > hi) {
					lo, hi = ChunkBounds(a, min(lo, c.Start), max(hi, c.End))
					grown = true
				}
			}
		}
		ranges = append(ranges, TextSpan{lo, hi})
	}
	var out []model.Claim
	for _, c := range claims {
		for _, r := range ranges {
			if claimMeets(c, r) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// claimMeets reports whether claim c's words, or a party's marked words,
// overlap r.
func claimMeets(c model.Claim, r TextSpan) bool {
	if !c.Orphan && c.Start < r.End && c.End > r.Start {
		return true
	}
	for _, p := range c.Parties {
		if p.Anchored() && *p.Start < r.End && *p.End > r.Start {
			return true
		}
	}
	return false
}
