package db

import (
	"context"
	"database/sql"
	"runtime"
)

// ftsGate bounds how many full-text queries (Search, SimilarClaims) run at
// once to the number of processors Go uses.
//
// The SQLite driver is built with SQLITE_ENABLE_MEMORY_MANAGEMENT, under
// which the page cache of every connection belongs to one group behind one
// process-wide mutex, taken each time a page is fetched or released. An
// FTS5 query of a common word fetches thousands of pages; with more such
// queries running than processors, goroutines queued on that mutex (a Go
// mutex in this driver) and handed it to each other one page at a time: a
// profile of contention showed it, and on a million claims 8 clients
// searching served no more than one did, at a p99 of 100–120 ms for a word
// with filters. Queued here instead, each query runs through with the
// mutex mostly its own: the same searches at 8 clients served up to
// twice as many requests, with p99s of 25–58 ms (README, "Performance").
// Other pages never wait here.
type ftsGate chan struct{}

func newFTSGate() ftsGate { return make(ftsGate, max(runtime.GOMAXPROCS(0), 1)) }

// enter waits for a turn, or for ctx to end (its error then); leave must
// follow a nil error. A nil gate lets every query through.
func (g ftsGate) enter(ctx context.Context) error {
	if g == nil {
		return nil
	}
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g ftsGate) leave() {
	if g != nil {
		<-g
	}
}

// inFullTextTx is inReadTx for a full-text query, which waits for its turn
// at d's gate first.
func (d *DB) inFullTextTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := d.fts.enter(ctx); err != nil {
		return err
	}
	defer d.fts.leave()
	return d.inReadTx(ctx, fn)
}
