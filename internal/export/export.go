// Package export writes an annotated article in each of factmark's export
// formats. Every encoder writes to an io.Writer, in a deterministic order
// (claims by position, then id), so that the same article always gives the
// same bytes and golden files can pin each format.
package export

import (
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// Document is everything an export holds: the article, its claims with their
// parties and sources, and each claim's history.
type Document struct {
	Article model.Article
	Claims  []model.Claim
	// History holds each claim's events, oldest first, by claim id.
	History map[int64][]model.Event
	// ExportedAt is when the export was made.
	ExportedAt time.Time
}

// SortClaims orders d.Claims by position, then id: the order every format
// uses.
func (d *Document) SortClaims() {
	sort.SliceStable(d.Claims, func(i, j int) bool {
		a, b := d.Claims[i], d.Claims[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.ID < b.ID
	})
}

// Format describes one export format.
type Format struct {
	Name        string // the ?format= value
	ContentType string
	Extension   string
	Encode      func(w io.Writer, d *Document) error
}

// Formats lists the export formats in the order the UI offers them.
var Formats = []Format{
	{Name: "html", ContentType: "text/html; charset=utf-8", Extension: "html", Encode: HTML},
	{Name: "markdown", ContentType: "text/markdown; charset=utf-8", Extension: "md", Encode: Markdown},
	{Name: "json", ContentType: "application/json", Extension: "json", Encode: JSON},
	{Name: "csv", ContentType: "text/csv; charset=utf-8", Extension: "csv", Encode: CSV},
}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, model.Invalid("format", "unknown export format %q: use html, markdown, json or csv", name)
}

// Filename returns a safe attachment name for the article in format f:
// the title reduced to lowercase ASCII letters, digits and hyphens.
func Filename(a model.Article, f Format) string {
	var b []byte
	hyphen := false
	for _, r := range a.Title {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
			hyphen = false
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
			hyphen = false
		default:
			if len(b) > 0 && !hyphen {
				b = append(b, '-')
				hyphen = true
			}
		}
		if len(b) >= 80 {
			break
		}
	}
	for len(b) > 0 && b[len(b)-1] == '-' {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		b = fmt.Appendf(b, "article-%d", a.ID)
	}
	return string(b) + "." + f.Extension
}
