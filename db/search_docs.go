package db

import (
	"context"
	"database/sql"
	"fmt"
)

// SearchDocsSQL rewrites the search documents of the claims that a write
// transaction's triggers noted in search_stale (migration 0052), then
// forgets them, one statement per index: FTS5 then writes each index's
// pending terms as one segment per transaction rather than one per
// statement. A noted claim that no longer exists gets no document (its
// delete trigger removed the old ones); OR REPLACE removes the document a
// claim had before writing the new one.
var SearchDocsSQL = []string{
	`INSERT OR REPLACE INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs
		WHERE claim_id IN (SELECT claim_id FROM search_stale)`,
	`INSERT OR REPLACE INTO search_claim_words (rowid, statement, exact)
		SELECT id, statement, exact FROM claims WHERE id IN (SELECT claim_id FROM search_stale WHERE words)`,
	`DELETE FROM search_stale`,
}

// searchDocs runs SearchDocsSQL when the transaction noted claims. The
// store calls it as the last thing before every commit, so that readers
// see the documents change with the rows.
func searchDocs(ctx context.Context, tx *sql.Tx) error {
	var noted bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM search_stale)`).Scan(&noted); err != nil {
		return fmt.Errorf("search documents: %w", err)
	}
	if !noted {
		return nil
	}
	for _, q := range SearchDocsSQL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("search documents: %w", err)
		}
	}
	return nil
}

// WriteSearchDocs is searchDocs for a program that writes claims with its
// own SQL in its own transactions (factmark-gen): it must call it before
// each commit, or the claims it wrote are not found by search.
func WriteSearchDocs(ctx context.Context, tx *sql.Tx) error { return searchDocs(ctx, tx) }
