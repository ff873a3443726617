package anchor

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/factmark/factmark/internal/text"
)

// Outcome says what became of an anchor in a new revision of its text.
type Outcome int

// The outcomes of re-anchoring, from the best news to the worst.
const (
	// Unchanged: the same words at the same offsets.
	Unchanged Outcome = iota
	// Moved: the same words at other offsets.
	Moved
	// Changed: the span was found, but its words were edited; the claim's
	// verdict needs a new look.
	Changed
	// Orphaned: the span was not found; the anchor keeps its last words.
	Orphaned
)

var outcomeNames = [...]string{"unchanged", "moved", "changed", "orphaned"}

// String returns the outcome's name, as the API spells it.
func (o Outcome) String() string {
	if o < 0 || int(o) >= len(outcomeNames) {
		return fmt.Sprintf("outcome(%d)", int(o))
	}
	return outcomeNames[o]
}

// MarshalText writes the outcome's name, so that JSON says "moved".
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Step says which step of re-anchoring placed an anchor.
type Step int

// The steps of re-anchoring, tried in this order.
const (
	// StepNone: no step found the span (an orphan).
	StepNone Step = 0
	// StepDiff: the old position mapped through the diff of the two texts,
	// where the words are still the quote's.
	StepDiff Step = 1
	// StepExact: the exact words elsewhere, chosen by prefix and suffix.
	StepExact Step = 2
	// StepFuzzy: an approximate match of the words, with their context.
	StepFuzzy Step = 3
)

var stepNames = [...]string{"none", "diff", "exact", "fuzzy"}

// String returns the step's name, for logs and history events.
func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return fmt.Sprintf("step(%d)", int(s))
	}
	return stepNames[s]
}

// Anchor is a span of the old text: its position and its quote there.
type Anchor struct {
	Start int `json:"start"`
	End   int `json:"end"`
	Quote
}

// Result is where an anchor stands in the new text. For a found span the
// Quote is the new one (Exact is the words now at [Start, End); the old
// words of a Changed span are the Anchor's); for an orphan, Start, End and
// the Quote are the old ones, the last words the claim was seen with.
type Result struct {
	Outcome Outcome `json:"outcome"`
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Quote
	// Score is how sure the match is, from 0 to 1: 1 for the exact words
	// with their context, less for edited words or context; 0 for an orphan.
	Score float64 `json:"score"`
	Step  Step    `json:"step"`
}

// diffTimeout bounds the one diff a revision computes. go-diff gives up on
// a minimal diff past it and returns a coarser but still valid one, which
// only sends more anchors to the quote search; a pathological pair of
// texts cannot stall a request.
const diffTimeout = 2 * time.Second

// Revision re-anchors spans from an old text into a new one. It holds the
// diff of the two texts, computed once, and the new text's runes; build one
// per revision and re-anchor every claim and party with it. A Revision is
// read-only once built, so safe for concurrent use.
type Revision struct {
	oldIx, newIx *text.Index
	oldRunes     []rune
	newRunes     []rune
	// The equal stretches of the diff, in code points, in increasing order:
	// old[eqOld[i]:eqOld[i]+eqLen[i]] == new[eqNew[i]:eqNew[i]+eqLen[i]].
	eqOld, eqNew, eqLen []int
	// Paragraphs moved unchanged, by old offset.
	moves   []move
	changes []Change
}

// Change is one stretch of the diff between two revisions, in code points:
// old[OldStart:OldEnd] is equal to new[NewStart:NewEnd] ("equal"), deleted
// from the old text ("delete", NewStart == NewEnd) or inserted in the new
// one ("insert", OldStart == OldEnd).
type Change struct {
	Op       string `json:"op"`
	OldStart int    `json:"old_start"`
	OldEnd   int    `json:"old_end"`
	NewStart int    `json:"new_start"`
	NewEnd   int    `json:"new_end"`
}

// Changes returns the diff the revision re-anchors with, in order: word by
// word inside the blocks that changed, whole blocks elsewhere. A diff view
// can show it as insertions and deletions inline; a paragraph that moved
// shows as deleted in one place and inserted in another.
func (r *Revision) Changes() []Change { return r.changes }

// NewRevision diffs oldText and newText, both canonical texts.
func NewRevision(oldText, newText string) *Revision {
	r := &Revision{
		oldIx:    text.NewIndex(oldText),
		newIx:    text.NewIndex(newText),
		oldRunes: []rune(oldText),
		newRunes: []rune(newText),
	}
	edits, moves := diffTexts(oldText, newText)
	r.moves = moves
	o, n := 0, 0
	for _, d := range edits {
		if d.n == 0 {
			continue
		}
		c := Change{OldStart: o, OldEnd: o, NewStart: n, NewEnd: n}
		switch d.kind {
		case diffmatchpatch.DiffEqual:
			r.eqOld = append(r.eqOld, o)
			r.eqNew = append(r.eqNew, n)
			r.eqLen = append(r.eqLen, d.n)
			o += d.n
			n += d.n
			c.Op = "equal"
		case diffmatchpatch.DiffDelete:
			o += d.n
			c.Op = "delete"
		case diffmatchpatch.DiffInsert:
			n += d.n
			c.Op = "insert"
		}
		c.OldEnd, c.NewEnd = o, n
		r.changes = append(r.changes, c)
	}
	return r
}

// Reanchor re-anchors every anchor from oldText into newText, diffing the
// texts once.
func Reanchor(oldText, newText string, anchors []Anchor) []Result {
	r := NewRevision(oldText, newText)
	out := make([]Result, len(anchors))
	for i, a := range anchors {
		out[i] = r.Reanchor(a)
	}
	return out
}

// Reanchor finds where a now stands, trying in order: (1) its position
// mapped through the diff, kept when the words there still equal the
// quote; (2) the exact words elsewhere, when their prefix and suffix agree;
// (3) an approximate match of words and context; else (4) it is an orphan.
func (r *Revision) Reanchor(a Anchor) Result {
	ms, me := r.MapStart(a.Start), r.MapEnd(a.End)
	exact := []rune(a.Exact)
	if len(exact) == 0 {
		return r.orphan(a)
	}
	atMapped := ms < me && r.newIx.Slice(ms, me) == a.Exact
	// Where the words and their whole context are still at the mapped
	// position (the common case), nothing is searched.
	if atMapped && r.newIx.Slice(ms-text.Len(a.Prefix), ms) == a.Prefix && r.newIx.Slice(me, me+text.Len(a.Suffix)) == a.Suffix {
		return r.diffResult(a, ms, me)
	}
	q := r.prepare(a, exact, ms)
	if atMapped {
		// A diff may align repeated words with another occurrence of
		// them, when the one it should have kept was deleted or moved:
		// the mapped words stand where enough of their context agrees.
		// (Also requiring that no other occurrence agree clearly better
		// was measured: it lost more spans after an inserted sentence
		// than it saved from misaligned diffs.)
		c := candidate{start: ms, end: me, dp: q.prefixDist(ms), ds: q.suffixDist(me)}
		if q.contextSim(c) >= minDiffContext {
			return r.diffResult(a, ms, me)
		}
		// At the article's start or end (a title, a last line) the
		// edge is a whole side of context however short: when the words
		// still stand there and nowhere else, the text beside them was
		// edited, not the span.
		if q.atTextEdgeWhole(c) && r.only(a.Exact) {
			return r.diffResult(a, ms, me)
		}
	}
	ex := q.exactMatch()
	fuzzy, fuzzyOK := candidate{}, false
	if ex.ok(q) {
		if ex.bestCtx == 1 {
			return r.found(Moved, StepExact, ex.best.start, ex.best.end, ex.best.score)
		}
		// The same words in other surroundings may be a copy of them
		// while the span itself, edited, is still in place: the better
		// scored of the two wins.
		// Far from the expected position the exact words must win by a
		// margin: moved words usually keep their context whole.
		fuzzy, fuzzyOK = q.fuzzyMatch()
		margin := 0.0
		if q.far(ex.best) {
			margin = minExactMargin / 2
		}
		if !fuzzyOK || fuzzy.score+margin <= ex.best.score {
			return r.found(Moved, StepExact, ex.best.start, ex.best.end, ex.best.score)
		}
	} else {
		fuzzy, fuzzyOK = q.fuzzyMatch()
	}
	if c, ok := fuzzy, fuzzyOK; ok {
		out := Changed
		if r.newIx.Slice(c.start, c.end) == a.Exact {
			// The fuzzy step took an exact occurrence whose context
			// agreed too little for step 2 but enough with the words.
			out = Moved
		}
		return r.found(out, StepFuzzy, c.start, c.end, c.score)
	}
	return r.orphan(a)
}

// diffResult is the result of step 1: the words where the diff maps them.
func (r *Revision) diffResult(a Anchor, start, end int) Result {
	out := Moved
	if start == a.Start && end == a.End {
		out = Unchanged
	}
	return r.found(out, StepDiff, start, end, 1)
}

// found builds the result of a span found at [start, end) of the new text.
func (r *Revision) found(o Outcome, s Step, start, end int, score float64) Result {
	return Result{Outcome: o, Start: start, End: end, Quote: QuoteAt(r.newIx, start, end), Score: score, Step: s}
}

// orphan builds the result of an anchor that was not found: its old
// position and quote, kept so the claim still says what it was about.
func (r *Revision) orphan(a Anchor) Result {
	return Result{Outcome: Orphaned, Start: a.Start, End: a.End, Quote: a.Quote, Step: StepNone}
}

// MapStart maps an old offset that starts a span to the new text: exactly
// when the code point at p survived the edit (in place, or in a paragraph
// that moved unchanged), else to where the deleted text was, after any
// text inserted in its place.
func (r *Revision) MapStart(p int) int {
	if m, ok := r.moved(p); ok {
		return m.new + p - m.old
	}
	i := r.segment(p)
	if i < 0 {
		return 0
	}
	if p < r.eqOld[i]+r.eqLen[i] {
		return r.eqNew[i] + p - r.eqOld[i]
	}
	return r.gapEnd(i)
}

// MapEnd maps an old offset that ends a span (exclusive) to the new text:
// exactly when the code point before p survived (or moved), else to where the deleted
// text was, before any text inserted in its place.
func (r *Revision) MapEnd(p int) int {
	if p <= 0 {
		return 0
	}
	if m, ok := r.moved(p - 1); ok {
		return m.new + p - m.old
	}
	i := r.segment(p - 1)
	if i < 0 {
		return 0
	}
	if p-1 < r.eqOld[i]+r.eqLen[i] {
		return r.eqNew[i] + p - r.eqOld[i]
	}
	return r.eqNew[i] + r.eqLen[i]
}

// moved returns the moved paragraph holding old offset p, if any.
func (r *Revision) moved(p int) (move, bool) {
	i := sort.Search(len(r.moves), func(i int) bool { return r.moves[i].old+r.moves[i].n > p })
	if i < len(r.moves) && r.moves[i].old <= p {
		return r.moves[i], true
	}
	return move{}, false
}

// segment returns the last equal stretch starting at or before old offset
// p, or -1.
func (r *Revision) segment(p int) int {
	lo, hi := 0, len(r.eqOld)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if r.eqOld[mid] <= p {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo - 1
}

// gapEnd returns the new offset where the edit after equal stretch i ends:
// the start of the next equal stretch, or the new text's end.
func (r *Revision) gapEnd(i int) int {
	if i+1 < len(r.eqNew) {
		return r.eqNew[i+1]
	}
	return len(r.newRunes)
}

// isWordRune reports whether r belongs in a word: a letter, a digit or a
// combining mark.
func isWordRune(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
		r >= 0x80 && (isLetterOrMark(r))
}

// atBoundary reports whether offset p of runes falls between words (or at
// either end). In scripts written without spaces (Han, kana) every
// character is its own word.
func atBoundary(runes []rune, p int) bool {
	if p <= 0 || p >= len(runes) {
		return true
	}
	a, b := runes[p-1], runes[p]
	if isIdeographic(a) || isIdeographic(b) {
		return true
	}
	return isWordRune(a) != isWordRune(b)
}

// OldIndex returns the index of the old text, to take quotes from it.
func (r *Revision) OldIndex() *text.Index { return r.oldIx }

// only reports whether words occur exactly once in the new text.
func (r *Revision) only(words string) bool {
	s := r.newIx.String()
	i := strings.Index(s, words)
	return i >= 0 && !strings.Contains(s[i+1:], words)
}
