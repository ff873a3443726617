// Package anchortest builds a corpus for measuring re-anchoring: pairs of
// article revisions with the true new position of every claim and party
// span, known because the corpus made the edits itself. It starts from the
// invented articles and claims of internal/fixture and edits them as
// publishers do: typo fixes, changed numbers, reworded phrases, inserted,
// deleted and rewritten sentences, inserted, deleted and moved paragraphs.
// Everything is deterministic from the seed.
package anchortest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/text"
)

// Change says what a revision did to an anchor's words.
type Change string

// The changes an anchor's words can undergo.
const (
	Same   Change = "same"   // the words survive as they were, maybe elsewhere
	Edited Change = "edited" // an edit fell inside the words; they are still there, changed
	Gone   Change = "gone"   // the words were deleted or rewritten whole
)

// Span is a code-point span of a new text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Anchor is a claim's or a party's span in the old text, with its quote,
// and the truth: where its words are in the new text, nil when gone.
type Anchor struct {
	Kind   string `json:"kind"` // "claim" or "party"
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
	Truth  *Span  `json:"truth"`
	Change Change `json:"change"`
	// Words are the words expected at Truth: Exact with the edits that fell
	// inside it applied, computed apart from Truth so that each checks the
	// other.
	Words string `json:"words,omitempty"`
}

// Case is one revision: an old and a new canonical text and the anchors.
type Case struct {
	Name    string   `json:"name"`
	Edits   []string `json:"edits"`
	OldText string   `json:"old_text"`
	NewText string   `json:"new_text"`
	Anchors []Anchor `json:"anchors"`
}

// Corpus returns n cases made from seed. Each takes an invented article of
// 300 to 2,500 words with a claim for about every 60 words (and each
// claim's anchored party), and applies two to eight edits to it.
func Corpus(seed uint64, n int) []Case {
	r := rng(seed)
	out := make([]Case, 0, n)
	for i := range n {
		words := 300 + r.intn(2200)
		out = append(out, newCase(&r, fmt.Sprintf("case-%03d-%dw", i, words), words))
	}
	return out
}

// rng is splitmix64, written out so the corpus never drifts with Go's
// generators.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// region replaces old[a:b) (code points, inside one block) with lit.
type region struct {
	a, b         int
	lit          string
	newA, newB   int // where lit landed in the new text
	insertInside bool
}

// blockItem is one block of the new text: an old block, or a new one.
type blockItem struct {
	old int // index of the old block, or -1
	lit string
}

// builder holds one case while its edits are chosen.
type builder struct {
	r       *rng
	old     []rune
	blocks  []text.Block
	anchors []Anchor
	regions []region
	deleted map[int]bool
	order   []blockItem
	edits   []string
	pieces  []piece
}

func newCase(r *rng, name string, words int) Case {
	a := fixture.Article(words)
	claims := fixture.Claims(a, max(3, words/60))
	ix := text.NewIndex(a.Text)
	b := &builder{r: r, old: []rune(a.Text), blocks: a.Blocks, deleted: map[int]bool{}}
	for i := range a.Blocks {
		b.order = append(b.order, blockItem{old: i})
	}
	add := func(kind string, start, end int) {
		q := anchor.QuoteAt(ix, start, end)
		b.anchors = append(b.anchors, Anchor{Kind: kind, Start: start, End: end, Exact: q.Exact, Prefix: q.Prefix, Suffix: q.Suffix})
	}
	for _, c := range claims {
		add("claim", c.Start, c.End)
		for _, p := range c.Parties {
			if p.Start != nil && p.End != nil && *p.End > *p.Start {
				add("party", *p.Start, *p.End)
			}
		}
	}
	edits := 2 + r.intn(7)
	for range edits {
		for try := 0; try < 50; try++ {
			if b.tryEdit() {
				break
			}
		}
	}
	newText := b.build()
	b.truth()
	return Case{Name: name, Edits: b.edits, OldText: a.Text, NewText: newText, Anchors: b.anchors}
}

// tryEdit picks an edit kind and tries to make one; false when the chosen
// place would cut an anchor in a way with no single true answer.
func (b *builder) tryEdit() bool {
	kinds := []struct {
		weight int
		fn     func() bool
	}{
		{3, b.typo}, {2, b.number}, {2, b.reword},
		{2, b.insertSentence}, {2, b.deleteSentence}, {1, b.rewriteSentence},
		{1, b.insertParagraph}, {1, b.deleteParagraph}, {1, b.moveParagraph},
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	x := b.r.intn(total)
	for _, k := range kinds {
		if x < k.weight {
			return k.fn()
		}
		x -= k.weight
	}
	return false
}

// blockOf returns the block holding old offset p, or -1.
func (b *builder) blockOf(p int) int {
	for i, bl := range b.blocks {
		if p >= bl.Start && p <= bl.End {
			return i
		}
	}
	return -1
}

// target picks an offset to edit: half the time inside a random anchor,
// so that edited words are common, else anywhere.
func (b *builder) target() int {
	if len(b.anchors) > 0 && b.r.intn(2) == 0 {
		a := b.anchors[b.r.intn(len(b.anchors))]
		return a.Start + b.r.intn(a.End-a.Start)
	}
	return b.r.intn(len(b.old))
}

// word returns the word (a run of letters and digits) around old offset p.
func (b *builder) word(p int) (int, int, bool) {
	if p < 0 || p >= len(b.old) || !isWordRune(b.old[p]) {
		return 0, 0, false
	}
	s, e := p, p+1
	for s > 0 && isWordRune(b.old[s-1]) {
		s--
	}
	for e < len(b.old) && isWordRune(b.old[e]) {
		e++
	}
	return s, e, true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// typo changes one letter of a word of four letters or more: dropped,
// doubled, swapped with the next or replaced.
func (b *builder) typo() bool {
	s, e, ok := b.word(b.target())
	if !ok || e-s < 4 {
		return false
	}
	i := s + 1 + b.r.intn(e-s-2)
	c, next := b.old[i], b.old[i+1]
	if !unicode.IsLetter(c) || !unicode.IsLetter(next) {
		return false
	}
	var reg region
	switch b.r.intn(4) {
	case 0:
		reg = region{a: i, b: i + 1}
	case 1:
		reg = region{a: i, b: i + 1, lit: string([]rune{c, c})}
	case 2:
		if c == next {
			return false
		}
		reg = region{a: i, b: i + 2, lit: string([]rune{next, c})}
	default:
		repl := rune('a' + b.r.intn(26))
		if repl == c {
			return false
		}
		reg = region{a: i, b: i + 1, lit: string(repl)}
	}
	return b.addRegion(reg, fmt.Sprintf("typo at %d", i))
}

// number replaces a run of digits with another number.
func (b *builder) number() bool {
	p := b.target()
	// Find the next run of digits within 200 code points.
	for limit := p + 200; p < len(b.old) && p < limit && !unicode.IsDigit(b.old[p]); p++ {
	}
	if p >= len(b.old) || !unicode.IsDigit(b.old[p]) {
		return false
	}
	s, e := p, p
	for s > 0 && unicode.IsDigit(b.old[s-1]) {
		s--
	}
	for e < len(b.old) && unicode.IsDigit(b.old[e]) {
		e++
	}
	old, _ := strconv.Atoi(string(b.old[s:e]))
	v := old + 1 + b.r.intn(max(9, old/3))
	if b.r.intn(4) == 0 {
		v = (old + 1) * 1000
	}
	return b.addRegion(region{a: s, b: e, lit: strconv.Itoa(v)}, fmt.Sprintf("number %d→%d at %d", old, v, s))
}

// rewordings are the words a reworded phrase gets.
var rewordings = []string{
	"reportedly", "on Wednesday", "the city's", "officials", "had quietly", "more than", "nearly", "according to the minutes",
	"the revised", "once again", "publicly", "in writing", "later", "the port's", "about", "in March",
}

// reword replaces one to three whole words with others.
func (b *builder) reword() bool {
	s, e, ok := b.word(b.target())
	if !ok {
		return false
	}
	for extra := b.r.intn(3); extra > 0; extra-- {
		// Take in the next word when only a space lies between.
		if e+1 < len(b.old) && b.old[e] == ' ' && isWordRune(b.old[e+1]) {
			_, ne, _ := b.word(e + 1)
			e = ne
		}
	}
	lit := rewordings[b.r.intn(len(rewordings))]
	if lit == string(b.old[s:e]) {
		return false
	}
	return b.addRegion(region{a: s, b: e, lit: lit}, fmt.Sprintf("reword %q→%q", string(b.old[s:e]), lit))
}

// sentences lists the sentences of block i as [start, end) spans, without
// the spaces between them.
func (b *builder) sentences(i int) [][2]int {
	bl := b.blocks[i]
	var out [][2]int
	start := bl.Start
	for p := bl.Start; p < bl.End; p++ {
		c := b.old[p]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		e := p + 1
		for e < bl.End && (b.old[e] == '”' || b.old[e] == '"' || b.old[e] == '»') {
			e++
		}
		if e == bl.End || b.old[e] == ' ' && e+1 < bl.End && unicode.IsUpper(b.old[e+1]) {
			out = append(out, [2]int{start, e})
			start = e + 1
			p = e
		}
	}
	if start < bl.End {
		out = append(out, [2]int{start, bl.End})
	}
	return out
}

// randomBlock picks a block that is not deleted: half the time one that
// holds an anchor, so that deleted and rewritten sentences hit claims.
func (b *builder) randomBlock() (int, bool) {
	i := b.r.intn(len(b.blocks))
	if len(b.anchors) > 0 && b.r.intn(2) == 0 {
		i = b.blockOf(b.anchors[b.r.intn(len(b.anchors))].Start)
	}
	return i, i >= 0 && !b.deleted[i]
}

// newSentences are the sentences an edit inserts or rewrites with.
var newSentences = []string{
	"Update: the council corrected the date of the hearing after publication.",
	"The ministry later said the figure had been “rounded for clarity.”",
	"An earlier version of this article misstated the length of the sea wall.",
	"Residents were invited to a second meeting on Thursday evening.",
	"Ferry tickets bought before May remain valid, the operator said.",
	"Фотографии с заседания опубликованы на сайте совета.",
	"The engineers' report runs to 212 pages and includes 14 tide charts.",
	"“We have heard the harbour loud and clear,” the mayor wrote on social media 📣.",
	"Work on the northern gate resumed on Monday after a two-week pause.",
	"This article was updated with a response from the shipyard.",
}

func (b *builder) sentence() string { return newSentences[b.r.intn(len(newSentences))] }

// insertSentence puts a new sentence before a sentence of a paragraph.
func (b *builder) insertSentence() bool {
	i, ok := b.randomBlock()
	if !ok || b.blocks[i].Kind != text.Paragraph {
		return false
	}
	ss := b.sentences(i)
	k := b.r.intn(len(ss) + 1)
	if k == len(ss) {
		end := b.blocks[i].End
		return b.addRegion(region{a: end, b: end, lit: " " + b.sentence()}, fmt.Sprintf("insert sentence at the end of block %d", i))
	}
	p := ss[k][0]
	return b.addRegion(region{a: p, b: p, lit: b.sentence() + " "}, fmt.Sprintf("insert sentence at %d", p))
}

// sentenceRegion returns the region that removes sentence k of block i
// with one of the spaces around it.
func (b *builder) sentenceRegion(i int) (region, bool) {
	ss := b.sentences(i)
	if len(ss) < 2 {
		return region{}, false
	}
	k := b.r.intn(len(ss))
	if k+1 < len(ss) {
		return region{a: ss[k][0], b: ss[k+1][0]}, true
	}
	return region{a: ss[k-1][1], b: ss[k][1]}, true
}

// deleteSentence removes a sentence from a paragraph of two or more.
func (b *builder) deleteSentence() bool {
	i, ok := b.randomBlock()
	if !ok {
		return false
	}
	reg, ok := b.sentenceRegion(i)
	if !ok {
		return false
	}
	return b.addRegion(reg, fmt.Sprintf("delete sentence %d–%d", reg.a, reg.b))
}

// rewriteSentence replaces a sentence with another one.
func (b *builder) rewriteSentence() bool {
	i, ok := b.randomBlock()
	if !ok {
		return false
	}
	ss := b.sentences(i)
	if len(ss) == 0 {
		return false
	}
	s := ss[b.r.intn(len(ss))]
	return b.addRegion(region{a: s[0], b: s[1], lit: b.sentence()}, fmt.Sprintf("rewrite sentence %d–%d", s[0], s[1]))
}

// insertParagraph adds a new paragraph before a block or at the end.
func (b *builder) insertParagraph() bool {
	p := b.sentence() + " " + b.sentence()
	k := b.r.intn(len(b.order) + 1)
	b.order = append(b.order[:k], append([]blockItem{{old: -1, lit: p}}, b.order[k:]...)...)
	b.edits = append(b.edits, fmt.Sprintf("insert paragraph at block position %d", k))
	return true
}

// deleteParagraph removes a block, never the last one standing.
func (b *builder) deleteParagraph() bool {
	i, ok := b.randomBlock()
	if !ok || len(b.blocks)-len(b.deleted) < 3 {
		return false
	}
	for _, reg := range b.regions {
		if b.blockOf(reg.a) == i {
			return false
		}
	}
	b.deleted[i] = true
	for k, it := range b.order {
		if it.old == i {
			b.order = append(b.order[:k], b.order[k+1:]...)
			break
		}
	}
	b.edits = append(b.edits, fmt.Sprintf("delete block %d", i))
	return true
}

// moveParagraph moves a block to another place.
func (b *builder) moveParagraph() bool {
	if len(b.order) < 3 {
		return false
	}
	from := b.r.intn(len(b.order))
	it := b.order[from]
	rest := append(append([]blockItem(nil), b.order[:from]...), b.order[from+1:]...)
	to := b.r.intn(len(rest) + 1)
	if to == from {
		return false
	}
	b.order = append(rest[:to], append([]blockItem{it}, rest[to:]...)...)
	b.edits = append(b.edits, fmt.Sprintf("move block at position %d to %d", from, to))
	return true
}

// addRegion records reg unless it overlaps another edit, falls in a
// deleted block, or cuts an anchor partly: an edit is either apart from an
// anchor, inside it (its words are edited), or over all of it (gone).
// Insertions may not fall strictly inside an anchor.
func (b *builder) addRegion(reg region, desc string) bool {
	bi := b.blockOf(reg.a)
	if bi < 0 || b.deleted[bi] || b.blockOf(reg.b) != bi {
		return false
	}
	for _, o := range b.regions {
		if reg.a <= o.b && o.a <= reg.b {
			return false
		}
	}
	for _, an := range b.anchors {
		s, e := an.Start, an.End
		if reg.a == reg.b {
			if reg.a > s && reg.a < e {
				return false
			}
			continue
		}
		disjoint := reg.b <= s || reg.a >= e
		inside := s <= reg.a && reg.b <= e
		covers := reg.a <= s && e <= reg.b
		if !disjoint && !inside && !covers {
			return false
		}
	}
	b.regions = append(b.regions, reg)
	b.edits = append(b.edits, desc)
	return true
}

// piece is a stretch of the old text copied into the new one.
type piece struct{ oldA, oldB, newA int }

// build writes the new text and records where every copied stretch and
// every replacement landed.
func (b *builder) build() string {
	sort.Slice(b.regions, func(i, j int) bool { return b.regions[i].a < b.regions[j].a })
	var sb strings.Builder
	pos := 0 // code points written
	write := func(s string) {
		sb.WriteString(s)
		pos += len([]rune(s))
	}
	b.pieces = b.pieces[:0]
	for k, it := range b.order {
		if k > 0 {
			write(text.Separator)
		}
		if it.old < 0 {
			write(it.lit)
			continue
		}
		bl := b.blocks[it.old]
		at := bl.Start
		for ri := range b.regions {
			reg := &b.regions[ri]
			if reg.a < bl.Start || reg.a > bl.End {
				continue
			}
			b.pieces = append(b.pieces, piece{at, reg.a, pos})
			write(string(b.old[at:reg.a]))
			reg.newA = pos
			write(reg.lit)
			reg.newB = pos
			at = reg.b
		}
		b.pieces = append(b.pieces, piece{at, bl.End, pos})
		write(string(b.old[at:bl.End]))
	}
	return sb.String()
}

// truth fills each anchor's Truth, Change and Words.
func (b *builder) truth() {
	for i := range b.anchors {
		an := &b.anchors[i]
		s, e := an.Start, an.End
		if bi := b.blockOf(s); b.deleted[bi] {
			an.Change = Gone
			continue
		}
		newS, newE := b.mapOld(s, false), b.mapOld(e, true)
		words := []rune(an.Exact)
		change := Same
		// Apply the edits inside the anchor to its words, last first so
		// that earlier offsets hold.
		for ri := len(b.regions) - 1; ri >= 0; ri-- {
			reg := b.regions[ri]
			if reg.a == reg.b || reg.b <= s || reg.a >= e {
				continue
			}
			if reg.a <= s && e <= reg.b {
				change = Gone
				break
			}
			change = Edited
			words = append(append(append([]rune(nil), words[:reg.a-s]...), []rune(reg.lit)...), words[reg.b-s:]...)
			if reg.a == s {
				newS = reg.newA
			}
			if reg.b == e {
				newE = reg.newB
			}
		}
		an.Change = change
		if change == Gone || newS < 0 || newE < 0 {
			an.Change = Gone
			continue
		}
		an.Truth = &Span{Start: newS, End: newE}
		an.Words = string(words)
	}
}

// mapOld maps an old offset that survived into the new text: the start of
// a span (isEnd false) by the code point at p, its end by the one before
// p. It returns -1 when that code point was replaced.
func (b *builder) mapOld(p int, isEnd bool) int {
	c := p
	if isEnd {
		c = p - 1
	}
	for _, pc := range b.pieces {
		if c >= pc.oldA && c < pc.oldB {
			return pc.newA + p - pc.oldA
		}
	}
	return -1
}
