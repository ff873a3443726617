package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
)

// CSV writes d as RFC 4180 CSV with CRLF line endings. The public edition
// (the default) is written by publicCSV. The internal edition starts with a
// row saying "Internal — not for publication" (as wide as the others), then
// a header row, then one row per claim in export order. Its columns, in
// order:
//
//	number           the claim's number within its article (model.Claim.Number),
//	                 its label in the workspace and every other format
//	claim_id
//	start, end       code-point offsets
//	exact            the claim's quoted words
//	statement
//	kind             the kind's name (participation, quote, ...)
//	status           the status's name (misleading, ...)
//	status_label     the status in words (Misleading, ...)
//	note
//	assignee
//	parties          "Name (role); ..."
//	sources          "Title <URL or reference> [relation]; ..."
//	created_at, created_by, updated_at, updated_by
//	verdict_comment  the reason given with the current verdict (the comment
//	                 of the claim's VerdictEvent); empty for open claims
//	source_excerpts  one line per source with an excerpt, in the order of
//	                 sources: "Title [relation]: “excerpt”", with the URL or
//	                 reference for a source without a title, and the
//	                 excerpt's white space and line breaks folded to spaces
//	publication_state   unpublished, published or withdrawn
//	published_verdict   the verdict readers see (or last saw), or empty
//	public_rationale    its rationale
//	first_published_at, published_at
//	withdrawn_at, withdrawal_reason  when and why the review was withdrawn
//	source_notes     one line per source with a note: "Title: note"
//	source_snapshots one line per archived source: "Title: snapshot
//	                 SHA-256 HEX, fetched TIME; excerpt found" (or "not
//	                 found"; nothing when the attachment has no excerpt)
//
// Columns are only ever added at the end, so that consumers that read
// columns by position keep working. Times are RFC 3339 UTC.
//
// The excerpts have a column of their own rather than a place in the
// sources cell, which stays short enough to scan and as it was; one line
// per source keeps each excerpt next to the title it belongs to when the
// spreadsheet wraps the cell. An excerpt already in quotation marks is not
// quoted twice.
//
// The file is meant for spreadsheets, and its text comes from articles and
// editors, so a text cell that starts with = + - @, a tab or a carriage
// return is prefixed with a single quote: otherwise Excel and LibreOffice
// would run it as a formula (CSV injection, as OWASP describes it). That
// changes the text of such a cell by one leading character; the JSON export
// is the lossless one. Numbers and times never start with those characters,
// and are written as they are.
func CSV(w io.Writer, d *Document) error {
	if !d.internal() {
		return publicCSV(w, d)
	}
	header := []string{
		"number", "claim_id", "start", "end", "exact", "statement", "kind", "status", "status_label",
		"note", "assignee", "parties", "sources", "created_at", "created_by", "updated_at", "updated_by",
		"verdict_comment", "source_excerpts",
		"publication_state", "published_verdict", "public_rationale", "first_published_at", "published_at",
		"withdrawn_at", "withdrawal_reason", "source_notes", "source_snapshots",
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	// The notice is a row of its own, as wide as the others so that CSV
	// readers that want a constant width take it.
	notice := make([]string, len(header))
	notice[0] = InternalNotice
	if err := cw.Write(notice); err != nil {
		return err
	}
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

		sources := sourcesCell(c.Sources)

		excerpts := sourceLines(c.Sources, func(s *model.ClaimSource, label string) string {
			excerpt := flatten(s.Excerpt)
			if excerpt == "" {
				return ""
			}
			var b strings.Builder
			b.WriteString(label)
			if s.Relation != "" {
				if label != "" {
					b.WriteByte(' ')
				}
				b.WriteString("[" + string(s.Relation) + "]")
			}
			if label != "" || s.Relation != "" {
				b.WriteString(": ")
			}
			if quoted(excerpt) {
				b.WriteString(excerpt)
			} else {
				b.WriteString("“" + excerpt + "”")
			}
			return b.String()
		})
		notes := sourceLines(c.Sources, func(s *model.ClaimSource, label string) string {
			if note := flatten(s.Note); note != "" {
				return label + ": " + note
			}
			return ""
		})

		row = append(row[:0],
			strconv.Itoa(claimNumber(&c, i)),
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
			cell(verdictReason(d, &c)),
			cell(excerpts),
			string(publicationState(&c)),
			string(c.Publication.Verdict),
			cell(c.Publication.Rationale),
			formatTimePtr(c.Publication.FirstPublishedAt),
			formatTimePtr(c.Publication.PublishedAt),
			formatTimePtr(c.Publication.WithdrawnAt),
			cell(c.Publication.Reason),
			cell(notes),
			cell(snapshotsCell(c.Sources, true)),
		)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sourcesCell is the sources column: "Title <URL or reference>
// [relation]; ...".
func sourcesCell(sources []model.ClaimSource) string {
	var b strings.Builder
	for j, s := range sources {
		if j > 0 {
			b.WriteString("; ")
		}
		where := sourceWhere(&s)
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
	return b.String()
}

// snapshotsCell is the source_snapshots column: one line per archived
// source, "Title: snapshot SHA-256 HEX, fetched TIME", with whether the
// excerpt is in it when internal.
func snapshotsCell(sources []model.ClaimSource, internal bool) string {
	return sourceLines(sources, func(s *model.ClaimSource, label string) string {
		if line := snapshotLine(s, internal); line != "" {
			return label + ": " + line
		}
		return ""
	})
}

// sourceLines is one line per source for which line gives one (a line of
// "" leaves the source out), in the order of sources. label names the
// source: its title, else where it can be found.
func sourceLines(sources []model.ClaimSource, line func(s *model.ClaimSource, label string) string) string {
	var lines []string
	for i := range sources {
		s := &sources[i]
		label := flatten(s.Title)
		if label == "" {
			label = flatten(sourceWhere(s))
		}
		if l := line(s, label); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// sourceWhere is where a source can be found: its URL, else its reference.
func sourceWhere(s *model.ClaimSource) string {
	if s.URL != "" {
		return s.URL
	}
	return s.Reference
}

// quoted reports whether s is already wrapped in a pair of quotation
// marks, as an excerpt that is a quote often is: “…”, "…", «…» or „…“.
func quoted(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if utf8.RuneCountInString(s) < 2 {
		return false
	}
	switch first {
	case '“':
		return last == '”'
	case '"':
		return last == '"'
	case '«':
		return last == '»'
	case '„':
		return last == '“' || last == '”'
	}
	return false
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

// publicationState is c's publication state, unpublished when unset.
func publicationState(c *model.Claim) model.PublicationState {
	if c.Publication.State == "" {
		return model.Unpublished
	}
	return c.Publication.State
}

// publicCSV writes the public edition: one row per claim with its words,
// its statement and what readers are told of it. The columns, in order:
//
//	number, claim_id, start, end, exact, statement, kind
//	review              published, withdrawn or unpublished
//	verdict             the published verdict's name, or empty
//	verdict_label       the published verdict in words, "Not yet reviewed"
//	                    or "Review withdrawn"
//	rationale           the published rationale, or the withdrawal's reason
//	first_published_at  when the review was first published
//	published_at        when it was last published (a later date is an
//	                    update, with the earlier verdict in updates)
//	withdrawn_at
//	updates             "date: earlier verdict X" per re-publication
//	review_url          the review's public page
//	sources             the published review's sources, as the internal
//	                    edition's sources column writes them
//	source_snapshots    one line per archived source: "Title: snapshot
//	                    SHA-256 HEX, fetched TIME"
//
// Nothing internal is in it: no note, status comment, assignee, working
// status, history or user name.
func publicCSV(w io.Writer, d *Document) error {
	header := []string{"number", "claim_id", "start", "end", "exact", "statement", "kind", "review", "verdict", "verdict_label",
		"rationale", "first_published_at", "published_at", "withdrawn_at", "updates", "review_url", "sources", "source_snapshots"}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	for i, c := range d.orderedClaims() {
		_, label, text := publicReview(&c)
		p := c.Publication
		var verdict, url, updates string
		sources := publishedSources(&c)
		if p.IsPublished() {
			verdict = string(p.Verdict)
			url = ReviewURL(d.Site, c.ID)
			var b strings.Builder
			for _, e := range p.Corrections() {
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(formatTime(e.At) + ": earlier verdict " + e.Earlier.Verdict.Label())
			}
			updates = b.String()
		}
		row = append(row[:0],
			strconv.Itoa(claimNumber(&c, i)),
			strconv.FormatInt(c.ID, 10),
			strconv.Itoa(c.Start),
			strconv.Itoa(c.End),
			cell(c.Quote.Exact),
			cell(c.Statement),
			cell(string(c.Kind)),
			string(publicationState(&c)),
			verdict,
			label,
			cell(text),
			formatTimePtr(p.FirstPublishedAt),
			formatTimePtr(p.PublishedAt),
			formatTimePtr(p.WithdrawnAt),
			updates,
			cell(url),
			cell(sourcesCell(sources)),
			cell(snapshotsCell(sources, false)),
		)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
