package anchor

import (
	"sort"
	"strings"
	"unicode"
)

// The thresholds of steps 2 and 3. They were chosen on the re-anchoring
// benchmark (cmd/factmark-anchorbench) to keep wrong anchors near zero: an
// orphan costs an editor one click in the orphans list, a claim silently
// attached to other words costs a wrong verdict.
const (
	// minExactContext is the share of the context (prefix and suffix
	// together) that must still surround an exact occurrence of the words
	// for step 2 to take it. Less, and the same words elsewhere may be
	// another sentence that merely repeats them.
	minExactContext = 0.8
	// minDiffContext is the share of the context that must still surround
	// the words where the diff maps them when it does not agree whole:
	// less than for step 2, since the diff's alignment is evidence too.
	minDiffContext = 0.5
	// minFarContext is minExactContext for an occurrence far from the
	// expected position.
	minFarContext = 0.9
	// minWholeSide is how long the words, and the prefix or suffix kept
	// whole, must be for that side alone to vouch for the only occurrence
	// of the words.
	minWholeSide = 24
	// minExactMargin is how much more of the context the chosen exact
	// occurrence must keep than the runner-up.
	minExactMargin = 0.1
	// minQuoteSim is the share of the quote's code points an approximate
	// match must keep (1 - edits/length).
	minQuoteSim = 0.6
	// minFuzzyContext is the share of the context an approximate match
	// must keep: edited words are believed only where they stand in the
	// old surroundings.
	minFuzzyContext = 0.5
	// shortQuote is the length, in code points, under which a quote is
	// short: a name or a number.
	shortQuote = 10
	// minFuzzyScore is the share of quote and context together.
	minFuzzyScore = 0.7
	// maxSnap is how far, in code points, snap moves an edge.
	maxSnap = 24
	// minFuzzyMargin is how much better the chosen approximate match must
	// score than the best other place.
	minFuzzyMargin = 0.05
	// maxErrorShare bounds the edits the approximate search allows, as a
	// share of the quote's length (Hypothesis allows one half).
	maxErrorShare = 0.4
	// maxRefined is how many candidates, best first by a quick score, get
	// their edges refined.
	maxRefined = 4
	// maxContext caps the prefix and suffix compared, in code points;
	// ContextLen is 32, a normalized quote may have a little more.
	maxContext = 64
	// fuzzyWindow is how far, in code points beyond twice the quote's
	// length, from the expected position the approximate search looks.
	fuzzyWindow = 256
	// posWeight makes the distance from the expected position a tie-breaker
	// between otherwise equal candidates, never more.
	posWeight = 0.01
)

// query is one anchor being looked for in a revision's new text.
type query struct {
	r              *Revision
	exact          []rune
	prefix, suffix []rune
	hint           int    // expected start in the new text, from the diff
	x, xRev        *myers // the exact words, forwards and reversed
	pRev, s        *myers // the prefix reversed, the suffix
	// Whether the old span began and ended between words and without
	// white space: a match should too.
	startWord, endWord   bool
	startSpace, endSpace bool
	// Whether the prefix was cut by the article's start, the suffix by
	// its end.
	atTextStart, atTextEnd bool
	buf, buf2              []int
}

// candidate is a span of the new text with its edit counts: dq in the
// exact words, dp in the prefix, ds in the suffix.
type candidate struct {
	start, end int
	dq, dp, ds int
	score      float64 // share of quote and context matched
	rank       float64 // score with the position tie-breaker
}

// prepare readies the search for a's words (exact, not empty) in the new
// text, hint being where the diff expects them.
func (r *Revision) prepare(a Anchor, exact []rune, hint int) *query {
	prefix, suffix := []rune(a.Prefix), []rune(a.Suffix)
	if len(prefix) > maxContext {
		prefix = prefix[len(prefix)-maxContext:]
	}
	if len(suffix) > maxContext {
		suffix = suffix[:maxContext]
	}
	q := &query{
		r: r, exact: exact, prefix: prefix, suffix: suffix, hint: hint,
		pRev: newMyers(reversed(prefix)), s: newMyers(suffix),
		buf: make([]int, maxContext*2+2),
	}
	oldOK := r.oldIx.InRange(a.Start, a.End) && r.oldIx.Slice(a.Start, a.End) == a.Exact
	q.startWord, q.endWord = true, true
	if oldOK {
		q.startWord, q.endWord = atBoundary(r.oldRunes, a.Start), atBoundary(r.oldRunes, a.End)
		np, ns := len([]rune(a.Prefix)), len([]rune(a.Suffix))
		q.atTextStart = np < ContextLen && a.Start == np
		q.atTextEnd = ns < ContextLen && a.End+ns == len(r.oldRunes)
	}
	q.startSpace, q.endSpace = unicode.IsSpace(exact[0]), unicode.IsSpace(exact[len(exact)-1])
	return q
}

// prefixDist is the fewest edits turning the prefix into the text just
// before new offset p (ending at p, starting where it fits best).
func (q *query) prefixDist(p int) int {
	if len(q.prefix) == 0 && !q.atTextStart {
		return 0
	}
	n := len(q.prefix) + len(q.prefix)/4 + 2
	filled := q.pRev.backward(q.r.newRunes, p, q.buf[:n+1])
	free := minOf(q.buf[:filled])
	if !q.atTextStart {
		return free
	}
	// The prefix was cut by the article's start, which is part of the
	// context too: the text before p should be the prefix and nothing
	// more. Not being at the start costs one edit.
	if p < filled {
		return min(free+1, q.buf[p])
	}
	return free + 1
}

// suffixDist is the fewest edits turning the suffix into the text just
// after new offset p.
func (q *query) suffixDist(p int) int {
	if len(q.suffix) == 0 && !q.atTextEnd {
		return 0
	}
	n := len(q.suffix) + len(q.suffix)/4 + 2
	filled := q.s.forward(q.r.newRunes, p, q.buf[:n+1])
	free := minOf(q.buf[:filled])
	if !q.atTextEnd {
		return free
	}
	if rest := len(q.r.newRunes) - p; rest < filled {
		return min(free+1, q.buf[rest])
	}
	return free + 1
}

// ctxLen is the length of the context compared, the article's start or
// end counting as one code point where they were part of it.
func (q *query) ctxLen() int {
	n := len(q.prefix) + len(q.suffix)
	if q.atTextStart {
		n++
	}
	if q.atTextEnd {
		n++
	}
	return n
}

// score fills c's score and rank from its edit counts.
func (q *query) score(c *candidate) {
	m, ctx := len(q.exact), q.ctxLen()
	c.score = float64(m+ctx-c.dq-c.dp-c.ds) / float64(m+ctx)
	dist := float64(abs(c.start - q.hint))
	c.rank = c.score - posWeight*min(1, dist/float64(max(1, len(q.r.newRunes))))
}

// contextSim is the share of the context that c keeps.
func (q *query) contextSim(c candidate) float64 {
	if q.ctxLen() == 0 {
		return 1
	}
	return 1 - float64(c.dp+c.ds)/float64(q.ctxLen())
}

// exactScan is what step 2 finds: the exact occurrence whose context
// agrees best (the nearest to the expected position among equals), the
// share of the context it keeps, and the runner-up's share.
type exactScan struct {
	best    candidate
	bestCtx float64
	second  float64 // -1 when there is no runner-up
	found   bool
}

// ok reports whether step 2 takes the best occurrence: enough of its
// context agrees, and clearly more than any other occurrence's. Two
// occurrences in near-identical surroundings (a sentence the article
// repeats) are not told apart by context: neither is taken.
//
// Far from the expected position (a moved paragraph, or a copy of the
// words) more of the context must agree than near it: a paragraph that
// moved whole keeps its context whole, while a sentence the article
// repeats matches only a part of it.
func (e exactScan) ok(q *query) bool {
	if !e.found {
		return false
	}
	need := minExactContext
	if q.far(e.best) {
		need = minFarContext
	}
	if e.second < 0 && len(q.exact) >= minWholeSide && q.oneSideWhole(e.best) {
		// The only occurrence of long words, with one side of their
		// context intact: a paragraph moved with the span at its edge,
		// or a sentence inserted beside it. (Short words, such as a
		// party's name, are too often repeated by chance.)
		return true
	}
	return e.bestCtx >= need && (e.second < 0 || e.bestCtx-e.second >= minExactMargin)
}

// far reports whether c lies beyond the approximate search's window
// around the expected position.
func (q *query) far(c candidate) bool {
	return abs(c.start-q.hint) > fuzzyWindow+2*len(q.exact)
}

// atTextEdgeWhole reports whether c stands where the old span did at the
// article's start (its prefix was cut by the start, and is still) or at
// its end.
func (q *query) atTextEdgeWhole(c candidate) bool {
	return q.atTextStart && c.start == 0 && c.dp == 0 || q.atTextEnd && c.end == len(q.r.newRunes) && c.ds == 0
}

// oneSideWhole reports whether c keeps its prefix or its suffix whole, one
// of at least minWholeSide code points.
func (q *query) oneSideWhole(c candidate) bool {
	return c.dp == 0 && len(q.prefix) >= minWholeSide || c.ds == 0 && len(q.suffix) >= minWholeSide
}

// exactMatch is step 2: every occurrence of the exact words, scored on
// how much of the quote's prefix and suffix surround it.
func (q *query) exactMatch() exactScan {
	s, needle := q.r.newIx.String(), string(q.exact)
	e := exactScan{second: -1}
	m := len(q.exact)
	for from := 0; from <= len(s); {
		i := strings.Index(s[from:], needle)
		if i < 0 {
			break
		}
		b := from + i
		from = b + 1
		cp := q.r.newIx.CodePoint(b)
		if q.r.newIx.Byte(cp) != b {
			continue // inside a rune; impossible for valid UTF-8
		}
		c := candidate{start: cp, end: cp + m, dp: q.prefixDist(cp), ds: q.suffixDist(cp + m)}
		q.score(&c)
		switch {
		case !e.found || c.rank > e.best.rank:
			if e.found {
				e.second = max(e.second, e.bestCtx)
			}
			e.best, e.bestCtx, e.found = c, q.contextSim(c), true
		default:
			e.second = max(e.second, q.contextSim(c))
		}
	}
	return e
}

// fuzzyMatch is step 3: Myers' search for the words with up to
// maxErrorShare of them edited, each match's edges fitted to its context,
// scored on words and context together.
func (q *query) fuzzyMatch() (candidate, bool) {
	m := len(q.exact)
	k := int(float64(m) * maxErrorShare)
	q.x = newMyers(q.exact)
	// Edited words stay where the diff puts them: search near there only,
	// which is faster and keeps away from lookalikes elsewhere. (Words
	// that moved and were edited in one revision become orphans.)
	w := fuzzyWindow + 2*m
	ends := q.x.search(q.r.newRunes, max(0, q.hint-w), min(len(q.r.newRunes), q.hint+m+w), k, nil)
	if len(ends) == 0 {
		return candidate{}, false
	}
	// One candidate per cluster of nearby ends: the end with fewest errors.
	var clusters []end
	for i, e := range ends {
		if i > 0 && e.pos-ends[i-1].pos <= max(1, m/2) {
			if last := &clusters[len(clusters)-1]; e.errors < last.errors {
				*last = e
			}
			continue
		}
		clusters = append(clusters, e)
	}
	// A quick score with the edges as Myers left them picks the few worth
	// refining.
	type quick struct {
		e    end
		cost int
	}
	qs := make([]quick, len(clusters))
	for i, e := range clusters {
		start := max(0, e.pos-m)
		qs[i] = quick{e, e.errors + q.prefixDist(start) + q.suffixDist(e.pos)}
	}
	sort.SliceStable(qs, func(i, j int) bool {
		if qs[i].cost != qs[j].cost {
			return qs[i].cost < qs[j].cost
		}
		return abs(qs[i].e.pos-q.hint) < abs(qs[j].e.pos-q.hint)
	})
	q.xRev = newMyers(reversed(q.exact))
	q.buf2 = make([]int, m+k+2)
	best, found := candidate{}, false
	second := -1.0 // the runner-up's score, among spans apart from the best
	var refined []candidate
	for _, c := range qs[:min(len(qs), maxRefined)] {
		cand := q.refine(c.e.pos, k)
		refined = append(refined, cand)
		if !found || cand.rank > best.rank {
			best, found = cand, true
		}
	}
	for _, c := range refined {
		if c.end <= best.start || c.start >= best.end {
			second = max(second, c.score)
		}
	}
	// As in step 2: two places that fit about as well are not told apart.
	if second >= 0 && best.score-second < minFuzzyMargin {
		return candidate{}, false
	}
	// A short quote (a name, a number) says little by itself: its
	// context must vouch for it as for exact words.
	needCtx := minFuzzyContext
	if m < shortQuote {
		needCtx = minExactContext
	}
	if !found ||
		1-float64(best.dq)/float64(m) < minQuoteSim ||
		q.contextSim(best) < needCtx ||
		best.score < minFuzzyScore {
		return candidate{}, false
	}
	return best, true
}

// refine finds the edges of the match that ends near new offset j: the
// start that best fits the words and the prefix, then the end that best
// fits the words and the suffix, then the start again for that end. Each
// edge may move as far as the errors allowed (k) would let the words
// stretch or shrink: edit distance alone prefers to drop an inserted word
// from the match, the context brings it back.
func (q *query) refine(j, k int) candidate {
	m := len(q.exact)
	start := q.bestStart(j, j-m-k, j-max(1, m-k), j-m)
	end := q.bestEnd(start, start+max(1, m-k), start+m+k, j)
	start = q.bestStart(end, end-m-k, end-max(1, m-k), start)
	start, end = q.snap(start, end)
	c := candidate{start: start, end: end}
	if len(q.buf2) < end-start+1 {
		q.buf2 = make([]int, end-start+1)
	}
	q.x.forward(q.r.newRunes, start, q.buf2[:end-start+1])
	c.dq = q.buf2[end-start]
	c.dp, c.ds = q.prefixDist(start), q.suffixDist(end)
	q.score(&c)
	return c
}

// snap moves an edge that fell inside a word, where the old one was between
// words, out to the word's edge: a span never starts or ends in the middle
// of a word it did not start or end in before. The word's whole new letters
// then count in the match's score.
func (q *query) snap(start, end int) (int, int) {
	runes := q.r.newRunes
	if q.startWord {
		for i := 0; i < maxSnap && !atBoundary(runes, start); i++ {
			start--
		}
	}
	if q.endWord {
		for i := 0; i < maxSnap && !atBoundary(runes, end); i++ {
			end++
		}
	}
	return start, end
}

// bestStart returns the start in [lo, hi] of a match ending at end that
// minimizes the edits in the words and the prefix; guess wins ties.
func (q *query) bestStart(end, lo, hi, guess int) int {
	lo, hi = max(lo, 0), min(hi, end-1)
	if hi < lo {
		return max(0, min(guess, end-1))
	}
	filled := q.xRev.backward(q.r.newRunes, end, q.buf2[:end-lo+1])
	dist := append([]int(nil), q.buf2[:filled]...)
	best, bestCost := lo, -1.0
	for p := lo; p <= hi; p++ {
		cost := float64(dist[end-p]+q.prefixDist(p)) + q.edgePenalty(p, true)
		if bestCost < 0 || cost < bestCost || cost == bestCost && abs(p-guess) < abs(best-guess) {
			best, bestCost = p, cost
		}
	}
	return best
}

// bestEnd returns the end in [lo, hi] of a match starting at start that
// minimizes the edits in the words and the suffix; guess wins ties.
func (q *query) bestEnd(start, lo, hi, guess int) int {
	lo, hi = max(lo, start+1), min(hi, len(q.r.newRunes))
	if hi < lo {
		return min(max(guess, start+1), len(q.r.newRunes))
	}
	filled := q.x.forward(q.r.newRunes, start, q.buf2[:hi-start+1])
	dist := append([]int(nil), q.buf2[:filled]...)
	best, bestCost := hi, -1.0
	for p := lo; p <= hi && p-start < filled; p++ {
		cost := float64(dist[p-start]+q.suffixDist(p)) + q.edgePenalty(p, false)
		if bestCost < 0 || cost < bestCost || cost == bestCost && abs(p-guess) < abs(best-guess) {
			best, bestCost = p, cost
		}
	}
	return best
}

// edgePenalty is half an edit for an edge that falls inside a word when
// the old one did not, or on white space when the old one did not: it
// breaks ties between alignments of equal cost, never outweighs an edit.
func (q *query) edgePenalty(p int, isStart bool) float64 {
	runes := q.r.newRunes
	pen := 0.0
	wantWord, wantSpace := q.endWord, q.endSpace
	if isStart {
		wantWord, wantSpace = q.startWord, q.startSpace
	}
	if wantWord && !atBoundary(runes, p) {
		pen += 0.5
	}
	edge := p - 1
	if isStart {
		edge = p
	}
	if !wantSpace && edge >= 0 && edge < len(runes) && unicode.IsSpace(runes[edge]) {
		pen += 0.5
	}
	return pen
}

func minOf(xs []int) int {
	m := xs[0]
	for _, x := range xs[1:] {
		m = min(m, x)
	}
	return m
}

func isLetterOrMark(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isIdeographic reports whether r is from a script written without spaces
// between words.
func isIdeographic(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}
