package db

import (
	"context"
	"database/sql"
	"slices"

	"github.com/factmark/factmark/internal/model"
)

// ArticleRecord returns an article with its claims, their history (unless
// withHistory is false: most exports write none of it, and an article of
// 10,000 claims has twice as many events) and the article's revisions from
// one snapshot, as an export needs them: a claim written between separate
// reads would otherwise appear without its history, or its events without
// the claim. The article and its claims come from the read model when the
// article has not changed since they were last read (see
// ArticleWithClaims), the history from the history cache on the same
// terms (history_cache.go); the revisions, a few rows, are read each time.
// The history's map is shared with other readers and must not be
// modified. The claims slice is the caller's; the article and the
// claims' parties and sources are shared with other readers and must not
// be modified in place.
func (d *DB) ArticleRecord(ctx context.Context, articleID int64, withHistory bool) (model.ArticleRecord, error) {
	var (
		rec model.ArticleRecord
		e   readEntry
	)
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, err = d.readEntryIn(ctx, tx, articleID); err != nil {
			return err
		}
		if withHistory {
			if rec.History, err = articleEvents(ctx, tx, d.histories, articleID, e.changes); err != nil {
				return err
			}
		}
		rec.Revisions, err = revisionList(ctx, tx, articleID)
		return err
	})
	if err != nil {
		return model.ArticleRecord{}, err
	}
	rec.Article, rec.Claims = e.article, slices.Clone(e.flatClaims())
	return rec, nil
}

// articleEvents returns the events of every claim of an article as of
// changes, its change counter in tx's snapshot, from the cache when it
// holds them.
func articleEvents(ctx context.Context, tx *sql.Tx, cache *historyCache, articleID, changes int64) (map[int64][]model.Event, error) {
	if h, ok := cache.get(articleID, changes); ok {
		return h, nil
	}
	h, err := events(ctx, tx, `claim_id IN (SELECT id FROM claims WHERE article_id = ?)`, articleID)
	if err != nil {
		return nil, err
	}
	cache.put(articleID, changes, h)
	return h, nil
}

// revisionList lists an article's revisions, oldest first, without their
// text.
func revisionList(ctx context.Context, q queryer, articleID int64) ([]model.Revision, error) {
	rows, err := q.QueryContext(ctx, revisionQuery+` WHERE r.article_id = ? ORDER BY r.version`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Revision
	for rows.Next() {
		rv, err := scanRevision(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, rv)
	}
	return out, rows.Err()
}
