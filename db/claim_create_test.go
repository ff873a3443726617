package db_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
)

// TestCreateClaimReturnsTheStoredClaim: CreateClaim builds the claim it
// returns from what it wrote instead of reading it back; it must be the
// claim as any later read returns it, field for field.
func TestCreateClaimReturnsTheStoredClaim(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	a := mustArticle(t, d, "Ferry", sampleText)
	if _, err := d.CreateUser(ctx, model.User{Name: "ed", Role: model.UserEditor, PasswordHash: "h"}, false); err != nil {
		t.Fatal(err)
	}
	// A registry entry of a known type, which a new party with another
	// type links to without changing it.
	_, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: ptr(0), End: ptr(7), Kind: model.KindOther,
		Parties: []model.NewParty{{Name: "Ines Varga", Role: model.RoleSpeaker, Type: model.PartyPerson}}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	vs, ve := span(t, sampleText, "voted 7–2")
	ms, me := span(t, sampleText, "the mayor, Ines Varga")
	ps, pe := span(t, sampleText, "port authority")
	cases := map[string]model.NewClaim{
		"bare span": {Start: &vs, End: &ve, Kind: model.KindNumber},
		"with a status, statement, note and assignee": {Start: &vs, End: &ve, Kind: model.KindNumber, Status: model.StatusVerified,
			Statement: "The council voted 7–2.", Note: "Minutes, p. 2", Assignee: "ed"},
		"parties anchored and not, new and known": {Start: &ms, End: &me, Kind: model.KindQuote, Parties: []model.NewParty{
			{Name: "ines varga", Role: model.RoleSpeaker, Start: &ms, End: &me, Type: model.PartyOrganization},
			{Name: "Port authority", Role: model.RoleExcluded, Start: &ps, End: &pe, Type: model.PartyOrganization},
			{Name: "Transit agency", Role: model.RoleExcluded}}},
		"by quote, with canonical and via": {Quote: &anchor.Quote{Exact: "Tickets will cost €4"}, Kind: model.KindNumber,
			Canonical: "https://other.example/anno/1", Via: "https://other.example/anno/1"},
		"a span with white space around it": {Start: ptr(vs - 1), End: ptr(ve + 1), Kind: model.KindNumber},
	}
	for name, nc := range cases {
		got, err := d.CreateClaim(ctx, a.ID, nc, "ed")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := d.Claim(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: CreateClaim returned\n %+v\nthe store holds\n %+v", name, got, want)
		}
	}
}
