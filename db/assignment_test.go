package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// deskFixture is a claim fixture with an admin, ada, and a deactivated
// account, old.
func deskFixture(tb testing.TB) claimFixture {
	tb.Helper()
	f := newClaimFixture(tb)
	ctx := context.Background()
	for _, u := range []model.User{{Name: "ada", Role: model.UserAdmin}, {Name: "old", Role: model.UserEditor}} {
		u.PasswordHash = "h"
		if _, err := f.CreateUser(ctx, u, false); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := f.UpdateUser(ctx, "old", model.UserChange{Active: ptr(false)}); err != nil {
		tb.Fatal(err)
	}
	return f
}

func TestAssignClaim(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{})

	got, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Assignee: ptr("rita"), Due: ptr(" 2026-03-02 ")}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if got.Assignee != "rita" {
		t.Errorf("assignee %q, want rita", got.Assignee)
	}
	if got.Due != "2026-03-02" {
		t.Errorf("due %q, want 2026-03-02", got.Due)
	}
	if got.Version != c.Version+1 {
		t.Errorf("version %d, want %d", got.Version, c.Version+1)
	}
	h, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if last.Field != model.EventDue {
		t.Errorf("last event field %q, want due", last.Field)
	}
	if last.To != "2026-03-02" {
		t.Errorf("due event to %q, want 2026-03-02", last.To)
	}
	if prev := h[len(h)-2]; prev.Field != model.EventAssignee || prev.To != "rita" {
		t.Errorf("event before the due date %+v, want assignee → rita", prev)
	}

	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name  string
			u     model.ClaimUpdate
			field string
			msg   string
		}{
			{"unknown user", model.ClaimUpdate{Assignee: ptr("nobody")}, "assignee", "no user called"},
			{"deactivated user", model.ClaimUpdate{Assignee: ptr("old")}, "assignee", "deactivated"},
			{"due not a date", model.ClaimUpdate{Due: ptr("next week")}, "due", "YYYY-MM-DD"},
			{"due a time", model.ClaimUpdate{Due: ptr("2026-03-02T10:00:00Z")}, "due", "YYYY-MM-DD"},
			{"due not a day", model.ClaimUpdate{Due: ptr("2026-02-30")}, "due", "YYYY-MM-DD"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.counts(t, claimTables...)
				_, err := f.UpdateClaim(ctx, c.ID, tt.u, "ed")
				de := wantCode(t, err, model.EINVALID, tt.field)
				if !strings.Contains(de.Message, tt.msg) {
					t.Errorf("message %q does not say %q", de.Message, tt.msg)
				}
				f.unchanged(t, before)
			})
		}
	})

	t.Run("a save that keeps a deactivated assignee goes ahead", func(t *testing.T) {
		// Assigned while active, deactivated since: editing the note must
		// not fail over the assignee nobody is changing.
		if _, err := f.UpdateUser(ctx, "rita", model.UserChange{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.UpdateUser(ctx, "rita", model.UserChange{Active: ptr(true)}) })
		got, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Assignee: ptr("rita"), Note: ptr("call the port")}, "ed")
		if err != nil {
			t.Fatalf("save keeping the assignee: %v", err)
		}
		if got.Note != "call the port" {
			t.Errorf("note %q, want it saved", got.Note)
		}
	})

	t.Run("unassign and clear the due date", func(t *testing.T) {
		got, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Assignee: ptr(""), Due: ptr("")}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		if got.Assignee != "" {
			t.Errorf("assignee %q, want none", got.Assignee)
		}
		if got.Due != "" {
			t.Errorf("due %q, want none", got.Due)
		}
	})
}

func TestAssignArticle(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	a := f.article

	got, err := f.AssignArticle(ctx, a.ID, model.ArticleAssignment{Assignee: ptr("rita"), Due: ptr("2026-03-05")}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if got.Assignee != "rita" {
		t.Errorf("assignee %q, want rita", got.Assignee)
	}
	if got.Due != "2026-03-05" {
		t.Errorf("due %q, want 2026-03-05", got.Due)
	}
	if got.Version != a.Version+1 {
		t.Errorf("version %d, want %d", got.Version, a.Version+1)
	}
	if got.Revision != a.Revision {
		t.Errorf("revision %d, want %d: an assignment makes no revision of the body", got.Revision, a.Revision)
	}
	reread, err := f.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if reread.Assignee != "rita" {
		t.Errorf("stored assignee %q, want rita", reread.Assignee)
	}
	list, err := f.ListArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if list[0].Due != "2026-03-05" {
		t.Errorf("listed due %q, want 2026-03-05", list[0].Due)
	}

	// The same values again change nothing and record nothing.
	if _, err := f.AssignArticle(ctx, a.ID, model.ArticleAssignment{Assignee: ptr("rita"), Due: ptr("2026-03-05")}, "ed"); err != nil {
		t.Fatal(err)
	}
	events, err := f.ArticleEvents(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("%d events, want 2: %+v", len(events), events)
	}
	if events[0].Field != model.EventAssignee || events[0].To != "rita" || events[0].User != "ed" {
		t.Errorf("first event %+v, want ed's assignee → rita", events[0])
	}
	if events[1].Field != model.EventDue || events[1].To != "2026-03-05" {
		t.Errorf("second event %+v, want due → 2026-03-05", events[1])
	}

	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name  string
			as    model.ArticleAssignment
			code  string
			field string
		}{
			{"unknown user", model.ArticleAssignment{Assignee: ptr("nobody")}, model.EINVALID, "assignee"},
			{"deactivated user", model.ArticleAssignment{Assignee: ptr("old")}, model.EINVALID, "assignee"},
			{"bad due date", model.ArticleAssignment{Due: ptr("31/03/2026")}, model.EINVALID, "due"},
			{"stale version", model.ArticleAssignment{Assignee: ptr("ed"), IfVersion: a.Version}, model.EPRECONDITION, "-"},
			{"a good assignee with a bad date writes neither", model.ArticleAssignment{Assignee: ptr("ed"), Due: ptr("soon")}, model.EINVALID, "due"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.counts(t, "articles", "article_events")
				_, err := f.AssignArticle(ctx, a.ID, tt.as, "ed")
				wantCode(t, err, tt.code, tt.field)
				if after := f.counts(t, "articles", "article_events"); after["article_events"] != before["article_events"] {
					t.Errorf("events %d → %d after a refused assignment", before["article_events"], after["article_events"])
				}
				now, _ := f.Article(ctx, a.ID)
				if now.Assignee != "rita" {
					t.Errorf("assignee %q after a refused assignment, want rita", now.Assignee)
				}
			})
		}
	})
	t.Run("unknown article", func(t *testing.T) {
		_, err := f.AssignArticle(ctx, 999, model.ArticleAssignment{Assignee: ptr("ed")}, "ed")
		wantCode(t, err, model.ENOTFOUND, "-")
	})
}

func TestArticleState(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	a := f.article
	state := func(s model.ArticleState) *model.ArticleState { return &s }
	move := func(s model.ArticleState) error {
		_, err := f.AssignArticle(ctx, a.ID, model.ArticleAssignment{State: state(s)}, "ed")
		return err
	}
	if got, _ := f.Article(ctx, a.ID); got.State != model.ArticleDraft {
		t.Errorf("a new article is %q, want draft", got.State)
	}
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{})
	if err := move(model.ArticleChecking); err != nil {
		t.Fatal(err)
	}
	de := wantCode(t, move(model.ArticleReady), model.ECONFLICT, "state")
	if !strings.Contains(de.Message, "claim #1 is unchecked; claim #1 has no source") {
		t.Errorf("refusal %q does not list the blockers", de.Message)
	}
	if bs, ok := de.Current.([]model.Blocker); !ok || len(bs) != 2 {
		t.Errorf("blockers %v, want two", de.Current)
	}
	wantCode(t, move(model.ArticlePublished), model.ECONFLICT, "state")

	if _, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: ptr(model.StatusVerified)}, "rita"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares", Title: "Fare table"}, Relation: model.RelationSupports}, "rita"); err != nil {
		t.Fatal(err)
	}
	if err := move(model.ArticleReady); err != nil {
		t.Fatalf("moving a checked article to ready: %v", err)
	}
	if err := move(model.ArticlePublished); err != nil {
		t.Fatal(err)
	}
	if err := move(model.ArticleDraft); err != nil {
		t.Fatalf("moving back: %v", err)
	}
	_, err := f.AssignArticle(ctx, a.ID, model.ArticleAssignment{State: state("done")}, "ed")
	wantCode(t, err, model.EINVALID, "state")
	events, err := f.ArticleEvents(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, e := range events {
		steps = append(steps, e.To)
	}
	if got, want := strings.Join(steps, " "), "checking ready published draft"; got != want {
		t.Errorf("state events %q, want %q", got, want)
	}

	t.Run("a required second check blocks", func(t *testing.T) {
		if err := move(model.ArticleChecking); err != nil {
			t.Fatal(err)
		}
		_, err := f.AssignArticle(ctx, a.ID, model.ArticleAssignment{State: state(model.ArticleReady), RequireCheck: true}, "ed")
		de := wantCode(t, err, model.ECONFLICT, "state")
		if !strings.Contains(de.Message, "no second check's approval") {
			t.Errorf("refusal %q", de.Message)
		}
	})
}
