package model_test

import (
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestEventWords(t *testing.T) {
	tests := []struct {
		name string
		e    model.Event
		want string
	}{
		{"created", model.Event{Field: model.EventClaim, To: "created"}, "Created"},
		{"created, an old export's field", model.Event{Field: "created"}, "Created"},
		{"status", model.Event{Field: model.EventStatus, From: "unchecked", To: "needs_context"}, "Status: Unchecked → Needs context"},
		{"status confirmed", model.Event{Field: model.EventStatus, From: "misleading", To: "misleading"}, "Status confirmed: Misleading"},
		{"kind in words", model.Event{Field: model.EventKind, From: "date_time", To: "quote"}, "Kind: Date/time → Quote"},
		{"statement", model.Event{Field: model.EventStatement, From: "a", To: "b"}, "Statement: a → b"},
		{"note", model.Event{Field: model.EventNote, To: "call back"}, "Note: call back"},
		{"assignee", model.Event{Field: model.EventAssignee, To: "rita"}, "Assignee: rita"},
		{"unassigned", model.Event{Field: model.EventAssignee, From: "rita"}, "Unassigned: rita"},
		{"party added", model.Event{Field: model.EventParty, To: model.PartyValue("the U.S.", model.RoleInvited)}, "Party added: the U.S., invited"},
		{"party removed", model.Event{Field: model.EventParty, From: "the U.N. (mentioned)"}, "Party removed: the U.N., mentioned"},
		{"party with parentheses in its name", model.Event{Field: model.EventParty, To: "Unite (union) (subject)"}, "Party added: Unite (union), subject"},
		{"party marked, words not offsets", model.Event{Field: model.EventPartyMark, To: model.PartyMarkValue("the U.S.", "U.S.", 3, 7)}, "Party marked: the U.S. on “U.S.”"},
		{"party mark of an old event", model.Event{Field: model.EventPartyMark, To: `the U.S.: "U.S." at 3–7`}, "Party marked: the U.S. on “U.S.”"},
		{"party mark with quotes in the words", model.Event{Field: model.EventPartyMark, To: model.PartyMarkValue("Ali", `"Ali"`, 0, 5)}, "Party marked: Ali on “\"Ali\"”"},
		{"party mark moved", model.Event{Field: model.EventPartyMark, From: model.PartyMarkValue("X", "x", 0, 1), To: model.PartyMarkValue("X", "x", 9, 10)}, "Party mark moved: X on “x” → X on “x”"},
		{"party unmarked", model.Event{Field: model.EventPartyMark, From: model.PartyMarkValue("X", "x", 0, 1)}, "Party unmarked: X on “x”"},
		{"party mark unreadable", model.Event{Field: model.EventPartyMark, To: "something else"}, "Party marked: something else"},
		{"source attached", model.Event{Field: model.EventSource, To: model.SourceValue("Fare table", model.RelationSupports)}, "Source attached: Fare table, supports"},
		{"source detached", model.Event{Field: model.EventSource, From: "Fare table (contradicts)"}, "Source detached: Fare table, contradicts"},
		{"source relation", model.Event{Field: model.EventSourceRelation, From: "supports", To: "context"}, "Source relation: Supports → Context"},
		{"source excerpt", model.Event{Field: model.EventSourceExcerpt, To: "€4"}, "Source excerpt: €4"},
		{"source note", model.Event{Field: model.EventSourceNote, To: "p. 3"}, "Source note: p. 3"},
		{"published", model.Event{Field: model.EventPublication, From: "unpublished", To: model.PublicationValue(model.Publication{State: model.Published, Verdict: model.StatusFalse})}, "Review: Not published → Published: False"},
		{"withdrawn", model.Event{Field: model.EventPublication, From: "published false", To: "withdrawn"}, "Review: Published: False → Withdrawn"},
		{"canonical", model.Event{Field: model.EventCanonical, To: "urn:x"}, "Canonical IRI: urn:x"},
		{"via", model.Event{Field: model.EventVia, To: "https://a.example/1"}, "Imported from: https://a.example/1"},
		{"unknown field", model.Event{Field: "colour", From: "red", To: "blue"}, "colour: red → blue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Words().String(); got != tt.want {
				t.Errorf("Words() = %q, want %q", got, tt.want)
			}
		})
	}
}
