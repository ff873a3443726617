package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// The dashboard's counters (migration 0050) say what counting the rows
// says, after every kind of write that moves them: claims created,
// assigned, given a status, published, withdrawn and deleted, an article's
// state changed, and an article deleted with its claims (a cascade).
func TestDashboardCountersMatchRows(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	c1 := f.claimOn(t, "Tickets will cost €4", model.NewClaim{Assignee: "rita"})
	c2 := f.claimOn(t, "the first boat", model.NewClaim{})
	c3 := f.claimOn(t, "sails in May", model.NewClaim{Assignee: "ed"})
	steps := []struct {
		name string
		do   func() error
	}{
		{"created", func() error { return nil }},
		{"status and assignee", func() error {
			_, err := f.UpdateClaim(ctx, c1.ID, model.ClaimUpdate{Status: ptr(model.StatusVerified), Assignee: ptr("ed")}, "ed")
			return err
		}},
		{"published", func() error {
			_, err := f.PublishClaim(ctx, c1.ID, model.Publish{Rationale: "The fare table."}, "ed")
			return err
		}},
		{"withdrawn", func() error {
			_, err := f.UnpublishClaim(ctx, c1.ID, model.Unpublish{Reason: "Wrong table."}, "ed")
			return err
		}},
		{"next week, a verdict and back", func() error {
			f.clock.Advance(7 * 24 * time.Hour)
			if _, err := f.UpdateClaim(ctx, c2.ID, model.ClaimUpdate{Status: ptr(model.StatusFalse)}, "ed"); err != nil {
				return err
			}
			_, err := f.UpdateClaim(ctx, c2.ID, model.ClaimUpdate{Status: ptr(model.StatusInProgress)}, "ed")
			return err
		}},
		{"article state", func() error {
			_, err := f.AssignArticle(ctx, f.article.ID, model.ArticleAssignment{State: ptr(model.ArticleChecking)}, "ed")
			return err
		}},
		{"claim deleted", func() error { return f.DeleteClaim(ctx, c3.ID, 0) }},
		{"article deleted", func() error { return f.DeleteArticle(ctx, f.article.ID, 0) }},
	}
	for _, step := range steps {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		want := f.rowCounts(t)
		got := f.counterCounts(t)
		for key, n := range want {
			if got[key] != n {
				t.Errorf("after %s: counter %s = %d, want %d (the rows' count)", step.name, key, got[key], n)
			}
		}
		for key, n := range got {
			if _, ok := want[key]; !ok && n != 0 {
				t.Errorf("after %s: counter %s = %d, want 0 (no rows)", step.name, key, n)
			}
		}
	}
}

// rowCounts counts the rows the way the dashboard did before its
// counters, keyed like counterCounts.
func (d *testDB) rowCounts(tb testing.TB) map[string]int {
	tb.Helper()
	return d.keyedCounts(tb, `
		SELECT 'status:' || status, count(*) FROM claims GROUP BY status
		UNION ALL SELECT 'assignee:' || assignee, count(*) FROM claims GROUP BY assignee
		UNION ALL SELECT 'state:' || state, count(*) FROM articles GROUP BY state
		UNION ALL SELECT 'checked:' || substr(at, 1, 10), count(*) FROM claim_events WHERE field = 'status'
			AND to_val IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')
			AND from_val NOT IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable') GROUP BY 1
		UNION ALL SELECT 'published:' || substr(published_at, 1, 10), count(*) FROM claim_publications GROUP BY 1`)
}

// counterCounts reads the counters the triggers keep.
func (d *testDB) counterCounts(tb testing.TB) map[string]int {
	tb.Helper()
	return d.keyedCounts(tb, `
		SELECT kind || ':' || key, n FROM desk_counts
		UNION ALL SELECT 'checked:' || day, checked FROM desk_days
		UNION ALL SELECT 'published:' || day, published FROM desk_days`)
}

func (d *testDB) keyedCounts(tb testing.TB, query string) map[string]int {
	tb.Helper()
	rows, err := d.raw(tb).Query(query)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var (
			key string
			n   int
		)
		if err := rows.Scan(&key, &n); err != nil {
			tb.Fatal(err)
		}
		out[key] += n
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
