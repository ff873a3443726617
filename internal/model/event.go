package model

import (
	"strconv"
	"strings"
)

// EventField is what a history event records a change of. The values are
// stored in the history and exported, so they never change; events of
// fields this version does not know (from an import) are shown as they are.
type EventField string

// The history's event fields, with what From and To hold for each.
const (
	// EventClaim: the claim was made; To is "created" (or "imported").
	EventClaim EventField = "claim"
	// EventStatus: From and To are statuses; the same status on both sides
	// is a comment that confirms the status.
	EventStatus    EventField = "status"
	EventStatement EventField = "statement"
	// EventKind: From and To are kinds.
	EventKind EventField = "kind"
	EventNote EventField = "note"
	// EventAssignee: From and To are user names, "" for nobody.
	EventAssignee EventField = "assignee"
	// EventCheck: a second check's step; From and To are CheckStates ("" for
	// none), the comment is the step's.
	EventCheck EventField = "check"
	// EventDue: From and To are due dates, YYYY-MM-DD, "" for none.
	EventDue EventField = "due"
	// EventParty: a party added (To) or removed (From), written by
	// PartyValue.
	EventParty EventField = "party"
	// EventPartyMark: a party's own span marked (To), moved (both) or
	// unmarked (From), written by PartyMarkValue.
	EventPartyMark EventField = "party_span"
	// EventSource: a source attached (To) or detached (From), written by
	// SourceValue.
	EventSource EventField = "source"
	// EventSourceRelation, EventSourceExcerpt and EventSourceNote: an
	// attached source's relation, excerpt or note changed; the comment
	// names the source by its title.
	EventSourceRelation EventField = "source_relation"
	EventSourceExcerpt  EventField = "source_excerpt"
	EventSourceNote     EventField = "source_note"
	// EventPublication: From and To are publication values (see
	// PublicationValue).
	EventPublication EventField = "publication"
	// EventCanonical and EventVia: the IRIs a claim imported from a W3C
	// annotation keeps.
	EventCanonical EventField = "canonical"
	EventVia       EventField = "via"
	// EventSameClaim: the claim was linked as the same claim as another
	// (To) or unlinked (From), written by SameClaimValue.
	EventSameClaim EventField = "same_claim"
)

// SameClaimValue is how a same-claim event stores the other claim: its id,
// then its number and article in words ("12 (#3 in Talks in Astana)").
func SameClaimValue(id int64, number int, articleTitle string) string {
	return strconv.FormatInt(id, 10) + " (#" + strconv.Itoa(number) + " in " + articleTitle + ")"
}

// eventCreated is the field an old export's fixtures used for a claim's
// creation; it is shown as EventClaim.
const eventCreated EventField = "created"

// PartyValue is how a party event stores the party: "name (role)".
func PartyValue(name string, role Role) string { return name + " (" + string(role) + ")" }

// PartyMarkValue is how a party-mark event stores a party's span: its name,
// the marked words and their position (`U.S.: "U.S." at 3–7`), so that the
// history can show the words and a move between two occurrences of the same
// words still shows as a change.
func PartyMarkValue(name, words string, start, end int) string {
	return name + ": " + strconv.Quote(words) + " at " + strconv.Itoa(start) + "–" + strconv.Itoa(end)
}

// SourceValue is how a source event stores the source: "title (relation)".
func SourceValue(title string, rel Relation) string { return title + " (" + string(rel) + ")" }

// PublicationValue is how a publication event stores a publication:
// "published VERDICT", "withdrawn" or "unpublished".
func PublicationValue(p Publication) string {
	switch p.State {
	case Published:
		return "published " + string(p.Verdict)
	case Withdrawn:
		return string(Withdrawn)
	}
	return string(Unpublished)
}

// EventWords is a history event in words, as editors read it.
type EventWords struct {
	// Label names the change: "Kind", "Party added", "Status confirmed".
	Label string
	// From and To are the values in words; "" when the event has none.
	From, To string
}

// String is the event in one line: "Kind: Date/time → Quote".
func (w EventWords) String() string {
	switch {
	case w.From != "" && w.To != "":
		return w.Label + ": " + w.From + " → " + w.To
	case w.To != "":
		return w.Label + ": " + w.To
	case w.From != "":
		return w.Label + ": " + w.From
	}
	return w.Label
}

// Label names the field as editors read it ("Kind", "Party marked").
func (f EventField) Label() string {
	switch f {
	case EventClaim, eventCreated:
		return "Claim"
	case EventStatus:
		return "Status"
	case EventStatement:
		return "Statement"
	case EventKind:
		return "Kind"
	case EventNote:
		return "Note"
	case EventAssignee:
		return "Assignee"
	case EventDue:
		return "Due"
	case EventCheck:
		return "Second check"
	case EventComment:
		return "Comment"
	case EventState:
		return "State"
	case EventParty:
		return "Party"
	case EventPartyMark:
		return "Party marked"
	case EventSource:
		return "Source"
	case EventSourceRelation:
		return "Source relation"
	case EventSourceExcerpt:
		return "Source excerpt"
	case EventSourceNote:
		return "Source note"
	case EventPublication:
		return "Review"
	case EventCanonical:
		return "Canonical IRI"
	case EventVia:
		return "Imported from"
	case EventAnchor:
		return "Anchor"
	case EventSameClaim:
		return "Same claim"
	}
	return string(f)
}

// EventValue shows v, a From or To of an event of field f, in words:
// statuses and kinds by their labels, parties and sources with their role
// or relation in words, a party's mark by its words rather than offsets,
// a publication in words. "" stays "".
func EventValue(f EventField, v string) string {
	if v == "" {
		return ""
	}
	switch f {
	case EventStatus:
		return Status(v).Label()
	case EventKind:
		return Kind(v).Label()
	case EventParty:
		return partyWords(v)
	case EventPartyMark:
		return partyMarkWords(v)
	case EventSource:
		return sourceWords(v)
	case EventSourceRelation:
		return Relation(v).Label()
	case EventPublication:
		return publicationWords(v)
	case EventCheck:
		return CheckState(v).Label()
	case EventState:
		return ArticleState(v).Label()
	case EventAnchor:
		return anchorWords(v)
	case EventSameClaim:
		if _, words, ok := strings.Cut(v, " ("); ok {
			return strings.TrimSuffix(words, ")")
		}
	}
	return v
}

// Words turns e into words: the one place that says what every kind of
// event means, built on EventField.Label and EventValue (which the history
// view uses for its separate columns). A party or source is "added" or
// "removed" by which side holds it; a status event from a status to itself
// is a comment that confirms it. Values written by older versions read the
// same way.
func (e Event) Words() EventWords {
	w := EventWords{Label: e.Field.Label(), From: EventValue(e.Field, e.From), To: EventValue(e.Field, e.To)}
	switch e.Field {
	case EventClaim, eventCreated:
		w.From, w.To = "", ""
		w.Label = "Created"
		if e.To == "imported" {
			w.Label = "Imported"
		}
	case EventStatus:
		if e.From == e.To {
			w.Label, w.From = "Status confirmed", ""
		}
	case EventAssignee:
		if e.To == "" {
			w.Label = "Unassigned"
		}
	case EventDue:
		if e.To == "" {
			w.Label = "Due date removed"
		}
	case EventComment:
		switch {
		case e.From == "":
			w.Label = "Comment posted"
		case e.To == "":
			w.Label = "Comment deleted"
		default:
			w.Label = "Comment edited"
		}
	case EventCheck:
		w.From = ""
		switch CheckState(e.To) {
		case CheckRequested:
			w.Label, w.To = "Second check requested", ""
		case CheckApproved:
			w.Label, w.To = "Approved by a second check", ""
		case CheckSentBack:
			w.Label, w.To = "Sent back by a second check", ""
		}
	case EventParty:
		w.Label = added(e, "Party added", "Party removed")
	case EventSource:
		w.Label = added(e, "Source attached", "Source detached")
	case EventSameClaim:
		w.Label = added(e, "Linked as the same claim", "Unlinked from the same claim")
	case EventAnchor:
		switch anchorKind(e.Comment) {
		case AnchorMoved:
			w.Label = "Moved by a revision"
		case AnchorChanged:
			w.Label = "Words changed by a revision"
		case AnchorOrphaned:
			w.Label = "Orphaned by a revision: its words were not found"
		case AnchorReattached:
			w.Label = "Re-attached"
		case AnchorDismissed:
			w.Label = "Orphan dismissed"
		}
	case EventPartyMark:
		switch {
		case e.From == "":
			w.Label = "Party marked"
		case e.To == "":
			w.Label = "Party unmarked"
		default:
			w.Label = "Party mark moved"
		}
	}
	return w
}

// added is yes when e adds its value (To), else no.
func added(e Event, yes, no string) string {
	if e.To != "" {
		return yes
	}
	return no
}

// cutLabelled splits "name (key)" into name and key; ok is false when v
// does not end with a parenthesized key.
func cutLabelled(v string) (name, key string, ok bool) {
	i := strings.LastIndex(v, " (")
	if i < 0 || !strings.HasSuffix(v, ")") {
		return v, "", false
	}
	return v[:i], v[i+2 : len(v)-1], true
}

// partyWords shows "U.S. (invited)" as "U.S., invited".
func partyWords(v string) string {
	name, role, ok := cutLabelled(v)
	if !ok {
		return v
	}
	return name + ", " + strings.ToLower(Role(role).Label())
}

// sourceWords shows "Fare table (supports)" as "Fare table, supports".
func sourceWords(v string) string {
	title, rel, ok := cutLabelled(v)
	if !ok {
		return v
	}
	return title + ", " + strings.ToLower(Relation(rel).Label())
}

// partyMarkWords shows a party mark (`the U.S.: "U.S." at 3–7`, see
// PartyMarkValue) as the party's name on its words, without offsets: `the
// U.S. on “U.S.”`. A value it cannot read is shown as it is.
func partyMarkWords(v string) string {
	name, rest, ok := strings.Cut(v, ": \"")
	if !ok {
		return v
	}
	at := strings.LastIndex(rest, "\" at ")
	if at < 0 {
		return v
	}
	words, err := strconv.Unquote("\"" + rest[:at+1])
	if err != nil {
		return v
	}
	return name + " on “" + words + "”"
}

// publicationWords shows a publication value ("published misleading",
// "withdrawn", "unpublished") as editors read it.
func publicationWords(v string) string {
	if v == "" {
		return ""
	}
	if verdict, ok := strings.CutPrefix(v, "published "); ok {
		return "Published: " + Status(verdict).Label()
	}
	return PublicationState(v).Label()
}

// EventComment: a comment of the claim's discussion was posted (To the
// body), edited (From the old body, To the new) or deleted (From the
// body). It changes nothing of the claim, so its version stays.
const EventComment EventField = "comment"
