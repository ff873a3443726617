package db_test

import (
	"context"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// Several parties added in one step are added together or not at all: a
// party refused inside the transaction (its span lies outside the text)
// leaves neither the parties before it nor their history events.
func TestAddPartiesAllOrNothing(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Pellmoor council", model.NewClaim{})
	h0, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	far := 100000
	_, err = f.AddParties(ctx, c.ID, []model.NewParty{
		{Name: "Pellmoor council", Role: model.RoleParticipant},
		{Name: "Astrid Bay", Role: model.RoleInvited, Start: &far, End: new(far + 5)},
	}, "ed")
	if err == nil {
		t.Fatal("AddParties with a span outside the text succeeded")
	}
	got, err := f.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Parties) != 0 {
		t.Errorf("%d parties after a refused AddParties, want 0: %+v", len(got.Parties), got.Parties)
	}
	if got.Version != c.Version {
		t.Errorf("version %d → %d after a refused AddParties", c.Version, got.Version)
	}
	h1, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h1) != len(h0) {
		t.Errorf("history grew from %d to %d events after a refused AddParties", len(h0), len(h1))
	}

	added, err := f.AddParties(ctx, c.ID, []model.NewParty{
		{Name: "Erdogan", Role: model.RoleInvited},
		{Name: "the Syrian government", Role: model.RoleInvited},
		{Name: "the Syrian opposition", Role: model.RoleInvited},
	}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if len(added.Parties) != 3 {
		t.Errorf("%d parties, want 3", len(added.Parties))
	}
	h2, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(h2)-len(h0), 3; got != want {
		t.Errorf("%d history events for three parties, want %d", got, want)
	}
}
