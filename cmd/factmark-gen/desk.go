package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/auth"
)

// deskUsers is how many checkers the desk has; each is assigned the
// articles on the desk in turn and a fifth of their claims, about 500
// claims each on 20,000 articles and 1,000,000 claims.
const deskUsers = 40

// deskPassword is every generated checker's password, for trying the
// generated database in a browser.
const deskPassword = "generated-desk-password"

// deskStatements write the desk's side of a newsroom over the articles and
// claims generate wrote, set-based, so that My work, the dashboard, the
// check queue, notifications and the search over comments have realistic
// data: of every 100 articles, 4 are being checked, 2 ready, 4 drafts and
// the rest published; an article on the desk is assigned to a checker with
// a due date, as is every fifth of its claims (with its history events, a
// notification each, half of them read); 2 claims in 15 have a comment
// (every body of bodies in turn); claims with a verdict on ready
// articles wait for a second check, and a quarter of those on published
// articles have a published review. Each checker has three saved searches.
// The ids drive every choice, so two runs write the same rows.
var deskStatements = []string{
	`UPDATE articles SET
		state = CASE WHEN id % 100 < 4 THEN 'checking' WHEN id % 100 < 6 THEN 'ready' WHEN id % 100 < 10 THEN 'draft' ELSE 'published' END,
		assignee = CASE WHEN id % 100 < 10 THEN printf('checker%02d', 1 + (id / 100) % 40) ELSE '' END,
		due = CASE WHEN id % 100 < 10 THEN date('2026-11-20', printf('%+d days', id % 30 - 10)) ELSE '' END`,
	`INSERT INTO article_events (article_id, at, user_name, field, from_val, to_val)
		SELECT id, updated_at, 'gen', 'assignee', '', assignee FROM articles WHERE assignee <> ''`,
	`INSERT INTO article_events (article_id, at, user_name, field, from_val, to_val)
		SELECT id, updated_at, 'gen', 'state', 'draft', state FROM articles WHERE state <> 'draft'`,
	`UPDATE claims SET
		assignee = (SELECT a.assignee FROM articles a WHERE a.id = claims.article_id),
		due = date('2026-11-20', printf('%+d days', id % 40 - 10))
		WHERE number % 5 = 1 AND article_id IN (SELECT id FROM articles WHERE assignee <> '')`,
	`INSERT INTO claim_events (claim_id, at, user_name, field, from_val, to_val, comment)
		SELECT id, updated_at, 'gen', 'assignee', '', assignee, '' FROM claims WHERE assignee <> ''`,
	`INSERT INTO claim_events (claim_id, at, user_name, field, from_val, to_val, comment)
		SELECT id, updated_at, 'gen', 'due', '', due, '' FROM claims WHERE due <> ''`,
	`INSERT INTO notifications (user_name, kind, claim_id, actor, detail, at, read_at)
		SELECT assignee, 'assigned', id, 'gen', '', updated_at, CASE WHEN id % 2 = 0 THEN updated_at END FROM claims WHERE assignee <> ''`,
	`WITH bodies(k, body) AS (VALUES ` + commentBodies() + `)
		INSERT INTO comments (claim_id, author, body, created_at, updated_at)
		SELECT c.id, printf('checker%02d', 1 + c.id % 40), b.body, c.updated_at, c.updated_at
		FROM claims c JOIN bodies b ON b.k = (c.id / 10) % ` + fmt.Sprint(len(bodies)) + ` WHERE c.id % 10 = 3 OR c.id % 30 = 7
		ORDER BY c.id`,
	`INSERT INTO claim_checks (claim_id, state, requested_by, requested_at, verdict_by)
		SELECT c.id, 'requested', printf('checker%02d', 1 + c.id % 40), c.updated_at, printf('checker%02d', 1 + c.id % 40)
		FROM claims c JOIN articles a ON a.id = c.article_id
		WHERE a.state = 'ready' AND c.status IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')`,
	`INSERT INTO claim_publications (claim_id, verdict, rationale, published_at, published_by)
		SELECT c.id, c.status, 'The figures and the record show why this claim is rated so (' || c.status || ').', c.updated_at, 'gen'
		FROM claims c JOIN articles a ON a.id = c.article_id
		WHERE a.state = 'published' AND c.id % 4 = 0 AND c.status IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')`,
	`WITH s(name, query) AS (VALUES ('Unchecked numbers', 'status=unchecked&kind=number'), ('Mine', 'assignee=$'), ('Unemployment', 'q=unemployment'))
		INSERT INTO saved_searches (user_id, name, query, created_at)
		SELECT u.id, s.name, replace(s.query, '$', u.name), u.created_at FROM users u, s WHERE u.name LIKE 'checker%'`,
}

// bodies are the generated comments, a desk's everyday words.
var bodies = []string{
	"Called the ministry press office; they will send the figures by Friday.",
	"The number matches the census table, page 14, but for the previous year.",
	"Can someone look at the second source? It seems outdated.",
	"The statistics office confirms the rate, rounded differently.",
	"Needs a second source before we publish.",
	"Quote checked against the recording, minute 12.",
	"The speaker corrected this figure in a later interview.",
	"Archive copy of the report saved; the original page moved.",
	"Spoke to the researcher: the survey sample was small.",
	"Unemployment figure is seasonally adjusted in the source, not in the article.",
	"Waiting for the council's answer to our request.",
	"This is the same claim as the one we rated last month.",
}

// commentBodies is bodies as the rows of a VALUES list, (index, body).
func commentBodies() string {
	rows := make([]string, len(bodies))
	for i, b := range bodies {
		rows[i] = fmt.Sprintf("(%d, '%s')", i, strings.ReplaceAll(b, "'", "''"))
	}
	return strings.Join(rows, ", ")
}

// writeDesk adds the checkers and the desk's data (deskStatements) to a
// generated database, in one transaction, then updates the planner's
// statistics.
func writeDesk(ctx context.Context, conn *sql.DB, at string) error {
	hash, err := auth.HashPassword(deskPassword)
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name LIKE 'checker%'`).Scan(&have); err != nil {
		return err
	}
	if have > 0 {
		return errors.New("the database has its desk already (users checker01…)")
	}
	for i := 1; i <= deskUsers; i++ {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (name, display_name, role, password_hash, created_at) VALUES (?, ?, 'editor', ?, ?)`,
			fmt.Sprintf("checker%02d", i), fmt.Sprintf("Checker %d", i), hash, at); err != nil {
			return fmt.Errorf("user: %w", err)
		}
	}
	for i, q := range deskStatements {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("desk statement %d: %w", i+1, err)
		}
	}
	if err := db.WriteSearchDocs(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// ANALYZE's table statistics (sqlite_stat1) steer the planner on a
	// million rows; its samples (sqlite_stat4) are dropped: with them
	// SQLite prepares a statement again whenever a value bound to an
	// indexed column changes, so that the store's kept statements were
	// parsed again on every search (half the search's CPU at 8 clients:
	// a rare word went from 336 to 760 requests a second without them).
	// factmark never runs ANALYZE itself.
	_, err = conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE); ANALYZE; DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;`)
	return err
}
