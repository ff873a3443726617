package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

// JSON writes d as one indented JSON document, claims in export order
// (see SortClaims) like every other format. The bytes are those of a
// json.Encoder with SetIndent("", "  "); see indentJSON for why it is not
// used. It streams: the claims are encoded one at a time, each written
// before the next is encoded, so that an article of thousands of claims is
// never held in memory as one document (see streamArray).
func JSON(w io.Writer, d *Document) error {
	doc := jsonHead(d)
	head, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	claims := d.orderedClaims()
	enc := newItemEncoder(true)
	return streamArray(w, head, `"claims":[]`, len(claims), func(i int) ([]byte, error) {
		return enc.encode(jsonClaim(d, claims[i]))
	})
}

// itemEncoder encodes the items of a streamed array one after the other
// into one buffer, which each encoding reuses.
type itemEncoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

// newItemEncoder returns an encoder escaping <, > and & as json.Marshal
// does, or leaving them as they are.
func newItemEncoder(escapeHTML bool) *itemEncoder {
	e := &itemEncoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(escapeHTML)
	return e
}

// encode returns v's compact JSON, valid until the next call.
func (e *itemEncoder) encode(v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")), nil
}

// jsonDocument lays d out for the JSON export, all of it at once (the
// export streams it instead, see JSON). Empty lists are written as [],
// never null, so that importers need not tell the two apart.
func jsonDocument(d *Document) wire.JSONDocument {
	doc := jsonHead(d)
	for _, c := range d.orderedClaims() {
		doc.Claims = append(doc.Claims, jsonClaim(d, c))
	}
	return doc
}

// jsonHead is the JSON export without its claims (an empty list).
func jsonHead(d *Document) wire.JSONDocument {
	doc := wire.JSONDocument{
		Format:     wire.JSONFormatID,
		Edition:    wire.EditionComplete,
		ExportedAt: d.ExportedAt.UTC(),
		Article:    d.Article,
		Claims:     []wire.JSONClaim{},
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
	return doc
}

// jsonClaim is claim c as the JSON export writes it, with its history.
func jsonClaim(d *Document, c model.Claim) wire.JSONClaim {
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
	return wire.JSONClaim{Claim: c, History: h}
}

// indentJSON writes src, compact JSON as json.Marshal makes it, to w with
// two spaces per level and a final newline, byte for byte as json.Indent
// would. json.Indent runs the JSON scanner's state machine on every byte,
// which made indenting a long article's export cost twice as much as
// marshalling it; src is known to be valid, so this skips over each string
// in one search and only looks at the punctuation between them.
func indentJSON(w io.Writer, src []byte) error {
	ind := newIndenter(w)
	if err := ind.write(src); err != nil {
		return err
	}
	return ind.close()
}

// streamArray writes, indented as indentJSON would, the compact JSON head
// with the empty array marker (such as `"claims":[]`, which must occur in
// head exactly once) holding n items instead, item(i) giving the compact
// encoding of each. Each item is indented and written before the next is
// encoded, so that only one item's encoding is held at a time; the bytes
// are those of the whole document encoded at once.
//
// A marker cannot occur inside a JSON string, whose quotes are escaped, so
// only a key of that name matches; a head where it is not exactly once is
// an error.
func streamArray(w io.Writer, head []byte, marker string, n int, item func(i int) ([]byte, error)) error {
	if bytes.Count(head, []byte(marker)) != 1 {
		return fmt.Errorf("export: %s is not once in the document", marker)
	}
	ind := newIndenter(w)
	if n == 0 {
		if err := ind.write(head); err != nil {
			return err
		}
		return ind.close()
	}
	at := bytes.Index(head, []byte(marker)) + len(marker) - 1 // at the array's ]
	if err := ind.write(head[:at]); err != nil {
		return err
	}
	for i := range n {
		if i > 0 {
			if err := ind.write([]byte{','}); err != nil {
				return err
			}
		}
		b, err := item(i)
		if err != nil {
			return err
		}
		if err := ind.write(b); err != nil {
			return err
		}
	}
	if err := ind.write(head[at:]); err != nil {
		return err
	}
	return ind.close()
}

// indenter indents compact JSON given in pieces, each holding whole tokens
// (a string is never cut between two pieces), writing to w every flushAt
// bytes.
type indenter struct {
	w     io.Writer
	dst   []byte
	depth int
	open  bool // after { or [, before knowing whether it is empty
}

const flushAt = 32 << 10

func newIndenter(w io.Writer) *indenter {
	return &indenter{w: w, dst: make([]byte, 0, flushAt+4<<10)}
}

// write indents src, the next piece of the document.
func (ind *indenter) write(src []byte) error {
	dst := ind.dst
	for i := 0; i < len(src); i++ {
		c := src[i]
		if ind.open && c != '}' && c != ']' {
			ind.open = false
			ind.depth++
			dst = appendNewline(dst, ind.depth)
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
			ind.open = true
			dst = append(dst, c)
		case ',':
			dst = appendNewline(append(dst, c), ind.depth)
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if ind.open {
				ind.open = false // {} and [] stay on one line
			} else {
				ind.depth--
				dst = appendNewline(dst, ind.depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
		if len(dst) >= flushAt {
			if _, err := ind.w.Write(dst); err != nil {
				return err
			}
			dst = dst[:0]
		}
	}
	ind.dst = dst
	return nil
}

// close ends the document with a newline and writes what is left.
func (ind *indenter) close() error {
	_, err := ind.w.Write(append(ind.dst, '\n'))
	ind.dst = ind.dst[:0]
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
