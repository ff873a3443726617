package db

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"

	"github.com/factmark/factmark/internal/model"
)

// readModelClaims bounds the claims kept by the read model, over all its
// articles, so that memory stays bounded (a claim with its parties and
// sources takes about 1 KB): 40 articles of 500 claims, or 2 of 10,000.
const readModelClaims = 20000

// readModel keeps the articles most recently read with their claims, as
// ArticleWithClaims returns them, so that the workspace of a busy article
// is not rebuilt from thousands of rows on every request. Each entry is
// valid for one value of the article's change counter (migration 0030),
// which triggers bump in the same transaction as every write to the article
// or its claims: a reader compares the counter in its own snapshot with
// the entry's, so it never gets a copy older than what it would have read.
type readModel struct {
	mu      sync.Mutex
	entries map[int64]readEntry
	order   []int64 // least recently filled first
	claims  int     // claims over all entries
}

type readEntry struct {
	changes int64
	article model.Article
	claims  []model.Claim
}

func newReadModel() *readModel {
	return &readModel{entries: map[int64]readEntry{}}
}

// get returns the article and claims kept for the article at changes. A
// nil readModel keeps nothing.
func (m *readModel) get(articleID, changes int64) (readEntry, bool) {
	if m == nil {
		return readEntry{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[articleID]
	if !ok || e.changes != changes {
		return readEntry{}, false
	}
	return e, true
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
// was last read. The claims slice is the caller's; the article and the
// claims' parties and sources are shared with other readers and must not
// be modified in place.
func (d *DB) ArticleWithClaims(ctx context.Context, articleID int64) (model.Article, []model.Claim, error) {
	var e readEntry
	err := d.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		e, err = d.readEntryIn(ctx, tx, articleID)
		return err
	})
	return e.article, slices.Clone(e.claims), err
}

// readEntryIn returns the article with its claims as tx sees them: from
// the read model when it holds the article at the change counter tx reads,
// else from the tables, kept for the next reader.
func (d *DB) readEntryIn(ctx context.Context, tx *sql.Tx, articleID int64) (readEntry, error) {
	var changes int64
	err := tx.QueryRowContext(ctx, `SELECT n FROM article_changes WHERE article_id = ?`, articleID).Scan(&changes)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return readEntry{}, model.NotFound("Article", articleID)
	case err != nil:
		return readEntry{}, err
	}
	if kept, ok := d.reads.get(articleID, changes); ok {
		return kept, nil
	}
	e, err := fullEntry(ctx, tx, articleID)
	if err != nil {
		return readEntry{}, err
	}
	d.reads.put(articleID, e)
	return e, nil
}

// fullEntry reads the article with all its claims from the tables, as tx
// sees them.
func fullEntry(ctx context.Context, tx *sql.Tx, articleID int64) (readEntry, error) {
	var (
		e   readEntry
		err error
	)
	if err = tx.QueryRowContext(ctx, `SELECT n FROM article_changes WHERE article_id = ?`, articleID).Scan(&e.changes); errors.Is(err, sql.ErrNoRows) {
		return readEntry{}, model.NotFound("Article", articleID)
	} else if err != nil {
		return readEntry{}, err
	}
	if e.article, err = article(ctx, tx, articleID); err != nil {
		return readEntry{}, err
	}
	e.article.Changes = e.changes
	if e.claims, err = loadClaims(ctx, tx, `c.article_id = ?`, articleID); err != nil {
		return readEntry{}, err
	}
	return e, nil
}
