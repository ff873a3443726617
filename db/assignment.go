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

// checkAssignee checks that name, the user a claim or an article (what) is
// being assigned to, has an active account; "" (nobody) always passes. A
// deactivated account cannot log in to do the work, so it is refused like
// an unknown one, each with its own message.
func checkAssignee(ctx context.Context, q queryer, name, field, what string) error {
	if name == "" {
		return nil
	}
	var active bool
	err := q.QueryRowContext(ctx, `SELECT active FROM users WHERE name = ?`, name).Scan(&active)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return model.Invalid(field, "There is no user called %q to assign %s to: give the login name of an account.", name, what)
	case err != nil:
		return err
	case !active:
		return model.Invalid(field, "The account %q is deactivated: assign %s to an active user.", name, what)
	}
	return nil
}

// AssignArticle sets who is responsible for article id and by when: a
// change of assignee or due date is an event of the article's history,
// written in the same transaction, with a new version of the article when
// anything changed. The assignee must have an active account; a stale
// IfVersion fails with EPRECONDITION.
func (d *DB) AssignArticle(ctx context.Context, id int64, as model.ArticleAssignment, by string) (model.Article, error) {
	if err := as.Normalize(); err != nil {
		return model.Article{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		a, err := article(ctx, tx, id)
		if err != nil {
			return err
		}
		if as.IfVersion != 0 && as.IfVersion != a.Version {
			return &model.Error{Code: model.EPRECONDITION, Current: a,
				Message: fmt.Sprintf("The article is at version %d; If-Match named %d: reload it and apply your change again.", a.Version, as.IfVersion)}
		}
		changed := false
		if as.Assignee != nil && *as.Assignee != a.Assignee {
			if err := checkAssignee(ctx, tx, *as.Assignee, "assignee", "the article"); err != nil {
				return err
			}
			if err := setArticleField(ctx, tx, id, model.EventAssignee, a.Assignee, *as.Assignee, now, by); err != nil {
				return err
			}
			changed = true
		}
		if as.Due != nil && *as.Due != a.Due {
			if err := setArticleField(ctx, tx, id, model.EventDue, a.Due, *as.Due, now, by); err != nil {
				return err
			}
			changed = true
		}
		if as.State != nil && *as.State != a.State {
			if err := checkStateMove(ctx, tx, a, *as.State, as.RequireCheck); err != nil {
				return err
			}
			if err := setArticleField(ctx, tx, id, model.EventState, string(a.State), string(*as.State), now, by); err != nil {
				return err
			}
			changed = true
		}
		if !changed {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE articles SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`, formatTime(now), by, id)
		return err
	})
	if err != nil {
		return model.Article{}, err
	}
	return d.Article(ctx, id)
}

// setArticleField sets one of the article's desk columns (assignee, due,
// state: the event field names the column) and records the change in its
// history.
func setArticleField(ctx context.Context, tx *sql.Tx, id int64, field model.EventField, from, to string, now time.Time, by string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET `+string(field)+` = ? WHERE id = ?`, to, id); err != nil {
		return fmt.Errorf("set article %s: %w", field, err)
	}
	return addArticleEvent(ctx, tx, id, model.Event{At: now, User: by, Field: field, From: from, To: to})
}

func addArticleEvent(ctx context.Context, q queryer, articleID int64, e model.Event) error {
	_, err := q.ExecContext(ctx, `INSERT INTO article_events (article_id, at, user_name, field, from_val, to_val, comment) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		articleID, formatTime(e.At), e.User, e.Field, e.From, e.To, e.Comment)
	if err != nil {
		return fmt.Errorf("insert article event: %w", err)
	}
	return nil
}

// ArticleEvents returns the history of an article's own desk fields
// (assignee, due date, state), oldest first; its claims' histories are
// apart (History, ArticleHistory).
func (d *DB) ArticleEvents(ctx context.Context, articleID int64) ([]model.Event, error) {
	out := []model.Event{}
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, at, user_name, field, from_val, to_val, comment FROM article_events WHERE article_id = ? ORDER BY id`, articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				e  model.Event
				at string
			)
			if err := rows.Scan(&e.ID, &at, &e.User, &e.Field, &e.From, &e.To, &e.Comment); err != nil {
				return err
			}
			e.At = parseTime(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// checkStateMove refuses (ECONFLICT) to move article a to ready while any
// of its claims blocks it, and to published unless it is ready (and still
// nothing blocks it); a move back is always allowed.
func checkStateMove(ctx context.Context, tx *sql.Tx, a model.Article, to model.ArticleState, requireCheck bool) error {
	if to != model.ArticleReady && to != model.ArticlePublished {
		return nil
	}
	if to == model.ArticlePublished && a.State != model.ArticleReady {
		return &model.Error{Code: model.ECONFLICT, Field: "state",
			Message: fmt.Sprintf("The article is %s: it goes to published from ready only, once nothing blocks it.", strings.ToLower(a.State.Label()))}
	}
	claims, err := loadClaims(ctx, tx, `c.article_id = ?`, a.ID)
	if err != nil {
		return err
	}
	if bs := model.ReadyBlockers(claims, requireCheck); len(bs) > 0 {
		return &model.Error{Code: model.ECONFLICT, Field: "state", Message: model.BlockersMessage(to, bs), Current: bs}
	}
	return nil
}
