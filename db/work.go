package db

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/factmark/factmark/internal/model"
)

// Work returns what is assigned to user and still to do: the claims
// assigned to them whose review is not published, and the articles
// assigned to them, grouped by article, in the order model.SortWork puts
// them, overdue marked on the store's clock.
func (d *DB) Work(ctx context.Context, user string) (model.Work, error) {
	w := model.Work{User: user, Articles: []model.WorkArticle{}}
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		claims, err := workClaims(ctx, tx, user)
		if err != nil {
			return err
		}
		byArticle := map[int64][]model.WorkClaim{}
		var ids []int64
		for _, c := range claims {
			if _, seen := byArticle[c.articleID]; !seen {
				ids = append(ids, c.articleID)
			}
			byArticle[c.articleID] = append(byArticle[c.articleID], c.WorkClaim)
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, workArticlesQuery, user, string(list))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				a        model.WorkArticle
				assignee string
			)
			if err := rows.Scan(&a.ID, &a.Title, &assignee, &a.Due); err != nil {
				return err
			}
			a.Assigned = assignee == user
			if !a.Assigned {
				// The article's due date is its assignee's, not this user's.
				a.Due = ""
			}
			a.URL = model.ArticleURL(a.ID)
			a.Claims = byArticle[a.ID]
			if a.Claims == nil {
				a.Claims = []model.WorkClaim{}
			}
			w.Articles = append(w.Articles, a)
		}
		return rows.Err()
	})
	if err != nil {
		return model.Work{}, err
	}
	model.SortWork(&w, d.now())
	return w, nil
}

// workClaim is a claim of My work and the article it is on.
type workClaim struct {
	model.WorkClaim
	articleID int64
}

// workClaimsQuery reads the claims assigned to a user whose review is not
// published. "assignee <> ”" lets SQLite use the partial index on
// assignee, which "assignee = ?" alone does not (? could be ”).
const workClaimsQuery = `SELECT c.id, c.article_id, c.number, c.statement, c.status, c.due FROM claims c
	WHERE c.assignee = ? AND c.assignee <> '' AND ` + claimPublished + ` <> 'published'`

// workArticlesQuery reads the articles assigned to a user and those of
// the listed ids (a JSON array): two terms of a UNION rather than an OR,
// so that each reads its index.
const workArticlesQuery = `SELECT id, title, assignee, due FROM articles WHERE assignee = ? AND assignee <> ''
	UNION SELECT id, title, assignee, due FROM articles WHERE id IN (SELECT value FROM json_each(?))`

// workClaims reads the claims assigned to user whose review is not
// published: only the columns My work shows, from the partial index on
// assignee, rather than whole claims with their parties and sources.
func workClaims(ctx context.Context, tx *sql.Tx, user string) ([]workClaim, error) {
	rows, err := tx.QueryContext(ctx, workClaimsQuery, user)
	if err != nil {
		return nil, err
	}
	var out []workClaim
	for rows.Next() {
		var c workClaim
		if err := rows.Scan(&c.ID, &c.articleID, &c.Number, &c.Statement, &c.Status, &c.Due); err != nil {
			rows.Close()
			return nil, err
		}
		c.URL = model.ClaimURL(c.articleID, c.ID)
		out = append(out, c)
	}
	return out, closeRows(rows)
}
