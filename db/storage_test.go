package db_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/model"
)

// filledDB creates a database file with an article and n claims, each with
// a long note, so that it spans many pages, and closes it.
func filledDB(t *testing.T, n int) string {
	t.Helper()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", sampleText)
	s, e := span(t, a.Text, "Tickets will cost €4")
	for i := range n {
		_, err := d.CreateClaim(context.Background(), a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber,
			Statement: fmt.Sprintf("Claim %d.", i), Note: strings.Repeat(fmt.Sprintf("note %d ", i), 60)}, "ed")
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	return d.path
}

// damage writes garbage over the header of the claims table's root page,
// as a torn write or a failing disk would. The page is the table's rather
// than one picked by its place in the file, since what lies in the middle
// of the file moves with the schema: a damaged index page would go unseen
// by a backup, which rebuilds indexes rather than copying them.
func damage(t *testing.T, path string) {
	t.Helper()
	r, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var root int64
	err = r.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'claims'`).Scan(&root)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const pageSize = 4096
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5, 0x17}, 16), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesADamagedFile(t *testing.T) {
	path := filledDB(t, 120)
	damage(t, path)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), path)
	if err == nil {
		d.Close()
		t.Fatal("Open accepted a file with a damaged page")
	}
	if !errors.Is(err, db.ErrDamaged) {
		t.Errorf("error %v, want one wrapping ErrDamaged", err)
	}
	for _, want := range []string{"factmark check", "backup"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the refused Open changed the damaged file")
	}
}

func TestOpenRefusesAFileThatIsNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 400), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := db.Open(context.Background(), path)
	if !errors.Is(err, db.ErrDamaged) {
		t.Errorf("error %v, want one wrapping ErrDamaged", err)
	}
}

func TestOpenInAMissingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := db.Open(context.Background(), filepath.Join(dir, "factmark.db"))
	if err == nil || !strings.Contains(err.Error(), dir+" does not exist") {
		t.Errorf("error %v, want one saying the directory does not exist", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open created the directory: %v", err)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, path string) []string {
		t.Helper()
		d, err := db.OpenReadOnly(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		problems, err := d.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return problems
	}
	t.Run("sound", func(t *testing.T) {
		if got := check(t, filledDB(t, 10)); len(got) != 0 {
			t.Errorf("problems %q in a sound file", got)
		}
	})
	t.Run("damaged page", func(t *testing.T) {
		path := filledDB(t, 120)
		damage(t, path)
		if got := check(t, path); len(got) == 0 {
			t.Error("no problem found in a damaged file")
		}
	})
	t.Run("not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.txt")
		if err := os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 400), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := check(t, path); len(got) == 0 {
			t.Error("no problem found in a text file")
		}
	})
	t.Run("missing parent row", func(t *testing.T) {
		path := filledDB(t, 2)
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(0)")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`INSERT INTO claim_events (claim_id, at, user_name, field) VALUES (999999, '2026-01-01T00:00:00Z', 'ed', 'status')`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		got := check(t, path)
		if len(got) != 1 {
			t.Fatalf("problems %q, want one", got)
		}
		if !strings.Contains(got[0], "claim_events") {
			t.Errorf("problem %q does not name the table", got[0])
		}
	})
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "typo.db")
		_, err := db.OpenReadOnly(ctx, path)
		if !errors.Is(err, db.ErrNoDatabase) {
			t.Errorf("error %v, want ErrNoDatabase", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the missing file was created: %v", err)
		}
	})
}

func TestReadOnlyStoreRefusesWrites(t *testing.T) {
	path := filledDB(t, 1)
	d, err := db.OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, err = d.CreateUser(context.Background(), model.User{Name: "zed", Role: model.UserEditor, PasswordHash: "h"}, false)
	if got := model.ErrorCode(err); got != model.EUNAVAILABLE {
		t.Errorf("code %q (%v), want %q", got, err, model.EUNAVAILABLE)
	}
	if !strings.Contains(model.ErrorMessage(err), "nothing was saved") {
		t.Errorf("message %q does not say nothing was saved", model.ErrorMessage(err))
	}
}

func TestFullDisk(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", sampleText)
	s, e := span(t, a.Text, "Tickets will cost €4")
	if err := d.LimitPages(ctx, 0); err != nil {
		t.Fatal(err)
	}
	before := d.counts(t, allTables...)
	_, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber, Statement: "Tickets cost €4.",
		Note: strings.Repeat("a long note ", 750)}, "ed")
	if got := model.ErrorCode(err); got != model.EFULL {
		t.Fatalf("code %q (%v), want %q", got, err, model.EFULL)
	}
	if got, want := model.ErrorMessage(err), "The server's disk is full: nothing was saved. Tell your administrator."; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if !strings.Contains(err.Error(), "SQLITE_FULL") && !strings.Contains(err.Error(), "full (13)") {
		t.Errorf("error %q lost SQLite's own error, which the log needs", err)
	}
	after := d.counts(t, allTables...)
	for _, table := range allTables {
		if after[table] != before[table] {
			t.Errorf("%s: %d rows after the failed write, want %d", table, after[table], before[table])
		}
	}
	// Once there is room again, writing works without a restart.
	if err := d.LimitPages(ctx, 1<<30); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber, Statement: "Tickets cost €4."}, "ed"); err != nil {
		t.Errorf("write after freeing space: %v", err)
	}
}
