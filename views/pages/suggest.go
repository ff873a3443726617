package pages

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/factmark/factmark/internal/model"
)

// SuggestedParty is a party a claim's words name, offered to the editor as
// a chip (internal/suggest).
type SuggestedParty struct {
	Name string
	Role model.Role
	// Start and End are the party's words in the article's text, nil when
	// they cannot be marked (an orphan claim's words are not in the text).
	Start, End *int
	// Words are the words the suggestion stands on; Reason, the words that
	// gave the role.
	Words, Reason string
}

// Key names a suggestion in the new-claim form: its role and its name,
// which the server finds again among the suggestions for the same words,
// so that nothing but the choice comes from the browser.
func (s SuggestedParty) Key() string { return string(s.Role) + "|" + s.Name }

// Label is the chip's text: "Erdogan — invited".
func (s SuggestedParty) Label() string { return s.Name + " — " + strings.ToLower(s.Role.Label()) }

// Title says where the suggestion comes from, for the chip's tooltip.
func (s SuggestedParty) Title() string {
	return "“" + s.Words + "”, from “" + s.Reason + "”"
}

// NewClaimSuggestions are the chips of the new-claim form: ticked ones are
// added with the claim. Accepted holds the keys ticked before a refused
// save, so that the editor's choice survives it.
type NewClaimSuggestions struct {
	Parties  []SuggestedParty
	Accepted map[string]bool
}

// ClaimSuggestions are the chips of an open claim's parties section: each
// adds its party, marked on its words, in one click.
type ClaimSuggestions struct {
	Claim   model.Claim
	Parties []SuggestedParty
}

// newClaimSuggestionsURL is where the new-claim form loads its chips from:
// the form's span and the keys already accepted.
func newClaimSuggestionsURL(f NewClaimForm) string {
	q := url.Values{"start": {strconv.Itoa(f.Start)}, "end": {strconv.Itoa(f.End)}}
	for _, k := range f.Accepted {
		q.Add("accepted", k)
	}
	return "/articles/" + itoa64(f.ArticleID) + "/suggestions?" + q.Encode()
}

// suggestionKeyHint is the keyboard shortcut of the n-th chip (0-based),
// for the first nine.
func suggestionKeyHint(i int) string {
	if i >= 9 {
		return ""
	}
	return strconv.Itoa(i + 1)
}
