package db_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/model"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A comment sent with the status the claim already has confirms the verdict:
// it must reach the history, not vanish with the no-op change.
func TestStatusCommentWithoutChangeIsKept(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	a := mustArticle(t, d, "Talks", "The minister invited three neighbours.")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: ptr(4), End: ptr(20)}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	st := model.StatusUnchecked
	got, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &st, Comment: "still waiting for the ministry"}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	h, err := d.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	want := model.Event{ClaimID: c.ID, At: last.At, User: "ed", Field: model.EventStatus, From: "unchecked", To: "unchecked", Comment: "still waiting for the ministry"}
	if diff := cmp.Diff(want, last, cmpopts.IgnoreFields(model.Event{}, "ID")); diff != "" {
		t.Errorf("last event, want the comment on an unchanged status (-want +got):\n%s", diff)
	}
	if got.Version != c.Version+1 {
		t.Errorf("version = %d, want %d", got.Version, c.Version+1)
	}
}

// A database path may hold characters that end a URI.
func TestOpenPathWithURICharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news?room#1%.db")
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file not created at that exact path: %v", err)
	}
}

// Clearing the statement falls back to the claim's words, as on creation.
func TestEmptyStatementFallsBackToQuote(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	a := mustArticle(t, d, "Talks", "The minister invited three neighbours.")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: ptr(4), End: ptr(20), Statement: "A minister invited them"}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	empty := "  "
	got, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Statement: &empty}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if got.Statement != "minister invited" {
		t.Errorf("statement = %q, want the quote %q", got.Statement, "minister invited")
	}
}
