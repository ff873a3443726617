// Package model holds factmark's domain types: articles, claims, parties,
// sources, history events and users, their closed vocabularies, and the
// domain error that every layer returns and the HTTP layer maps to a status.
// It imports no storage, HTTP or view package.
package model

// Kind is what sort of claim a span makes.
type Kind string

// The claim kinds of docs/DESIGN.md §2.
const (
	KindParticipation Kind = "participation"
	KindEvent         Kind = "event"
	KindQuote         Kind = "quote"
	KindAttribution   Kind = "attribution"
	KindNumber        Kind = "number"
	KindDateTime      Kind = "date_time"
	KindPlace         Kind = "place"
	KindOther         Kind = "other"
)

// kinds lists every claim kind in display order.
var kinds = [...]Kind{KindParticipation, KindEvent, KindQuote, KindAttribution, KindNumber, KindDateTime, KindPlace, KindOther}

// Kinds returns a new slice, so no caller can change the vocabulary.
func Kinds() []Kind { v := kinds; return v[:] }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return contains(kinds[:], k) }

// Label is the kind in words.
func (k Kind) Label() string {
	switch k {
	case KindDateTime:
		return "Date/time"
	case KindParticipation:
		return "Participation"
	case KindEvent:
		return "Event"
	case KindQuote:
		return "Quote"
	case KindAttribution:
		return "Attribution"
	case KindNumber:
		return "Number"
	case KindPlace:
		return "Place"
	}
	return "Other"
}

// Status is where a claim stands in verification.
type Status string

// The statuses of docs/DESIGN.md §2.
const (
	StatusUnchecked    Status = "unchecked"
	StatusInProgress   Status = "in_progress"
	StatusVerified     Status = "verified"
	StatusNeedsContext Status = "needs_context"
	StatusMisleading   Status = "misleading"
	StatusFalse        Status = "false"
	StatusUnverifiable Status = "unverifiable"
)

// statuses lists every status in display order, open ones first.
var statuses = [...]Status{StatusUnchecked, StatusInProgress, StatusVerified, StatusNeedsContext, StatusMisleading, StatusFalse, StatusUnverifiable}

// Statuses returns a new slice, so no caller can change the vocabulary.
func Statuses() []Status { v := statuses; return v[:] }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return contains(statuses[:], s) }

// IsVerdict reports whether s is a finished verdict rather than open work.
func (s Status) IsVerdict() bool {
	return s.Valid() && s != StatusUnchecked && s != StatusInProgress
}

// Label is the status in words, as editors read it.
func (s Status) Label() string {
	switch s {
	case StatusUnchecked:
		return "Unchecked"
	case StatusInProgress:
		return "In progress"
	case StatusVerified:
		return "Verified"
	case StatusNeedsContext:
		return "Needs context"
	case StatusMisleading:
		return "Misleading"
	case StatusFalse:
		return "False"
	case StatusUnverifiable:
		return "Unverifiable"
	}
	return string(s)
}

// Color is the status's highlight colour, shared by the workspace, the
// progress bars and the HTML export so that a verdict looks the same
// everywhere. Each is light enough for black text on top.
func (s Status) Color() string {
	switch s {
	case StatusInProgress:
		return "#b9d7ff"
	case StatusVerified:
		return "#a6e3b0"
	case StatusNeedsContext:
		return "#ffe08a"
	case StatusMisleading:
		return "#ffbf80"
	case StatusFalse:
		return "#ff9e9e"
	case StatusUnverifiable:
		return "#d5c6f0"
	}
	return "#e3e3e3"
}

// Role is what a party is to a claim.
type Role string

// The party roles of docs/DESIGN.md §2.
const (
	RoleInvited     Role = "invited"
	RoleExcluded    Role = "excluded"
	RoleParticipant Role = "participant"
	RoleOrganizer   Role = "organizer"
	RoleSpeaker     Role = "speaker"
	RoleSubject     Role = "subject"
	RoleMentioned   Role = "mentioned"
)

// roles lists every party role in display order.
var roles = [...]Role{RoleInvited, RoleExcluded, RoleParticipant, RoleOrganizer, RoleSpeaker, RoleSubject, RoleMentioned}

// Roles returns a new slice, so no caller can change the vocabulary.
func Roles() []Role { v := roles; return v[:] }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return contains(roles[:], r) }

// Label is the role in words, as editors read it.
func (r Role) Label() string {
	switch r {
	case RoleInvited:
		return "Invited"
	case RoleExcluded:
		return "Excluded"
	case RoleParticipant:
		return "Participant"
	case RoleOrganizer:
		return "Organizer"
	case RoleSpeaker:
		return "Speaker"
	case RoleSubject:
		return "Subject"
	case RoleMentioned:
		return "Mentioned"
	}
	return string(r)
}

// Relation is how a source bears on a claim.
type Relation string

// The source relations of docs/DESIGN.md §2.
const (
	RelationSupports    Relation = "supports"
	RelationContradicts Relation = "contradicts"
	RelationContext     Relation = "context"
)

// relations lists every relation in display order.
var relations = [...]Relation{RelationSupports, RelationContradicts, RelationContext}

// Relations returns a new slice, so no caller can change the vocabulary.
func Relations() []Relation { v := relations; return v[:] }

// Valid reports whether r is a known relation.
func (r Relation) Valid() bool { return contains(relations[:], r) }

// Label is the relation in words, as editors read it.
func (r Relation) Label() string {
	switch r {
	case RelationSupports:
		return "Supports"
	case RelationContradicts:
		return "Contradicts"
	case RelationContext:
		return "Context"
	}
	return string(r)
}

// UserRole is what a user may do.
type UserRole string

// The user roles of docs/DESIGN.md §2.
const (
	UserAdmin  UserRole = "admin"
	UserEditor UserRole = "editor"
	UserViewer UserRole = "viewer"
)

// userRoles lists every user role.
var userRoles = [...]UserRole{UserAdmin, UserEditor, UserViewer}

// UserRoles returns a new slice, so no caller can change the vocabulary.
func UserRoles() []UserRole { v := userRoles; return v[:] }

// Valid reports whether r is a known user role.
func (r UserRole) Valid() bool { return contains(userRoles[:], r) }

// CanWrite reports whether the role may create and change articles and claims.
func (r UserRole) CanWrite() bool { return r == UserAdmin || r == UserEditor }

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
