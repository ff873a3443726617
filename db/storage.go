package db

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/factmark/factmark/internal/model"
)

// ErrDamaged is wrapped by the error of Open when the file fails SQLite's
// quick_check: a server that started on it would answer 500 to reads and
// write new rows on top of the damage.
var ErrDamaged = errors.New("the database file is damaged")

// ErrNotWritable is wrapped by the error of Open when the file, its
// directory or SQLite itself refuses writes: a server that started on it
// would fail every save.
var ErrNotWritable = errors.New("the database cannot be written")

// Messages for storage failures at run time, shown to the user as they are.
const (
	msgDiskFull = "The server's disk is full: nothing was saved. Tell your administrator."
	msgReadOnly = "The server cannot write to its storage (it is read-only or unavailable): nothing was saved. Tell your administrator."
	msgNoRead   = "The server cannot read its storage right now. Tell your administrator."
)

// storageError turns a driver error that says the storage, not the request,
// is at fault into a domain error with a clear message, keeping the driver's
// error in the chain for the log. write tells whether the failed work was a
// write, for which CANTOPEN and I/O errors mean nothing could be saved.
// Other errors are returned as they are.
func storageError(err error, write bool) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	var de *model.Error
	switch primary := se.Code() & 0xff; {
	case primary == sqlite3.SQLITE_FULL:
		de = &model.Error{Code: model.EFULL, Message: msgDiskFull}
	case primary == sqlite3.SQLITE_READONLY:
		de = &model.Error{Code: model.EUNAVAILABLE, Message: msgReadOnly}
	case (primary == sqlite3.SQLITE_CANTOPEN || primary == sqlite3.SQLITE_IOERR) && write:
		// SQLite reports a read-only file system (EROFS) as a failure to
		// open or write the -wal and -shm files.
		de = &model.Error{Code: model.EUNAVAILABLE, Message: msgReadOnly}
	case primary == sqlite3.SQLITE_CANTOPEN || primary == sqlite3.SQLITE_IOERR:
		de = &model.Error{Code: model.EUNAVAILABLE, Message: msgNoRead}
	default:
		return err
	}
	return fmt.Errorf("%w: %w", de, err)
}

// preflight refuses a database that a server must not run on: one it cannot
// write, and one that fails quick_check. It runs before the migrations, so
// that nothing is written on top of damage.
func (d *DB) preflight(ctx context.Context) error {
	if dir := filepath.Dir(d.path); !exists(dir) {
		return fmt.Errorf("db: the directory %s does not exist: create it, or give a database path in an existing directory", dir)
	}
	if err := checkWritable(d.path); err != nil {
		return d.notWritable(err)
	}
	if err := d.startupCheck(ctx); err != nil {
		return err
	}
	// The write probe: a write transaction that takes the write lock and
	// changes nothing. SQLite opens a file it may not write read-only
	// without a word; this is where that shows.
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return d.openError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return d.notWritable(err)
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		return fmt.Errorf("db: write probe: %w", err)
	}
	return nil
}

// notWritable explains a database the server may not write and what to do.
func (d *DB) notWritable(err error) error {
	base := filepath.Base(d.path)
	return fmt.Errorf("db: %w: %w. Give the user running factmark write permission on %s and on its directory (SQLite writes %s-wal and %s-shm beside it), or mount its storage read-write",
		ErrNotWritable, err, d.path, base, base)
}

// damaged explains a damaged database and what to do.
func (d *DB) damaged(detail string) error {
	return fmt.Errorf("db: %s: %w (%s). Do not use it: run `factmark check --db %s` to see the damage, then restore the newest backup that passes it (README, Backups)",
		d.path, ErrDamaged, detail, d.path)
}

// openError explains a failure to open or read the file at all.
func (d *DB) openError(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return d.damaged(err.Error())
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY:
			return d.notWritable(err)
		}
	}
	return fmt.Errorf("db: open %s: %w", d.path, err)
}

// checkWritable checks that the file (when it exists), the -wal and -shm
// files beside it (when they exist) and its directory may be written. It
// asks by trying, opening for writing and creating a file, rather than by
// reading permission bits: root ignores those, but not a read-only mount or
// an immutable file.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	probe, err := os.CreateTemp(dir, ".factmark-write-probe-*")
	if err != nil {
		return fmt.Errorf("cannot create files in %s: %w", dir, unwrapPath(err))
	}
	name := probe.Name()
	probe.Close()
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("cannot remove files in %s: %w", dir, unwrapPath(err))
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", p, unwrapPath(err))
		}
		f.Close()
	}
	return nil
}

// exists reports whether path names an existing file or directory.
func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// unwrapPath drops the *fs.PathError's operation and path, which the
// callers' messages already say.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// quickCheck runs PRAGMA quick_check and returns its problems, none when the
// file is sound. A file SQLite cannot read as a database is one problem.
func quickCheck(ctx context.Context, q queryer) ([]string, error) {
	return pragmaRows(ctx, q, `PRAGMA quick_check`)
}

// pragmaRows runs a checking pragma that answers "ok" or one row per
// problem.
func pragmaRows(ctx context.Context, q queryer, pragma string) ([]string, error) {
	rows, err := q.QueryContext(ctx, pragma)
	if err != nil {
		return damageOrError(err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return damageOrError(err)
	}
	return problems, nil
}

// damageOrError reports SQLite's "not a database" and "malformed" errors as
// a problem found, and any other error as a failure to check.
func damageOrError(err error) ([]string, error) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return []string{err.Error()}, nil
		}
	}
	return nil, err
}

// summarize joins the first n problems and says how many more there are.
func summarize(problems []string, n int) string {
	if len(problems) <= n {
		return strings.Join(problems, "; ")
	}
	return fmt.Sprintf("%s; and %d more", strings.Join(problems[:n], "; "), len(problems)-n)
}

// LimitPages caps the database at n pages on the write connection, as a
// full disk would: writes that need more pages fail with SQLITE_FULL. Tests
// use it to fill the disk for real; n = 0 caps at the current size.
func (d *DB) LimitPages(ctx context.Context, n int64) error {
	if n == 0 {
		if err := d.write.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&n); err != nil {
			return err
		}
	}
	// PRAGMA takes no bound parameters; n is an integer.
	var got int64
	if err := d.write.QueryRowContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, n)).Scan(&got); err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("db: max_page_count is %d, want %d", got, n)
	}
	return nil
}
