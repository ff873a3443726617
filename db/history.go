package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/factmark/factmark/internal/model"
)

func addEvent(ctx context.Context, q queryer, e model.Event) error {
	_, err := q.ExecContext(ctx, `INSERT INTO claim_events (claim_id, at, user_name, field, from_val, to_val, comment) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.ClaimID, formatTime(e.At), e.User, e.Field, e.From, e.To, e.Comment)
	if err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	return nil
}

// History returns a claim's events, oldest first.
func (d *DB) History(ctx context.Context, claimID int64) ([]model.Event, error) {
	var out []model.Event
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := claim(ctx, tx, claimID); err != nil {
			return err
		}
		m, err := events(ctx, tx, `claim_id = ?`, claimID)
		out = m[claimID]
		return err
	})
	if out == nil {
		out = []model.Event{}
	}
	return out, err
}

// ArticleHistory returns the events of every claim of an article, by claim.
func (d *DB) ArticleHistory(ctx context.Context, articleID int64) (map[int64][]model.Event, error) {
	return events(ctx, d.read, `claim_id IN (SELECT id FROM claims WHERE article_id = ?)`, articleID)
}

func events(ctx context.Context, q queryer, cond string, arg any) (map[int64][]model.Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, claim_id, at, user_name, field, from_val, to_val, comment FROM claim_events WHERE `+cond+` ORDER BY id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]model.Event{}
	for rows.Next() {
		var (
			e  model.Event
			at string
		)
		if err := rows.Scan(&e.ID, &e.ClaimID, &at, &e.User, &e.Field, &e.From, &e.To, &e.Comment); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out[e.ClaimID] = append(out[e.ClaimID], e)
	}
	return out, rows.Err()
}
