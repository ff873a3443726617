package model

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Length limits on user-supplied strings, in code points.
const (
	MaxTitleLen     = 500
	MaxShortLen     = 300 // byline, publication, names, publisher
	MaxURLLen       = 2048
	MaxStatementLen = 2000
	MaxNoteLen      = 10000
	MaxExcerptLen   = 10000
	MaxCommentLen   = 2000
)

// CheckLen records an error for field when s is longer than max code points.
func (fe FieldErrors) CheckLen(field, label, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		fe.Add(field, label+" is too long: at most "+strconv.Itoa(max)+" characters.")
	}
}

// VisiblyEmpty reports whether s shows nothing to a reader: only white
// space (NBSP included) and invisible format characters such as U+200B ZERO
// WIDTH SPACE or U+FEFF. A public rationale made of them would publish a
// blank reason.
func VisiblyEmpty(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

// NormalizeURL validates an optional link: "" stays "", anything else must be
// an absolute http or https URL with a host. Other schemes (javascript:,
// data:, file:) are refused so that no stored link can run code.
func NormalizeURL(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", true
	}
	if len(raw) > MaxURLLen {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}

// NormalizeDate validates an optional date: "" stays "", YYYY-MM-DD stays as
// it is, and an RFC 3339 time is converted to UTC.
func NormalizeDate(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", true
	}
	if t, err := time.Parse(time.DateOnly, raw); err == nil {
		return t.Format(time.DateOnly), true
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t.UTC().Format(time.RFC3339), true
	}
	return "", false
}
