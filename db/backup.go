package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoDatabase is wrapped by OpenReadOnly's error when the file does not
// exist: checking or backing up a mistyped path must not create an empty
// database and call it sound.
var ErrNoDatabase = errors.New("no such database")

// uriPath escapes a file path for a "file:" URI, where "?" and "#" would end
// it early.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// openFileReadOnly opens a pool of read-only connections to an existing
// file. It sets no journal mode, which would be a write, so that it reads a
// backup (rollback journal) as well as a live database (WAL).
func openFileReadOnly(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+uriPath(path)+"?mode=ro&_pragma=busy_timeout(10000)")
}

// OpenReadOnly opens an existing database file for reading only, beside a
// server that may be writing it: it neither creates the file nor applies
// migrations nor checks it (Check does). Every write through it fails.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("db: need a file path, got %q", path)
	}
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("db: %w: %s", ErrNoDatabase, path)
	}
	if err != nil {
		return nil, fmt.Errorf("db: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("db: %s is a directory, not a database file", path)
	}
	read, err := openFileReadOnly(path)
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	read.SetMaxOpenConns(4)
	write, err := openFileReadOnly(path)
	if err != nil {
		read.Close()
		return nil, fmt.Errorf("db: open: %w", err)
	}
	write.SetMaxOpenConns(1)
	return &DB{path: path, write: write, read: read, writer: startGroupWriter(write, nil), fts: newFTSGate(), Now: time.Now}, nil
}

// Check runs SQLite's full integrity_check and foreign_key_check and returns
// every problem found, none when the database is sound. A file that is not
// a database at all is a problem, not an error; an error means the check
// could not run.
func (d *DB) Check(ctx context.Context) ([]string, error) {
	return checkFile(ctx, d.path)
}

// checkFile runs check on the file at path through a connection of its
// own. SQLite's integrity_check skips CHECK constraints on a connection
// opened read-only (mode=ro), where the server's own quick_check, on its
// writable connection, does not: `factmark check` said "ok" on a file the
// server then refused. So the check opens the file for writing (never
// creating it) with query_only set, which writes nothing, and falls back to
// a read-only connection, saying so, only when the file cannot be opened
// for writing at all.
func checkFile(ctx context.Context, path string) ([]string, error) {
	rw, err := sql.Open("sqlite", "file:"+uriPath(path)+"?mode=rw&_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer rw.Close()
	if err := rw.PingContext(ctx); err == nil {
		return check(ctx, rw)
	}
	ro, err := openFileReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer ro.Close()
	problems, err := check(ctx, ro)
	if err == nil && len(problems) == 0 {
		return nil, fmt.Errorf("%w: %s can only be opened read-only, where SQLite does not verify CHECK constraints: copy it somewhere writable and check the copy", ErrCannotCheck, path)
	}
	return problems, err
}

// ErrCannotCheck is wrapped by Check's error when the file could be read
// but not checked completely.
var ErrCannotCheck = errors.New("cannot check completely")

func check(ctx context.Context, q queryer) ([]string, error) {
	problems, err := pragmaRows(ctx, q, `PRAGMA integrity_check`)
	if err != nil || len(problems) > 0 {
		// A file whose pages are damaged cannot be trusted to answer the
		// foreign key check either.
		return problems, err
	}
	return foreignKeyCheck(ctx, q)
}

// foreignKeyCheck reports rows whose parent row is missing, one line each.
func foreignKeyCheck(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return damageOrError(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var (
			table, parent string
			rowid         sql.NullInt64
			fkid          int64
		)
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign key: %s row %d refers to a missing row of %s (constraint %d)", table, rowid.Int64, parent, fkid))
	}
	if err := rows.Err(); err != nil {
		return damageOrError(err)
	}
	return problems, nil
}

// BackupInfo describes a backup that Backup wrote.
type BackupInfo struct {
	Path   string
	Bytes  int64
	Claims int
	Took   time.Duration
}

// Backup writes a consistent copy of the database to path while the server
// goes on reading and writing: SQLite's VACUUM INTO copies one read
// snapshot, on a connection of its own, so writers are not held up. The copy
// is written to a temporary file beside path, synced, checked with
// integrity_check and foreign_key_check, and only then moved into place, so
// that path never holds a partial or damaged copy. An existing path is kept
// and the backup refused (wrapping fs.ErrExist) unless replace is set.
func (d *DB) Backup(ctx context.Context, path string, replace bool) (BackupInfo, error) {
	start := time.Now()
	info := BackupInfo{Path: path}
	if _, err := os.Lstat(path); err == nil && !replace {
		return info, fmt.Errorf("db: backup: %s: %w", path, fs.ErrExist)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return info, fmt.Errorf("db: backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	// Removing the temporary file is harmless once it has been moved, and
	// needed on every failure.
	defer os.Remove(tmpName)
	if err := d.vacuumInto(ctx, tmpName); err != nil {
		return info, err
	}
	if err := syncFile(tmpName); err != nil {
		return info, fmt.Errorf("db: backup: %w", err)
	}
	if info.Claims, err = verifyCopy(ctx, tmpName); err != nil {
		return info, err
	}
	if err := place(tmpName, path, replace); err != nil {
		return info, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return info, fmt.Errorf("db: backup: %w", err)
	}
	info.Bytes, info.Took = st.Size(), time.Since(start)
	return info, nil
}

// vacuumInto copies the database into the empty file at dst.
func (d *DB) vacuumInto(ctx context.Context, dst string) error {
	src, err := openFileReadOnly(d.path)
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return storageError(fmt.Errorf("db: backup: VACUUM INTO: %w", err), true)
	}
	return nil
}

// verifyCopy checks the copy at path and counts its claims.
func verifyCopy(ctx context.Context, path string) (int, error) {
	problems, err := checkFile(ctx, path)
	if err != nil {
		return 0, fmt.Errorf("db: backup: checking the copy: %w", err)
	}
	if len(problems) > 0 {
		return 0, fmt.Errorf("db: backup: the copy fails its check (%s); the database itself may be damaged: run `factmark check`", summarize(problems, 3))
	}
	cp, err := openFileReadOnly(path)
	if err != nil {
		return 0, fmt.Errorf("db: backup: %w", err)
	}
	defer cp.Close()
	var n int
	if err := cp.QueryRowContext(ctx, `SELECT count(*) FROM claims`).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: backup: counting claims: %w", err)
	}
	return n, nil
}

// place moves the finished copy to path in one step: a rename when it may
// replace path, else a hard link, which fails rather than replace a file
// that appeared meanwhile. The directory is synced so that the new name
// survives a crash.
func place(tmp, path string, replace bool) error {
	if replace {
		if err := os.Rename(tmp, path); err != nil {
			return fmt.Errorf("db: backup: %w", err)
		}
	} else if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("db: backup: %s: %w", path, fs.ErrExist)
		}
		return fmt.Errorf("db: backup: %w", err)
	}
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil {
		return fmt.Errorf("db: backup: syncing %s: %w", filepath.Dir(path), err)
	}
	return nil
}

// syncFile flushes the file at path to the disk: VACUUM INTO leaves that to
// the caller.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
