// Package anchor ties a claim to a span of an article's canonical text the way
// W3C Web Annotation does: by position (TextPositionSelector) and by quote
// (TextQuoteSelector). The position is trusted only while the text there still
// equals the quote; otherwise the quote, disambiguated by its prefix and
// suffix, finds the span again. A span that cannot be found is an orphan.
// Quotes are looked for in the canonical text's form (see Normalize), however
// they were typed or copied. When an article gets a new revision, a
// Revision re-anchors its spans into the new text (see Revision.Reanchor).
package anchor

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/text"
)

// ContextLen is how many code points of prefix and suffix a quote keeps.
const ContextLen = 32

// Quote is a TextQuoteSelector: the exact text of a span and up to
// ContextLen code points on either side of it.
type Quote struct {
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// Errors returned by Locate.
var (
	ErrEmptyQuote = errors.New("the quote's exact text is empty")
	ErrNotFound   = errors.New("the quoted text does not occur in the article")
	ErrAmbiguous  = errors.New("the quoted text occurs more than once; give a prefix or suffix that tells the occurrences apart")
)

// QuoteAt returns the quote of [start, end) in the indexed text. The span must
// be in range (see text.Index.InRange).
func QuoteAt(ix *text.Index, start, end int) Quote {
	return Quote{
		Exact:  ix.Slice(start, end),
		Prefix: ix.Slice(start-ContextLen, start),
		Suffix: ix.Slice(end, end+ContextLen),
	}
}

// Normalize puts q in the canonical text's form, so that a quote typed or
// copied with other white space or another Unicode form is still found:
// each part folded by text.FoldText (NFC; a run of white space one space, or
// a block separator where it holds a blank line). Exact is trimmed, and the
// white space it loses goes to the prefix and the suffix, where it is still
// context: " the mayor " after "cost €4," is "the mayor" after "cost €4, ".
// The prefix and the suffix are not trimmed, since the space between them
// and the exact text is part of what they say.
func Normalize(q Quote) Quote {
	rest := strings.TrimLeftFunc(q.Exact, unicode.IsSpace)
	lead := q.Exact[:len(q.Exact)-len(rest)]
	exact := strings.TrimRightFunc(rest, unicode.IsSpace)
	trail := rest[len(exact):]
	prefix, suffix := text.FoldText(q.Prefix+lead), text.FoldText(trail+q.Suffix)
	// FoldText keeps a line break alone at either end, as half of a block
	// separator cut off there. Beside the exact text nothing is cut off (the
	// other half would have been in the exact text, and is now here): such
	// a line break is white space within a block, a space.
	if strings.HasSuffix(prefix, "\n") && !strings.HasSuffix(prefix, text.Separator) {
		prefix = strings.TrimSuffix(prefix, "\n") + " "
	}
	if strings.HasPrefix(suffix, "\n") && !strings.HasPrefix(suffix, text.Separator) {
		suffix = " " + strings.TrimPrefix(suffix, "\n")
	}
	return Quote{Exact: text.FoldText(exact), Prefix: prefix, Suffix: suffix}
}

// Matches reports whether the text at [start, end) still equals q.Exact, as
// it is (q is not normalized).
func Matches(ix *text.Index, start, end int, q Quote) bool {
	return ix.InRange(start, end) && ix.Slice(start, end) == q.Exact
}

// Resolve finds the span a stored anchor points at now: the stored position
// when the text there still equals the quote (as it is, or normalized),
// else the best match of the normalized quote. ok is false when the anchor
// is an orphan.
func Resolve(ix *text.Index, start, end int, q Quote) (newStart, newEnd int, ok bool) {
	if Matches(ix, start, end, q) {
		return start, end, true
	}
	n := Normalize(q)
	if Matches(ix, start, end, n) {
		return start, end, true
	}
	s, e, err := locate(ix, n, start)
	if err != nil {
		return 0, 0, false
	}
	return s, e, true
}

// Locate finds q, normalized, in the indexed text. When the exact text
// occurs more than once, the occurrence whose surroundings agree longest
// with the prefix and suffix wins; a tie is ErrAmbiguous.
func Locate(ix *text.Index, q Quote) (start, end int, err error) {
	return locate(ix, Normalize(q), -1)
}

// locate is Locate of a normalized quote, with an optional hint: when
// hint >= 0, ties are broken in favour of the occurrence nearest the hint,
// since a span that moved usually moved a little. The prefix and suffix are
// compared whole, even past ContextLen: normalizing may lengthen them.
func locate(ix *text.Index, q Quote, hint int) (int, int, error) {
	if q.Exact == "" {
		return 0, 0, ErrEmptyQuote
	}
	s := ix.String()
	exactLen, prefixLen, suffixLen := text.Len(q.Exact), text.Len(q.Prefix), text.Len(q.Suffix)
	bestScore, bestStart, ties := -1, -1, 0
	bestDist := 0
	for from := 0; from <= len(s); {
		i := strings.Index(s[from:], q.Exact)
		if i < 0 {
			break
		}
		b := from + i
		from = b + 1
		// Skip matches that begin inside a multi-byte rune (impossible for valid
		// UTF-8 needles, but cheap insurance).
		cp := ix.CodePoint(b)
		if ix.Byte(cp) != b {
			continue
		}
		score := commonSuffixLen(ix.Slice(cp-prefixLen, cp), q.Prefix) +
			commonPrefixLen(ix.Slice(cp+exactLen, cp+exactLen+suffixLen), q.Suffix)
		dist := 0
		if hint >= 0 {
			dist = abs(cp - hint)
		}
		switch {
		case score > bestScore, score == bestScore && hint >= 0 && dist < bestDist:
			bestScore, bestStart, bestDist, ties = score, cp, dist, 1
		case score == bestScore && (hint < 0 || dist == bestDist):
			ties++
		}
	}
	if bestStart < 0 {
		return 0, 0, ErrNotFound
	}
	if ties > 1 {
		return 0, 0, ErrAmbiguous
	}
	return bestStart, bestStart + exactLen, nil
}

// commonSuffixLen counts the code points a and b share at their ends. It
// decodes in place and stops at the first difference rather than converting
// both to []rune: Locate calls it once per occurrence of the exact text,
// which for a common word is thousands of times per article.
func commonSuffixLen(a, b string) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		ra, sa := utf8.DecodeLastRuneInString(a)
		rb, sb := utf8.DecodeLastRuneInString(b)
		if ra != rb {
			break
		}
		a, b = a[:len(a)-sa], b[:len(b)-sb]
		n++
	}
	return n
}

// commonPrefixLen counts the code points a and b share at their starts.
func commonPrefixLen(a, b string) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			break
		}
		a, b = a[sa:], b[sb:]
		n++
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
