package db

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// searchIndexes are the FTS5 tables of the search (migrations 0020, 0034).
var searchIndexes = []string{"search_claims", "search_claim_words", "search_claim_texts", "search_parties", "search_articles", "search_sources"}

const (
	// mergePages is the work of one merge step, in pages written: a few
	// milliseconds, so that a write arriving meanwhile waits no longer.
	mergePages = 64
	// mergeQuiet is how long the merger waits after the last write before
	// it merges, and again whenever writes come while it works: long
	// enough that an editor's burst of saves, or an import and the first
	// look at its article, is over before it begins (merging right after
	// the 10,000-claim article was stored slowed its first load in
	// Chromium from under 0.95 s to 1.1 s).
	mergeQuiet = 30 * time.Second
)

// searchMerger keeps the full-text indexes merged in the background.
//
// FTS5 writes each transaction's new terms as a segment of its own and
// merges segments only once several of the same size pile up (automerge),
// so a busy index is a stack of segments, and a query seeks in each. On the
// million-claim database made by factmark-gen, merging them halved the
// time of a phrase search and took a word with filters from 56 to 37 ms
// (p99, 8 clients). The merger waits for the writes to pause, then merges
// in small steps through the writer queue, each a transaction of its own
// that any write may come between, and stops when a write is waiting or
// when a pass over every index does no work. A desk that never pauses that
// long is left to FTS5's own automerge, as before the merger.
type searchMerger struct {
	d    *DB
	wake chan struct{}
	stop context.CancelFunc
	done sync.WaitGroup
	// quiet is mergeQuiet in nanoseconds, but for tests.
	quiet atomic.Int64
	// passes counts the passes that did work, for tests.
	passes atomic.Int64
}

func startSearchMerger(d *DB) *searchMerger {
	ctx, stop := context.WithCancel(context.Background())
	m := &searchMerger{d: d, wake: make(chan struct{}, 1), stop: stop}
	m.quiet.Store(int64(mergeQuiet))
	m.done.Add(1)
	go m.run(ctx)
	return m
}

// written tells the merger that writes committed. It never waits.
func (m *searchMerger) written() {
	if m == nil {
		return
	}
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

func (m *searchMerger) run(ctx context.Context) {
	defer m.done.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.wake:
		}
		for m.merge(ctx) {
		}
	}
}

// merge waits for the writes to pause, then merges until there is nothing
// left or writes come. It reports whether writes came, so that the merger
// waits for them to pause again.
func (m *searchMerger) merge(ctx context.Context) (interrupted bool) {
	// Each write starts the wait again.
	for {
		select {
		case <-ctx.Done():
			return false
		case <-m.wake:
			continue
		case <-time.After(time.Duration(m.quiet.Load())):
		}
		break
	}
	// A write that ran longer than the pause (an import of thousands of
	// claims) committed after the wait began: its wake is pending, and the
	// merger waits again before it merges, so as not to follow the import
	// at once. So does a write that commits between two steps.
	written := func() bool {
		select {
		case <-m.wake:
			interrupted = true
		default:
			interrupted = interrupted || m.d.writer.waiting.Load() > 0
		}
		return interrupted
	}
	for !written() {
		worked, err := m.d.mergePass(ctx, written)
		if err != nil || !worked {
			return interrupted
		}
		m.passes.Add(1)
	}
	return true
}

func (m *searchMerger) close() {
	if m == nil {
		return
	}
	m.stop()
	m.done.Wait()
}

// MergeSearchIndexes merges the full-text indexes until a pass over all of
// them does no work. The server does it in the background once writes
// pause; a program that writes with its own SQL (factmark-gen) calls it at
// its end, as it calls WriteSearchDocs, so that its database is as a
// server keeps it.
func (d *DB) MergeSearchIndexes(ctx context.Context) error {
	for {
		worked, err := d.mergePass(ctx, nil)
		if err != nil || !worked {
			return err
		}
	}
}

// mergePass runs one merge step on each index, until stop says to stop,
// and reports whether any did work.
func (d *DB) mergePass(ctx context.Context, stop func() bool) (worked bool, err error) {
	for _, table := range searchIndexes {
		if stop != nil && stop() {
			return worked, nil
		}
		did, err := d.mergeStep(ctx, table)
		if err != nil {
			return false, err
		}
		worked = worked || did
	}
	return worked, nil
}

// mergeStep does up to mergePages pages of merging on one index. A
// negative page count merges segments of any levels, towards one; FTS5
// counts the command as one change and each page it writes as another, so
// fewer than two changes mean there was nothing to merge.
func (d *DB) mergeStep(ctx context.Context, table string) (did bool, err error) {
	err = d.writer.submit(&pendingWrite{ctx: ctx, maintenance: true, done: make(chan struct{}),
		fn: func(ctx context.Context, tx *sql.Tx) error {
			var before, after int64
			if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('merge', ?)`, -mergePages); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
				return err
			}
			did = after-before >= 2
			return nil
		}})
	return did, err
}
