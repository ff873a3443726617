package model

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// PartyType is what kind of thing a registered party is; ClaimReview
// exports a person as a Person and everything else as an Organization.
type PartyType string

// The party types of the registry.
const (
	PartyPerson       PartyType = "person"
	PartyOrganization PartyType = "organization"
	PartyPlace        PartyType = "place"
	PartyGroup        PartyType = "group"
	PartyOther        PartyType = "other"
)

// PartyTypes lists the types in the order forms offer them.
var PartyTypes = []PartyType{PartyPerson, PartyOrganization, PartyPlace, PartyGroup, PartyOther}

// Valid reports whether t is one of PartyTypes.
func (t PartyType) Valid() bool {
	for _, k := range PartyTypes {
		if t == k {
			return true
		}
	}
	return false
}

// PartyEntity is an entry of the party registry: one person, organization,
// place or group however a claim spells it ("U.S.", "United States").
type PartyEntity struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Type      PartyType `json:"type"`
	Aliases   []string  `json:"aliases"`
	Claims    int       `json:"claims"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// PartyClaim is one claim that involves a registered party, as the party's
// page lists it across articles.
type PartyClaim struct {
	ArticleID    int64  `json:"article_id"`
	ArticleTitle string `json:"article_title"`
	ClaimID      int64  `json:"claim_id"`
	Number       int    `json:"number"`
	Statement    string `json:"statement"`
	Name         string `json:"name"`
	Role         Role   `json:"role"`
	Status       Status `json:"status"`
}

// PartyEntityPatch is a change to a registry entry: nil fields stay as
// they are; Aliases, when set, replaces the aliases.
type PartyEntityPatch struct {
	Name    *string
	Type    *PartyType
	Aliases *[]string
}

// Normalize trims the patch's values and refuses an empty name, an unknown
// type or an empty alias.
func (p *PartyEntityPatch) Normalize() error {
	if p.Name != nil {
		n := strings.TrimSpace(*p.Name)
		if FoldPartyName(n) == "" {
			return Invalid("name", "Give the party a name.")
		}
		p.Name = &n
	}
	if p.Type != nil && !p.Type.Valid() {
		return Invalid("type", "Choose a type: person, organization, place, group or other.")
	}
	if p.Aliases != nil {
		as := make([]string, 0, len(*p.Aliases))
		for _, a := range *p.Aliases {
			a = strings.TrimSpace(a)
			if FoldPartyName(a) == "" {
				return Invalid("aliases", "An alias cannot be empty; remove it instead.")
			}
			as = append(as, a)
		}
		p.Aliases = &as
	}
	return nil
}

// FoldPartyName is the form under which party names are matched: case and
// diacritics folded, dots removed and spaces collapsed, so that "U.S." and
// "US", "Erdoğan" and "erdogan" are one party.
func FoldPartyName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) || r == '.' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
