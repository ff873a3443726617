package db

import (
	"context"
	"database/sql"
	"fmt"
)

// nextClaimNumber hands out the next number of a claim in the article: 1,
// 2, 3… in creation order, never given again within the article after a
// delete (docs/DESIGN.md §2). The counter is a row of claim_numbers,
// updated in the caller's transaction, so that two claims created at once
// get distinct numbers and a rolled-back creation gives its number back.
func nextClaimNumber(ctx context.Context, tx *sql.Tx, articleID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO claim_numbers (article_id, last) VALUES (?, 1)
		ON CONFLICT (article_id) DO UPDATE SET last = last + 1 RETURNING last`, articleID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next claim number: %w", err)
	}
	return n, nil
}

// reserveClaimNumber makes sure the article's counter is at least n, so
// that a claim imported with its number n is never followed by a new claim
// numbered n or less.
func reserveClaimNumber(ctx context.Context, tx *sql.Tx, articleID int64, n int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO claim_numbers (article_id, last) VALUES (?, ?)
		ON CONFLICT (article_id) DO UPDATE SET last = max(last, excluded.last)`, articleID, n)
	if err != nil {
		return fmt.Errorf("reserve claim number: %w", err)
	}
	return nil
}
