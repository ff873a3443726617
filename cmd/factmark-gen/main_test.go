package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/factmark/factmark/db"
)

// A generated database has the desk's data My work, the dashboard, the
// check queue, notifications and search need, and the store opens it and
// answers from it: checker01's work, the dashboard's counts of the rows.
func TestGenerateWritesTheDesk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gen.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"--articles", "300", "--claims", "3000", "--words", "200", "--db", path}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, tt := range []struct {
		name, query string
		want        int
	}{
		{"checkers", `SELECT count(*) FROM users WHERE name LIKE 'checker%'`, deskUsers},
		{"saved searches", `SELECT count(*) FROM saved_searches`, 3 * deskUsers},
		{"articles on the desk", `SELECT count(*) FROM articles WHERE state <> 'published'`, 30},
		{"assigned claims", `SELECT count(*) FROM claims WHERE assignee <> ''`, 300 / 10 * 10 / 5},
		{"assignment events", `SELECT count(*) FROM claim_events WHERE field = 'assignee'`, 300 / 10 * 10 / 5},
		{"notifications", `SELECT count(*) FROM notifications`, 300 / 10 * 10 / 5},
		{"comments", `SELECT count(*) FROM comments`, 3000/10 + 3000/30},
		// Statistics for the planner, but no samples: see generateDesk.
		{"tables analysed", `SELECT count(*) > 0 FROM sqlite_stat1`, 1},
		{"samples", `SELECT count(*) FROM sqlite_stat4`, 0},
	} {
		var got int
		if err := raw.QueryRow(tt.query).Scan(&got); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	var found int
	if err := raw.QueryRow(`SELECT count(*) FROM search_claim_texts WHERE search_claim_texts MATCH 'ministry'`).Scan(&found); err != nil {
		t.Fatal(err)
	}
	if found == 0 {
		t.Errorf("no comment found by search")
	}

	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	w, err := store.Work(ctx, "checker01")
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Articles) == 0 {
		t.Errorf("checker01 has no work")
	}
	d, err := store.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range d.ByStatus {
		total += c.N
	}
	if total != 3000 {
		t.Errorf("dashboard counts %d claims by status, want 3000", total)
	}
	if d.AwaitingCheck == 0 {
		t.Errorf("no claim awaits a second check")
	}
}
