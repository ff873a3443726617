package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MatchForm returns s in the form in which an excerpt is looked for in a
// source's archived text (see Contains): the canonical text's folding (NFC,
// every run of white space, block breaks included, one U+0020, none at the
// ends), and typographic variants that an editor's copy and a page's
// markup often disagree on folded to plain ASCII: curly and low quotes and
// primes to ' and ", the dashes and the minus sign to -, the ellipsis to
// "...". Soft hyphens and zero-width characters, invisible in a page, are
// dropped. Case is kept: "may" and "May" say different things.
func MatchForm(s string) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a white space run is pending
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		repl, drop := typographic(r)
		if drop {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if repl != "" {
			b.WriteString(repl)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// typographic returns what MatchForm writes for r: a replacement, or drop
// for an invisible character; "" and false keep r as it is.
func typographic(r rune) (repl string, drop bool) {
	switch r {
	case '‘', '’', '‚', '‛', '′', '`', '´':
		return "'", false
	case '“', '”', '„', '‟', '″', '«', '»':
		return `"`, false
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return "-", false
	case '…':
		return "...", false
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return "", true
	}
	return "", false
}

// Contains reports whether excerpt occurs in the text whose MatchForm is
// haystack: whether the words an editor quoted from a source are in the
// source as archived. An excerpt that folds to nothing is in no text.
func Contains(haystack, excerpt string) bool {
	e := MatchForm(excerpt)
	return e != "" && strings.Contains(haystack, e)
}
