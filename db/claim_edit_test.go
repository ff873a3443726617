package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/google/go-cmp/cmp"
)

// The details form is saved in one transaction: every changed field with its
// event, the version bumped once.
func TestEditClaimSavesEveryDetail(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	a := mustArticle(t, d, "Talks", "The minister invited three neighbours.")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: ptr(4), End: ptr(20)}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	edit := model.ClaimEdit{Version: c.Version, Comment: "the minutes say so",
		Details: model.ClaimDetails{Statement: "The minister invited them.", Kind: "quote", Status: "verified", Note: "call back", Assignee: ""}}
	got, conflicts, err := d.EditClaim(ctx, c.ID, edit, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if len(conflicts) != 0 {
		t.Errorf("conflicts = %+v, want none", conflicts)
	}
	if got.Version != c.Version+1 {
		t.Errorf("version = %d, want %d", got.Version, c.Version+1)
	}
	if got.Statement != "The minister invited them." {
		t.Errorf("statement = %q", got.Statement)
	}
	if got.Kind != model.KindQuote {
		t.Errorf("kind = %q, want quote", got.Kind)
	}
	if got.Status != model.StatusVerified {
		t.Errorf("status = %q, want verified", got.Status)
	}
	if got.Note != "call back" {
		t.Errorf("note = %q", got.Note)
	}
	h, err := d.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var fields []model.EventField
	for _, e := range h[1:] {
		fields = append(fields, e.Field)
	}
	want := []model.EventField{model.EventStatus, model.EventStatement, model.EventKind, model.EventNote}
	if len(fields) != len(want) {
		t.Fatalf("events %v, want %v", fields, want)
	}
	for i := range want {
		if fields[i] != want[i] {
			t.Errorf("event %d = %q, want %q", i, fields[i], want[i])
		}
	}
	if h[1].Comment != "the minutes say so" {
		t.Errorf("status comment = %q", h[1].Comment)
	}
}

// A stale save where someone else changed a field the editor saves changes
// nothing and names the field; a stale save that touches only fields nobody
// else changed goes ahead.
func TestEditClaimConflicts(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	a := mustArticle(t, d, "Talks", "The minister invited three neighbours.")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: ptr(4), End: ptr(20), Statement: "loaded"}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	loaded := model.DetailsOf(c)
	theirs := "theirs"
	if _, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Statement: &theirs}, "rita"); err != nil {
		t.Fatal(err)
	}

	mine := loaded
	mine.Statement = "mine"
	_, conflicts, err := d.EditClaim(ctx, c.ID, model.ClaimEdit{Details: mine, Base: &loaded, Version: c.Version}, "ed")
	if !errors.Is(err, model.ErrEditConflict) {
		t.Fatalf("err = %v, want ErrEditConflict", err)
	}
	want := []model.FieldConflict{{Field: model.EventStatement, By: "rita", Now: "theirs", Yours: "mine"}}
	if diff := cmp.Diff(want, conflicts); diff != "" {
		t.Errorf("conflicts (-want +got):\n%s", diff)
	}
	cur, err := d.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Statement != "theirs" {
		t.Errorf("statement after a refused save = %q, want theirs", cur.Statement)
	}

	// Only the note changes: nobody else touched it.
	noted := loaded
	noted.Statement, noted.Note = "theirs", "mine"
	got, conflicts, err := d.EditClaim(ctx, c.ID, model.ClaimEdit{Details: noted, Base: &loaded, Version: c.Version}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if len(conflicts) != 0 {
		t.Errorf("conflicts = %+v, want none", conflicts)
	}
	if got.Note != "mine" {
		t.Errorf("note = %q, want mine", got.Note)
	}
}
