package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Markdown writes d as CommonMark with GFM footnotes: the title, a list of
// metadata, the article block by block with a footnote reference [^N] right
// after each claim's end, and one footnote per claim. In the public edition
// (the default) a footnote gives what readers are told: the published
// verdict, the statement, the quoted text and the published rationale with
// its dates and corrections, or "Not yet reviewed", or the withdrawal and
// its reason. In the internal edition, which starts with "Internal — not
// for publication", it gives the working verdict, statement, quoted text,
// the reason given for the verdict (see VerdictEvent), kind, assignee,
// parties, publication state, sources and note.
//
// All text is escaped so that it renders as the same characters and never
// as markup: the article may contain anything, including text that looks
// like Markdown, HTML or a bare URL. Line breaks in notes and excerpts
// become hard breaks.
//
// Preformatted blocks are written as paragraphs, since a code block could
// not hold footnote references and canonical text has no layout left to
// keep.
func Markdown(w io.Writer, d *Document) error {
	mw := mdWriter{bufio.NewWriterSize(w, 64<<10)}
	a := &d.Article
	claims := d.orderedClaims()
	ix := text.NewIndex(a.Text)
	ms, unplaced := mentions(ix, a.Blocks, claims)

	title := flatten(a.Title)
	if title == "" {
		title = "Untitled article"
	}
	if d.internal() {
		mw.raw("> **" + InternalNotice + "**\n\n")
	}
	mw.raw("# ")
	mw.esc(title, true)
	mw.raw("\n\n")
	mw.meta("Byline", a.Byline)
	mw.meta("Publication", a.Publication)
	mw.meta("Published", a.PublishedAt)
	if webURL(a.URL) {
		mw.raw("- Original: ")
		mw.link(a.URL, a.URL)
		mw.raw("\n")
	} else {
		mw.meta("Original", a.URL)
	}
	mw.meta("Exported", formatTime(d.ExportedAt))
	mw.raw("- Claims: " + strconv.Itoa(len(claims)) + "\n\n---\n\n")

	m := 0
	for bi, b := range a.Blocks {
		if bi > 0 {
			if b.Kind == text.ListItem && a.Blocks[bi-1].Kind == text.ListItem {
				mw.raw("\n") // one tight list
			} else {
				mw.raw("\n\n")
			}
		}
		switch b.Kind {
		case text.Heading:
			mw.raw("######"[:min(max(b.Level, 1)+1, 6)] + " ")
		case text.Blockquote:
			mw.raw("> ")
		case text.ListItem:
			mw.raw("- ")
		}
		pos, afterRef := b.Start, false
		for ; m < len(ms) && ms[m].block == bi; m++ {
			if ms[m].pos > pos {
				mw.chunk(ix.Slice(pos, ms[m].pos), pos == b.Start, afterRef, true)
				pos = ms[m].pos
			}
			mw.raw("[^" + strconv.Itoa(claimNumber(&claims[ms[m].claim], ms[m].claim)) + "]")
			afterRef = true
		}
		mw.chunk(ix.Slice(pos, b.End), pos == b.Start, afterRef, false)
	}
	mw.raw("\n")
	if len(unplaced) > 0 {
		mw.raw("\nClaims whose text is no longer found in this version of the article: ")
		for i, c := range unplaced {
			if i > 0 {
				mw.raw(", ")
			}
			mw.raw("[^" + strconv.Itoa(claimNumber(&claims[c], c)) + "]")
		}
		mw.raw(".\n")
	}

	placed := make([]bool, len(claims))
	for _, m := range ms {
		placed[m.claim] = true
	}
	for i := range claims {
		if d.internal() {
			mw.footnote(d, claimNumber(&claims[i], i), &claims[i], placed[i])
		} else {
			mw.publicFootnote(d, claimNumber(&claims[i], i), &claims[i], placed[i])
		}
	}
	return mw.Flush()
}

// publicFootnote is a claim's footnote in the public edition: what readers
// are told (the published verdict and rationale, with its dates and any
// earlier verdict it corrected, or that it is not yet reviewed, or that
// its review was withdrawn and why), the statement and the quoted words.
func (w mdWriter) publicFootnote(d *Document, num int, c *model.Claim, placed bool) {
	const in = footnoteIndent
	_, label, text := publicReview(c)
	w.raw("\n[^" + strconv.Itoa(num) + "]: **" + label + "**")
	if st := flatten(c.Statement); st != "" {
		w.raw(" — ")
		w.esc(st, false)
	}
	w.raw("\n\n")
	if !placed {
		w.raw(in + "Not found in this version of the text. It quoted:\n\n")
	}
	w.quote(in, c.Quote.Exact)
	p := c.Publication
	switch p.State {
	case model.Published:
		w.raw("\n" + in + "Rationale: ")
		w.lines(in, text)
		w.raw("\\\n" + in + "Published " + formatTime(*p.FirstPublishedAt))
		for _, e := range p.Corrections() {
			w.raw("\\\n" + in + "Updated " + formatTime(e.At) + ": earlier verdict " + e.Earlier.Verdict.Label() + ".")
		}
		if u := ReviewURL(d.Site, c.ID); u != "" {
			w.raw("\\\n" + in + "Review: ")
			w.link(u, u)
		}
		w.raw("\n")
		if sources := publishedSources(c); len(sources) > 0 {
			w.raw("\n" + in + "Sources:\n")
			for i := range sources {
				w.source(&sources[i], false)
			}
		}
	case model.Withdrawn:
		w.raw("\n" + in + "Withdrawn " + formatTime(*p.WithdrawnAt) + ": ")
		w.lines(in, text)
		w.raw("\n")
	}
}

// chunk writes a run of block text that starts a line (lineStart), follows
// a footnote reference (afterRef) or precedes one (beforeRef). Next to a
// reference, two more characters need escaping: "[^1](x)" would read as a
// link and "![^1]" as an image.
func (w mdWriter) chunk(s string, lineStart, afterRef, beforeRef bool) {
	if afterRef && strings.HasPrefix(s, "(") {
		w.raw(`\(`)
		s, lineStart = s[1:], false
	}
	bang := beforeRef && strings.HasSuffix(s, "!")
	if bang {
		s = s[:len(s)-1]
	}
	w.esc(s, lineStart)
	if bang {
		w.raw(`\!`)
	}
}

// footnoteIndent indents a footnote's continuation lines.
const footnoteIndent = "    "

func (w mdWriter) footnote(d *Document, num int, c *model.Claim, placed bool) {
	const in = footnoteIndent
	w.raw("\n[^" + strconv.Itoa(num) + "]: **")
	w.esc(flatten(statusLabel(c.Status)), false)
	w.raw("**")
	if st := flatten(c.Statement); st != "" {
		w.raw(" — ")
		w.esc(st, false)
	}
	w.raw("\n\n")
	if !placed {
		w.raw(in + "Not found in this version of the text. It quoted:\n\n")
	}
	w.quote(in, c.Quote.Exact)

	w.raw("\n" + in)
	if reason := verdictReason(d, c); reason != "" {
		w.raw("Verdict: ")
		w.esc(flatten(statusLabel(c.Status)), false)
		w.raw(" — ")
		w.lines(in, reason)
		w.raw("\\\n" + in)
	}
	w.raw("Kind: ")
	w.esc(c.Kind.Label(), false)
	if c.Assignee != "" {
		w.raw("\\\n" + in + "Assignee: ")
		w.esc(flatten(c.Assignee), false)
	}
	if len(c.Parties) > 0 {
		w.raw("\\\n" + in + "Parties: ")
		for i, p := range c.Parties {
			if i > 0 {
				w.raw("; ")
			}
			w.esc(flatten(p.Name), false)
			w.raw(" (")
			w.esc(flatten(string(p.Role)), false)
			w.raw(")")
			if p.Anchored() && p.Exact != "" && p.Exact != p.Name {
				w.raw(", marked “")
				w.esc(flatten(p.Exact), false)
				w.raw("”")
			}
		}
	}
	w.raw("\\\n" + in + "Public review: ")
	w.esc(publicationSummary(c), false)
	if c.Publication.State == model.Published {
		w.raw(" — ")
		w.lines(in, c.Publication.Rationale)
	}
	w.raw("\n")
	if len(c.Sources) > 0 {
		w.raw("\n" + in + "Sources:\n")
		for i := range c.Sources {
			w.source(&c.Sources[i], true)
		}
	}
	if c.Note != "" {
		w.raw("\n" + in + "Note: ")
		w.lines(in, c.Note)
		w.raw("\n")
	}
}

// source writes a source as an item of a footnote's list; internal adds
// its note and whether its excerpt is in its snapshot.
func (w mdWriter) source(s *model.ClaimSource, internal bool) {
	const item = footnoteIndent + "  " // continuation of the list item
	w.raw("\n" + footnoteIndent + "- ")
	title := flatten(s.Title)
	switch {
	case webURL(s.URL):
		if title == "" {
			title = s.URL
		}
		w.link(s.URL, title)
	case title != "":
		w.esc(title, false)
		if s.URL != "" {
			w.raw(" (")
			w.esc(flatten(s.URL), false)
			w.raw(")")
		}
	case s.URL != "":
		w.esc(flatten(s.URL), false)
	default:
		w.esc(flatten(s.Reference), false)
	}
	if s.Publisher != "" {
		w.raw(" — ")
		w.esc(flatten(s.Publisher), false)
	}
	if s.PublishedAt != "" {
		w.raw(", published ")
		w.esc(flatten(s.PublishedAt), false)
	}
	if internal && s.AccessedAt != "" {
		w.raw(", accessed ")
		w.esc(flatten(s.AccessedAt), false)
	}
	if s.Relation != "" {
		w.raw(" (")
		w.esc(flatten(string(s.Relation)), false)
		w.raw(")")
	}
	if s.Reference != "" && title != "" {
		w.raw("\\\n")
		w.raw(item)
		w.raw("Reference: ")
		w.esc(flatten(s.Reference), false)
	}
	w.raw("\n")
	if s.Excerpt != "" {
		w.raw("\n")
		w.quote(item, s.Excerpt)
	}
	if line := snapshotLine(s, internal); line != "" {
		w.raw("\n" + item)
		w.esc(capitalize(line), false)
		w.raw("\n")
	}
	if internal && s.Note != "" {
		w.raw("\n" + item + "Note: ")
		w.lines(item, s.Note)
		w.raw("\n")
	}
}

// mdWriter writes Markdown through a buffer. Its errors are sticky in the
// bufio.Writer and reported by Flush.
type mdWriter struct{ *bufio.Writer }

// raw writes markup: constants of this file and numbers only.
func (w mdWriter) raw(s string) { w.WriteString(s) }

func (w mdWriter) meta(label, value string) {
	if value = flatten(value); value != "" {
		w.raw("- " + label + ": ")
		w.esc(value, false)
		w.raw("\n")
	}
}

// mdLow and mdHigh are the bytes esc looks at, as bit sets over 0-63 and
// 64-127: the marks it always escapes (\ ` * _ [ ] < > # | ~ & $), and
// : and . which it escapes in "://" and "www.".
const (
	mdLow  = 1<<'#' | 1<<'$' | 1<<'&' | 1<<'*' | 1<<'.' | 1<<':' | 1<<'<' | 1<<'>'
	mdHigh = 1<<('['-64) | 1<<('\\'-64) | 1<<(']'-64) | 1<<('_'-64) | 1<<('`'-64) | 1<<('|'-64) | 1<<('~'-64)
)

// esc writes s so that it renders as its own characters. Every ASCII
// punctuation mark that can open or close inline markup is backslash-escaped
// wherever it is, which is always allowed in CommonMark; at the start of a
// line (lineStart), so are the marks that would open a block there: a list
// bullet, an ordered list's "1. " or "1) ", a setext underline.
func (w mdWriter) esc(s string, lineStart bool) {
	if lineStart && s != "" {
		switch c := s[0]; c {
		case '-', '+', '=':
			w.WriteByte('\\')
			w.WriteByte(c)
			s = s[1:]
		default:
			n := 0
			for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
				n++
			}
			if n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') && (n+1 == len(s) || s[n+1] == ' ') {
				w.WriteString(s[:n])
				w.WriteByte('\\')
				w.WriteByte(s[n])
				s = s[n+1:]
			}
		}
	}
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		// Most bytes are letters: rule them out with one bit test.
		if c >= 128 || (c < 64 && mdLow>>c&1 == 0) || (c >= 64 && mdHigh>>(c-64)&1 == 0) {
			continue
		}
		switch c {
		case ':':
			// "http\://" and "www\." turn off GFM's autolinks, which would
			// swallow everything up to the next space: backslashes and
			// footnote references included.
			if !strings.HasPrefix(s[i+1:], "//") {
				continue
			}
		case '.':
			if i < 3 || !strings.EqualFold(s[i-3:i], "www") {
				continue
			}
		}
		w.WriteString(s[last:i])
		w.WriteByte('\\')
		last = i // the mark itself goes out with the next run
	}
	w.WriteString(s[last:])
}

// lines writes multi-line text that continues a line already begun, in a
// block indented by in: its lines joined by hard breaks, each but the first
// escaped as the start of a line; blank lines are dropped, since they would
// end the paragraph.
func (w mdWriter) lines(in, s string) {
	first := true
	for _, line := range splitLines(s) {
		if line == "" {
			continue
		}
		if !first {
			w.raw("\\\n")
			w.raw(in)
		}
		w.esc(line, !first)
		first = false
	}
}

// quote writes s as a blockquote indented by in, keeping its line breaks
// (as hard breaks) and its blank lines (as paragraph breaks).
func (w mdWriter) quote(in, s string) {
	ls := splitLines(s)
	for len(ls) > 0 && ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	for i, line := range ls {
		if line == "" {
			if i > 0 && ls[i-1] != "" {
				w.raw(in)
				w.raw(">\n")
			}
			continue
		}
		w.raw(in)
		w.raw("> ")
		w.esc(line, true)
		if i+1 < len(ls) && ls[i+1] != "" {
			w.raw("\\")
		}
		w.raw("\n")
	}
}

// link writes [label](<href>). The angle-bracket form lets the destination
// hold parentheses; inside it, < > and \ are backslash-escaped, and spaces
// and control characters, which it cannot hold, are percent-encoded.
func (w mdWriter) link(href, label string) {
	w.raw("[")
	w.esc(label, false)
	w.raw("](<")
	for i := 0; i < len(href); i++ {
		switch c := href[i]; {
		case c == '<' || c == '>' || c == '\\':
			w.WriteByte('\\')
			w.WriteByte(c)
		case c <= ' ' || c == 0x7f:
			w.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
		default:
			w.WriteByte(c)
		}
	}
	w.raw(">)")
}

// flatten folds every run of white space in s, line breaks included, to one
// space and trims it: fields shown on one line must not break the line.
func flatten(s string) string {
	prevSpace := true // a leading space needs folding too
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if prevSpace {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = true
		case c < utf8.RuneSelf:
			if '\t' <= c && c <= '\r' {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = false
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return strings.Join(strings.Fields(s), " ")
			}
			i += n - 1
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		return s[:len(s)-1] // one trailing space
	}
	return s
}

// splitLines splits s at CRLF, LF or CR and trims each line.
func splitLines(s string) []string {
	if !strings.ContainsAny(s, "\r\n") {
		return []string{strings.TrimSpace(s)}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSpace(l)
	}
	return ls
}
