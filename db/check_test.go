package db_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factmark/factmark/db"
)

// A row that breaks a CHECK constraint (written here with the constraints
// switched off, as a damaged page or a bad restore can leave one) fails
// Check, and a backup of it is refused: SQLite skips CHECK constraints in
// integrity_check on read-only connections, and `factmark check` used to
// say "ok" on a file the server then refused to start on.
func TestCheckFindsCheckConstraintViolations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "factmark.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	for _, q := range []string{
		`PRAGMA ignore_check_constraints = 1`,
		`INSERT INTO users (name, display_name, role, password_hash, created_at) VALUES ('x', '', 'emperor', 'h', '2026-01-01T00:00:00Z')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	ro, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	problems, err := ro.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), "CHECK constraint failed") {
		t.Errorf("Check = %q, want a CHECK constraint failure", problems)
	}
	if _, err := ro.Backup(ctx, filepath.Join(t.TempDir(), "copy.db"), false); err == nil {
		t.Error("Backup of a database breaking a CHECK constraint succeeded, want it refused")
	}
}
