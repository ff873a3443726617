package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// SearchDocsSQL rewrites the search documents of the claims that a write
// transaction's triggers noted in search_stale (migration 0052) and writes
// those of the new parties noted in search_stale_parties (0055), then
// forgets them, one statement per index: FTS5 then writes each index's
// pending terms as one segment per transaction rather than one per
// statement. A noted claim or party that no longer exists gets no document
// (its delete trigger removed the old ones); OR REPLACE removes the
// document a claim had before writing the new one.
var SearchDocsSQL = append(slices.Clip(claimDocsSQL), partyDocsSQL...)

var claimDocsSQL = []string{
	`INSERT OR REPLACE INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs
		WHERE claim_id IN (SELECT claim_id FROM search_stale)`,
	`INSERT OR REPLACE INTO search_claim_words (rowid, statement, exact)
		SELECT id, statement, exact FROM claims WHERE id IN (SELECT claim_id FROM search_stale WHERE words)`,
	`DELETE FROM search_stale`,
}

var partyDocsSQL = []string{
	`INSERT INTO search_parties (rowid, name)
		SELECT p.id, p.name FROM search_stale_parties s JOIN parties p ON p.id = s.party_id`,
	`DELETE FROM search_stale_parties`,
}

// searchDocs runs SearchDocsSQL when the transaction noted claims or
// parties. The store calls it as the last thing before every commit, so
// that readers see the documents change with the rows.
func searchDocs(ctx context.Context, tx *sql.Tx) error {
	if err := noted(ctx, tx, "search_stale", claimDocsSQL); err != nil {
		return err
	}
	return noted(ctx, tx, "search_stale_parties", partyDocsSQL)
}

// noted runs qs when table notes anything.
func noted(ctx context.Context, tx *sql.Tx, table string, qs []string) error {
	var any bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+`)`).Scan(&any); err != nil {
		return fmt.Errorf("search documents: %w", err)
	}
	if !any {
		return nil
	}
	for _, q := range qs {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("search documents: %w", err)
		}
	}
	return nil
}

// searchDocsOfMigration is searchDocs after migration name: the tables
// that note documents came with migrations 0052 and 0055.
func searchDocsOfMigration(ctx context.Context, tx *sql.Tx, name string) error {
	if name >= "migrations/0055" {
		return searchDocs(ctx, tx)
	}
	if name >= "migrations/0052" {
		return noted(ctx, tx, "search_stale", claimDocsSQL)
	}
	return nil
}

// WriteSearchDocs is searchDocs for a program that writes claims with its
// own SQL in its own transactions (factmark-gen): it must call it before
// each commit, or the claims it wrote are not found by search.
func WriteSearchDocs(ctx context.Context, tx *sql.Tx) error { return searchDocs(ctx, tx) }
