package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
)

// SaveSearch keeps a search under a name for a user. Saving again under a
// name the user already has replaces that search's query: the name is how
// they find it again.
func (d *DB) SaveSearch(ctx context.Context, userID int64, name, query string) (model.SavedSearch, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return model.SavedSearch{}, model.Invalid("name", "Give the search a name.")
	case utf8.RuneCountInString(name) > model.MaxSavedSearchName:
		return model.SavedSearch{}, model.Invalid("name", "The name is too long: at most %d characters.", model.MaxSavedSearchName)
	case query == "":
		return model.SavedSearch{}, model.Invalid("query", "There is no search to save: search for something first.")
	}
	var s model.SavedSearch
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var created string
		err := tx.QueryRowContext(ctx, `INSERT INTO saved_searches (user_id, name, query, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, name) DO UPDATE SET query = excluded.query
			RETURNING id, name, query, created_at`, userID, name, query, formatTime(d.now())).Scan(&s.ID, &s.Name, &s.Query, &created)
		if err != nil {
			return fmt.Errorf("save search: %w", err)
		}
		s.CreatedAt = parseTime(created)
		return nil
	})
	return s, err
}

// SavedSearches lists a user's saved searches by name.
func (d *DB) SavedSearches(ctx context.Context, userID int64) ([]model.SavedSearch, error) {
	var out []model.SavedSearch
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, query, created_at FROM saved_searches WHERE user_id = ? ORDER BY name COLLATE NOCASE, id`, userID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s model.SavedSearch
			var created string
			if err := rows.Scan(&s.ID, &s.Name, &s.Query, &created); err != nil {
				rows.Close()
				return err
			}
			s.CreatedAt = parseTime(created)
			out = append(out, s)
		}
		return closeRows(rows)
	})
	return out, err
}

// DeleteSavedSearch deletes one of the user's saved searches; another
// user's is not found.
func (d *DB) DeleteSavedSearch(ctx context.Context, userID, id int64) error {
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM saved_searches WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return model.NotFound("Saved search", id)
		}
		return nil
	})
}
