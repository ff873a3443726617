package pages

import (
	"strconv"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// ImportForm is the import form's state.
type ImportForm struct {
	Title, Byline, Publication, URL, PublishedAt, Text string
	// Lang and Dir are the article's language tag and direction ("ltr",
	// "rtl" or ""), prefilled from a page and editable.
	Lang, Dir string
	// DateOrder is how PublishedAt reads when written with numbers only.
	DateOrder string
	// HTML is the clipboard's text/html when the editor pasted from a web
	// page, and BaseURL the address it came from when the browser said.
	HTML, BaseURL string
	// Page is the fetched or uploaded page the preview was made from, nil
	// for pasted text or HTML.
	Page *ImportPage
	// Blocks is the preview: the normalized blocks the body splits into.
	// Nil until the editor asks for a preview.
	Blocks []PreviewBlock
	// Keep marks which preview blocks are kept.
	Keep map[int]bool
	// TextHash identifies the body the preview was made from, so that a
	// body changed after the preview is previewed again instead of being
	// saved with the wrong blocks dropped.
	TextHash string
	// BlockHashes identify each previewed block by its text, so that a new
	// preview keeps the editor's choices where blocks moved.
	BlockHashes []string
	// Likely marks the blocks that look like a caption, a byline or a
	// promotion: they start unticked.
	Likely map[int]bool
	// Notice explains why the form came back instead of saving.
	Notice string
	// UploadLimit is the largest .html file accepted, in bytes.
	UploadLimit int64
	Errors      map[string]string
}

// ImportPage is a page stored for the preview, waiting for the save that
// attaches it to the article. Token binds it to this form's user, so that
// a form naming another page cannot attach it.
type ImportPage struct {
	ID     int64
	Token  string
	Origin model.Origin // url or upload
	// URL is where the fetch ended ("" for an upload).
	URL    string
	SHA256 string
	Size   int
}

// PreviewBlock is one block of the preview, with its kind.
type PreviewBlock struct {
	Kind  text.BlockKind
	Level int
	Text  string
	// Caption is set on a figure's caption or credit.
	Caption bool
}

// HasSource reports whether the body comes from a page (pasted from the
// browser, uploaded or fetched) rather than from the text field.
func (f ImportForm) HasSource() bool { return f.HTML != "" || f.Page != nil }

// SourceNote says where the body came from and how many blocks were
// found in it.
func (f ImportForm) SourceNote() string {
	n := blockCount(len(f.Blocks))
	switch {
	case f.Page != nil && f.Page.Origin == model.OriginURL:
		return "Fetched from " + f.Page.URL + " (" + sizeLabel(f.Page.Size) + ", SHA-256 " + shortHash(f.Page.SHA256) + "): " + n + " found. The page is kept with the article."
	case f.Page != nil:
		return "Uploaded page (" + sizeLabel(f.Page.Size) + ", SHA-256 " + shortHash(f.Page.SHA256) + "): " + n + " found. The file is kept with the article."
	default:
		return "Pasted from a web page: " + n + " found."
	}
}

func blockCount(n int) string {
	if n == 1 {
		return "1 block"
	}
	return strconv.Itoa(n) + " blocks"
}

func sizeLabel(n int) string {
	if n < 1024 {
		return strconv.Itoa(n) + " bytes"
	}
	return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KiB"
}

// KindName is the block's kind as a word for a class or a test: the text
// model's kind, or "caption".
func (b PreviewBlock) KindName() string {
	if b.Caption {
		return "caption"
	}
	return string(b.Kind)
}

// KindLabel is what the preview shows of a block's kind; "" for a
// paragraph, the usual case.
func (b PreviewBlock) KindLabel() string {
	switch {
	case b.Caption:
		return "Caption"
	case b.Kind == text.Heading:
		return "Heading " + strconv.Itoa(min(max(b.Level, 1), 6))
	case b.Kind == text.Blockquote:
		return "Quote"
	case b.Kind == text.ListItem:
		return "List item"
	case b.Kind == text.Preformatted:
		return "Preformatted"
	}
	return ""
}
