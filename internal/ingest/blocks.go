package ingest

import (
	"fmt"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Blocks validates an import whose body was extracted from HTML or a
// fetched page rather than pasted as text, and builds the article it
// describes. in.Text is ignored: blocks are the body, already canonical, in
// the numbering the preview showed, and in.Drop leaves blocks out by index
// as for Plain. source names the field the body came from ("html" or
// "url"), which a body with no text, or too much, is reported on.
//
// The other fields are validated as Plain validates them, and the error is
// a *ValidationError in the same way.
func Blocks(in PlainInput, blocks []text.RawBlock, source string) (model.NewArticle, error) {
	fe := model.FieldErrors{}
	a := metadata(fe, in)
	switch size := blocksSize(blocks); {
	case len(blocks) == 0:
		fe.Add(source, "No article text was found in the page.")
	case size > MaxTextBytes:
		fe.Add(source, fmt.Sprintf("The article's text is too long: at most %d MiB.", MaxTextBytes>>20))
	default:
		kept, msg := dropBlocks(blocks, in.Drop)
		if msg != "" {
			fe.Add("drop", msg)
		}
		a.Doc = text.Build(kept)
	}
	if err := validationError(fe, "title", "byline", "publication", "url", "published_at", source, "drop"); err != nil {
		return model.NewArticle{}, err
	}
	return a, nil
}

// blocksSize is the bytes of text in blocks.
func blocksSize(blocks []text.RawBlock) int {
	n := 0
	for _, b := range blocks {
		n += len(b.Text)
	}
	return n
}

// PlainBody builds a new revision's body from pasted text, as Plain builds
// an article's: paragraphs at blank lines, the blocks at the indexes in
// drop left out. Its errors name the field "text" (or "drop").
func PlainBody(s string, drop []int) (text.Document, error) {
	switch blocks := plainBlocks(s); {
	case len(s) > MaxTextBytes:
		return text.Document{}, model.Invalid("text", "The text is too long: at most %d MiB.", MaxTextBytes>>20)
	case !utf8.ValidString(s):
		return text.Document{}, model.Invalid("text", "The text is not valid UTF-8: paste it again from the source.")
	case len(blocks) == 0:
		return text.Document{}, model.Invalid("text", "The text is blank: paste the article's new text.")
	default:
		return body(blocks, drop)
	}
}

// BlocksBody builds a new revision's body from blocks extracted from HTML
// or a fetched page, as Blocks does; source names the field the blocks
// came from.
func BlocksBody(blocks []text.RawBlock, drop []int, source string) (text.Document, error) {
	switch size := blocksSize(blocks); {
	case len(blocks) == 0:
		return text.Document{}, model.Invalid(source, "No article text was found in the page.")
	case size > MaxTextBytes:
		return text.Document{}, model.Invalid(source, "The article's text is too long: at most %d MiB.", MaxTextBytes>>20)
	default:
		return body(blocks, drop)
	}
}

// body leaves out the dropped blocks and builds the document.
func body(blocks []text.RawBlock, drop []int) (text.Document, error) {
	kept, msg := dropBlocks(blocks, drop)
	if msg != "" {
		return text.Document{}, model.Invalid("drop", "%s", msg)
	}
	return text.Build(kept), nil
}
