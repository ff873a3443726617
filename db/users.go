package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// ValidUserName reports whether name can be a login: 1 to 64 letters,
// digits, dots, hyphens or underscores.
func ValidUserName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		ok := r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return false
		}
	}
	return true
}

// CountUsers returns how many accounts exist.
func (d *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// CreateUser adds an account. When firstOnly is set it succeeds only while no
// account exists, so that two people racing through the setup page cannot
// both become admin.
func (d *DB) CreateUser(ctx context.Context, u model.User, firstOnly bool) (model.User, error) {
	if !ValidUserName(u.Name) {
		return model.User{}, model.Invalid("name", "A user name is 1 to 64 letters, digits, dots, hyphens or underscores.")
	}
	if !u.Role.Valid() {
		return model.User{}, model.Invalid("role", "Unknown role %q: use admin, editor or viewer.", u.Role)
	}
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	u.CreatedAt = d.now()
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if firstOnly {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return model.Errorf(model.ECONFLICT, "Setup is already done: log in instead.")
			}
		}
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, u.Name).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return &model.Error{Code: model.ECONFLICT, Field: "name", Message: fmt.Sprintf("A user called %q already exists.", u.Name)}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO users (name, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			u.Name, u.DisplayName, u.Role, u.PasswordHash, formatTime(u.CreatedAt))
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		u.ID, err = res.LastInsertId()
		return err
	})
	return u, err
}

const userColumns = `u.id, u.name, u.display_name, u.role, u.password_hash, u.created_at`

func scanUser(row interface{ Scan(...any) error }) (model.User, error) {
	var (
		u       model.User
		created string
	)
	err := row.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Role, &u.PasswordHash, &created)
	u.CreatedAt = parseTime(created)
	return u, err
}

// UserByName returns the account called name.
func (d *DB) UserByName(ctx context.Context, name string) (model.User, error) {
	u, err := scanUser(d.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return u, model.Errorf(model.ENOTFOUND, "There is no user called %q.", name)
	}
	return u, err
}

// ListUsers returns every account, by name.
func (d *DB) ListUsers(ctx context.Context) ([]model.User, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateSession records a login session by the hash of its token.
func (d *DB) CreateSession(ctx context.Context, userID int64, tokenHash string, ttl time.Duration) error {
	now := d.now()
	return d.inTx(ctx, func(tx *sql.Tx) error {
		// Expired sessions are cleaned up here rather than by a timer: logins
		// are rare enough and it keeps the process free of background work.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, formatTime(now), formatTime(now.Add(ttl)))
		return err
	})
}

// SessionUser returns the user of an unexpired session.
func (d *DB) SessionUser(ctx context.Context, tokenHash string) (model.User, error) {
	u, err := scanUser(d.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, formatTime(d.now())))
	if errors.Is(err, sql.ErrNoRows) {
		return u, model.Errorf(model.EUNAUTHORIZED, "Your session has expired: log in again.")
	}
	return u, err
}

// DeleteSession ends a session.
func (d *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// CreateToken records an API token for the user called name by the hash of
// the token.
func (d *DB) CreateToken(ctx context.Context, name, tokenHash string) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "There is no user called %q.", name)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)`, id, tokenHash, formatTime(d.now()))
		return err
	})
}

// TokenUser returns the user an API token belongs to.
func (d *DB) TokenUser(ctx context.Context, tokenHash string) (model.User, error) {
	u, err := scanUser(d.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return u, model.Errorf(model.EUNAUTHORIZED, "The API token is not valid.")
	}
	return u, err
}
