package db_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/model"
)

// A party added to a claim is linked to the registry entry whose name or
// alias folds like it ("U.S." and "us"), and a new name creates an entry
// of type other.
func TestAddPartyLinksRegistry(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c1 := f.claimOn(t, "Pellmoor council", model.NewClaim{})
	c2 := f.claimOn(t, "Astrid Bay", model.NewClaim{})
	a, err := f.AddParty(ctx, c1.ID, model.NewParty{Name: "U.S.", Role: model.RoleInvited}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.AddParty(ctx, c2.ID, model.NewParty{Name: "us", Role: model.RoleExcluded}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	ea, eb := a.Parties[0].EntityID, b.Parties[0].EntityID
	if ea == nil || eb == nil {
		t.Fatalf("party_id %v and %v, want both set", ea, eb)
	}
	if *ea != *eb {
		t.Errorf("U.S. → entry %d, us → entry %d, want the same", *ea, *eb)
	}
	e, claims, err := f.PartyEntity(ctx, *ea)
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "U.S." {
		t.Errorf("name %q, want the first spelling U.S.", e.Name)
	}
	if e.Type != model.PartyOther {
		t.Errorf("type %q, want other", e.Type)
	}
	if e.CreatedBy != "ed" {
		t.Errorf("created_by %q, want ed", e.CreatedBy)
	}
	if len(claims) != 2 {
		t.Fatalf("%d claims, want 2: %+v", len(claims), claims)
	}
	if claims[1].Role != model.RoleExcluded {
		t.Errorf("second claim's role %q, want excluded", claims[1].Role)
	}
	if claims[0].ArticleTitle != "Ferry link" {
		t.Errorf("article title %q, want Ferry link", claims[0].ArticleTitle)
	}
}

func TestFoldPartyName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"U.S.", "us"},
		{"US", "us"},
		{"Erdoğan", "erdogan"},
		{"  United   Nations ", "united nations"},
		{"U.N.", "un"},
	} {
		if got := model.FoldPartyName(tc.in); got != tc.want {
			t.Errorf("FoldPartyName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Completion matches a prefix of the name or of an alias, folded, and
// counts the claims of each entry.
func TestPartyEntitiesCompletion(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Pellmoor council", model.NewClaim{})
	c, err := f.AddParties(ctx, c.ID, []model.NewParty{{Name: "United States", Role: model.RoleInvited}, {Name: "Ines Varga", Role: model.RoleSpeaker}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	id := *c.Parties[0].EntityID
	if _, err := f.UpdatePartyEntity(ctx, id, model.PartyEntityPatch{Aliases: &[]string{"U.S.", "USA"}}, "ed"); err != nil {
		t.Fatal(err)
	}
	got, err := f.PartyEntities(ctx, "u.s", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d entries for u.s, want 1: %+v", len(got), got)
	}
	if got[0].ID != id {
		t.Errorf("entry %d, want %d", got[0].ID, id)
	}
	if got[0].Claims != 1 {
		t.Errorf("claims %d, want 1", got[0].Claims)
	}
	if len(got[0].Aliases) != 2 {
		t.Errorf("aliases %v, want U.S. and USA", got[0].Aliases)
	}
	none, err := f.PartyEntities(ctx, "varg", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(none) != 0 {
		t.Errorf("%d entries for varg (not a prefix), want 0", len(none))
	}
	// An alias another entry has is refused, and nothing changes.
	other := *c.Parties[1].EntityID
	_, err = f.UpdatePartyEntity(ctx, other, model.PartyEntityPatch{Aliases: &[]string{"usa"}}, "ed")
	if code := model.ErrorCode(err); code != model.ECONFLICT {
		t.Errorf("alias of another entry: code %q, want conflict", code)
	}
	e, _, err := f.PartyEntity(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Aliases) != 0 {
		t.Errorf("aliases %v after a refused change, want none", e.Aliases)
	}
}

// Merging moves aliases and claim links in one step, with a history event
// on each claim, and removes the merged entry.
func TestMergePartyEntities(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Pellmoor council", model.NewClaim{})
	c, err := f.AddParties(ctx, c.ID, []model.NewParty{{Name: "UN", Role: model.RoleInvited}, {Name: "United Nations", Role: model.RoleOrganizer}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	from, into := *c.Parties[0].EntityID, *c.Parties[1].EntityID
	h0, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.MergePartyEntities(ctx, from, into, "rita")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Aliases) != 1 {
		t.Errorf("aliases %v, want [UN]", e.Aliases)
	}
	if e.Claims != 1 {
		t.Errorf("claims %d, want 1", e.Claims)
	}
	if _, _, err := f.PartyEntity(ctx, from); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("merged entry: %v, want not found", err)
	}
	got, err := f.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *got.Parties[0].EntityID != into {
		t.Errorf("UN's party_id %d, want %d", *got.Parties[0].EntityID, into)
	}
	h1, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h1) != len(h0)+1 {
		t.Errorf("history %d → %d events, want one more", len(h0), len(h1))
	}
	// "un" now finds the merged entry.
	c2 := f.claimOn(t, "Astrid Bay", model.NewClaim{})
	c2, err = f.AddParty(ctx, c2.ID, model.NewParty{Name: "U.N.", Role: model.RoleInvited}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if *c2.Parties[0].EntityID != into {
		t.Errorf("U.N. linked to %d, want %d", *c2.Parties[0].EntityID, into)
	}
	if _, err := f.MergePartyEntities(ctx, into, 999, "rita"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("merge into a missing entry: %v, want invalid", err)
	}
}

// Parties without an entry (written before migration 0040) are linked
// when the store opens, one entry per folded name.
func TestOpenLinksUnregisteredParties(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Pellmoor council", model.NewClaim{})
	if _, err := f.AddParties(ctx, c.ID, []model.NewParty{{Name: "U.S.", Role: model.RoleInvited}, {Name: "US", Role: model.RoleOrganizer}}, "ed"); err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", "file:"+f.path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(`UPDATE parties SET entity_id = NULL; DELETE FROM party_aliases; DELETE FROM party_entities`); err != nil {
		t.Fatal(err)
	}
	w.Close()
	d, err := db.Open(ctx, f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := d.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Parties[0].EntityID == nil {
		t.Fatal("party not linked after open")
	}
	if got.Parties[1].EntityID == nil {
		t.Fatal("second party not linked after open")
	}
	if *got.Parties[0].EntityID != *got.Parties[1].EntityID {
		t.Errorf("U.S. and US linked to %d and %d, want one entry", *got.Parties[0].EntityID, *got.Parties[1].EntityID)
	}
}

// A retyped entry shows on its claims at once, through the article's
// cached read model too (ClaimReview's author takes its type from there).
func TestRetypeReachesClaims(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Pellmoor council", model.NewClaim{})
	c, err := f.AddParty(ctx, c.ID, model.NewParty{Name: "Ines Varga", Role: model.RoleSpeaker}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if c.Parties[0].Type != model.PartyOther {
		t.Errorf("type %q before, want other", c.Parties[0].Type)
	}
	if _, _, err := f.ArticleWithClaims(ctx, f.article.ID); err != nil { // fills the cache
		t.Fatal(err)
	}
	person := model.PartyPerson
	if _, err := f.UpdatePartyEntity(ctx, *c.Parties[0].EntityID, model.PartyEntityPatch{Type: &person}, "ed"); err != nil {
		t.Fatal(err)
	}
	_, cs, err := f.ArticleWithClaims(ctx, f.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := cs[0].Parties[0].Type; got != model.PartyPerson {
		t.Errorf("type %q after retyping, want person", got)
	}
}
