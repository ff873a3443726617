package export

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The internal edition starts with its notice, a row of its own.
	if len(rows) > 0 && rows[0][0] == InternalNotice {
		return rows[1:]
	}
	return rows
}

func TestCSVSample(t *testing.T) {
	d := sampleDoc()
	out := encode(t, mustLookup(t, "csv"), d)
	// CRLF everywhere, newlines inside quoted fields included.
	if n, crlf := bytes.Count(out, []byte("\n")), bytes.Count(out, []byte("\r\n")); n != crlf {
		t.Errorf("%d line feeds, %d of them after a carriage return", n, crlf)
	}
	rows := readCSV(t, out)
	header := []string{"number", "claim_id", "start", "end", "exact", "statement", "kind", "status", "status_label",
		"note", "assignee", "parties", "sources", "created_at", "created_by", "updated_at", "updated_by",
		"verdict_comment", "source_excerpts",
		"publication_state", "published_verdict", "public_rationale", "first_published_at", "published_at",
		"withdrawn_at", "withdrawal_reason", "source_notes", "source_snapshots"}
	if !reflect.DeepEqual(rows[0], header) {
		t.Fatalf("header = %q", rows[0])
	}
	if len(rows) != 1+len(d.Claims) {
		t.Fatalf("%d rows, want header and %d claims", len(rows), len(d.Claims))
	}
	col := func(row []string, name string) string {
		for i, h := range header {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	for i, c := range d.Claims {
		row := rows[i+1]
		want := map[string]string{
			"number": strconv.Itoa(c.Number), "claim_id": strconv.FormatInt(c.ID, 10),
			"start": strconv.Itoa(c.Start), "end": strconv.Itoa(c.End), "exact": c.Quote.Exact,
			"statement": c.Statement, "kind": string(c.Kind), "status": string(c.Status), "status_label": c.Status.Label(),
			"assignee": c.Assignee, "created_by": c.CreatedBy, "updated_by": c.UpdatedBy,
			"created_at": c.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), "updated_at": c.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"),
		}
		for k, v := range want {
			if got := col(row, k); got != v {
				t.Errorf("claim %d %s = %q, want %q", c.ID, k, got, v)
			}
		}
	}
	// The internal edition is complete: source notes and withdrawals too.
	if got, want := col(rows[1], "source_notes"), `Press release: "Invitations" & next steps: The <b>list</b> is in the annex, page 2.`; got != want {
		t.Errorf("claim 1 source_notes = %q, want %q", got, want)
	}
	// The snapshot of the archived source, with the excerpt's check.
	if got, want := col(rows[1], "source_snapshots"), `Press release: "Invitations" & next steps: snapshot SHA-256 `+
		"9f2c4e1ab07d3c58e6f1a2b4c9d0e7f8a1b2c3d4e5f60718293a4b5c6d7e8f90, fetched 2026-03-14T09:01:30Z; excerpt found"; got != want {
		t.Errorf("claim 1 source_snapshots = %q, want %q", got, want)
	}
	withdrawn := sampleDoc()
	at := withdrawn.Claims[0].Publication.PublishedAt.Add(time.Hour)
	withdrawn.Claims[0].Publication.State, withdrawn.Claims[0].Publication.WithdrawnAt, withdrawn.Claims[0].Publication.Reason = model.Withdrawn, &at, "The list was re-issued."
	wrows := readCSV(t, encode(t, mustLookup(t, "csv"), withdrawn))
	if got := col(wrows[1], "withdrawal_reason"); got != "The list was re-issued." {
		t.Errorf("withdrawal_reason = %q", got)
	}
	if got, want := col(wrows[1], "withdrawn_at"), at.UTC().Format(time.RFC3339); got != want {
		t.Errorf("withdrawn_at = %q, want %q", got, want)
	}
	if got := col(rows[2], "exact"); got != "talks in Lakeshore on 21 April. 🤝" {
		t.Errorf("claim 2 exact = %q", got)
	}
	if got := col(rows[1], "parties"); got != "Harbor League (invited); Coastal Union (invited); the mayor of Ostrava Bay (invited); Veloria Foreign Ministry (organizer)" {
		t.Errorf("claim 1 parties = %q", got)
	}
	if got := col(rows[1], "sources"); got != `Press release: "Invitations" & next steps <https://ministry.example/press?id=42&lang=en&q="talks"(list)> [supports]; `+
		"Interview with the ministry spokeswoman <Phone interview with Надия Рахимова, 13 March 2026, 10:40> [context]" {
		t.Errorf("claim 1 sources = %q", got)
	}
	// The reasons given with the verdicts; claim 2 has none.
	for i, want := range []string{"Matches the council minutes.", "", "Spoke to both sides; see note."} {
		if got := col(rows[i+1], "verdict_comment"); got != want {
			t.Errorf("claim %d verdict_comment = %q, want %q", i+1, got, want)
		}
	}
	// One line per source excerpt, after the source's title and relation;
	// an excerpt in quotation marks is not quoted twice, and one with a
	// line break is put on one line.
	for i, want := range []string{
		`Press release: "Invitations" & next steps [supports]: “Invitations were sent to the Harbor League, the Coastal Union & the mayor of Ostrava Bay.”` +
			"\nInterview with the ministry spokeswoman [context]: “Three invitations went out on Wednesday night.”",
		"",
		"Interview with the ministry spokeswoman [contradicts]: “Nobody has been excluded; some invitations are simply not sent yet. The Guild can still come.”",
	} {
		if got := col(rows[i+1], "source_excerpts"); got != want {
			t.Errorf("claim %d source_excerpts = %q, want %q", i+1, got, want)
		}
	}
	// The note that starts with "=" cannot run as a formula; its line break
	// and quotes survive.
	if got := col(rows[3], "note"); got != "'"+d.Claims[2].Note || !strings.Contains(got, "\n") {
		t.Errorf("claim 3 note = %q", got)
	}
	if got := col(rows[1], "note"); got != d.Claims[0].Note {
		t.Errorf("claim 1 note = %q", got)
	}
}

func TestCSVFormulaCells(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+44 20": "'+44 20", "-3 parties": "'-3 parties", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b", "": "", "'quoted": "'quoted", "3-2": "3-2",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVLarge(t *testing.T) {
	d := largeDoc(3000, 150)
	rows := readCSV(t, encode(t, mustLookup(t, "csv"), d))
	if len(rows) != 151 {
		t.Fatalf("%d rows, want 151", len(rows))
	}
	for i, c := range d.orderedClaims() {
		if got, want := rows[i+1][4], cell(c.Quote.Exact); got != want {
			t.Errorf("row %d quote = %q, want claim %d's %q", i+1, got, c.ID, want)
		}
		if got, want := rows[i+1][0], strconv.Itoa(i+1); got != want {
			t.Errorf("row %d number = %q, want %q (claim %d)", i+1, got, want, c.ID)
		}
	}
}

// The new cells are defused like the others, and an excerpt's source is
// named by its title, else its URL or reference.
func TestCSVVerdictAndExcerpts(t *testing.T) {
	d := sampleDoc()
	c := &d.Claims[2]
	d.History[c.ID] = append(d.History[c.ID], model.Event{Field: "status", From: "misleading", To: "misleading",
		Comment: `=HYPERLINK("https://evil.example","why")`})
	c.Sources = []model.ClaimSource{
		{Source: model.Source{Title: "-1 for the council"}, Excerpt: "\tIt said\r\nno.", Relation: model.RelationContradicts},
		{Source: model.Source{URL: "https://x.example/a"}, Excerpt: "«Non.»"},
		{Source: model.Source{Reference: "Notebook, p. 3"}, Excerpt: "", Relation: model.RelationContext},
		{Source: model.Source{}, Excerpt: "\"Bare.\"", Relation: model.RelationSupports},
		{Source: model.Source{}, Excerpt: "Anonymous"},
	}
	rows := readCSV(t, encode(t, mustLookup(t, "csv"), d))
	row := rows[3]
	if got, want := row[17], `'=HYPERLINK("https://evil.example","why")`; got != want {
		t.Errorf("verdict_comment = %q, want %q", got, want)
	}
	want := "'-1 for the council [contradicts]: “It said no.”\n" +
		"https://x.example/a: «Non.»\n" +
		"[supports]: \"Bare.\"\n" +
		"“Anonymous”"
	if got := row[18]; got != want {
		t.Errorf("source_excerpts = %q, want %q", got, want)
	}
	// A confirmation with a comment gives the reason; a verdict changed and
	// set back without one gives none.
	d.History[c.ID] = append(d.History[c.ID],
		model.Event{Field: "status", From: "misleading", To: "false", Comment: "Worse than that."},
		model.Event{Field: "status", From: "false", To: "misleading"})
	if got := readCSV(t, encode(t, mustLookup(t, "csv"), d))[3][17]; got != "" {
		t.Errorf("verdict_comment after a change back without comment = %q, want none", got)
	}
}
