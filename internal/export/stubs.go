package export

import (
	"errors"
	"io"
)

// HTML, Markdown and CSV are being written; see the helper's brief.
func HTML(w io.Writer, d *Document) error     { return errors.New("not implemented") }
func Markdown(w io.Writer, d *Document) error { return errors.New("not implemented") }
func CSV(w io.Writer, d *Document) error      { return errors.New("not implemented") }
