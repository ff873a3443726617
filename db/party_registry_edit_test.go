package db_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/model"
)

var registryTables = []string{"party_entities", "party_aliases", "party_events", "parties"}

// registryFixture is a store with two claims: one with the party "U.S.",
// one with "United Nations".
func registryFixture(t *testing.T) (f claimFixture, us, un int64) {
	t.Helper()
	ctx := context.Background()
	f = newClaimFixture(t)
	c1 := f.claimOn(t, "Pellmoor council", model.NewClaim{})
	c2 := f.claimOn(t, "Astrid Bay", model.NewClaim{})
	c1, err := f.AddParty(ctx, c1.ID, model.NewParty{Name: "U.S.", Role: model.RoleInvited}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	c2, err = f.AddParty(ctx, c2.ID, model.NewParty{Name: "United Nations", Role: model.RoleExcluded}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	return f, *c1.Parties[0].EntityID, *c2.Parties[0].EntityID
}

// history reads entry id's events as words, oldest first.
func history(t *testing.T, f claimFixture, id int64) []string {
	t.Helper()
	evs, err := f.PartyHistory(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		out = append(out, e.User+": "+e.Words())
	}
	return out
}

// Each change to a registry entry leaves an event in its history, written
// with the change; a merge brings the merged entry's history along.
func TestPartyHistory(t *testing.T) {
	ctx := context.Background()
	f, us, un := registryFixture(t)
	name, typ := "United States", model.PartyPlace
	if _, err := f.UpdatePartyEntity(ctx, us, model.PartyEntityPatch{Name: &name, Type: &typ}, "rita"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddPartyAlias(ctx, us, "USA", "rita"); err != nil {
		t.Fatal(err)
	}
	e, err := f.RemovePartyAlias(ctx, us, "usa", "ed")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"U.S."}, e.Aliases); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	want := []string{
		"rita: Renamed from “U.S.” to “United States”.",
		"rita: Type changed from other to place.",
		"rita: Alias “USA” added.",
		"ed: Alias “USA” removed.",
	}
	if diff := cmp.Diff(want, history(t, f, us)); diff != "" {
		t.Fatalf("history (-want +got):\n%s", diff)
	}

	if _, err := f.MergePartyEntities(ctx, us, un, "ed"); err != nil {
		t.Fatal(err)
	}
	want = append(want, "ed: “United States” merged into “United Nations”: 1 claim moved.")
	if diff := cmp.Diff(want, history(t, f, un)); diff != "" {
		t.Errorf("the merged-into entry's history (-want +got):\n%s", diff)
	}
	if _, err := f.PartyHistory(ctx, us); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("the merged entry's history: %v, want not found", err)
	}
}

// Replacing the aliases through the API's patch records each alias added
// and removed, and a dropped old name as removed.
func TestPartyHistoryOfAliasReplacement(t *testing.T) {
	ctx := context.Background()
	f, us, _ := registryFixture(t)
	name, aliases := "United States", []string{"USA"}
	if _, err := f.UpdatePartyEntity(ctx, us, model.PartyEntityPatch{Name: &name, Aliases: &aliases}, "rita"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"rita: Renamed from “U.S.” to “United States”.",
		"rita: Alias “USA” added.",
		"rita: Alias “U.S.” removed.",
	}
	if diff := cmp.Diff(want, history(t, f, us)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}

// Bad aliases are refused with the field named and nothing written.
func TestPartyAliasRefusals(t *testing.T) {
	ctx := context.Background()
	f, us, un := registryFixture(t)
	before := f.counts(t, registryTables...)
	for _, tc := range []struct {
		what   string
		remove bool
		alias  string
		code   string
	}{
		{"an empty alias", false, "  ", model.EINVALID},
		{"an alias the entry has", false, "u.s.", model.ECONFLICT},
		{"another entry's name", false, "united nations", model.ECONFLICT},
		{"removing the name", true, "US", model.EINVALID},
		{"removing an unknown alias", true, "USA", model.EINVALID},
		{"removing nothing", true, "", model.EINVALID},
	} {
		t.Run(tc.what, func(t *testing.T) {
			var err error
			if tc.remove {
				_, err = f.RemovePartyAlias(ctx, us, tc.alias, "ed")
			} else {
				_, err = f.AddPartyAlias(ctx, us, tc.alias, "ed")
			}
			if got := model.ErrorCode(err); got != tc.code {
				t.Errorf("code %q (%v), want %q", got, err, tc.code)
			}
			var de *model.Error
			if errors.As(err, &de) && de.Field != "alias" {
				t.Errorf("field %q, want alias", de.Field)
			}
		})
	}
	if after := f.counts(t, registryTables...); !reflect.DeepEqual(after, before) {
		t.Errorf("rows changed by refused changes: before %v, after %v", before, after)
	}
	if _, err := f.AddPartyAlias(ctx, 4242, "USA", "ed"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("alias of a missing entry: %v, want not found", err)
	}
	if _, err := f.AddPartyAlias(ctx, un, "UN", "ed"); err != nil {
		t.Errorf("an alias for the other entry after the refusals: %v", err)
	}
}

// The registry's list page: entries by name, filtered by a part of any
// name or alias (folded), paged, with the total.
func TestPartyList(t *testing.T) {
	ctx := context.Background()
	f, _, _ := registryFixture(t)
	c := f.claimOn(t, "fishermen", model.NewClaim{})
	if _, err := f.AddParties(ctx, c.ID, []model.NewParty{{Name: "Ines Varga", Role: model.RoleSpeaker}, {Name: "ärzte ohne grenzen", Role: model.RoleMentioned}}, "ed"); err != nil {
		t.Fatal(err)
	}
	names := func(es []model.PartyEntity) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return out
	}
	list, total, err := f.PartyList(ctx, "", 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 {
		t.Errorf("total %d, want 4", total)
	}
	if diff := cmp.Diff([]string{"ärzte ohne grenzen", "Ines Varga", "United Nations"}, names(list)); diff != "" {
		t.Errorf("first page (-want +got):\n%s", diff)
	}
	list, _, err = f.PartyList(ctx, "", 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	// "U.S." sorts as "us", after "united nations".
	if diff := cmp.Diff([]string{"U.S."}, names(list)); diff != "" {
		t.Errorf("second page (-want +got):\n%s", diff)
	}
	list, total, err = f.PartyList(ctx, "ARZTE", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 {
		t.Errorf("total for ARZTE %d, want 1", total)
	}
	if diff := cmp.Diff([]string{"ärzte ohne grenzen"}, names(list)); diff != "" {
		t.Errorf("ARZTE finds (-want +got):\n%s", diff)
	}
	list, _, err = f.PartyList(ctx, "nation", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"United Nations"}, names(list)); diff != "" {
		t.Errorf("a word inside a name finds (-want +got):\n%s", diff)
	}
	if len(list) == 1 && list[0].Claims != 1 {
		t.Errorf("United Nations' claims %d, want 1", list[0].Claims)
	}
	list, total, err = f.PartyList(ctx, "100%_", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if total != 0 {
		t.Errorf("LIKE's wildcards typed: total %d, want 0", total)
	}
	if len(list) != 0 {
		t.Errorf("LIKE's wildcards typed match %v, want none", names(list))
	}
}
