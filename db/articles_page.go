package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/factmark/factmark/internal/model"
)

// ListArticlesPage returns up to limit articles, newest first, that come
// after the article with id before in that order (from the newest when
// before is 0), with their claims counted by status, and the id to pass as
// before for the next page (0 when there is none). Only the page's rows are
// read (migration 0031), so a newsroom with 20,000 articles gets its home
// page as fast as one with 20. An unknown before gives the first page.
// A state other than "" lists only the articles in that state.
func (d *DB) ListArticlesPage(ctx context.Context, limit int, before int64, state model.ArticleState) ([]model.ArticleSummary, int64, error) {
	var (
		out  []model.ArticleSummary
		next int64
	)
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		// Two plain queries rather than one with OR, which SQLite would
		// answer by reading every article instead of the index.
		const columns = `SELECT a.id, a.title, a.byline, a.publication, a.url, a.published_at, a.lang, a.dir, '', '[]', '[]', a.revision, a.version,
			a.created_at, a.created_by, a.updated_at, a.updated_by, a.assignee, a.due, a.state FROM articles a
			WHERE (? = '' OR a.state = ?)`
		var after string
		if before != 0 {
			err := tx.QueryRowContext(ctx, `SELECT created_at FROM articles WHERE id = ?`, before).Scan(&after)
			if errors.Is(err, sql.ErrNoRows) {
				before = 0
			} else if err != nil {
				return err
			}
		}
		var (
			rows *sql.Rows
			err  error
		)
		if before == 0 {
			rows, err = tx.QueryContext(ctx, columns+` ORDER BY a.created_at DESC, a.id DESC LIMIT ?`, state, state, limit+1)
		} else {
			rows, err = tx.QueryContext(ctx, columns+` AND (a.created_at, a.id) < (?, ?) ORDER BY a.created_at DESC, a.id DESC LIMIT ?`, state, state, after, before, limit+1)
		}
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[int64]int{}
		var ids []int64
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			if len(out) == limit {
				next = out[len(out)-1].ID
				break
			}
			index[a.ID] = len(out)
			ids = append(ids, a.ID)
			out = append(out, model.ArticleSummary{Article: a, ClaimCounts: map[model.Status]int{}})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		counts, err := tx.QueryContext(ctx, `SELECT article_id, status, count(*) FROM claims
			WHERE article_id IN (SELECT value FROM json_each(?)) GROUP BY article_id, status`, string(list))
		if err != nil {
			return err
		}
		defer counts.Close()
		for counts.Next() {
			var (
				id     int64
				status model.Status
				n      int
			)
			if err := counts.Scan(&id, &status, &n); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].ClaimCounts[status] = n
				out[i].ClaimTotal += n
			}
		}
		return counts.Err()
	})
	return out, next, err
}
