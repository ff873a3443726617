// Package ingest turns what an editor brings in (pasted plain text, a
// factmark JSON export) into validated model values. It is pure: it reads
// no database and makes no request, so the browser form, the JSON API and
// the tests all go through the same rules.
package ingest

import (
	"fmt"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// MaxTextBytes is the largest article body accepted, in bytes of UTF-8. Two
// MiB is several times the longest news feature, and keeps one import from
// filling the database or the workspace page.
const MaxTextBytes = 2 << 20

// PlainInput is the form that imports an article from pasted plain text.
type PlainInput struct {
	Title       string
	Byline      string
	Publication string
	URL         string
	PublishedAt string // YYYY-MM-DD or RFC 3339, or ""
	Text        string
	// Drop lists blocks to leave out (a photo caption, the site's
	// boilerplate), by 0-based index in the numbering of PreviewBlocks.
	Drop []int
}

// ValidationError reports every problem with a form at once. The browser
// form shows each message in Fields beside its input. The JSON API answers
// with one error, First: the problem with the earliest field in form order.
// Unwrap returns First, so model.ErrorCode, model.ErrorMessage and
// errors.As(err, new(*model.Error)) treat a ValidationError as that
// EINVALID *model.Error and the error handler needs no special case.
type ValidationError struct {
	// Fields maps each field at fault to a message for the user.
	Fields model.FieldErrors
	// First is the problem with the earliest field in form order.
	First *model.Error
}

// Error implements error.
func (e *ValidationError) Error() string { return e.First.Error() }

// Unwrap returns First.
func (e *ValidationError) Unwrap() error { return e.First }

// validationError returns a *ValidationError for fe, or nil when fe holds
// no problem. order lists the fields as the form shows them.
func validationError(fe model.FieldErrors, order ...string) error {
	err := fe.Err(order...)
	if err == nil {
		return nil
	}
	return &ValidationError{Fields: fe, First: err.(*model.Error)}
}

// PreviewBlocks returns the canonical text of each block that Plain would
// make of textInput, before any is dropped: the i-th string is the block
// that index i in PlainInput.Drop leaves out, so the UI can show each with a
// checkbox. A body that is blank, too long or not UTF-8 has no blocks.
func PreviewBlocks(textInput string) []string {
	blocks := plainBlocks(textInput)
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = b.Text
	}
	return out
}

// plainBlocks splits pasted text into blocks and normalizes each, dropping
// those that normalize to nothing. It numbers blocks exactly as text.Build
// will, because Build also drops only empty blocks: both PreviewBlocks and
// Plain use it, so the indexes a user ticks are the blocks Plain removes.
func plainBlocks(s string) []text.RawBlock {
	if len(s) > MaxTextBytes || !utf8.ValidString(s) {
		return nil
	}
	raw := text.SplitPlain(s)
	out := raw[:0]
	for _, b := range raw {
		b.Text = text.NormalizeBlock(b.Text)
		if b.Text != "" {
			out = append(out, b)
		}
	}
	return out
}

// Plain validates a plain-text import and builds the article it describes.
//
// Title, byline and publication are normalized as block text is (NFC, runs
// of white space folded to one space, trimmed); the title is required. URL
// must be empty or http/https, PublishedAt empty, YYYY-MM-DD or RFC 3339
// (stored in UTC). Text is split into paragraphs at blank lines, and the
// blocks whose indexes are in Drop (see PreviewBlocks) are left out; at least
// one block must be left.
//
// When anything is wrong, the error is a *ValidationError holding every
// field's problem under the keys "title", "byline", "publication", "url",
// "published_at", "text" and "drop"; First is the earliest in that order,
// the order of the form.
func Plain(in PlainInput) (model.NewArticle, error) {
	fe := model.FieldErrors{}
	a := metadata(fe, in)
	switch blocks := plainBlocks(in.Text); {
	case len(in.Text) > MaxTextBytes:
		fe.Add("text", fmt.Sprintf("The text is too long: at most %d MiB.", MaxTextBytes>>20))
	case !utf8.ValidString(in.Text):
		fe.Add("text", "The text is not valid UTF-8: paste it again from the source.")
	case len(blocks) == 0:
		fe.Add("text", "The text is required.")
	default:
		kept, msg := dropBlocks(blocks, in.Drop)
		if msg != "" {
			fe.Add("drop", msg)
		}
		a.Doc = text.Build(kept)
	}

	if err := validationError(fe, "title", "byline", "publication", "url", "published_at", "text", "drop"); err != nil {
		return model.NewArticle{}, err
	}
	return a, nil
}

// metadata validates the fields of in other than the body into fe and
// returns the article they describe, without its document.
func metadata(fe model.FieldErrors, in PlainInput) model.NewArticle {
	a := model.NewArticle{
		Title:       shortField(fe, "title", "The title", in.Title, model.MaxTitleLen),
		Byline:      shortField(fe, "byline", "The byline", in.Byline, model.MaxShortLen),
		Publication: shortField(fe, "publication", "The publication", in.Publication, model.MaxShortLen),
	}
	if a.Title == "" {
		fe.Add("title", "The title is required.")
	}
	if u, ok := model.NormalizeURL(in.URL); ok {
		a.URL = u
	} else {
		fe.Add("url", "The URL must be a full http:// or https:// address.")
	}
	if d, ok := model.NormalizeDate(in.PublishedAt); ok {
		a.PublishedAt = d
	} else {
		fe.Add("published_at", "The published date must look like 2026-01-31, or 2026-01-31T09:30:00Z with a time.")
	}
	return a
}

// dropBlocks returns blocks without those at the indexes in drop, or a
// message for the user when an index does not exist (the text changed after
// the preview) or nothing would be left.
func dropBlocks(blocks []text.RawBlock, drop []int) ([]text.RawBlock, string) {
	if len(drop) == 0 {
		return blocks, ""
	}
	dropped := make([]bool, len(blocks))
	for _, i := range drop {
		if i < 0 || i >= len(blocks) {
			return nil, fmt.Sprintf("There is no block %d to leave out: the text has %d blocks, numbered from 0. Preview the text again.", i, len(blocks))
		}
		dropped[i] = true
	}
	kept := make([]text.RawBlock, 0, len(blocks))
	for i, b := range blocks {
		if !dropped[i] {
			kept = append(kept, b)
		}
	}
	if len(kept) == 0 {
		return nil, "Every block was dropped: keep at least one."
	}
	return kept, ""
}

// shortField normalizes a one-line field as block text is normalized and
// records a problem when it is not UTF-8 or longer than max code points.
func shortField(fe model.FieldErrors, field, label, s string, max int) string {
	if !utf8.ValidString(s) {
		fe.Add(field, label+" is not valid UTF-8.")
		return ""
	}
	s = text.NormalizeBlock(s)
	fe.CheckLen(field, label, s, max)
	return s
}
