// Package db stores factmark's data in one SQLite file. Each exported method
// is one atomic write or one read snapshot; a change and its history event
// commit together (several writes may share a commit: write_group.go).
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the store. Writes go through a single connection, because SQLite
// allows one writer at a time and queuing in Go is cheaper and fairer than
// retrying on SQLITE_BUSY; reads use a pool that WAL mode lets run alongside.
type DB struct {
	path  string // the file, as given to Open
	write *sql.DB
	read  *sql.DB
	// ckpt copies the write-ahead log into the file off the write path.
	ckpt *checkpointer
	// writer runs the write transactions on the one writer connection,
	// first come, first served, several in one commit when several wait
	// (write_group.go): database/sql would hand a freed connection to a
	// waiter chosen at random.
	writer *groupWriter
	// merger keeps the full-text indexes merged once writes pause
	// (fts_merge.go; nil: never).
	merger *searchMerger
	// fts bounds the full-text queries running at once (fts_gate.go).
	fts ftsGate
	// texts keeps the indexes of recently used article texts (nil: none).
	texts *textCache
	// revisionLists keeps articles' lists of revisions (nil: none).
	revisionLists *revisionListCache
	// reads keeps articles with their claims for the workspace (nil: none).
	reads *readModel
	// aside is held by the one read of an article whole that has another
	// connection read its claims' parties meanwhile (partiesAside).
	aside chan struct{}
	// asides counts the parties read aside that were used, and those
	// refused for another snapshot, for tests.
	asides struct{ used, refused atomic.Int64 }
	// histories keeps the claims' history of recently exported articles
	// (nil: none).
	histories *historyCache
	// deferredCheck is set when Open left the file's quick_check to
	// BackgroundCheck (a file over StartupCheckBytes).
	deferredCheck bool
	checkBytes    int64 // StartupCheckBytes, but for tests
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the SQLite file at path, checks that it
// is sound and writable (see ErrDamaged and ErrNotWritable) and applies any
// pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, StartupCheckBytes)
}

// open is Open with the size over which the full check is left to
// BackgroundCheck.
func open(ctx context.Context, path string, checkBytes int64) (*DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("db: need a file path, got %q", path)
	}
	file := path
	// The pragmas are in the DSN so that every pooled connection gets them,
	// not just the first one.
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	path = uriPath(path)
	// The writer leaves checkpoints to the checkpointer (checkpoint.go).
	writeDSN := "file:" + path + "?" + q.Encode() + "&_pragma=wal_autocheckpoint(0)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	write, err := openCaching(writeDSN)
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	q.Add("_pragma", "query_only(1)")
	read, err := openCaching("file:" + path + "?" + q.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("db: open: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	ckpt, err := startCheckpointer("file:" + path + "?_pragma=busy_timeout(10000)")
	if err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("db: open: %w", err)
	}
	d := &DB{path: file, write: write, read: read, ckpt: ckpt, fts: newFTSGate(), texts: newTextCache(), reads: newReadModel(), aside: make(chan struct{}, 1), revisionLists: newRevisionListCache(), histories: newHistoryCache(), checkBytes: checkBytes, Now: time.Now}
	// The merger first: the writer tells it of writes from its first
	// commit on.
	d.merger = startSearchMerger(d)
	d.writer = startGroupWriter(write, func(byWrites bool) {
		ckpt.committed()
		if byWrites {
			d.merger.written()
		}
	})
	if err := d.preflight(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	d.ckpt.committed() // a migration may have filled the log
	if err := d.linkUnregisteredParties(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: party registry: %w", err)
	}
	return d, nil
}

// openCaching opens a pool of connections that keep their prepared
// statements (stmt_cache.go).
func openCaching(dsn string) (*sql.DB, error) {
	c, err := newCachingConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

// Close closes both pools.
func (d *DB) Close() error {
	d.merger.close()
	d.writer.close()
	return errors.Join(d.ckpt.close(), d.read.Close(), d.write.Close())
}

// now returns the current time in UTC, whole seconds, as every stored time is.
func (d *DB) now() time.Time { return d.Now().UTC().Truncate(time.Second) }

// migrate applies the embedded migrations not yet recorded, each in its own
// transaction with its bookkeeping row.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("db: migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := d.applyMigration(ctx, name); err != nil {
			return fmt.Errorf("db: migration %s: %w", name, err)
		}
	}
	return nil
}

func (d *DB) applyMigration(ctx context.Context, name string) error {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, d.now().Format(time.RFC3339)); err != nil {
		return err
	}
	// From migration 0052 on, a migration that changes claims leaves
	// their search documents to searchDocs, as every write does.
	if err := searchDocsOfMigration(ctx, tx, name); err != nil {
		return err
	}
	return tx.Commit()
}

// inTx runs fn in a write transaction and returns once it is committed.
// Writes that wait together commit together (write_group.go): fn runs in a
// savepoint of a transaction that may hold other writes, on ctx without its
// cancellation, and it must use the ctx it is given.
func (d *DB) inTx(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return d.writer.write(ctx, fn)
}

// inReadTx runs fn in a read-only transaction, so that several queries see
// one snapshot.
func (d *DB) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return storageError(fmt.Errorf("db: begin: %w", err), false)
	}
	defer tx.Rollback()
	return storageError(fn(tx), false)
}

// queryer is what both *sql.DB and *sql.Tx offer; helpers take it so that a
// read can run inside a write transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// nextID returns a new id for table ("articles" or "claims") that was never
// given before, even to a row since deleted (migration 0003).
func nextID(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `UPDATE id_sequences SET last = last + 1 WHERE name = ? RETURNING last`, table).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("next %s id: %w", table, err)
	}
	return id, nil
}

// Times are stored as RFC 3339 text.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
