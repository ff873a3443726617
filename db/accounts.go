package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
)

// MaxTokenLabel is the longest API token label, in characters.
const MaxTokenLabel = 100

// userIDByName returns the id of the user called name inside tx.
func userIDByName(ctx context.Context, q queryer, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, model.Errorf(model.ENOTFOUND, "There is no user called %q.", name)
	}
	return id, err
}

// UpdateUser changes an account's role, active flag, publisher flag or
// password. Every
// session of a deactivated user, or of one whose password an admin reset,
// ends at once. A change that would leave no active admin is refused with
// ECONFLICT, so that someone can always administer the accounts.
func (d *DB) UpdateUser(ctx context.Context, name string, ch model.UserChange) (model.User, error) {
	if ch.Role != nil && !ch.Role.Valid() {
		return model.User{}, model.Invalid("role", "Unknown role %q: use admin, editor or viewer.", *ch.Role)
	}
	var u model.User
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		id, err := userIDByName(ctx, tx, name)
		if err != nil {
			return err
		}
		if ch.Role != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, *ch.Role, id); err != nil {
				return err
			}
		}
		if ch.Active != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET active = ? WHERE id = ?`, *ch.Active, id); err != nil {
				return err
			}
		}
		if ch.Publisher != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET publisher = ? WHERE id = ?`, *ch.Publisher, id); err != nil {
				return err
			}
		}
		if ch.PasswordHash != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, *ch.PasswordHash, id); err != nil {
				return err
			}
		}
		if err := ensureAnAdmin(ctx, tx, name); err != nil {
			return err
		}
		if (ch.Active != nil && !*ch.Active) || ch.PasswordHash != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
		return err
	})
	return u, err
}

// ensureAnAdmin fails when no active admin is left after changing name.
func ensureAnAdmin(ctx context.Context, tx *sql.Tx, name string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND active = 1`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return model.Errorf(model.ECONFLICT, "%s is the last active admin: make another user an admin first, so that someone can still manage the accounts.", name)
	}
	return nil
}

// ChangePassword sets the user's own new password and ends every other
// session of theirs (keepSession is the hash of the one to keep); their API
// tokens stay.
func (d *DB) ChangePassword(ctx context.Context, userID int64, passwordHash, keepSession string) error {
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.NotFound("user", userID)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepSession)
		return err
	})
}

// CreateAPIToken records an API token for nt.UserName by the hash of the
// token.
func (d *DB) CreateAPIToken(ctx context.Context, nt model.NewToken, tokenHash string) (model.APIToken, error) {
	label := strings.TrimSpace(nt.Label)
	if utf8.RuneCountInString(label) > MaxTokenLabel {
		return model.APIToken{}, model.Invalid("label", "A token label is at most %d characters.", MaxTokenLabel)
	}
	if strings.ContainsFunc(label, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return model.APIToken{}, model.Invalid("label", "A token label cannot hold control characters.")
	}
	t := model.APIToken{UserName: nt.UserName, Label: label, ReadOnly: nt.ReadOnly, CreatedAt: d.now()}
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		id, err := userIDByName(ctx, tx, nt.UserName)
		if err != nil {
			return err
		}
		t.UserID = id
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, created_at, label, read_only) VALUES (?, ?, ?, ?, ?)`,
			id, tokenHash, formatTime(t.CreatedAt), t.Label, t.ReadOnly)
		if err != nil {
			return fmt.Errorf("insert token: %w", err)
		}
		t.ID, err = res.LastInsertId()
		return err
	})
	return t, err
}

// ListTokens returns the API tokens of the user called name, or everyone's
// when name is empty, oldest first.
func (d *DB) ListTokens(ctx context.Context, name string) ([]model.APIToken, error) {
	q := `SELECT t.id, t.user_id, u.name, t.label, t.read_only, t.created_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id`
	args := []any{}
	if name != "" {
		if _, err := userIDByName(ctx, d.read, name); err != nil {
			return nil, err
		}
		q += ` WHERE u.name = ?`
		args = append(args, name)
	}
	rows, err := d.read.QueryContext(ctx, q+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.APIToken
	for rows.Next() {
		var (
			t                 model.APIToken
			created, lastUsed string
		)
		if err := rows.Scan(&t.ID, &t.UserID, &t.UserName, &t.Label, &t.ReadOnly, &created, &lastUsed); err != nil {
			return nil, err
		}
		t.CreatedAt, t.LastUsedAt = parseTime(created), parseTime(lastUsed)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken deletes API token id. With ownerID other than 0 it deletes it
// only if it belongs to that user, so that nobody can revoke another's
// token by guessing its id.
func (d *DB) RevokeToken(ctx context.Context, id, ownerID int64) error {
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		q, args := `DELETE FROM api_tokens WHERE id = ?`, []any{id}
		if ownerID != 0 {
			q, args = q+` AND user_id = ?`, append(args, ownerID)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.NotFound("API token", id)
		}
		return nil
	})
}

// Secret returns the server secret called name, making a random 32-byte
// one the first time. It lives in the database so that it survives
// restarts and every process serving the file shares it.
func (d *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := d.read.QueryRowContext(ctx, `SELECT value FROM server_secrets WHERE name = ?`, name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	err = d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		// Another process may have made it meanwhile: keep the first.
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)`, name, fresh, formatTime(d.now())); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM server_secrets WHERE name = ?`, name).Scan(&v)
	})
	return v, err
}
