package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

// JSON writes d as one indented JSON document, claims in export order
// (see SortClaims) like every other format. The bytes are those of a
// json.Encoder with SetIndent("", "  "); see indentJSON for why it is not
// used.
func JSON(w io.Writer, d *Document) error {
	compact, err := json.Marshal(jsonDocument(d))
	if err != nil {
		return err
	}
	return indentJSON(w, compact)
}

// jsonDocument lays d out for the JSON export. Empty lists are written as
// [], never null, so that importers need not tell the two apart.
func jsonDocument(d *Document) wire.JSONDocument {
	doc := wire.JSONDocument{
		Format:     wire.JSONFormatID,
		Edition:    wire.EditionComplete,
		ExportedAt: d.ExportedAt.UTC(),
		Article:    d.Article,
		Claims:     make([]wire.JSONClaim, 0, len(d.Claims)),
	}
	if r := d.currentRevision(); r != nil {
		info := revisionInfo(*r)
		doc.RevisionInfo = &info
	}
	for _, v := range referredRevisions(d) {
		if r := d.revision(v); r != nil {
			doc.EarlierRevisions = append(doc.EarlierRevisions, revisionInfo(*r))
		}
	}
	for _, c := range d.orderedClaims() {
		h := d.History[c.ID]
		if h == nil {
			h = []model.Event{}
		}
		if c.Parties == nil {
			c.Parties = []model.Party{}
		}
		if c.Sources == nil {
			c.Sources = []model.ClaimSource{}
		}
		doc.Claims = append(doc.Claims, wire.JSONClaim{Claim: c, History: h})
	}
	return doc
}

// indentJSON writes src, compact JSON as json.Marshal makes it, to w with
// two spaces per level and a final newline, byte for byte as json.Indent
// would. json.Indent runs the JSON scanner's state machine on every byte,
// which made indenting a long article's export cost twice as much as
// marshalling it; src is known to be valid, so this skips over each string
// in one search and only looks at the punctuation between them.
func indentJSON(w io.Writer, src []byte) error {
	const flushAt = 32 << 10
	dst := make([]byte, 0, flushAt+4<<10)
	depth := 0
	open := false // after { or [, before knowing whether it is empty
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			dst = appendNewline(dst, depth)
		}
		switch c {
		case '"':
			j := i + 1
			for {
				k := bytes.IndexByte(src[j:], '"')
				if k < 0 {
					return errors.New("export: unterminated string in JSON")
				}
				j += k + 1
				// The quote ends the string unless an odd number of
				// backslashes escapes it.
				n := 0
				for src[j-2-n] == '\\' {
					n++
				}
				if n%2 == 0 {
					break
				}
			}
			dst = append(dst, src[i:j]...)
			i = j - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = appendNewline(append(dst, c), depth)
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if open {
				open = false // {} and [] stay on one line
			} else {
				depth--
				dst = appendNewline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
		if len(dst) >= flushAt {
			if _, err := w.Write(dst); err != nil {
				return err
			}
			dst = dst[:0]
		}
	}
	_, err := w.Write(append(dst, '\n'))
	return err
}

func appendNewline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, ' ', ' ')
	}
	return dst
}

// revisionInfo is r as the JSON export describes it: without its text,
// which the article holds for the current revision and the API serves for
// the others.
func revisionInfo(r model.Revision) model.Revision {
	r.Text, r.Blocks, r.Links = "", nil, nil
	return r
}
