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

// notify records a notification for user, when user is an active account
// (an imported history's names may have none here).
func notify(ctx context.Context, tx *sql.Tx, user string, kind model.NotificationKind, claimID int64, actor, detail string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_name, kind, claim_id, actor, detail, at)
		SELECT name, ?, ?, ?, ?, ? FROM users WHERE name = ? AND active = 1`, kind, claimID, actor, detail, formatTime(now), user)
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// followers are the users who follow claim id: who created it, who was
// ever assigned it, who commented on it.
func followers(ctx context.Context, tx *sql.Tx, claimID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT created_by FROM claims WHERE id = ?1
		UNION SELECT assignee FROM claims WHERE id = ?1 AND assignee <> ''
		UNION SELECT to_val FROM claim_events WHERE claim_id = ?1 AND field = 'assignee' AND to_val <> ''
		UNION SELECT author FROM comments WHERE claim_id = ?1`, claimID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// notifyEvents notifies the users concerned by the events of one write to
// a claim: its new assignee, and its followers of a status change, a
// publication, a second check's step, or a revision that orphaned it. Whoever made the change is not
// notified of it.
func notifyEvents(ctx context.Context, tx *sql.Tx, events []model.Event) error {
	var follow []string
	loaded := false
	for _, e := range events {
		kind, detail := model.NotificationKind(""), ""
		switch {
		case e.Field == model.EventAssignee && e.To != "" && e.To != e.User:
			if err := notify(ctx, tx, e.To, model.NotifyAssigned, e.ClaimID, e.User, "", e.At); err != nil {
				return err
			}
			continue
		case e.Field == model.EventStatus && e.From != e.To:
			kind, detail = model.NotifyStatus, e.To
		case e.Field == model.EventPublication && strings.HasPrefix(e.To, "published "):
			kind = model.NotifyPublished
		case e.Field == model.EventAnchor && e.To == "" && e.From != "":
			kind = model.NotifyOrphaned
		case e.Field == model.EventCheck && e.To == string(model.CheckRequested):
			kind = model.NotifyCheckRequested
		case e.Field == model.EventCheck:
			kind, detail = model.NotifyCheckDecided, e.To
		default:
			continue
		}
		if !loaded {
			var err error
			if follow, err = followers(ctx, tx, e.ClaimID); err != nil {
				return err
			}
			loaded = true
		}
		for _, name := range follow {
			if name == e.User {
				continue
			}
			if err := notify(ctx, tx, name, kind, e.ClaimID, e.User, detail, e.At); err != nil {
				return err
			}
		}
	}
	return nil
}

// Notifications returns user's notifications, newest first, at most limit.
func (d *DB) Notifications(ctx context.Context, user string, limit int) ([]model.Notification, error) {
	out := []model.Notification{}
	rows, err := d.read.QueryContext(ctx, `SELECT n.id, n.kind, n.claim_id, c.article_id, c.number, a.title, n.actor, n.detail, n.at, n.read_at
		FROM notifications n JOIN claims c ON c.id = n.claim_id JOIN articles a ON a.id = c.article_id
		WHERE n.user_name = ? ORDER BY n.id DESC LIMIT ?`, user, limit)
	if err != nil {
		return nil, storageError(err, false)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			n    model.Notification
			at   string
			read sql.NullString
		)
		if err := rows.Scan(&n.ID, &n.Kind, &n.ClaimID, &n.ArticleID, &n.ClaimNumber, &n.ArticleTitle, &n.Actor, &n.Detail, &at, &read); err != nil {
			return nil, err
		}
		n.At = parseTime(at)
		if read.Valid {
			t := parseTime(read.String)
			n.ReadAt = &t
		}
		n.Describe()
		out = append(out, n)
	}
	return out, storageError(rows.Err(), false)
}

// UnreadCount is how many of user's notifications are unread.
func (d *DB) UnreadCount(ctx context.Context, user string) (int, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_name = ? AND read_at IS NULL`, user).Scan(&n)
	return n, storageError(err, false)
}

// MarkRead marks user's notification id read (id 0: all of them). Another
// user's notification is not found.
func (d *DB) MarkRead(ctx context.Context, user string, id int64) error {
	now := formatTime(d.now())
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if id == 0 {
			_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_name = ? AND read_at IS NULL`, now, user)
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE user_name = ? AND id = ?`, now, user, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return model.NotFound("Notification", id)
		}
		return nil
	})
}

// SetFeedToken gives user a new Atom feed token (stored as its hash),
// replacing any earlier one, which stops working.
func (d *DB) SetFeedToken(ctx context.Context, user, tokenHash string) error {
	now := formatTime(d.now())
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO feed_tokens (user_name, token_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (user_name) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, user, tokenHash, now)
		return err
	})
}

// RevokeFeedToken ends user's Atom feed token, if any.
func (d *DB) RevokeFeedToken(ctx context.Context, user string) error {
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM feed_tokens WHERE user_name = ?`, user)
		return err
	})
}

// HasFeedToken reports whether user has an Atom feed token.
func (d *DB) HasFeedToken(ctx context.Context, user string) (bool, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM feed_tokens WHERE user_name = ?`, user).Scan(&n)
	return n > 0, storageError(err, false)
}

// FeedUser returns the active user whose feed token hashes to tokenHash;
// an unknown or revoked token, or a deactivated user's, is ENOTFOUND.
func (d *DB) FeedUser(ctx context.Context, tokenHash string) (string, error) {
	var name string
	err := d.read.QueryRowContext(ctx, `SELECT f.user_name FROM feed_tokens f JOIN users u ON u.name = f.user_name
		WHERE f.token_hash = ? AND u.active = 1`, tokenHash).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", model.Errorf(model.ENOTFOUND, "No feed at this address: its token was revoked or never existed.")
	}
	return name, storageError(err, false)
}
