package model

import (
	"fmt"
	"strings"
	"time"
)

// NormalizeDue validates an optional due date: "" (none) stays "", and
// anything else must be a calendar date, YYYY-MM-DD. A due date is a day,
// not an instant: a desk plans by the day, in its own time zone.
func NormalizeDue(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", true
	}
	t, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// DueMessage is what a refused due date is told, wherever it comes from.
const DueMessage = "The due date must be a date written YYYY-MM-DD (2026-03-31), or empty for none."

// Overdue reports whether due (YYYY-MM-DD, or "" for none) lies before
// today's date in UTC: a task due today is not late yet.
func Overdue(due string, now time.Time) bool {
	return overdueOn(due, today(now))
}

// today is now's date as due dates are written, in UTC.
func today(now time.Time) string { return now.UTC().Format(time.DateOnly) }

// overdueOn is Overdue for the date today.
func overdueOn(due, today string) bool { return due != "" && due < today }

// ArticleAssignment is a change to who is responsible for an article and
// by when: nil fields stay as they are, "" clears. IfVersion, when not
// zero, must equal the article's version or nothing changes.
type ArticleAssignment struct {
	Assignee *string
	Due      *string
	// State moves the article on the desk; to ready or published only
	// while nothing blocks it (ReadyBlockers), RequireCheck counting a
	// claim without a second check's approval.
	State        *ArticleState
	RequireCheck bool
	IfVersion    int
}

// Normalize trims the assignment and checks the due date; the assignee is
// checked against the accounts by the store.
func (a *ArticleAssignment) Normalize() error {
	fe := FieldErrors{}
	if a.Assignee != nil {
		*a.Assignee = strings.TrimSpace(*a.Assignee)
	}
	if a.Due != nil {
		d, ok := NormalizeDue(*a.Due)
		if !ok {
			fe.Add("due", DueMessage)
		}
		*a.Due = d
	}
	if a.State != nil && !a.State.Valid() {
		fe.Add("state", fmt.Sprintf("Unknown state %q: use draft, checking, ready or published.", *a.State))
	}
	return fe.Err("assignee", "due", "state")
}
