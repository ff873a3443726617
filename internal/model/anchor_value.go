package model

import (
	"strconv"
	"strings"
)

// AnchorSpan is an AnchorValue read back: the words of a span, where they
// stood and in which revision.
type AnchorSpan struct {
	Words      string
	Start, End int
	Revision   int
}

// ParseAnchorValue reads a value written by AnchorValue; ok is false for
// "" (an orphan has no new place) and for a value it cannot read.
func ParseAnchorValue(v string) (s AnchorSpan, ok bool) {
	at := strings.LastIndex(v, "\" at ")
	rev := strings.LastIndex(v, " in revision ")
	if at < 0 || rev < at {
		return s, false
	}
	words, err := strconv.Unquote(v[:at+1])
	if err != nil {
		return s, false
	}
	start, end, found := strings.Cut(v[at+len("\" at "):rev], "–")
	if !found {
		return s, false
	}
	var errs [3]error
	s.Words = words
	s.Start, errs[0] = strconv.Atoi(start)
	s.End, errs[1] = strconv.Atoi(end)
	s.Revision, errs[2] = strconv.Atoi(v[rev+len(" in revision "):])
	for _, err := range errs {
		if err != nil {
			return AnchorSpan{}, false
		}
	}
	return s, true
}

// ParseAnchorComment reads an AnchorComment: the kind of anchor event and
// the revision it happened in (0 when the comment names none, as a
// dismissal's does).
func ParseAnchorComment(comment string) (AnchorKind, int) {
	kind, rest, _ := strings.Cut(comment, " in revision ")
	n, err := strconv.Atoi(rest)
	if err != nil {
		n = 0
	}
	return AnchorKind(kind), n
}
