package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FoldSpace returns s folded as NormalizeBlock folds a block's text, but
// not trimmed: Unicode NFC, invalid UTF-8 as U+FFFD, and every run of white
// space (NBSP and line breaks included) one U+0020, at either end too.
// NormalizeBlock(s) is FoldSpace(s) without the space at its ends.
func FoldSpace(s string) string { return fold(s, false) }

// FoldText returns a piece of text as it would read inside the canonical
// text, not trimmed, so that it can be looked for there (a quote and its
// context, see internal/anchor). It folds as FoldSpace does, except that a
// run of white space holding a blank line (two line breaks or more: where
// SplitPlain ends a block) becomes Separator, and that a lone line break at
// either end of s stays a line break, since a piece cut from the canonical
// text may begin or end inside a Separator.
//
// So any piece of a canonical text is its own FoldText, and the canonical
// text of pasted text s, Build(SplitPlain(s)).Text, is FoldText(s) without
// the white space at its ends.
func FoldText(s string) string { return fold(s, true) }

// fold implements FoldSpace and, with blocks set, FoldText. Text already in
// folded form, as a quote cut from the canonical text is, is returned as it
// is, without copying.
func fold(s string, blocks bool) string {
	// As in NormalizeBlock: invalid bytes are replaced before normalizing.
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	s = norm.NFC.String(s)
	var (
		b    strings.Builder
		done int // s[:done] is in b, once a run of white space had to change
	)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			i += size
			continue
		}
		// A run of white space: count its line breaks, CRLF as one.
		j, breaks := i, 0
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			if r == '\r' || (r == '\n' && (j == i || s[j-1] != '\r')) {
				breaks++
			}
			j += size
		}
		run, folded := s[i:j], " "
		switch {
		case !blocks:
		case breaks >= 2:
			folded = Separator
		case (i == 0 || j == len(s)) && (run == "\n" || run == "\r" || run == "\r\n"):
			folded = "\n"
		}
		if run != folded {
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[done:i])
			b.WriteString(folded)
			done = j
		}
		i = j
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}
