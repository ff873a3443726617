package export

import (
	"errors"
	"io"
)

// W3C writes the article's claims as a W3C Web Annotation
// AnnotationCollection. (Being written.)
func W3C(w io.Writer, d *Document) error { return errors.New("w3c export: not implemented yet") }
