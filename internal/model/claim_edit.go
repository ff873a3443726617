package model

import "strings"

// ClaimDetails are the fields of a claim that the workspace's details form
// edits, as the form sends them.
type ClaimDetails struct {
	Statement, Kind, Status, Note, Assignee, Due string
}

// DetailsOf returns c's details as the form shows them.
func DetailsOf(c Claim) ClaimDetails {
	return ClaimDetails{Statement: c.Statement, Kind: string(c.Kind), Status: string(c.Status), Note: c.Note, Assignee: c.Assignee, Due: c.Due}
}

// ClaimEdit is one save of the details form: every detail at once, the
// comment on the status, and what the form was loaded with, so that a save
// after someone else's can tell their changes from the editor's.
type ClaimEdit struct {
	Details ClaimDetails
	Comment string
	// Base holds the details the form was loaded with, or nil when the
	// request does not say; then every field that differs from the stored
	// claim counts as changed by someone else.
	Base *ClaimDetails
	// Version is the claim's version when the form was loaded; 0 saves
	// whatever the version.
	Version int
}

// Update is the change e asks for on cur, the claim as stored. The form
// always sends the status; only a changed one is a change, unless it comes
// with a comment, which confirms the status (a comment without a status
// would be refused).
func (e ClaimEdit) Update(cur Claim) ClaimUpdate {
	in := e.Details
	kind, status := Kind(in.Kind), Status(in.Status)
	u := ClaimUpdate{Statement: &in.Statement, Kind: &kind, Note: &in.Note, Assignee: &in.Assignee, Due: &in.Due}
	if status != cur.Status || strings.TrimSpace(e.Comment) != "" {
		u.Status, u.Comment = &status, e.Comment
	}
	return u
}

// FieldConflict is a detail that someone else changed while the editor was
// editing the claim: the field, who changed it last (a user name), and the
// values stored now and sent by the editor, as they are stored.
type FieldConflict struct {
	Field EventField
	By    string
	Now   string
	Yours string
}

// ErrEditConflict is what a details save answers when someone else changed
// a field the editor is saving since the form was loaded (see
// EditConflicts); the save changed nothing.
var ErrEditConflict = &Error{Code: EPRECONDITION, Field: "form",
	Message: "Someone else saved this claim while you were editing it; what they changed is shown under each field. Your input is kept: Save again to apply it over theirs."}

// EditConflicts lists the details where cur, the stored claim, differs from
// the editor's input in and that changed since the editor loaded the form
// with base (nil: unknown, and then every differing field is listed). A
// field only the editor changed is no conflict: saving it overwrites
// nobody. Who changed a field is taken from history (oldest first), else
// from the claim's last change. The order is the form's.
func EditConflicts(cur Claim, base *ClaimDetails, in ClaimDetails, history []Event) []FieldConflict {
	stored := DetailsOf(cur)
	var b ClaimDetails
	if base != nil {
		b = *base
	}
	var out []FieldConflict
	add := func(field EventField, now, yours, loaded string) {
		if sameFormText(now, yours) || (base != nil && sameFormText(now, loaded)) {
			return
		}
		by := cur.UpdatedBy
		for i := len(history) - 1; i >= 0; i-- {
			if history[i].Field == field {
				by = history[i].User
				break
			}
		}
		out = append(out, FieldConflict{Field: field, By: by, Now: strings.TrimSpace(now), Yours: strings.TrimSpace(yours)})
	}
	add(EventStatement, stored.Statement, in.Statement, b.Statement)
	add(EventKind, stored.Kind, in.Kind, b.Kind)
	add(EventAssignee, stored.Assignee, in.Assignee, b.Assignee)
	add(EventDue, stored.Due, in.Due, b.Due)
	add(EventStatus, stored.Status, in.Status, b.Status)
	add(EventNote, stored.Note, in.Note, b.Note)
	return out
}

// sameFormText compares two values of a form field as the store would keep
// them: trimmed, with the browser's CRLF line breaks as LF.
func sameFormText(a, b string) bool {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	return norm(a) == norm(b)
}
