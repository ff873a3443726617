package model

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CheckState is where a claim's second check stands.
type CheckState string

// The states of a second check. A claim without a check has none (a nil
// Claim.Check).
const (
	CheckRequested CheckState = "requested"
	CheckApproved  CheckState = "approved"
	CheckSentBack  CheckState = "sent_back"
)

// Label is the state in words.
func (s CheckState) Label() string {
	switch s {
	case CheckRequested:
		return "Awaiting second check"
	case CheckApproved:
		return "Approved"
	case CheckSentBack:
		return "Sent back"
	}
	return "No second check"
}

// SecondCheck is a claim's current second check: asked for by an editor,
// decided (approved or sent back) by another. An approval holds for the
// verdict, content and rationale it was given on: it is Void once the
// claim no longer matches them.
type SecondCheck struct {
	State       CheckState `json:"state"`
	RequestedBy string     `json:"requested_by"`
	RequestedAt time.Time  `json:"requested_at"`
	// VerdictBy set the verdict the check is about, and may not approve it.
	VerdictBy string     `json:"verdict_by"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	// Comment is the last step's comment.
	Comment string `json:"comment,omitempty"`
	// Rationale is the public rationale proposed with the request: when
	// given, the review must be published with it.
	Rationale string `json:"rationale,omitempty"`
	// Basis is what was approved (CheckBasis), kept to tell a void approval.
	Basis string `json:"-"`
	// Void is true for an approval whose verdict or content changed since.
	Void bool `json:"void,omitempty"`
}

// CheckBasis is what an approval covers of claim c: its verdict and the
// content readers would be shown (statement, parties, sources with their
// excerpts and relations). Two claims with the same basis show readers the
// same review, rationale aside.
func CheckBasis(c Claim) string {
	content, _ := json.Marshal(ContentOf(c)) // plain strings: cannot fail
	return string(c.Status) + "\n" + string(content)
}

// Approved reports whether c has a second check's approval that still
// holds.
func (c Claim) Approved() bool {
	return c.Check != nil && c.Check.State == CheckApproved && !c.Check.Void
}

// CheckRequest asks for a second check of a claim's verdict, with an
// optional comment for the reviewer and an optional public rationale to
// approve with it.
type CheckRequest struct {
	Comment   string
	Rationale string
	IfVersion int
}

// CheckDecision approves a second check or sends the claim back, with a
// comment (required to send back: the checker must be told what to fix).
type CheckDecision struct {
	Comment   string
	IfVersion int
}

// Normalize trims the request and checks the lengths.
func (r *CheckRequest) Normalize() error {
	fe := FieldErrors{}
	r.Comment = strings.TrimSpace(r.Comment)
	r.Rationale = strings.TrimSpace(r.Rationale)
	fe.CheckLen("comment", "The comment", r.Comment, MaxCommentLen)
	fe.CheckLen("rationale", "The rationale", r.Rationale, MaxRationaleLen)
	return fe.Err("comment", "rationale")
}

// Normalize trims the decision's comment and checks its length; sendBack
// requires one.
func (d *CheckDecision) Normalize(sendBack bool) error {
	d.Comment = strings.TrimSpace(d.Comment)
	switch {
	case sendBack && d.Comment == "":
		return Invalid("comment", "Say what the checker should look at again: sending a claim back needs a comment.")
	case utf8.RuneCountInString(d.Comment) > MaxCommentLen:
		return Invalid("comment", "The comment is too long: at most %d characters.", MaxCommentLen)
	}
	return nil
}

// CheckQueueItem is a claim awaiting a second check, for the reviewers'
// queue.
type CheckQueueItem struct {
	Claim        Claim  `json:"claim"`
	ArticleTitle string `json:"article_title"`
	// URL opens the workspace on the claim.
	URL string `json:"url"`
}

// PublishBlocker says why claim c may not be published while a second
// check is required, or "" when nothing blocks it: an approval that holds
// and, when the request proposed one, the approved rationale.
func PublishBlocker(c Claim, rationale string) string {
	label := "Claim #" + strconv.Itoa(c.Number)
	switch {
	case c.Check == nil:
		return label + " needs a second check before its review is published: request a check, and another editor approves it."
	case c.Check.State == CheckRequested:
		return label + " is awaiting its second check: a publisher or admin other than " + c.Check.VerdictBy + " must approve it first."
	case c.Check.State == CheckSentBack:
		return label + " was sent back by its second check: address the comment and request a check again."
	case c.Check.Void:
		return label + "'s approval is void: its verdict, statement, parties or sources changed since it was approved. Request a check again."
	case c.Check.Rationale != "" && c.Check.Rationale != rationale:
		return label + "'s approved rationale differs from the one given: publish the approved rationale, or request a check again with the new one."
	}
	return ""
}
