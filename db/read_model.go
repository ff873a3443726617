package db

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/factmark/factmark/internal/model"
)

// readModelClaims bounds the claims kept by the read model, over all its
// articles, so that memory stays bounded (a claim with its parties and
// sources takes about 1 KB): 40 articles of 500 claims, or 2 of 10,000.
// An entry renewed and then read whole holds its claims twice until its
// next renewal (readEntry's base and flat), 544 bytes more a claim.
const readModelClaims = 20000

// readModel keeps the articles most recently read with their claims, as
// ArticleWithClaims returns them, so that the workspace of a busy article
// is not rebuilt from thousands of rows on every request. Each entry is
// valid for one value of the article's change counter (migration 0030),
// which triggers bump in the same transaction as every write to the article
// or its claims: a reader compares the counter in its own snapshot with
// the entry's, so it never gets a copy older than what it would have read.
//
// An entry behind the reader's counter is renewed claim by claim (renew):
// triggers stamp each claim a write touches, and the article's own row as
// claim 0, with a value above every counter value from before the write
// (migration 0053, table claim_changes), so the claims stamped above the
// entry's counter, read in the reader's snapshot, are the only ones that
// can differ from the entry. They are read again and merged into a copy of
// the entry in the order loadClaims gives; the rest is reused. Stamps are
// written by triggers rather than recorded by the writer connection so that
// writes by other processes (factmark-gen, a restore's tools) are caught as
// surely as the counter catches them.
type readModel struct {
	mu      sync.Mutex
	entries map[int64]readEntry
	order   []int64 // least recently filled first
	claims  int     // claims over all entries
	renewed int64   // entries renewed claim by claim, for tests
}

type readEntry struct {
	changes int64
	article model.Article
	// claims point to the entry's claims, in model.CompareClaims order:
	// a renewal copies the pointers (80 KB for 10,000 claims) and reads
	// only the claims it replaces, so that a save on a long article does
	// not copy its claims (a claim is 544 bytes, 5 MB for 10,000; copying
	// them took a save 4 to 9 ms, BenchmarkSave10k). Nothing they point to
	// is ever modified.
	claims []*model.Claim
	// base is the slice of claims most of claims point into: those read
	// whole, or the last flat slice the entry was renewed from.
	base []model.Claim
	// flat is the claims in one slice, as ArticleWithClaims shares them
	// with every reader: made from claims the first time one asks
	// (flatten), and kept with the entry and the copies of it.
	flat *flatOnce
}

// flatOnce is an entry's claims in one slice, made once.
type flatOnce struct {
	once   sync.Once
	made   atomic.Bool // claims is set
	claims []model.Claim
}

// make sets f's claims, the first time it is called.
func (f *flatOnce) make(claims func() []model.Claim) []model.Claim {
	f.once.Do(func() {
		f.claims = claims()
		f.made.Store(true)
	})
	return f.claims
}

// done reports whether f's claims were made.
func (f *flatOnce) done() bool { return f != nil && f.made.Load() }

// flatClaims returns e's claims in one slice, which readers share.
func (e readEntry) flatClaims() []model.Claim {
	if e.flat == nil { // the zero entry of a failed read
		return nil
	}
	return e.flat.make(func() []model.Claim { return flatten(e.claims, e.base) })
}

// entryOf makes an entry of claims read whole: its flat slice is them.
func entryOf(changes int64, a model.Article, claims []model.Claim) readEntry {
	e := readEntry{changes: changes, article: a, base: claims, flat: &flatOnce{}}
	e.flat.make(func() []model.Claim { return claims })
	e.claims = make([]*model.Claim, len(claims))
	for i := range claims {
		e.claims[i] = &claims[i]
	}
	return e
}

// flatten copies the claims claims point to into one slice, in their order.
// Those that point into base, in its order, come in runs, each copied in
// one move: claim by claim, through their pointers, 10,000 claims took
// 4 to 20 ms, in one move 0.6 ms. Both are in model.CompareClaims order,
// so one walk finds each run's place in base.
func flatten(claims []*model.Claim, base []model.Claim) []model.Claim {
	if claims == nil {
		return nil // as loadClaims returns no claims
	}
	out := make([]model.Claim, 0, len(claims))
	j := 0 // base's claims before j come before claims[i]
	for i := 0; i < len(claims); {
		for j < len(base) && compareClaims(&base[j], claims[i]) < 0 {
			j++
		}
		n := 0
		for i+n < len(claims) && j+n < len(base) && claims[i+n] == &base[j+n] {
			n++
		}
		if n == 0 {
			out = append(out, *claims[i])
			i++
			continue
		}
		out = append(out, base[j:j+n]...)
		i, j = i+n, j+n
	}
	return out
}

func newReadModel() *readModel {
	return &readModel{entries: map[int64]readEntry{}}
}

// get returns the entry kept for the article, whatever its counter. A nil
// readModel keeps nothing.
func (m *readModel) get(articleID int64) (readEntry, bool) {
	if m == nil {
		return readEntry{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[articleID]
	return e, ok
}

// put keeps e for the article, unless a newer one is kept already (a
// reader with an older snapshot may finish after one with a newer).
func (m *readModel) put(articleID int64, e readEntry) {
	if m == nil || len(e.claims) > readModelClaims {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if old, ok := m.entries[articleID]; ok {
		if old.changes > e.changes {
			return
		}
		m.drop(articleID)
	}
	for m.claims+len(e.claims) > readModelClaims && len(m.order) > 0 {
		m.drop(m.order[0])
	}
	m.entries[articleID] = e
	m.order = append(m.order, articleID)
	m.claims += len(e.claims)
}

// countRenewal counts an entry renewed claim by claim.
func (m *readModel) countRenewal() {
	m.mu.Lock()
	m.renewed++
	m.mu.Unlock()
}

// drop removes an article's entry; m.mu is held.
func (m *readModel) drop(articleID int64) {
	e, ok := m.entries[articleID]
	if !ok {
		return
	}
	delete(m.entries, articleID)
	m.claims -= len(e.claims)
	if i := slices.Index(m.order, articleID); i >= 0 {
		m.order = slices.Delete(m.order, i, i+1)
	}
}

// ArticleWithClaims returns an article and its claims from one snapshot, so
// that the claims' offsets always refer to the text returned with them.
// They come from the read model when the article has not changed since it
// was last read. The article and the claims, their parties and sources
// included, are shared with other readers and must not be modified: a
// copy of a 10,000-claim article's is 5 MB, and taking it cost each
// workspace load 1 to 30 ms, the most on the first loads after the server
// started, while the memory was still new. Appending to the slice copies
// it (its capacity is its length).
func (d *DB) ArticleWithClaims(ctx context.Context, articleID int64) (model.Article, []model.Claim, error) {
	var e readEntry
	err := d.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		e, err = d.readEntryIn(ctx, tx, articleID)
		return err
	})
	return e.article, slices.Clip(e.flatClaims()), err
}

// readEntryIn returns the article with its claims as tx sees them: from
// the read model when it holds the article at the change counter tx reads,
// renewed from it when it holds an older state (renew), else from the
// tables; a renewed or read entry is kept for the next reader.
func (d *DB) readEntryIn(ctx context.Context, tx *sql.Tx, articleID int64) (readEntry, error) {
	e, ok, changes, err := d.keptEntryIn(ctx, tx, articleID)
	if err != nil || ok {
		return e, err
	}
	e, err = fullEntryAt(ctx, tx, articleID, changes, func() partiesWait { return d.partiesAside(ctx, articleID, changes) })
	if err != nil {
		return readEntry{}, err
	}
	d.reads.put(articleID, e)
	return e, nil
}

// keptEntryIn returns the article with its claims as tx sees them from the
// read model alone: the entry it holds at the change counter tx reads, or
// an older one renewed (and kept for the next reader). ok is false when
// the model holds none it can use; changes is the counter tx reads.
func (d *DB) keptEntryIn(ctx context.Context, tx *sql.Tx, articleID int64) (e readEntry, ok bool, changes int64, err error) {
	if changes, err = articleChanges(ctx, tx, articleID); err != nil {
		return readEntry{}, false, 0, err
	}
	kept, ok := d.reads.get(articleID)
	switch {
	case ok && kept.changes == changes:
		return kept, true, changes, nil
	case ok && kept.changes < changes:
		// An entry ahead of this snapshot (a reader that began before a
		// write) cannot be turned back: that reader reads the tables.
		e, renewed, err := renew(ctx, tx, kept, changes)
		if err != nil {
			return readEntry{}, false, 0, err
		}
		if renewed {
			d.reads.put(articleID, e)
			d.reads.countRenewal()
			return e, true, changes, nil
		}
	}
	return readEntry{}, false, changes, nil
}

// articleChanges reads the article's change counter as tx sees it.
func articleChanges(ctx context.Context, tx *sql.Tx, articleID int64) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT n FROM article_changes WHERE article_id = ?`, articleID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.NotFound("Article", articleID)
	}
	return n, err
}

// fullEntry reads the article with all its claims from the tables, as tx
// sees them.
func fullEntry(ctx context.Context, tx *sql.Tx, articleID int64) (readEntry, error) {
	changes, err := articleChanges(ctx, tx, articleID)
	if err != nil {
		return readEntry{}, err
	}
	return fullEntryAt(ctx, tx, articleID, changes, nil)
}

// fullEntryAt is fullEntry for the counter value tx reads, already read;
// startAside, when not nil, starts reading the claims' parties meanwhile
// (see loadClaimsWith).
func fullEntryAt(ctx context.Context, tx *sql.Tx, articleID, changes int64, startAside func() partiesWait) (readEntry, error) {
	a, err := article(ctx, tx, articleID)
	if err != nil {
		return readEntry{}, err
	}
	a.Changes = changes
	claims, err := loadClaimsWith(ctx, tx, `c.article_id = ?`, articleID, startAside)
	if err != nil {
		return readEntry{}, err
	}
	return entryOf(changes, a, claims), nil
}

// partiesAside starts reading the parties of an article's claims on
// another reader connection, for the read of the article whole that tx
// is about to make, and returns what waits for them (for loadClaimsWith):
// the claims and their parties are the two largest parts of that read (65
// and 47 ms of a 10,000-claim article's 140 in BenchmarkArticleWithClaims10k),
// and each driver connection runs on one core. The parties are used only
// when that connection's snapshot has the article at the same change
// counter as tx's, which triggers bump in every write to the article, its
// claims or their parties: then both read the same parties. Otherwise, or
// when it failed, the caller reads them itself.
//
// One such read runs at a time (d.aside); another reads in turn, as before.
// The one that waits for its helper holds a connection while the helper
// waits for one; every other connection is held by a read that waits for
// nothing, so the helper gets one.
func (d *DB) partiesAside(ctx context.Context, articleID, changes int64) partiesWait {
	select {
	case d.aside <- struct{}{}:
	default:
		return nil
	}
	type result struct {
		parties claimParties
		ok      bool
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-d.aside }()
		var r result
		d.inReadTx(ctx, func(tx *sql.Tx) error {
			n, err := articleChanges(ctx, tx, articleID)
			if err != nil || n != changes {
				d.asides.refused.Add(1)
				return err
			}
			r.parties, err = partiesOf(ctx, tx, `SELECT c.id FROM claims c WHERE c.article_id = ?`, articleID)
			r.ok = err == nil
			return err
		})
		done <- r
	}()
	return func() (claimParties, bool) {
		r := <-done
		if r.ok {
			d.asides.used.Add(1)
		}
		return r.parties, r.ok
	}
}

// renew returns kept brought to changes, the article's counter in tx's
// snapshot (greater than kept's), by reading again the claims stamped after
// kept's counter (and the article's row if it is stamped too) and reusing
// the others. It reports false, and reads no claim, when so many claims
// changed (a revision re-anchors them all) that reading the article whole
// costs less.
func renew(ctx context.Context, tx *sql.Tx, kept readEntry, changes int64) (readEntry, bool, error) {
	articleID := kept.article.ID
	rows, err := tx.QueryContext(ctx, `SELECT claim_id FROM claim_changes WHERE article_id = ? AND n > ?`, articleID, kept.changes)
	if err != nil {
		return readEntry{}, false, err
	}
	var (
		ids            []int64
		changed        = map[int64]bool{}
		articleChanged bool
	)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return readEntry{}, false, err
		}
		if id == 0 {
			articleChanged = true
			continue
		}
		ids = append(ids, id)
		changed[id] = true
	}
	if err := closeRows(rows); err != nil {
		return readEntry{}, false, err
	}
	if 2*len(ids) > len(kept.claims)+16 {
		return readEntry{}, false, nil
	}
	e := readEntry{changes: changes, article: kept.article}
	if articleChanged {
		if e.article, err = article(ctx, tx, articleID); err != nil {
			return readEntry{}, false, err
		}
	}
	e.article.Changes = changes
	var fresh []*model.Claim
	if len(ids) > 0 {
		list, err := json.Marshal(ids)
		if err != nil {
			return readEntry{}, false, err
		}
		// A claim stamped here may have moved to another article: it is
		// dropped from this one, as it would be from a full read.
		loaded, err := loadClaims(ctx, tx, `c.id IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return readEntry{}, false, err
		}
		for i := range loaded {
			if loaded[i].ArticleID == articleID {
				fresh = append(fresh, &loaded[i])
			}
		}
	}
	// Once kept's claims were made flat, the new entry points into that
	// slice, and the one they were made from can go.
	e.claims, e.base, e.flat = kept.claims, kept.base, &flatOnce{}
	if kept.flat.done() {
		e.base = kept.flat.claims
		e.claims = make([]*model.Claim, len(e.base))
		for i := range e.base {
			e.claims[i] = &e.base[i]
		}
	}
	e.claims = merged(e.claims, changed, fresh)
	return e, true, nil
}

// merged returns kept without the claims whose ids are in changed, with
// fresh added, all in model.CompareClaims order (loadClaims gives kept and
// fresh each in it).
func merged(kept []*model.Claim, changed map[int64]bool, fresh []*model.Claim) []*model.Claim {
	out := make([]*model.Claim, 0, len(kept)+len(fresh))
	for _, c := range kept {
		if changed[c.ID] {
			continue
		}
		for len(fresh) > 0 && compareClaims(fresh[0], c) < 0 {
			out = append(out, fresh[0])
			fresh = fresh[1:]
		}
		out = append(out, c)
	}
	out = append(out, fresh...)
	if len(out) == 0 {
		return nil // as loadClaims returns no claims
	}
	return out
}

// compareClaims is model.CompareClaims without copying the two claims.
func compareClaims(a, b *model.Claim) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(b.End, a.End); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
