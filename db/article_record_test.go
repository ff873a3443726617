package db_test

import (
	"context"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// TestArticleRecord reads what an export needs, then changes a claim and
// reads again: the history (kept by the history cache between the reads)
// must hold the change, and a read without history holds none.
func TestArticleRecord(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", "The ferry runs daily. Tickets cost ten crowns.")
	start, end := span(t, a.Text, "ferry runs daily")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &start, End: &end, Statement: "The ferry runs daily."}, "ed")
	if err != nil {
		t.Fatal(err)
	}

	rec, err := d.ArticleRecord(ctx, a.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rec.Claims); got != 1 {
		t.Fatalf("%d claims, want 1", got)
	}
	if got := len(rec.History[c.ID]); got != 1 {
		t.Errorf("%d events before the change, want 1 (its creation)", got)
	}
	if got := len(rec.Revisions); got != 1 {
		t.Errorf("%d revisions, want 1", got)
	}
	again, err := d.ArticleRecord(ctx, a.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(again.History[c.ID]); got != 1 {
		t.Errorf("%d events read again without a change, want 1", got)
	}

	verified := model.StatusVerified
	if _, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &verified, Comment: "Timetable checked."}, "ed"); err != nil {
		t.Fatal(err)
	}
	rec, err = d.ArticleRecord(ctx, a.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	h := rec.History[c.ID]
	if got := len(h); got != 2 {
		t.Fatalf("%d events after the change, want 2", got)
	}
	if got, want := h[1].Comment, "Timetable checked."; got != want {
		t.Errorf("last event's comment %q, want %q", got, want)
	}
	if got, want := rec.Claims[0].Status, model.StatusVerified; got != want {
		t.Errorf("claim status %q, want %q", got, want)
	}

	bare, err := d.ArticleRecord(ctx, a.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if bare.History != nil {
		t.Errorf("history %v read without asking for it, want none", bare.History)
	}
	_, err = d.ArticleRecord(ctx, a.ID+100, true)
	wantCode(t, err, model.ENOTFOUND, "")
}
