package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// Dashboard counts the desk's work from one snapshot: claims by status and
// by assignee, articles by state, overdue claims (by the store's clock),
// claims awaiting a second check, and for each of the last
// model.DashboardWeeks weeks the claims given a verdict and the reviews
// published.
func (d *DB) Dashboard(ctx context.Context) (model.Dashboard, error) {
	now := d.now()
	var out model.Dashboard
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		byStatus := map[string]int{}
		if err := countInto(ctx, tx, byStatus, `SELECT status, count(*) FROM claims GROUP BY status`); err != nil {
			return err
		}
		for _, st := range model.Statuses() {
			out.ByStatus = append(out.ByStatus, model.Count{Key: string(st), Label: st.Label(), N: byStatus[string(st)], URL: "/desk/claims?status=" + string(st)})
		}
		byAssignee := map[string]int{}
		if err := countInto(ctx, tx, byAssignee, `SELECT assignee, count(*) FROM claims GROUP BY assignee`); err != nil {
			return err
		}
		if n := byAssignee[""]; n > 0 {
			out.ByAssignee = append(out.ByAssignee, model.Count{Key: "-", Label: "nobody", N: n, URL: "/desk/claims?assignee=-"})
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT assignee FROM claims WHERE assignee <> '' ORDER BY assignee`)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			names = append(names, n)
		}
		rows.Close()
		for _, n := range names {
			out.ByAssignee = append(out.ByAssignee, model.Count{Key: n, Label: n, N: byAssignee[n], URL: "/desk/claims?assignee=" + n})
		}
		byState := map[string]int{}
		if err := countInto(ctx, tx, byState, `SELECT state, count(*) FROM articles GROUP BY state`); err != nil {
			return err
		}
		for _, st := range model.ArticleStates() {
			out.ArticlesByState = append(out.ArticlesByState, model.Count{Key: string(st), Label: st.Label(), N: byState[string(st)], URL: "/?state=" + string(st)})
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM claims WHERE due <> '' AND due < ?`, now.Format(time.DateOnly)).Scan(&out.Overdue); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM claim_checks WHERE state = 'requested'`).Scan(&out.AwaitingCheck); err != nil {
			return err
		}
		return weeks(ctx, tx, now, &out)
	})
	return out, err
}

// countInto fills m from a query of (key, count) rows.
func countInto(ctx context.Context, tx *sql.Tx, m map[string]int, query string) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			k string
			n int
		)
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		m[k] = n
	}
	return rows.Err()
}

// weeks counts each recent week's verdicts (status events from a working
// status, or from nothing, to a verdict) and publications.
func weeks(ctx context.Context, tx *sql.Tx, now time.Time, out *model.Dashboard) error {
	first := now.AddDate(0, 0, -7*(model.DashboardWeeks-1))
	index := map[string]int{}
	for i := range model.DashboardWeeks {
		start := model.WeekStart(first.AddDate(0, 0, 7*i))
		index[start] = i
		out.Weeks = append(out.Weeks, model.WeekActivity{Start: start})
	}
	since := out.Weeks[0].Start + "T00:00:00Z"
	verdicts := `'verified', 'needs_context', 'misleading', 'false', 'unverifiable'`
	add := func(query string, f func(w *model.WeekActivity)) error {
		rows, err := tx.QueryContext(ctx, query, since)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var at string
			if err := rows.Scan(&at); err != nil {
				return err
			}
			if i, ok := index[model.WeekStart(parseTime(at))]; ok {
				f(&out.Weeks[i])
			}
		}
		return rows.Err()
	}
	if err := add(`SELECT at FROM claim_events WHERE field = 'status' AND to_val IN (`+verdicts+`) AND from_val NOT IN (`+verdicts+`) AND at >= ?`,
		func(w *model.WeekActivity) { w.Checked++ }); err != nil {
		return err
	}
	return add(`SELECT published_at FROM claim_publications WHERE published_at >= ?`, func(w *model.WeekActivity) { w.Published++ })
}

// DeskClaims lists the claims f selects, across articles, by article and
// position, with their articles' titles.
func (d *DB) DeskClaims(ctx context.Context, f model.ClaimFilter) ([]model.DeskClaim, error) {
	out := []model.DeskClaim{}
	cond, args := `1`, []any{}
	if f.Status != "" {
		cond += ` AND c.status = ?`
		args = append(args, f.Status)
	}
	switch f.Assignee {
	case "":
	case "-":
		cond += ` AND c.assignee = ''`
	default:
		cond += ` AND c.assignee = ?`
		args = append(args, f.Assignee)
	}
	if f.Overdue {
		cond += ` AND c.due <> '' AND c.due < ?`
		args = append(args, d.now().Format(time.DateOnly))
	}
	if f.AwaitingCheck {
		cond += ` AND c.id IN (SELECT claim_id FROM claim_checks WHERE state = 'requested')`
	}
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id FROM claims c WHERE `+cond+` ORDER BY c.article_id, c.start_pos, c.id LIMIT 500`, args...)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		claims, err := claimsByID(ctx, tx, ids)
		if err != nil {
			return err
		}
		titles := map[int64]string{}
		for _, c := range claims {
			if _, ok := titles[c.ArticleID]; !ok {
				var t string
				if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ?`, c.ArticleID).Scan(&t); err != nil {
					return err
				}
				titles[c.ArticleID] = t
			}
			out = append(out, model.DeskClaim{Claim: c, ArticleTitle: titles[c.ArticleID], URL: model.ClaimURL(c.ArticleID, c.ID)})
		}
		return nil
	})
	return out, err
}
