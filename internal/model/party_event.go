package model

import (
	"fmt"
	"strconv"
	"time"
)

// PartyEventField names what an event of the party registry changed; the
// values are stored keys (migration 0041), never words.
type PartyEventField string

// The changes a registry entry's history records.
const (
	PartyEventName         PartyEventField = "name"
	PartyEventType         PartyEventField = "type"
	PartyEventAliasAdded   PartyEventField = "alias_added"
	PartyEventAliasRemoved PartyEventField = "alias_removed"
	PartyEventMerged       PartyEventField = "merged"
)

// PartyEvent is one change to a registry entry: a rename (From the old
// name, To the new), a retype (types), an alias added (To) or removed
// (From), or another entry merged into it (From its name, To this entry's
// name then, Claims how many claims moved).
type PartyEvent struct {
	At     time.Time       `json:"at"`
	User   string          `json:"user"`
	Field  PartyEventField `json:"field"`
	From   string          `json:"from"`
	To     string          `json:"to"`
	Claims int             `json:"claims"`
}

// Words puts the event into the words the party page shows.
func (e PartyEvent) Words() string {
	switch e.Field {
	case PartyEventName:
		return fmt.Sprintf("Renamed from “%s” to “%s”.", e.From, e.To)
	case PartyEventType:
		return fmt.Sprintf("Type changed from %s to %s.", e.From, e.To)
	case PartyEventAliasAdded:
		return fmt.Sprintf("Alias “%s” added.", e.To)
	case PartyEventAliasRemoved:
		return fmt.Sprintf("Alias “%s” removed.", e.From)
	case PartyEventMerged:
		return fmt.Sprintf("“%s” merged into “%s”: %s moved.", e.From, e.To, ClaimCount(e.Claims))
	}
	return string(e.Field)
}

// ClaimCount is "1 claim" or "n claims".
func ClaimCount(n int) string {
	if n == 1 {
		return "1 claim"
	}
	return strconv.Itoa(n) + " claims"
}
