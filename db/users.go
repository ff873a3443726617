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

// ValidUserName reports whether name can be a login: 1 to 64 ASCII letters,
// digits, dots, hyphens or underscores, not only dots (the name is a path
// segment of the admin page's URLs, where "." and ".." mean something else).
func ValidUserName(name string) bool {
	if name == "" || len(name) > 64 || strings.Trim(name, ".") == "" {
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
		return model.User{}, model.Invalid("name", "A user name is 1 to 64 ASCII letters (a to z, without accents), digits, dots, hyphens or underscores, and not dots alone.")
	}
	if !u.Role.Valid() {
		return model.User{}, model.Invalid("role", "Unknown role %q: use admin, editor or viewer.", u.Role)
	}
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	u.CreatedAt = d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if firstOnly {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return model.Errorf(model.ECONFLICT, "Setup is already done: log in instead.")
			}
		}
		// Names are unique whatever their case: "vic" and "Vic" would be
		// two accounts that look alike in every list and log line. Logging
		// in stays exact. (Names are ASCII, which NOCASE folds.)
		var existing string
		err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE name = ? COLLATE NOCASE`, u.Name).Scan(&existing)
		switch {
		case err == nil && existing == u.Name:
			return &model.Error{Code: model.ECONFLICT, Field: "name", Message: fmt.Sprintf("A user called %q already exists.", u.Name)}
		case err == nil:
			return &model.Error{Code: model.ECONFLICT, Field: "name", Message: fmt.Sprintf("A user called %q already exists: names that differ only in case are the same name.", existing)}
		case !errors.Is(err, sql.ErrNoRows):
			return err
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

const userColumns = `u.id, u.name, u.display_name, u.role, u.password_hash, u.created_at, u.active, u.last_login_at, u.publisher`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (model.User, error) {
	var (
		u                model.User
		created, lastLog string
	)
	err := row.Scan(append([]any{&u.ID, &u.Name, &u.DisplayName, &u.Role, &u.PasswordHash, &created, &u.Active, &lastLog, &u.Publisher}, extra...)...)
	u.CreatedAt, u.LastLoginAt = parseTime(created), parseTime(lastLog)
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

// touchEvery is how stale a session's last_seen_at or a token's
// last_used_at may get before a request writes it again: often enough for
// the idle timeout and the account page, rarely enough that reads stay
// reads.
const touchEvery = time.Minute

// storageDown reports whether err says the storage refuses writes (a full
// disk, a read-only file). Recording when a session or token was last used
// is bookkeeping: it must not turn a read into an error while the data can
// still be read.
func storageDown(err error) bool {
	code := model.ErrorCode(err)
	return code == model.EFULL || code == model.EUNAVAILABLE
}

// CreateSession records a login session by the hash of its token, and the
// login as the user's last.
func (d *DB) CreateSession(ctx context.Context, userID int64, tokenHash string, ttl time.Duration) error {
	now := d.now()
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		// Expired sessions are cleaned up here rather than by a timer: logins
		// are rare enough and it keeps the process free of background work.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, formatTime(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
			tokenHash, userID, formatTime(now), formatTime(now.Add(ttl)), formatTime(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, formatTime(now), userID)
		return err
	})
}

// SessionUser returns the active user of a session that has neither
// reached its maximum age nor been idle for idle (0: no idle limit). It
// records the session as seen at most once every touchEvery, so that most
// requests only read.
func (d *DB) SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (model.User, error) {
	now := d.now()
	var lastSeen string
	u, err := scanUser(d.read.QueryRowContext(ctx, `SELECT `+userColumns+`, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1`, tokenHash, formatTime(now)), &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return u, model.Errorf(model.EUNAUTHORIZED, "Your session has expired: log in again.")
	}
	if err != nil {
		return u, err
	}
	seen := parseTime(lastSeen)
	if idle > 0 && !now.Before(seen.Add(idle)) {
		return model.User{}, model.Errorf(model.EUNAUTHORIZED, "Your session has expired after %s without use: log in again.", idle)
	}
	if now.Sub(seen) >= touchEvery {
		if err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, formatTime(now), tokenHash)
			return err
		}); err != nil && !storageDown(err) {
			return model.User{}, err
		}
	}
	return u, nil
}

// DeleteSession ends a session.
func (d *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// CreateToken records an API token for the user called name by the hash of
// the token.
func (d *DB) CreateToken(ctx context.Context, name, tokenHash string) error {
	_, err := d.CreateAPIToken(ctx, model.NewToken{UserName: name}, tokenHash)
	return err
}

// TokenUser returns the active user an API token belongs to, and the token;
// a deactivated user's token is refused, saying so. It records the token as used at most once every touchEvery.
func (d *DB) TokenUser(ctx context.Context, tokenHash string) (model.User, model.APIToken, error) {
	var (
		t                 model.APIToken
		created, lastUsed string
	)
	u, err := scanUser(d.read.QueryRowContext(ctx, `SELECT `+userColumns+`, t.id, t.label, t.read_only, t.created_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, tokenHash),
		&t.ID, &t.Label, &t.ReadOnly, &created, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return u, t, model.Errorf(model.EUNAUTHORIZED, "The API token is not valid.")
	}
	if err != nil {
		return u, t, err
	}
	if !u.Active {
		// Only the token's holder can name it, so saying whose it is tells
		// them nothing new, and tells them whom to ask.
		return model.User{}, model.APIToken{}, model.Errorf(model.EUNAUTHORIZED, "This API token belongs to %s, whose account is deactivated: ask an admin to reactivate it.", u.Name)
	}
	t.UserID, t.UserName, t.CreatedAt, t.LastUsedAt = u.ID, u.Name, parseTime(created), parseTime(lastUsed)
	now := d.now()
	if now.Sub(t.LastUsedAt) >= touchEvery {
		if err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, formatTime(now), t.ID)
			return err
		}); err != nil && !storageDown(err) {
			return u, t, err
		}
		t.LastUsedAt = now
	}
	return u, t, nil
}
