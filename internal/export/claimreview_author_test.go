package export

import (
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// The speaker is a Person or an Organization by its registry type, and a
// Thing when the registry does not say.
func TestClaimReviewAuthorType(t *testing.T) {
	for _, tc := range []struct {
		typ  model.PartyType
		want string
	}{
		{model.PartyPerson, "Person"},
		{model.PartyOrganization, "Organization"},
		{model.PartyGroup, "Organization"},
		{model.PartyPlace, "Organization"},
		{model.PartyOther, "Thing"},
		{"", "Thing"},
	} {
		t.Run(string(tc.typ), func(t *testing.T) {
			d := sampleDoc()
			d.Claims[0].Parties = append(d.Claims[0].Parties, model.Party{ID: 8, Name: "Veloria Foreign Ministry", Role: model.RoleSpeaker, Type: tc.typ})
			reviews := claimReviewsOf(t, d)
			speaker, ok := get(reviews[0], "itemReviewed.author")
			if !ok {
				t.Fatal("no itemReviewed.author")
			}
			if got := getString(speaker, "@type"); got != tc.want {
				t.Errorf("@type %q, want %q", got, tc.want)
			}
			if got := getString(speaker, "name"); got != "Veloria Foreign Ministry" {
				t.Errorf("name %q, want Veloria Foreign Ministry", got)
			}
		})
	}
}
