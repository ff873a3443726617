package db_test

import (
	"context"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// Ids end up in public IRIs, so a deleted article's or claim's id must never
// be given to something else, as SQLite would do with a plain rowid.
func TestIdsAreNeverReused(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	a := mustArticle(t, d, "Talks", "Kestania invited Veloria to the lakeside talks.")
	s, e := span(t, a.Text, "invited Veloria")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteClaim(ctx, c.ID, 0); err != nil {
		t.Fatal(err)
	}
	c2, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if c2.ID == c.ID {
		t.Errorf("claim id %d was given again after its claim was deleted", c.ID)
	}
	if err := d.DeleteArticle(ctx, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	b := mustArticle(t, d, "Other", "Another text.")
	if b.ID == a.ID {
		t.Errorf("article id %d was given again after its article was deleted", a.ID)
	}
}
