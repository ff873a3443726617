package anchor

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/factmark/factmark/internal/text"
)

// edit is one stretch of a diff: kind and length in code points.
type edit struct {
	kind diffmatchpatch.Operation
	n    int
}

// diffTexts diffs two canonical texts in two passes, the way go-diff's line
// mode does, on factmark's units: blocks first, then words inside the runs
// of blocks that changed. Each distinct block, and then each distinct word
// (or other single code point), becomes one rune, and go-diff's
// DiffMainRunes diffs the rune strings. A moved paragraph costs the block
// pass one deletion and one insertion instead of a long code-point search,
// and an edited sentence costs the word pass a few tokens; the equal
// stretches keep their exact code-point offsets, and a span with words
// edited inside fails step 1 either way. The blocks deleted in one place
// and inserted unchanged in another are returned as moves, which step 1
// follows too.
func diffTexts(oldText, newText string) ([]edit, []move) {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	blocks := &tokens{ids: map[string]rune{}}
	diffs := dmp.DiffMainRunes(blocks.split(oldText, true), blocks.split(newText, true), false)
	var out []edit
	var del, ins strings.Builder
	flush := func() {
		switch {
		case del.Len() > 0 && ins.Len() > 0:
			words := &tokens{ids: map[string]rune{}}
			// DiffCleanupSemantic folds coincidental equalities (a lone
			// "the" between two rewritten phrases) into the edits around
			// them, so step 1 maps no span onto them; measured on the
			// benchmark, it turned a few wrong anchors into right ones.
			diffs := dmp.DiffMainRunes(words.split(del.String(), false), words.split(ins.String(), false), false)
			for _, d := range dmp.DiffCleanupSemantic(diffs) {
				out = append(out, edit{d.Type, words.length(d.Text)})
			}
		case del.Len() > 0:
			out = append(out, edit{diffmatchpatch.DiffDelete, utf8.RuneCountInString(del.String())})
		case ins.Len() > 0:
			out = append(out, edit{diffmatchpatch.DiffInsert, utf8.RuneCountInString(ins.String())})
		}
		del.Reset()
		ins.Reset()
	}
	moves := newMoveFinder()
	o, n := 0, 0
	for _, d := range diffs {
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			flush()
			l := blocks.length(d.Text)
			out = append(out, edit{d.Type, l})
			o += l
			n += l
		case diffmatchpatch.DiffDelete:
			blocks.write(&del, d.Text)
			o = moves.add(blocks, d.Text, o, true)
		case diffmatchpatch.DiffInsert:
			blocks.write(&ins, d.Text)
			n = moves.add(blocks, d.Text, n, false)
		}
	}
	flush()
	return out, moves.moves(blocks)
}

// move is a block deleted at old offset old and inserted whole, the same,
// at new offset new: a paragraph moved.
type move struct{ old, new, n int }

// moveFinder collects the blocks a diff deletes and inserts.
type moveFinder struct {
	deleted, inserted map[rune][]int // token → offsets
}

func newMoveFinder() *moveFinder {
	return &moveFinder{deleted: map[rune][]int{}, inserted: map[rune][]int{}}
}

// add records the blocks of a deleted or inserted diff text starting at
// offset at, and returns the offset after them.
func (f *moveFinder) add(t *tokens, diffText string, at int, deleted bool) int {
	m := f.inserted
	if deleted {
		m = f.deleted
	}
	for _, r := range diffText {
		m[r] = append(m[r], at)
		at += t.n[tokenIndex(r)]
	}
	return at
}

// moves returns the blocks deleted once and inserted once, in the order of
// their old offsets. A block deleted or inserted twice is left out: which
// copy went where cannot be told.
func (f *moveFinder) moves(t *tokens) []move {
	var out []move
	for r, olds := range f.deleted {
		news := f.inserted[r]
		if len(olds) != 1 || len(news) != 1 || t.strs[tokenIndex(r)] == text.Separator {
			continue
		}
		out = append(out, move{olds[0], news[0], t.n[tokenIndex(r)]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].old < out[j].old })
	return out
}

// tokens numbers the distinct tokens of the texts being diffed.
type tokens struct {
	ids  map[string]rune
	strs []string // by token index
	n    []int    // code points, by token index
}

// split cuts s into tokens, blocks and separators when blocks is true,
// else words (runs of letters, digits and marks; a Han or kana character
// alone) and single other code points, and returns their runes.
func (t *tokens) split(s string, blocks bool) []rune {
	out := make([]rune, 0, len(s)/4+1)
	for i := 0; i < len(s); {
		j, n := i, 0
		if blocks {
			j = strings.Index(s[i:], text.Separator)
			switch {
			case j < 0:
				j = len(s)
			case j == 0:
				j = i + len(text.Separator)
			default:
				j += i
			}
			n = utf8.RuneCountInString(s[i:j])
		} else {
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				word := isWordRune(r) && !isIdeographic(r)
				if n > 0 && !word {
					break
				}
				j += size
				n++
				if !word {
					break
				}
			}
		}
		tok := s[i:j]
		id, ok := t.ids[tok]
		if !ok {
			id = tokenRune(len(t.n))
			t.ids[tok] = id
			t.strs = append(t.strs, tok)
			t.n = append(t.n, n)
		}
		out = append(out, id)
		i = j
	}
	return out
}

// length is the code points of the tokens in a diff's text.
func (t *tokens) length(diffText string) int {
	n := 0
	for _, r := range diffText {
		n += t.n[tokenIndex(r)]
	}
	return n
}

// write writes the original text of the tokens in a diff's text to b.
func (t *tokens) write(b *strings.Builder, diffText string) {
	for _, r := range diffText {
		b.WriteString(t.strs[tokenIndex(r)])
	}
}

// tokenRune turns a token's index into a rune that survives go-diff's
// conversions to string: a valid scalar value, never a surrogate.
func tokenRune(i int) rune {
	if i >= 0xD800 {
		i += 0x800
	}
	return rune(i)
}

// tokenIndex is tokenRune's inverse.
func tokenIndex(r rune) int {
	if r >= 0xE000 {
		return int(r) - 0x800
	}
	return int(r)
}
