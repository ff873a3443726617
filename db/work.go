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
		claims, err := loadClaims(ctx, tx, `c.assignee = ?`, user)
		if err != nil {
			return err
		}
		byArticle := map[int64][]model.WorkClaim{}
		var ids []int64
		for _, c := range claims {
			if c.Publication.IsPublished() {
				continue
			}
			if _, seen := byArticle[c.ArticleID]; !seen {
				ids = append(ids, c.ArticleID)
			}
			byArticle[c.ArticleID] = append(byArticle[c.ArticleID], model.WorkClaim{ID: c.ID, Number: c.Number, Statement: c.Statement,
				Status: c.Status, Due: c.Due, URL: model.ClaimURL(c.ArticleID, c.ID)})
		}
		list, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, title, assignee, due FROM articles
			WHERE assignee = ? OR id IN (SELECT value FROM json_each(?))`, user, string(list))
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
