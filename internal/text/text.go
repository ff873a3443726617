// Package text implements factmark's text model: blocks, canonical text and
// code-point offsets, exactly as docs/DESIGN.md §1 fixes them. Every offset the
// server stores, the browser sends and an export writes is a count of Unicode
// code points in the canonical text; this package is the one place that turns
// those counts into Go byte offsets.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// BlockKind is the structural role of a block.
type BlockKind string

// The block kinds of docs/DESIGN.md §1.
const (
	Paragraph    BlockKind = "paragraph"
	Heading      BlockKind = "heading"
	Blockquote   BlockKind = "blockquote"
	ListItem     BlockKind = "list_item"
	Preformatted BlockKind = "preformatted"
)

// Valid reports whether k is one of the known block kinds.
func (k BlockKind) Valid() bool {
	switch k {
	case Paragraph, Heading, Blockquote, ListItem, Preformatted:
		return true
	}
	return false
}

// Separator joins block texts in the canonical text.
const Separator = "\n\n"

// RawBlock is a block as an importer found it, before normalization.
type RawBlock struct {
	Kind  BlockKind
	Level int // 1 to 6 for headings, 0 otherwise
	Text  string
}

// Block is a normalized block located in the canonical text by code-point
// offsets, end exclusive.
type Block struct {
	Kind  BlockKind `json:"kind"`
	Level int       `json:"level,omitempty"`
	Start int       `json:"start"`
	End   int       `json:"end"`
}

// Document is an article body in canonical form.
type Document struct {
	Text   string
	Blocks []Block
}

// NormalizeBlock returns the canonical form of one block's text: Unicode NFC,
// every run of white space (NBSP and line breaks included) folded to a single
// U+0020, leading and trailing space removed. Invalid UTF-8 becomes U+FFFD.
func NormalizeBlock(s string) string {
	// FoldSpace does the folding (and the care with invalid UTF-8); a
	// block drops the space it leaves at either end.
	return strings.Trim(FoldSpace(s), " ")
}

// Build normalizes raw blocks, drops the empty ones and joins the rest into
// the canonical text, recording where each block starts and ends.
func Build(raw []RawBlock) Document {
	var (
		b      strings.Builder
		blocks = make([]Block, 0, len(raw))
		pos    int
	)
	for _, rb := range raw {
		t := NormalizeBlock(rb.Text)
		if t == "" {
			continue
		}
		if len(blocks) > 0 {
			b.WriteString(Separator)
			pos += len(Separator)
		}
		n := utf8.RuneCountInString(t)
		kind := rb.Kind
		if !kind.Valid() {
			kind = Paragraph
		}
		level := 0
		if kind == Heading {
			level = min(max(rb.Level, 1), 6)
		}
		blocks = append(blocks, Block{Kind: kind, Level: level, Start: pos, End: pos + n})
		b.WriteString(t)
		pos += n
	}
	return Document{Text: b.String(), Blocks: blocks}
}

// SplitPlain splits pasted plain text into paragraph blocks at blank lines
// (lines holding only white space). CRLF and lone CR count as line breaks.
func SplitPlain(s string) []RawBlock {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var (
		out     []RawBlock
		current []string
	)
	flush := func() {
		if len(current) > 0 {
			out = append(out, RawBlock{Kind: Paragraph, Text: strings.Join(current, "\n")})
			current = current[:0]
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimFunc(line, unicode.IsSpace) == "" {
			flush()
			continue
		}
		current = append(current, line)
	}
	flush()
	return out
}

// Len returns the number of code points in s.
func Len(s string) int { return utf8.RuneCountInString(s) }
