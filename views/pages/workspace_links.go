package pages

import (
	"html"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/model"
)

// cutAtLinks cuts the segments of blocks further at the edges of links
// (spans of the canonical text, in code points, as model.Article.Links
// holds them) and gives each piece inside a link its Href, so that the
// workspace shows the article's links inside the claims' marks without
// changing the text or its offsets. links must be sorted by Start and not
// overlap, as extraction makes them; a link that is not http or https is
// left out.
func cutAtLinks(blocks []TextBlock, links []model.Link) {
	var safe []model.Link
	for _, l := range links {
		if l.End > l.Start && linkable(l.Href) {
			safe = append(safe, l)
		}
	}
	if len(safe) == 0 {
		return
	}
	next := 0 // the first link that may still cover a later segment
	for bi := range blocks {
		b := &blocks[bi]
		var out []TextSegment
		for _, s := range b.Segments {
			end := s.Start + utf8.RuneCountInString(s.Text)
			for next < len(safe) && safe[next].End <= s.Start {
				next++
			}
			if next == len(safe) || safe[next].Start >= end {
				out = append(out, s)
				continue
			}
			out = append(out, splitSegment(s, end, safe[next:])...)
		}
		b.Segments = out
	}
}

// splitSegment cuts s, which ends at end, at the edges of the links that
// cross it (links is sorted, starting with the first that may).
func splitSegment(s TextSegment, end int, links []model.Link) []TextSegment {
	var out []TextSegment
	pos, rest := s.Start, s.Text
	cut := func(to int, href string) {
		if to <= pos {
			return
		}
		n := byteOffset(rest, to-pos)
		piece := s
		piece.Start, piece.Text, piece.Href = pos, rest[:n], href
		out = append(out, piece)
		pos, rest = to, rest[n:]
	}
	for _, l := range links {
		if l.Start >= end {
			break
		}
		cut(max(l.Start, s.Start), "")
		cut(min(l.End, end), l.Href)
	}
	cut(end, "")
	return out
}

// blockDir is the direction attribute of each block: none when the
// article's direction is known (the text element has it), else "auto", so
// that a right-to-left paragraph pasted as plain text reads right to left.
func (t ArticleText) blockDir() templ.Attributes {
	if t.Dir != "" {
		return nil
	}
	return templ.Attributes{"dir": "auto"}
}

// byteOffset is the byte offset of the n-th code point of s.
func byteOffset(s string, n int) int {
	i := 0
	for n > 0 && i < len(s) {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n--
	}
	return i
}

// linkable reports whether href may become a link: an absolute http or
// https URL. Extraction keeps no other, and this checks again.
func linkable(href string) bool {
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

// appendLinkOpen appends the start of a link to href: opened in a new tab,
// sending the page no referrer and no window, not followed by search
// engines, and not draggable, so that dragging across it selects its words
// for a claim as it does anywhere else in the text.
func appendLinkOpen(buf []byte, href string) []byte {
	buf = append(buf, `<a href="`...)
	buf = append(buf, html.EscapeString(href)...)
	return append(buf, `" rel="noopener noreferrer nofollow" target="_blank" draggable="false">`...)
}
