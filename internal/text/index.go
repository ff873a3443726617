package text

import (
	"unicode/utf8"
)

// Index converts code-point offsets in one string to byte offsets. Building it
// costs one pass over the string; each lookup afterwards is O(1), which the
// workspace and the exporters need when they cut hundreds of spans from a long
// article.
type Index struct {
	s     string
	n     int     // code points in s
	bytes []int32 // bytes[i] is the byte offset of code point i; nil when s is ASCII
}

// NewIndex indexes s.
func NewIndex(s string) *Index {
	ix := &Index{s: s}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		ix.n = len(s)
		return ix
	}
	ix.bytes = make([]int32, 0, len(s)+1)
	for i := range s {
		ix.bytes = append(ix.bytes, int32(i))
	}
	ix.n = len(ix.bytes)
	ix.bytes = append(ix.bytes, int32(len(s)))
	return ix
}

// String returns the indexed string.
func (ix *Index) String() string { return ix.s }

// Len returns the number of code points in the indexed string.
func (ix *Index) Len() int { return ix.n }

// Byte returns the byte offset of code point cp, clamped to [0, Len()].
func (ix *Index) Byte(cp int) int {
	cp = min(max(cp, 0), ix.n)
	if ix.bytes == nil {
		return cp
	}
	return int(ix.bytes[cp])
}

// CodePoint returns the code-point offset of byte offset b, which must fall on
// a rune boundary.
func (ix *Index) CodePoint(b int) int {
	if ix.bytes == nil {
		return min(max(b, 0), ix.n)
	}
	// Binary search: bytes is strictly increasing.
	lo, hi := 0, ix.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if int(ix.bytes[mid]) < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Slice returns the text between code points start and end, clamped to the
// string.
func (ix *Index) Slice(start, end int) string {
	s, e := ix.Byte(start), ix.Byte(end)
	if e < s {
		return ""
	}
	return ix.s[s:e]
}

// InRange reports whether [start, end) is a non-empty span inside the string.
func (ix *Index) InRange(start, end int) bool {
	return start >= 0 && end > start && end <= ix.n
}

// TrimSpan shrinks [start, end) past white space at either edge. A browser
// selection often takes the space after a double-clicked word, or runs to
// the start of the next block after a triple click; neither belongs in a
// claim's quote. An all-space span comes back empty (start == end).
func (ix *Index) TrimSpan(start, end int) (int, int) {
	start, end = max(start, 0), min(end, ix.n)
	for start < end && isCanonicalSpace(ix.s[ix.Byte(start)]) {
		start++
	}
	for end > start && isCanonicalSpace(ix.s[ix.Byte(end-1)]) {
		end--
	}
	return start, end
}

// isCanonicalSpace reports whether b is white space in canonical text, where
// only the block separator's newlines and single spaces remain.
func isCanonicalSpace(b byte) bool { return b == ' ' || b == '\n' }
