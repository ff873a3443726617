package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// maxGroup is the most writes one transaction commits together. It bounds
// how long the first write of a group waits for the others' statements.
const maxGroup = 32

// errClosed answers a write that comes after Close.
var errClosed = errors.New("db: the database is closed")

// groupWriter commits writes for the one writer connection, in the order
// they came, several in one SQLite transaction when several are waiting
// (group commit).
//
// Why: a claim's write changes about 43 pages (the claim and its indexes,
// its parties, its history, the search indexes, a few counters), and most
// of them are the same pages for the next claim. Committed one by one,
// every write appended its own copy of each page to the write-ahead log;
// committed together, each page is written once per group, so that under
// many writers the cost of a write falls as its queue grows, the way a
// server database shares one log flush among the transactions that commit
// at the same moment.
//
// What does not change:
//   - Each write is atomic with its history: it runs inside a SAVEPOINT, and
//     a write that fails is rolled back to it, alone; the others of its
//     group are not touched.
//   - Durability: no write is answered before the COMMIT that holds it has
//     succeeded, with synchronous as before.
//   - Order: writes run one after another, first come first served, and
//     each sees every write before it, as with one transaction each.
//
// A write's statements run on a context that is not cancelled with its
// request: SQLite answers an interrupted statement by rolling back the
// whole transaction, which would take the group's other writes with it. A
// write still waiting for its turn is given up when its context ends.
//
// An error that ends the transaction itself (the disk is full where SQLite
// cannot roll back only the statement, an I/O error, no memory), or a
// failed COMMIT, fails every write of the transaction that was not yet
// committed, with that error; none is answered as done. The writes after
// the failing one start a new transaction.
type groupWriter struct {
	conn      *sql.DB
	queue     chan *pendingWrite
	closing   chan struct{}
	closeOnce sync.Once
	done      sync.WaitGroup
	// committed is told of every COMMIT (the checkpointer, the search
	// indexes' merger); byWrites says that it held a write of the store's
	// methods, not only maintenance.
	committed func(byWrites bool)
	// commits and writes count the COMMITs that succeeded and the writes
	// they held (WriteGroups).
	commits, writes atomic.Int64
	// waiting counts the writes waiting for their turn.
	waiting atomic.Int32
}

// pendingWrite is one write waiting in the queue or running in a group.
type pendingWrite struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *sql.Tx) error
	err  error
	done chan struct{}
	// maintenance marks the store's own upkeep (fts_merge.go): it is not
	// counted in WriteGroups and does not wake the merger again.
	maintenance bool
}

func startGroupWriter(conn *sql.DB, committed func(byWrites bool)) *groupWriter {
	w := &groupWriter{conn: conn, queue: make(chan *pendingWrite), closing: make(chan struct{}), committed: committed}
	w.done.Add(1)
	go w.run()
	return w
}

// write runs fn in a write transaction and returns once it is committed,
// or with the error that kept it from being committed.
func (w *groupWriter) write(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return w.submit(&pendingWrite{ctx: ctx, fn: fn, done: make(chan struct{})})
}

// submit queues p and waits for its answer.
func (w *groupWriter) submit(p *pendingWrite) error {
	ctx := p.ctx
	// The queue is unbuffered: senders blocked on it are taken in the
	// order they came.
	w.waiting.Add(1)
	select {
	case w.queue <- p:
		w.waiting.Add(-1)
	case <-ctx.Done():
		w.waiting.Add(-1)
		return ctx.Err()
	case <-w.closing:
		w.waiting.Add(-1)
		return errClosed
	}
	// Once taken, the write is waited for whatever happens to ctx, so that
	// the caller never takes a committed write for a failed one.
	<-p.done
	return p.err
}

func (w *groupWriter) run() {
	defer w.done.Done()
	buf := make([]*pendingWrite, 0, maxGroup)
	for {
		select {
		case p := <-w.queue:
			buf = append(buf[:0], p)
		case <-w.closing:
			return
		}
		// Yielding first lets the requests that are ready to run reach
		// the queue: on a busy machine they are often runnable but not
		// running, and each one taken now is one commit fewer.
		runtime.Gosched()
		for group := w.gather(buf); len(group) > 0; {
			group = w.commit(group)
		}
		clear(buf[:cap(buf)])
	}
}

// gather appends to group, without waiting, the writes already queued,
// up to maxGroup in all.
func (w *groupWriter) gather(group []*pendingWrite) []*pendingWrite {
	for len(group) < maxGroup {
		select {
		case p := <-w.queue:
			group = append(group, p)
		default:
			return group
		}
	}
	return group
}

// commit runs writes in one transaction until one of them ends the
// transaction, and returns the writes it did not run.
func (w *groupWriter) commit(group []*pendingWrite) (notRun []*pendingWrite) {
	ctx := context.Background()
	tx, err := w.conn.BeginTx(ctx, nil)
	if err != nil {
		finish(group, storageError(fmt.Errorf("db: begin: %w", err), true))
		return nil
	}
	held := make([]*pendingWrite, 0, maxGroup)
	// The writes that came while the group's first ones ran join it before
	// the commit: they would wait for that commit anyway, and each commit
	// shared is one fewer.
	for i := 0; ; i++ {
		if i == len(group) {
			if group = w.gather(group); i == len(group) {
				break
			}
		}
		p := group[i]
		// The store's upkeep commits alone: an error of its that ended
		// the transaction must never fail a write.
		if i > 0 && (p.maintenance || group[0].maintenance) {
			notRun = group[i:]
			break
		}
		if err := p.ctx.Err(); err != nil {
			finish([]*pendingWrite{p}, err)
			continue
		}
		ended, err := runSaved(tx, p)
		if !ended {
			if err != nil {
				finish([]*pendingWrite{p}, storageError(err, true))
			} else {
				held = append(held, p)
			}
			continue
		}
		// The transaction is gone, and with it every write it held.
		tx.Rollback()
		finish(append(held, p), storageError(err, true))
		return group[i+1:]
	}
	// The search documents of every write held, in one pass: FTS5 writes
	// each index's pending terms as one segment per pass, and flushes them
	// at every savepoint once it is part of the transaction, so that a pass
	// per write would cost a segment per write again. A write rolled back
	// to its savepoint took its search_stale rows with it.
	if len(held) > 0 {
		if err := searchDocs(ctx, tx); err != nil {
			tx.Rollback()
			finish(held, storageError(err, true))
			return notRun
		}
	}
	if err := tx.Commit(); err != nil {
		finish(held, storageError(fmt.Errorf("db: commit: %w", err), true))
		return notRun
	}
	writes := int64(0)
	for _, p := range held {
		if !p.maintenance {
			writes++
		}
	}
	if writes > 0 {
		w.commits.Add(1)
		w.writes.Add(writes)
	}
	if w.committed != nil {
		w.committed(writes > 0)
	}
	finish(held, nil)
	return notRun
}

// runSaved runs one write inside a savepoint of tx: released when the write
// succeeds, rolled back to when it fails. ended says that the transaction
// itself did not survive.
func runSaved(tx *sql.Tx, p *pendingWrite) (ended bool, err error) {
	ctx := context.WithoutCancel(p.ctx)
	if _, err := tx.ExecContext(ctx, `SAVEPOINT one_write`); err != nil {
		return true, fmt.Errorf("db: savepoint: %w", err)
	}
	err = callWrite(ctx, tx, p.fn)
	if err == nil {
		if _, rerr := tx.ExecContext(ctx, `RELEASE one_write`); rerr != nil {
			return true, fmt.Errorf("db: release: %w", rerr)
		}
		return false, nil
	}
	// ROLLBACK TO leaves the savepoint open; RELEASE then drops it. When
	// SQLite has rolled back the whole transaction, there is no savepoint
	// left and ROLLBACK TO fails.
	if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO one_write`); rerr != nil {
		return true, err
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE one_write`); rerr != nil {
		return true, err
	}
	return false, err
}

// callWrite runs fn and turns a panic into its error: fn runs on the
// writer's goroutine, where a panic would end the server rather than one
// request, as it did when each write ran on its request's goroutine.
func callWrite(ctx context.Context, tx *sql.Tx, fn func(ctx context.Context, tx *sql.Tx) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("db: the write failed: %v\n%s", r, debug.Stack())
		}
	}()
	return fn(ctx, tx)
}

func finish(ps []*pendingWrite, err error) {
	for _, p := range ps {
		p.err = err
		close(p.done)
	}
}

// close lets the running group finish and refuses writes from then on.
func (w *groupWriter) close() {
	if w == nil {
		return
	}

	w.closeOnce.Do(func() { close(w.closing) })
	w.done.Wait()
}

// WriteGroups returns how many transactions have committed writes since the
// store opened, and how many writes they held: under many writers, more
// writes than commits.
func (d *DB) WriteGroups() (commits, writes int64) {
	return d.writer.commits.Load(), d.writer.writes.Load()
}
