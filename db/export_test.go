package db

import (
	"context"
	"database/sql"

	"github.com/factmark/factmark/internal/model"
)

// OpenCheckingAtMost is Open with the full check at start-up only for files
// of at most checkBytes: tests make a small file behave as a large one.
func OpenCheckingAtMost(ctx context.Context, path string, checkBytes int64) (*DB, error) {
	return open(ctx, path, checkBytes)
}

// ArticleWithClaimsFull reads an article with its claims from the tables in
// one snapshot, without the read model: what ArticleWithClaims must equal.
func (d *DB) ArticleWithClaimsFull(ctx context.Context, articleID int64) (model.Article, []model.Claim, error) {
	var e readEntry
	err := d.inReadTx(ctx, func(tx *sql.Tx) (err error) {
		e, err = fullEntry(ctx, tx, articleID)
		return err
	})
	return e.article, e.claims, err
}
