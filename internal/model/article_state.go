package model

import (
	"fmt"
	"strings"
)

// ArticleState is where an article stands on the desk.
type ArticleState string

// The article states, in the order an article goes through them.
const (
	ArticleDraft     ArticleState = "draft"
	ArticleChecking  ArticleState = "checking"
	ArticleReady     ArticleState = "ready"
	ArticlePublished ArticleState = "published"
)

var articleStates = [...]ArticleState{ArticleDraft, ArticleChecking, ArticleReady, ArticlePublished}

// ArticleStates returns the states in order, in a new slice.
func ArticleStates() []ArticleState { v := articleStates; return v[:] }

// Valid reports whether s is a known state.
func (s ArticleState) Valid() bool { return contains(articleStates[:], s) }

// Label is the state in words.
func (s ArticleState) Label() string {
	switch s {
	case ArticleDraft:
		return "Draft"
	case ArticleChecking:
		return "Checking"
	case ArticleReady:
		return "Ready"
	case ArticlePublished:
		return "Published"
	}
	return string(s)
}

// EventState: an article's state changed; From and To are ArticleStates.
const EventState EventField = "state"

// Blocker is one reason an article cannot be ready: a claim and what
// holds it back.
type Blocker struct {
	ClaimID int64  `json:"claim_id"`
	Number  int    `json:"number"`
	Reason  string `json:"reason"`
}

// String is the blocker in words: "claim #3 is unchecked".
func (b Blocker) String() string { return fmt.Sprintf("claim #%d %s", b.Number, b.Reason) }

// ReadyBlockers lists what keeps an article whose claims are claims from
// being ready, claim by claim in their order: a claim unchecked or in
// progress, orphaned (its words are gone; one put aside is no longer
// looked at), changed since its verdict, without a source, or awaiting
// its second check (or, when requireCheck, without an approval that holds
// and not already published).
func ReadyBlockers(claims []Claim, requireCheck bool) []Blocker {
	var out []Blocker
	for _, c := range claims {
		if c.OrphanDismissed {
			continue
		}
		add := func(reason string) { out = append(out, Blocker{ClaimID: c.ID, Number: c.Number, Reason: reason}) }
		switch c.Status {
		case StatusUnchecked:
			add("is unchecked")
		case StatusInProgress:
			add("is in progress")
		}
		if c.Orphan {
			add("is orphaned: its words are no longer in the article")
		}
		if c.ChangedSinceVerdict {
			add("changed since its verdict")
		}
		if len(c.Sources) == 0 {
			add("has no source")
		}
		switch {
		case c.Check != nil && c.Check.State == CheckRequested:
			add("is awaiting its second check")
		case requireCheck && c.Status.IsVerdict() && !c.Approved() && !c.Publication.IsPublished():
			add("has no second check's approval")
		}
	}
	return out
}

// BlockersMessage is the refusal of a move to ready, listing every
// blocker.
func BlockersMessage(to ArticleState, bs []Blocker) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.String()
	}
	return fmt.Sprintf("The article cannot be %s yet: %s.", strings.ToLower(to.Label()), strings.Join(parts, "; "))
}
