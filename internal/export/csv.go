package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSV writes d as RFC 4180 CSV with CRLF line endings: a header row, then one
// row per claim in export order. number is the claim's number in the other
// formats; start and end are code-point offsets; times are RFC 3339 UTC.
// Parties are joined as "Name (role); ..." and sources as
// "Title <URL or reference> [relation]; ...".
//
// The file is meant for spreadsheets, and its text comes from articles and
// editors, so a text cell that starts with = + - @, a tab or a carriage
// return is prefixed with a single quote: otherwise Excel and LibreOffice
// would run it as a formula (CSV injection, as OWASP describes it). That
// changes the text of such a cell by one leading character; the JSON export
// is the lossless one. Numbers and times never start with those characters,
// and are written as they are.
func CSV(w io.Writer, d *Document) error {
	header := []string{
		"number", "claim_id", "start", "end", "exact", "statement", "kind", "status", "status_label",
		"note", "assignee", "parties", "sources", "created_at", "created_by", "updated_at", "updated_by",
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	var b strings.Builder
	for i, c := range d.orderedClaims() {
		b.Reset()
		for j, p := range c.Parties {
			if j > 0 {
				b.WriteString("; ")
			}
			b.WriteString(p.Name)
			b.WriteString(" (")
			b.WriteString(string(p.Role))
			b.WriteString(")")
		}
		parties := b.String()

		b.Reset()
		for j, s := range c.Sources {
			if j > 0 {
				b.WriteString("; ")
			}
			where := s.URL
			if where == "" {
				where = s.Reference
			}
			b.WriteString(s.Title)
			if where != "" {
				if s.Title != "" {
					b.WriteByte(' ')
				}
				b.WriteString("<" + where + ">")
			}
			if s.Relation != "" {
				b.WriteString(" [" + string(s.Relation) + "]")
			}
		}
		sources := b.String()

		row = append(row[:0],
			strconv.Itoa(i+1),
			strconv.FormatInt(c.ID, 10),
			strconv.Itoa(c.Start),
			strconv.Itoa(c.End),
			cell(c.Quote.Exact),
			cell(c.Statement),
			cell(string(c.Kind)),
			cell(string(c.Status)),
			cell(c.Status.Label()),
			cell(c.Note),
			cell(c.Assignee),
			cell(parties),
			cell(sources),
			formatTime(c.CreatedAt),
			cell(c.CreatedBy),
			formatTime(c.UpdatedAt),
			cell(c.UpdatedBy),
		)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell defuses a text cell that a spreadsheet would read as a formula; see
// CSV.
func cell(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}
