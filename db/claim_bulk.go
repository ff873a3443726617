package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/factmark/factmark/internal/model"
)

// BulkUpdateClaims applies one change (assignee, due date, status) to
// several claims of article articleID in one transaction, with one history
// event per claim and field that changed, and returns the claims as they
// are after it. A claim that is not the article's, or that the change is
// refused for, fails the whole change with an EINVALID naming the claim,
// and nothing is written.
func (d *DB) BulkUpdateClaims(ctx context.Context, articleID int64, b model.BulkClaimUpdate, by string) ([]model.Claim, error) {
	if err := b.Normalize(); err != nil {
		return nil, err
	}
	now := d.now()
	u := b.Update()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		for _, id := range b.ClaimIDs {
			c, err := claim(ctx, tx, id)
			if model.ErrorCode(err) == model.ENOTFOUND || (err == nil && c.ArticleID != articleID) {
				return model.Invalid("claim_ids", "Claim %d is not a claim of this article: reload the claim list and select again.", id)
			}
			if err != nil {
				return err
			}
			if err := updateClaim(ctx, tx, c, u, now, by); err != nil {
				return model.InClaim(err, c.Number)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]model.Claim, 0, len(b.ClaimIDs))
	for _, id := range b.ClaimIDs {
		c, err := d.Claim(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("read claim %d after a bulk change: %w", id, err)
		}
		out = append(out, c)
	}
	return out, nil
}
