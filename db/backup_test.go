package db_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/testkit"
)

func TestBackup(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", sampleText)
	s, e := span(t, a.Text, "Tickets will cost €4")
	for range 3 {
		if _, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber, Statement: "Tickets cost €4."}, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "copy.db")

	info, err := d.Backup(ctx, out, false)
	if err != nil {
		t.Fatal(err)
	}
	if info.Claims != 3 {
		t.Errorf("info.Claims = %d, want 3", info.Claims)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Bytes != st.Size() {
		t.Errorf("info.Bytes = %d, want the file's size %d", info.Bytes, st.Size())
	}
	if perm := st.Mode().Perm(); perm != 0o600 {
		t.Errorf("mode %v, want 0600: a backup holds password hashes", perm)
	}
	if got := testkit.DirNames(t, dir); len(got) != 1 {
		t.Errorf("files %q, want only copy.db: a temporary file was left", got)
	}
	cp, err := db.OpenReadOnly(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if problems, err := cp.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("check of the copy: %q %v", problems, err)
	}
	claims, err := cp.ClaimsByArticle(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != 3 {
		t.Errorf("%d claims in the copy, want 3", len(claims))
	}

	t.Run("an existing file is kept", func(t *testing.T) {
		keep := filepath.Join(dir, "keep.db")
		if err := os.WriteFile(keep, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := d.Backup(ctx, keep, false)
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("error %v, want fs.ErrExist", err)
		}
		if b, _ := os.ReadFile(keep); string(b) != "keep me" {
			t.Errorf("the existing file now holds %d bytes", len(b))
		}
		if _, err := d.Backup(ctx, keep, true); err != nil {
			t.Fatalf("with replace: %v", err)
		}
		if b, _ := os.ReadFile(keep); !strings.HasPrefix(string(b), "SQLite format 3") {
			t.Error("with replace, the file is not the backup")
		}
	})
	t.Run("a missing directory", func(t *testing.T) {
		if _, err := d.Backup(ctx, filepath.Join(dir, "nowhere", "copy.db"), false); err == nil {
			t.Error("Backup into a missing directory succeeded")
		}
	})
}

func TestBackupOfADamagedFileFails(t *testing.T) {
	ctx := context.Background()
	path := filledDB(t, 120)
	damage(t, path)
	d, err := db.OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dir := t.TempDir()
	if _, err := d.Backup(ctx, filepath.Join(dir, "copy.db"), false); err == nil {
		t.Error("a damaged database was backed up without a word")
	}
	if got := testkit.DirNames(t, dir); len(got) != 0 {
		t.Errorf("files %q left behind by a failed backup", got)
	}
}
