package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/testkit"
)

// newDBWithClaims creates a database file with a user, an article and n
// claims, and closes it.
func newDBWithClaims(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "factmark.db")
	if _, _, err := runCmd(t, noEnv, longPassword+"\n", "user", "add", "ed", "--role", "editor", "--password-stdin", "--db", path); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	a := mustArticle(t, d)
	start, end := 0, 7
	for i := range n {
		if _, err := d.CreateClaim(context.Background(), a.ID, model.NewClaim{Start: &start, End: &end, Kind: model.KindOther,
			Statement: "Claim " + strings.Repeat("x", i%50), Note: strings.Repeat("a note ", 40)}, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// mustArticle creates a short article as ed.
func mustArticle(t *testing.T, d *db.DB) model.Article {
	t.Helper()
	na, err := ingest.Plain(ingest.PlainInput{Title: "Ferry", Text: "Harbour council backs ferry link.\n\nTickets will cost 4 euros."})
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.CreateArticle(context.Background(), na, "ed")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// damage writes garbage over the header of a page in the middle of the
// file, as a torn write or a failing disk would.
func damage(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pages := st.Size() / 4096
	if pages < 8 {
		t.Fatalf("%s has %d pages, too few to damage one in the middle", path, pages)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5, 0x17}, 16), pages/2*4096); err != nil {
		t.Fatal(err)
	}
}

func TestBackupCommand(t *testing.T) {
	path := newDBWithClaims(t, 5)
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")

	stdout, _, err := runCmd(t, noEnv, "", "backup", "--db", path, out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout, "wrote "+out+": ") {
		t.Errorf("output %q does not say what it wrote", stdout)
	}
	for _, want := range []string{"5 claims", "checked", "KiB"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output %q does not say %q", stdout, want)
		}
	}
	if stdout, _, err := runCmd(t, noEnv, "", "check", "--db", out); err != nil || stdout != "ok\n" {
		t.Errorf("check of the backup: %q %v", stdout, err)
	}

	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"existing OUT", []string{"backup", "--db", path, out}, "--force"},
		{"no OUT", []string{"backup", "--db", path}, "usage"},
		{"two OUTs", []string{"backup", "--db", path, out, out + "2"}, "usage"},
		{"OUT is the database", []string{"backup", "--db", path, path}, "the database itself"},
		{"missing database", []string{"backup", "--db", filepath.Join(dir, "typo.db"), filepath.Join(dir, "x.db")}, "no such database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, _, err := runCmd(t, noEnv, "", tc.args...)
			if err == nil {
				t.Fatal("succeeded")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
			if stdout != "" {
				t.Errorf("printed %q", stdout)
			}
		})
	}
	if got := testkit.DirNames(t, dir); strings.Join(got, " ") != "copy.db" {
		t.Errorf("files %q, want only copy.db: the failures created or left files", got)
	}
	t.Run("--force replaces", func(t *testing.T) {
		if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := runCmd(t, noEnv, "", "backup", "--force", "--db", path, out); err != nil {
			t.Fatal(err)
		}
		if stdout, _, err := runCmd(t, noEnv, "", "check", "--db", out); err != nil || stdout != "ok\n" {
			t.Errorf("check of the replaced backup: %q %v", stdout, err)
		}
	})
}

func TestCheckCommand(t *testing.T) {
	t.Run("sound", func(t *testing.T) {
		stdout, _, err := runCmd(t, noEnv, "", "check", "--db", newDBWithClaims(t, 3))
		if err != nil {
			t.Fatal(err)
		}
		if stdout != "ok\n" {
			t.Errorf("output %q, want ok", stdout)
		}
	})
	t.Run("damaged", func(t *testing.T) {
		path := newDBWithClaims(t, 150)
		damage(t, path)
		stdout, _, err := runCmd(t, noEnv, "", "check", "--db", path)
		if err == nil {
			t.Fatal("check passed a damaged file")
		}
		if !strings.Contains(err.Error(), "problem") {
			t.Errorf("error %q does not say problems were found", err)
		}
		if stdout == "" || stdout == "ok\n" {
			t.Errorf("output %q, want the problems", stdout)
		}
	})
	t.Run("missing file is not created", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "typo.db")
		_, _, err := runCmd(t, noEnv, "", "check", "--db", path)
		if err == nil || !strings.Contains(err.Error(), "no such database") {
			t.Errorf("error %v, want no such database", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("check created the file: %v", err)
		}
	})
	t.Run("stray argument", func(t *testing.T) {
		if _, _, err := runCmd(t, noEnv, "", "check", "--db", "x.db", "y.db"); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Errorf("error %v, want usage", err)
		}
	})
}

func TestServeRefusesADamagedDatabase(t *testing.T) {
	path := newDBWithClaims(t, 150)
	damage(t, path)
	_, _, err := runCmd(t, noEnv, "", "serve", "--addr", "127.0.0.1:0", "--db", path)
	if err == nil {
		t.Fatal("serve started on a damaged database")
	}
	if !errors.Is(err, db.ErrDamaged) {
		t.Errorf("error %v, want ErrDamaged", err)
	}
	for _, want := range []string{"factmark check", "backup"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestServeBackupFlags(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "factmark.db")
	env := func(vars ...string) func(string) string {
		return func(name string) string {
			for i := 0; i+1 < len(vars); i += 2 {
				if vars[i] == name {
					return vars[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name   string
		getenv func(string) string
		args   []string
		msg    string
	}{
		{"every too short", noEnv, []string{"--backup-dir", dir, "--backup-every", "10s"}, "at least 1m"},
		{"every zero", noEnv, []string{"--backup-every", "0s"}, "at least 1m"},
		{"every without a unit", noEnv, []string{"--backup-every", "24"}, "invalid value"},
		{"keep zero", noEnv, []string{"--backup-dir", dir, "--backup-keep", "0"}, "at least 1"},
		{"bad env every", env("FACTMARK_BACKUP_EVERY", "daily"), nil, "FACTMARK_BACKUP_EVERY"},
		{"bad env keep", env("FACTMARK_BACKUP_KEEP", "seven"), nil, "FACTMARK_BACKUP_KEEP"},
		{"dir is a file", noEnv, []string{"--backup-dir", filepath.Join(dir, "file")}, "backup-dir"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", path}, tc.args...)
			_, _, err := runCmd(t, tc.getenv, "", args...)
			if err == nil {
				t.Fatal("serve accepted the flags")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused start created the database: %v", err)
	}
}

// TestScheduledBackups runs the schedule itself on a short interval: the
// flags refuse less than a minute, which a test cannot wait for.
func TestScheduledBackups(t *testing.T) {
	path := newDBWithClaims(t, 4)
	store := openStore(t, path)
	dir := filepath.Join(t.TempDir(), "backups")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Another file in the directory is never pruned.
	if err := os.WriteFile(filepath.Join(dir, "factmark-by-hand.db"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs syncWriter
	log := slog.New(slog.NewTextHandler(&logs, nil))
	s := &backupSchedule{dir: dir, every: 40 * time.Millisecond, keep: 2, prefix: "factmark-"}
	// The clock moves a second each time it is read, so that backups get
	// distinct names however fast the test runs. Only the schedule's
	// goroutine reads it.
	clock := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	s.now = func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}

	stop := s.start(context.Background(), store, log)
	waitFor(t, func() bool { return strings.Count(logs.String(), "backup written") >= 4 })

	// A failure is logged and retried; the schedule goes on.
	if err := os.Rename(dir, dir+".away"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return strings.Contains(logs.String(), "scheduled backup failed") })
	if err := os.Rename(dir+".away", dir); err != nil {
		t.Fatal(err)
	}
	written := strings.Count(logs.String(), "backup written")
	waitFor(t, func() bool { return strings.Count(logs.String(), "backup written") > written })
	stop()

	names := testkit.DirNames(t, dir)
	var backups []string
	for _, n := range names {
		if n != "factmark-by-hand.db" {
			backups = append(backups, n)
		}
	}
	if len(backups) != 2 {
		t.Fatalf("files %q, want the by-hand file and 2 backups", names)
	}
	if len(names) != 3 {
		t.Errorf("files %q: the by-hand file was pruned", names)
	}
	for _, n := range backups {
		if _, ok := s.stampOf(n); !ok {
			t.Errorf("%s is not named factmark-STAMP.db", n)
		}
		if stdout, _, err := runCmd(t, noEnv, "", "check", "--db", filepath.Join(dir, n)); err != nil || stdout != "ok\n" {
			t.Errorf("check %s: %q %v", n, stdout, err)
		}
	}
	if !strings.Contains(logs.String(), "old backup removed") {
		t.Errorf("pruning is not logged:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "claims=4") {
		t.Errorf("the log does not give the claims backed up:\n%s", logs.String())
	}
}

func TestScheduleWaitsForTheNewestBackup(t *testing.T) {
	dir := t.TempDir()
	s := &backupSchedule{dir: dir, every: time.Hour, keep: 3, prefix: "factmark-"}
	if _, ok := s.newest(); ok {
		t.Error("newest found a backup in an empty directory")
	}
	for _, n := range []string{"factmark-20261127T070000Z.db", "factmark-20261127T090000Z.db", "factmark-20261127T080000Z.db", "other-20261127T100000Z.db", "factmark-junk.db",
		".factmark-20261127T100000Z.db.tmp-123", ".copy.db.tmp-456"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, ok := s.newest()
	if want := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC); !ok || !got.Equal(want) {
		t.Errorf("newest %v %v, want %v", got, ok, want)
	}
	s.keep = 2
	prune := s.prunable()
	if len(prune) != 1 || filepath.Base(prune[0]) != "factmark-20261127T070000Z.db" {
		t.Errorf("prunable %q, want the 07:00 backup only", prune)
	}
	left := s.leftovers()
	if len(left) != 1 || filepath.Base(left[0]) != ".factmark-20261127T100000Z.db.tmp-123" {
		t.Errorf("leftovers %q, want the schedule's temporary file only", left)
	}
}

func TestServeTakesABackupAtStart(t *testing.T) {
	path := newDBWithClaims(t, 2)
	dir := filepath.Join(t.TempDir(), "backups")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncWriter
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", path, "--backup-dir", dir, "--backup-every", "1h", "--backup-keep", "3"},
			noEnv, strings.NewReader(""), &out, &errOut)
	}()
	waitFor(t, func() bool { return strings.Contains(errOut.String(), "backup written") })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel: %v", err)
	}
	names := testkit.DirNames(t, dir)
	if len(names) != 1 || !strings.HasPrefix(names[0], "factmark-") {
		t.Fatalf("files %q, want one backup", names)
	}
	if stdout, _, err := runCmd(t, noEnv, "", "check", "--db", filepath.Join(dir, names[0])); err != nil || stdout != "ok\n" {
		t.Errorf("check: %q %v", stdout, err)
	}
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		sleep()
	}
}
