package db

import (
	"context"
	"database/sql"
	"slices"

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
	return e.article, slices.Clone(e.flatClaims()), err
}

// ArticleWithClaimsChecked reads an article with its claims twice in one
// snapshot: as ArticleWithClaims does (the read model, renewed or kept, and
// then kept) and in full from the tables, so that a test can compare what a
// reader got with what its own snapshot holds while writers go on.
func (d *DB) ArticleWithClaimsChecked(ctx context.Context, articleID int64) (got, want model.Article, gotClaims, wantClaims []model.Claim, err error) {
	err = d.inReadTx(ctx, func(tx *sql.Tx) error {
		g, err := d.readEntryIn(ctx, tx, articleID)
		if err != nil {
			return err
		}
		w, err := fullEntry(ctx, tx, articleID)
		if err != nil {
			return err
		}
		got, gotClaims, want, wantClaims = g.article, slices.Clone(g.flatClaims()), w.article, slices.Clone(w.flatClaims())
		return nil
	})
	return got, want, gotClaims, wantClaims, err
}

// Renewals returns how many read model entries were renewed claim by claim.
func (d *DB) Renewals() int64 {
	d.reads.mu.Lock()
	defer d.reads.mu.Unlock()
	return d.reads.renewed
}

// ForgetReads empties the read model, as a restart would: the next read of
// each article reads it whole.
func (d *DB) ForgetReads() {
	d.reads.mu.Lock()
	defer d.reads.mu.Unlock()
	d.reads.entries, d.reads.order, d.reads.claims = map[int64]readEntry{}, nil, 0
}

// PartiesAside returns how many first reads of an article used the
// parties read on a second connection, and how many refused them because
// that connection saw another state of the article.
func (d *DB) PartiesAside() (used, refused int64) {
	return d.asides.used.Load(), d.asides.refused.Load()
}
