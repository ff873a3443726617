package db

import (
	"context"
	"database/sql"
	"slices"
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
		counts := map[string]map[string]int{"status": {}, "assignee": {}, "state": {}}
		if err := deskCounts(ctx, tx, counts); err != nil {
			return err
		}
		byStatus, byAssignee, byState := counts["status"], counts["assignee"], counts["state"]
		for _, st := range model.Statuses() {
			out.ByStatus = append(out.ByStatus, model.Count{Key: string(st), Label: st.Label(), N: byStatus[string(st)], URL: "/desk/claims?status=" + string(st)})
		}
		if n := byAssignee[""]; n > 0 {
			out.ByAssignee = append(out.ByAssignee, model.Count{Key: "-", Label: "nobody", N: n, URL: "/desk/claims?assignee=-"})
		}
		names := make([]string, 0, len(byAssignee))
		for n, count := range byAssignee {
			if n != "" && count > 0 {
				names = append(names, n)
			}
		}
		slices.Sort(names)
		for _, n := range names {
			out.ByAssignee = append(out.ByAssignee, model.Count{Key: n, Label: n, N: byAssignee[n], URL: "/desk/claims?assignee=" + n})
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

// deskCounts reads the counters the triggers of migration 0050 keep
// (claims by status and by assignee, articles by state) into m, by kind.
func deskCounts(ctx context.Context, tx *sql.Tx, m map[string]map[string]int) error {
	rows, err := tx.QueryContext(ctx, `SELECT kind, key, n FROM desk_counts`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			kind, key string
			n         int
		)
		if err := rows.Scan(&kind, &key, &n); err != nil {
			return err
		}
		if m[kind] != nil {
			m[kind][key] = n
		}
	}
	return rows.Err()
}

// weeks adds up each recent week's verdicts (status events from a working
// status, or from nothing, to a verdict) and publications from the daily
// counters the triggers of migration 0050 keep.
func weeks(ctx context.Context, tx *sql.Tx, now time.Time, out *model.Dashboard) error {
	first := now.AddDate(0, 0, -7*(model.DashboardWeeks-1))
	index := map[string]int{}
	for i := range model.DashboardWeeks {
		start := model.WeekStart(first.AddDate(0, 0, 7*i))
		index[start] = i
		out.Weeks = append(out.Weeks, model.WeekActivity{Start: start})
	}
	rows, err := tx.QueryContext(ctx, `SELECT day, checked, published FROM desk_days WHERE day >= ?`, out.Weeks[0].Start)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			day                string
			checked, published int
		)
		if err := rows.Scan(&day, &checked, &published); err != nil {
			return err
		}
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			continue // not a date: written by hand, not by a trigger
		}
		if i, ok := index[model.WeekStart(t)]; ok {
			out.Weeks[i].Checked += checked
			out.Weeks[i].Published += published
		}
	}
	return rows.Err()
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
		cond += ` AND c.assignee = ? AND c.assignee <> ''` // the partial index
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
