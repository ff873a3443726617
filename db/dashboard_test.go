package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

func TestDashboard(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	c1 := f.claimOn(t, "Tickets will cost €4", model.NewClaim{Assignee: "rita"})
	c2 := f.claimOn(t, "the first boat", model.NewClaim{})
	if _, err := f.UpdateClaim(ctx, c1.ID, model.ClaimUpdate{Status: ptr(model.StatusVerified), Due: ptr("2026-03-01")}, "rita"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.PublishClaim(ctx, c1.ID, model.Publish{Rationale: "The fare table."}, "ed"); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(7 * 24 * time.Hour) // the next week
	if _, err := f.UpdateClaim(ctx, c2.ID, model.ClaimUpdate{Status: ptr(model.StatusFalse)}, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.RequestCheck(ctx, c2.ID, model.CheckRequest{}, "ed"); err != nil {
		t.Fatal(err)
	}

	d, err := f.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	count := func(cs []model.Count, key string) int {
		for _, c := range cs {
			if c.Key == key {
				return c.N
			}
		}
		return -1
	}
	for _, tt := range []struct {
		name      string
		got, want int
	}{
		{"verified", count(d.ByStatus, "verified"), 1},
		{"false", count(d.ByStatus, "false"), 1},
		{"unchecked", count(d.ByStatus, "unchecked"), 0},
		{"rita's", count(d.ByAssignee, "rita"), 1},
		{"nobody's", count(d.ByAssignee, "-"), 1},
		{"draft articles", count(d.ArticlesByState, "draft"), 1},
		{"overdue", d.Overdue, 1},
		{"awaiting check", d.AwaitingCheck, 1},
		{"weeks", len(d.Weeks), model.DashboardWeeks},
		{"checked last week", d.Weeks[model.DashboardWeeks-2].Checked, 1},
		{"published last week", d.Weeks[model.DashboardWeeks-2].Published, 1},
		{"checked this week", d.Weeks[model.DashboardWeeks-1].Checked, 1},
		{"published this week", d.Weeks[model.DashboardWeeks-1].Published, 0},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	if got := d.Weeks[model.DashboardWeeks-1].Start; got != "2026-03-09" {
		t.Errorf("this week starts %s, want Monday 2026-03-09", got)
	}

	list, err := f.DeskClaims(ctx, model.ClaimFilter{Overdue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Claim.ID != c1.ID {
		t.Errorf("overdue claims %+v, want claim %d", list, c1.ID)
	}
	list, err = f.DeskClaims(ctx, model.ClaimFilter{Assignee: "-", Status: model.StatusFalse})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Claim.ID != c2.ID || list[0].ArticleTitle != "Ferry link" {
		t.Errorf("nobody's false claims %+v, want claim %d", list, c2.ID)
	}
}
