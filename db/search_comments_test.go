package db_test

import (
	"context"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// TestSearchFindsComments: a claim is found by a word of its discussion
// (migration 0034); an edited comment is found by its new words only, and
// a deleted one no more.
func TestSearchFindsComments(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Talks", searchBody)
	c := mustClaim(t, d, a, "ignored the fishermen", model.NewClaim{})
	wantIDs(t, d, "q=harbourmaster", model.SearchClaims)

	cm, err := d.AddComment(ctx, c.ID, "The harbourmaster disagrees, ask the pilots.", "ed")
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, d, "q=harbourmaster", model.SearchClaims, c.ID)

	if _, err := d.EditComment(ctx, cm.ID, "The coastguard disagrees.", "ed"); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, d, "q=harbourmaster", model.SearchClaims)
	wantIDs(t, d, "q=coastguard", model.SearchClaims, c.ID)

	if _, err := d.DeleteComment(ctx, cm.ID, "ed"); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, d, "q=coastguard", model.SearchClaims)
}
