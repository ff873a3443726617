package ingest

import (
	"fmt"

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
