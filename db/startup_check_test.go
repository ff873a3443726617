package db_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/db"
)

// backgroundOutcome waits for BackgroundCheck's answer.
func backgroundOutcome(t *testing.T, d *db.DB) error {
	t.Helper()
	select {
	case err := <-d.BackgroundCheck(context.Background()):
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("BackgroundCheck did not answer in 30 s")
		return nil
	}
}

// TestLargeDamagedFileRefusedInTheBackground opens a damaged file as if it
// were over StartupCheckBytes: Open reads only its schema and succeeds, and
// the background check finds the damage and says what to do.
func TestLargeDamagedFileRefusedInTheBackground(t *testing.T) {
	path := filledDB(t, 120)
	damage(t, path)
	d, err := db.OpenCheckingAtMost(context.Background(), path, 0)
	if err != nil {
		t.Fatalf("Open of a large file with a damaged data page: %v (the start-up check should read only the schema)", err)
	}
	defer d.Close()
	err = backgroundOutcome(t, d)
	if !errors.Is(err, db.ErrDamaged) {
		t.Fatalf("background check: %v, want an error wrapping ErrDamaged", err)
	}
	if !strings.Contains(err.Error(), "factmark check") {
		t.Errorf("error %q does not say to run factmark check", err)
	}
}

func TestLargeSoundFileCheckedInTheBackground(t *testing.T) {
	path := filledDB(t, 50)
	d, err := db.OpenCheckingAtMost(context.Background(), path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := backgroundOutcome(t, d); err != nil {
		t.Errorf("background check of a sound file: %v", err)
	}
}

// TestLargeFileThatIsNotADatabaseRefusedAtStartup: the schema read at
// start-up is enough to refuse a file that is no database at all.
func TestLargeFileThatIsNotADatabaseRefusedAtStartup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a database\n"), 400), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := db.OpenCheckingAtMost(context.Background(), path, 0)
	if !errors.Is(err, db.ErrDamaged) {
		t.Errorf("error %v, want one wrapping ErrDamaged", err)
	}
}

// TestSmallFileCheckedAtStartup: a file under the limit was checked in full
// by Open, so the background check answers at once.
func TestSmallFileCheckedAtStartup(t *testing.T) {
	d := MustOpenDB(t)
	select {
	case err := <-d.BackgroundCheck(context.Background()):
		if err != nil {
			t.Errorf("background check: %v", err)
		}
	default:
		t.Error("BackgroundCheck of a file checked at start-up did not answer at once")
	}
}
