package suggest

import (
	"strings"
	"unicode"
)

// token is a word or a punctuation mark with its place in the text, in code
// points, so that a suggestion's span needs no conversion.
type token struct {
	text       string
	lower      string
	start, end int
	word       bool
	// upper: the word starts with a capital letter, or is a name particle
	// joined to one ("al-Assad").
	upper bool
	// abbr: single letters with periods ("U.S.", "U.N.", "W.").
	abbr bool
	// first: the first word of a sentence, a line or a quotation, where a
	// capital letter says nothing about a name.
	first bool
}

// tokenize cuts s into words and punctuation marks. Offsets count code
// points. Abbreviations keep their periods ("U.S.", "Mr."); apostrophes and
// hyphens inside a word belong to it ("didn't", "Secretary-General").
func tokenize(s string) []token {
	rs := []rune(s)
	var toks []token
	first := true
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			if r == '\n' {
				first = true
			}
			i++
		case isWordStart(r):
			j, abbr := wordEnd(rs, i)
			t := newWord(string(rs[i:j]), i, j, abbr, first)
			toks = append(toks, t)
			first = false
			i = j
		default:
			toks = append(toks, token{text: string(r), lower: string(r), start: i, end: i + 1})
			if startsSentence(r) {
				first = true
			}
			i++
		}
	}
	return toks
}

func newWord(w string, start, end int, abbr, first bool) token {
	lower := strings.ToLower(w)
	return token{
		text: w, lower: lower, start: start, end: end, word: true,
		upper: startsUpper(w), abbr: abbr, first: first,
	}
}

// startsUpper reports whether w starts with a capital letter, looking past a
// lower-case Arabic article or particle joined by a hyphen ("al-Assad").
func startsUpper(w string) bool {
	for _, r := range w {
		if unicode.IsUpper(r) {
			return true
		}
		break
	}
	if head, rest, ok := strings.Cut(w, "-"); ok && rest != "" && isNameParticle(head) {
		return startsUpper(rest)
	}
	// French and Italian elisions: "d'Ivoire", "l'Aquila", "dell'Ovo".
	for _, apostrophe := range []string{"'", "’"} {
		if head, rest, ok := strings.Cut(w, apostrophe); ok && rest != "" && isElision(head) {
			return startsUpper(rest)
		}
	}
	return false
}

func isWordStart(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isWordRune: letters, digits and combining marks (an accent typed as a
// separate code point stays in its word).
func isWordRune(r rune) bool { return isWordStart(r) || unicode.IsMark(r) }

func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', '-', '‐', '‑':
		return true
	}
	return false
}

// startsSentence: after these marks a capital letter may start any word.
func startsSentence(r rune) bool {
	switch r {
	case '.', '!', '?', ';', ':', '"', '“', '”', '«', '»', '(', ')', '—', '–':
		return true
	}
	return false
}

// wordEnd returns where the word starting at i ends, and whether it is an
// abbreviation written with periods.
func wordEnd(rs []rune, i int) (int, bool) {
	if j := abbrEnd(rs, i); j > i {
		return j, true
	}
	j := i
	for j < len(rs) {
		switch r := rs[j]; {
		case isWordRune(r):
			j++
		case isJoiner(r) && j+1 < len(rs) && isWordStart(rs[j+1]):
			j++
		default:
			if r == '.' && isTitleAbbr(strings.ToLower(string(rs[i:j]))) {
				return j + 1, false
			}
			return j, false
		}
	}
	return j, false
}

// abbrEnd returns the end of a run of single capital letters each followed
// by a period ("U.S.", "E.U.", "W."), or i when there is none.
func abbrEnd(rs []rune, i int) int {
	j := i
	for j+1 < len(rs) && unicode.IsUpper(rs[j]) && rs[j+1] == '.' {
		j += 2
		if j < len(rs) && isWordRune(rs[j]) {
			if j+1 < len(rs) && unicode.IsUpper(rs[j]) && rs[j+1] == '.' {
				continue
			}
			return i // "A.Word" is no abbreviation
		}
		break
	}
	return j
}
