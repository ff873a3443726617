package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/model"
)

func TestWork(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	f.clock.Advance(24 * time.Hour) // 3 March 2026, 08:30 UTC
	other := mustArticle(t, f.testDB, "Bridge toll", "The bridge toll rises to €2 in June, the council said.")

	mine := f.claimOn(t, "Tickets will cost €4", model.NewClaim{Assignee: "rita"})
	late := f.claimOn(t, "the first boat", model.NewClaim{Assignee: "rita"})
	if _, err := f.UpdateClaim(ctx, late.ID, model.ClaimUpdate{Due: ptr("2026-03-01")}, "ed"); err != nil {
		t.Fatal(err)
	}
	f.claimOn(t, "Astrid Bay", model.NewClaim{Assignee: "ed"})
	published := f.claimOn(t, "李明", model.NewClaim{Assignee: "rita", Status: model.StatusVerified})
	if _, err := f.PublishClaim(ctx, published.ID, model.Publish{Rationale: "He said it on camera."}, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AssignArticle(ctx, other.ID, model.ArticleAssignment{Assignee: ptr("rita"), Due: ptr("2026-03-10")}, "ed"); err != nil {
		t.Fatal(err)
	}

	w, err := f.Work(ctx, "rita")
	if err != nil {
		t.Fatal(err)
	}
	type item struct {
		Article  int64
		Assigned bool
		Claims   []int64
	}
	var got []item
	for _, a := range w.Articles {
		it := item{Article: a.ID, Assigned: a.Assigned}
		for _, c := range a.Claims {
			it.Claims = append(it.Claims, c.ID)
		}
		got = append(got, it)
	}
	want := []item{
		{Article: f.article.ID, Claims: []int64{late.ID, mine.ID}},
		{Article: other.ID, Assigned: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rita's work (-want +got):\n%s", diff)
	}
	first := w.Articles[0].Claims[0]
	if !first.Overdue {
		t.Errorf("the claim due 2026-03-01 is not overdue on 2026-03-03")
	}
	if first.URL != model.ClaimURL(f.article.ID, late.ID) {
		t.Errorf("claim URL %q", first.URL)
	}

	t.Run("nothing assigned", func(t *testing.T) {
		w, err := f.Work(ctx, "old")
		if err != nil {
			t.Fatal(err)
		}
		if len(w.Articles) != 0 {
			t.Errorf("old's work %+v, want none", w.Articles)
		}
	})
}
