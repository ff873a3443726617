package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A replacement is normalized and validated as a new claim is: the same
// values, the same first error (in reading order, even when there are
// several), the same message.
func TestClaimReplacementNormalizesAsNewClaim(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    ClaimReplacement
	}{
		{"valid, trimmed, defaults", ClaimReplacement{Statement: "  Boats in May. ", Note: " note ", Canonical: " urn:uuid:1 ",
			Parties: []NewParty{{Name: "  the   mayor ", Role: RoleSpeaker}}}},
		{"unknown kind", ClaimReplacement{Kind: "rumour"}},
		{"unknown status", ClaimReplacement{Status: "done"}},
		{"long note", ClaimReplacement{Note: strings.Repeat("é", MaxNoteLen+1)}},
		{"bad via", ClaimReplacement{Via: "not an iri"}},
		{"bad source", ClaimReplacement{Sources: []Attachment{{Source: &NewSource{URL: "javascript:alert(1)"}}}}},
		{"a party and a source both bad: the party first", ClaimReplacement{Parties: []NewParty{{Role: RoleInvited}},
			Sources: []Attachment{{Source: &NewSource{URL: "ftp://x"}}}, Canonical: "nope"}},
		{"several parties bad: the first first", ClaimReplacement{Parties: []NewParty{{Name: "A", Role: RoleInvited}, {Name: "B", Role: "host"}, {Role: RoleInvited}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.Parties = append([]NewParty(nil), tc.r.Parties...)
			c := NewClaim{Start: intp(1), End: intp(2), Statement: r.Statement, Kind: r.Kind, Status: r.Status, Note: r.Note,
				Parties: append([]NewParty(nil), tc.r.Parties...), Sources: r.Sources, Canonical: r.Canonical, Via: r.Via}
			rerr, cerr := r.Normalize(), c.Normalize()
			if (rerr == nil) != (cerr == nil) || (rerr != nil && rerr.Error() != cerr.Error()) {
				t.Fatalf("replacement: %v\nnew claim:   %v", rerr, cerr)
			}
			if rerr == nil {
				type fields struct {
					Statement, Note  string
					Kind             Kind
					Status           Status
					Canonical, Party string
				}
				got := fields{r.Statement, r.Note, r.Kind, r.Status, r.Canonical, r.Parties[0].Name}
				want := fields{c.Statement, c.Note, c.Kind, c.Status, c.Canonical, c.Parties[0].Name}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("replacement differs from the new claim (-new claim +replacement):\n%s", diff)
				}
			}
		})
	}
}
