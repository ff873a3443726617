package pages

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/model"
)

// partyFormAttrs are the htmx attributes of the party page's forms: the
// answer replaces #party-page. Nothing inside a form inherits them: the
// merge form's field fetches its completion into the datalist.
func partyFormAttrs() templ.Attributes {
	return templ.Attributes{"hx-target": "#party-page", "hx-swap": "outerHTML", "hx-disinherit": "*", "data-party-form": true}
}

// partyTypeLabel is how forms and lists name a party type.
func partyTypeLabel(t model.PartyType) string {
	switch t {
	case model.PartyPerson:
		return "person"
	case model.PartyOrganization:
		return "organization"
	case model.PartyPlace:
		return "country or place"
	case model.PartyGroup:
		return "group"
	}
	return "other"
}

// orSomeone names who made a change, or says nobody is known (an import).
func orSomeone(user string) string {
	if user == "" {
		return "someone"
	}
	return user
}

// hasError reports whether a refused form's message is about field, whose
// control then takes the focus.
func hasError(errs map[string]string, field string) bool {
	_, ok := errs[field]
	return ok
}

func joinAliases(as []string) string { return strings.Join(as, ", ") }

// mergeClaimsWords says how many claims a merge of from into into moves.
func mergeClaimsWords(from, into model.PartyEntity) string {
	switch from.Claims {
	case 0:
		return fmt.Sprintf("No claim involves “%s”: no claim moves.", from.Name)
	case 1:
		return fmt.Sprintf("The 1 claim that involves “%s” will list “%s” (its history records the merge).", from.Name, into.Name)
	}
	return fmt.Sprintf("The %d claims that involve “%s” will list “%s” (each claim's history records the merge).", from.Claims, from.Name, into.Name)
}

// mergeNamesWords says which names a merge makes aliases of into.
func mergeNamesWords(from, into model.PartyEntity) string {
	names := "“" + from.Name + "”"
	if len(from.Aliases) > 0 {
		names += " and its aliases " + joinAliases(from.Aliases)
	}
	return fmt.Sprintf("%s become aliases of “%s”, so that claims spelled so find it.", names, into.Name)
}

func partiesTotal(v PartiesView) string {
	what := "parties"
	if v.Total == 1 {
		what = "party"
	}
	if v.Q != "" {
		return fmt.Sprintf("%d %s match “%s”.", v.Total, what, v.Q)
	}
	return fmt.Sprintf("%d %s in the registry.", v.Total, what)
}

func partiesLastPage(v PartiesView) int {
	if v.Total == 0 {
		return 1
	}
	return (v.Total + v.PerPage - 1) / v.PerPage
}

func partiesURL(q string, page int) templ.SafeURL {
	vals := url.Values{}
	if q != "" {
		vals.Set("q", q)
	}
	vals.Set("page", fmt.Sprint(page))
	return templ.SafeURL("/parties?" + vals.Encode())
}
