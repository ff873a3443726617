package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// Comments returns claim id's discussion, oldest first, without the
// deleted comments.
func (d *DB) Comments(ctx context.Context, claimID int64) ([]model.Comment, error) {
	out := []model.Comment{}
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := claim(ctx, tx, claimID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, claim_id, author, body, created_at, updated_at, edited FROM comments
			WHERE claim_id = ? AND deleted = 0 ORDER BY id`, claimID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanComment(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

func scanComment(row interface{ Scan(...any) error }) (model.Comment, error) {
	var (
		c                model.Comment
		created, updated string
	)
	err := row.Scan(&c.ID, &c.ClaimID, &c.Author, &c.Body, &created, &updated, &c.Edited)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	return c, err
}

// AddComment posts a comment on claim id's discussion as by: the comment,
// its history event and the notifications of the users it mentions
// (@name, active accounts other than by) commit together. The claim's
// version stays: a comment changes nothing an editor is editing.
func (d *DB) AddComment(ctx context.Context, claimID int64, body, by string) (model.Comment, error) {
	body, err := model.NormalizeCommentBody(body)
	if err != nil {
		return model.Comment{}, err
	}
	now := d.now()
	var id int64
	err = d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := claim(ctx, tx, claimID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO comments (claim_id, author, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			claimID, by, body, formatTime(now), formatTime(now))
		if err != nil {
			return fmt.Errorf("insert comment: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: model.EventComment, To: body}); err != nil {
			return err
		}
		return notifyMentions(ctx, tx, claimID, body, by, now)
	})
	if err != nil {
		return model.Comment{}, err
	}
	return d.comment(ctx, id)
}

// EditComment changes the body of comment id, which only its author may
// (EFORBIDDEN otherwise); the old and new bodies go into the claim's
// history, and users newly mentioned are notified. On an error the comment
// as stored, when there is one, comes with it, so that a form can show the
// error where the comment is.
func (d *DB) EditComment(ctx context.Context, id int64, body, by string) (model.Comment, error) {
	now := d.now()
	var cur model.Comment
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := ownComment(ctx, tx, id, by, "edit")
		cur = c
		if err != nil {
			return err
		}
		if body, err = model.NormalizeCommentBody(body); err != nil {
			return err
		}
		if c.Body == body {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET body = ?, updated_at = ?, edited = 1 WHERE id = ?`, body, formatTime(now), id); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, model.Event{ClaimID: c.ClaimID, At: now, User: by, Field: model.EventComment, From: c.Body, To: body}); err != nil {
			return err
		}
		before := map[string]bool{}
		for _, n := range model.Mentions(c.Body) {
			before[n] = true
		}
		return notifyMentionsExcept(ctx, tx, c.ClaimID, body, by, now, before)
	})
	if err != nil {
		return cur, err
	}
	return d.comment(ctx, id)
}

// DeleteComment removes comment id from the discussion; only its author
// may (EFORBIDDEN otherwise). Its body stays in the claim's history.
func (d *DB) DeleteComment(ctx context.Context, id int64, by string) (model.Comment, error) {
	now := d.now()
	var c model.Comment
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if c, err = ownComment(ctx, tx, id, by, "delete"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET deleted = 1, updated_at = ? WHERE id = ?`, formatTime(now), id); err != nil {
			return err
		}
		return addEvent(ctx, tx, model.Event{ClaimID: c.ClaimID, At: now, User: by, Field: model.EventComment, From: c.Body})
	})
	return c, err
}

// comment reads comment id, deleted or not.
func (d *DB) comment(ctx context.Context, id int64) (model.Comment, error) {
	c, err := scanComment(d.read.QueryRowContext(ctx, `SELECT id, claim_id, author, body, created_at, updated_at, edited FROM comments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, model.NotFound("Comment", id)
	}
	return c, storageError(err, false)
}

// ownComment loads comment id, present, for its author by to change (what
// says how, for the refusal).
func ownComment(ctx context.Context, tx *sql.Tx, id int64, by, what string) (model.Comment, error) {
	c, err := scanComment(tx.QueryRowContext(ctx, `SELECT id, claim_id, author, body, created_at, updated_at, edited FROM comments WHERE id = ? AND deleted = 0`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, model.NotFound("Comment", id)
	}
	if err != nil {
		return c, err
	}
	if c.Author != by {
		return c, model.Errorf(model.EFORBIDDEN, "Only %s, who wrote this comment, may %s it.", c.Author, what)
	}
	return c, nil
}

// notifyMentions notifies the active users body mentions, but by.
func notifyMentions(ctx context.Context, tx *sql.Tx, claimID int64, body, by string, now time.Time) error {
	return notifyMentionsExcept(ctx, tx, claimID, body, by, now, nil)
}

// notifyMentionsExcept is notifyMentions leaving out the names in skip
// (already mentioned before an edit).
func notifyMentionsExcept(ctx context.Context, tx *sql.Tx, claimID int64, body, by string, now time.Time, skip map[string]bool) error {
	for _, name := range model.Mentions(body) {
		if name == by || skip[name] {
			continue
		}
		if err := notify(ctx, tx, name, model.NotifyMentioned, claimID, by, model.Excerpt(body, 140), now); err != nil {
			return err
		}
	}
	return nil
}
