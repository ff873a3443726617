package db

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// The queries of the pages a large newsroom opens all day read an index,
// never a whole table of a million rows: SQLite's plan for each names the
// index, and no step scans the table.
func TestNewsroomQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "factmark.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, tt := range []struct {
		name, query string
		args        []any
		index       string
	}{
		{"My work's claims", workClaimsQuery, []any{"rita"}, "COVERING INDEX claims_assignee_work"},
		{"My work's articles", workArticlesQuery, []any{"rita", "[1, 2]"}, "articles_assignee"},
		{"overdue claims", `SELECT count(*) FROM claims WHERE due <> '' AND due < ?`, []any{"2026-11-27"}, "claims_due"},
		{"checks awaiting a decision", `SELECT count(*) FROM claim_checks WHERE state = 'requested'`, nil, "claim_checks_state"},
	} {
		rows, err := d.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+tt.query, tt.args...)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "\n")
		if !strings.Contains(all, tt.index) {
			t.Errorf("%s: plan does not use %s:\n%s", tt.name, tt.index, all)
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN claims") || strings.HasPrefix(step, "SCAN articles") || strings.HasPrefix(step, "SCAN c ") || step == "SCAN c" {
				t.Errorf("%s: plan scans a table: %q", tt.name, step)
			}
		}
	}
}
