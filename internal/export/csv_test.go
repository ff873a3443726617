package export

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
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
		"note", "assignee", "parties", "sources", "created_at", "created_by", "updated_at", "updated_by"}
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
			"number": strconv.Itoa(i + 1), "claim_id": strconv.FormatInt(c.ID, 10),
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
		if rows[i+1][4] != cell(c.Quote.Exact) || rows[i+1][0] != strconv.Itoa(i+1) {
			t.Errorf("row %d = %q, want claim %d", i+1, rows[i+1][:5], c.ID)
		}
	}
}
