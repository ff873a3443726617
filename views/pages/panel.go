package pages

import (
	"strconv"

	"github.com/factmark/factmark/internal/model"
)

// ClaimPanel is the claim panel's view model.
type ClaimPanel struct {
	Claim   model.Claim
	Number  int
	History []model.Event
	Users   []model.User
	// Details holds the details form's values: the claim's, or what the
	// editor sent when it was refused, so that nothing typed is lost.
	Details DetailsInput
	Party   PartyInput
	Source  SourceInput
	// Errors by form and field: "details.status", "party.name",
	// "source.url", "delete".
	Errors map[string]string
	// Flash confirms the last change.
	Flash string
}

// DetailsInput is the details form.
type DetailsInput struct {
	Statement, Kind, Status, Note, Assignee, Comment string
}

// PartyInput is the add-party form.
type PartyInput struct {
	Name, Role string
}

// SourceInput is the attach-source form.
type SourceInput struct {
	SourceID                                                         string
	URL, Reference, Title, Publisher, PublishedAt, Excerpt, Relation string
	Note                                                             string
}

// DetailsFrom returns the details form filled from c.
func DetailsFrom(c model.Claim) DetailsInput {
	return DetailsInput{Statement: c.Statement, Kind: string(c.Kind), Status: string(c.Status), Note: c.Note, Assignee: c.Assignee}
}

// NewClaimForm is the form for a claim on the selected span.
type NewClaimForm struct {
	ArticleID  int64
	Start, End int
	Exact      string
	Statement  string
	Kind       string
	Status     string
	Errors     map[string]string
}

func claimPath(c model.Claim, rest string) string {
	return "/claims/" + strconv.FormatInt(c.ID, 10) + rest
}

func partySpan(p model.Party) string {
	if !p.Anchored() {
		return ""
	}
	return strconv.Itoa(*p.Start) + "–" + strconv.Itoa(*p.End)
}

func eventLabel(field string) string {
	switch field {
	case "claim":
		return "Claim"
	case "status":
		return "Status"
	case "statement":
		return "Statement"
	case "kind":
		return "Kind"
	case "note":
		return "Note"
	case "assignee":
		return "Assignee"
	case "party":
		return "Party"
	case "party_span":
		return "Party marked"
	case "source":
		return "Source"
	}
	return field
}

// eventValue shows a status as its label and anything else as it is.
func eventValue(field, v string) string {
	if field == "status" {
		return model.Status(v).Label()
	}
	return v
}

func hasPrefix(m map[string]string, prefix string) bool {
	for k := range m {
		if len(k) >= len(prefix) && k[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}
