package model

import (
	"errors"
	"fmt"
)

// MaxBulkClaims is how many claims one bulk change may name: more than a
// long article's claim list, few enough that one transaction stays short
// for the single writer.
const MaxBulkClaims = 500

// BulkClaimUpdate is one change applied to several claims of an article
// at once, from the workspace's claim list: an assignee (with an optional
// due date) or a status, or both. Every claim gets the same change in one
// transaction, or none does.
type BulkClaimUpdate struct {
	ClaimIDs []int64
	Assignee *string
	Due      *string
	Status   *Status
}

// Normalize checks the list of claims (not empty, no more than
// MaxBulkClaims, ids repeated only once) and that there is something to
// change, and normalizes the change itself as ClaimUpdate does.
func (b *BulkClaimUpdate) Normalize() error {
	if len(b.ClaimIDs) == 0 {
		return Invalid("claim_ids", "Select at least one claim to change.")
	}
	if len(b.ClaimIDs) > MaxBulkClaims {
		return Invalid("claim_ids", "%d claims are selected: change at most %d at once.", len(b.ClaimIDs), MaxBulkClaims)
	}
	seen := make(map[int64]bool, len(b.ClaimIDs))
	ids := b.ClaimIDs[:0:0]
	for _, id := range b.ClaimIDs {
		if id <= 0 {
			return Invalid("claim_ids", "%d is not a claim id: send the ids of the selected claims.", id)
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	b.ClaimIDs = ids
	if b.Assignee == nil && b.Status == nil && b.Due == nil {
		return Invalid("assignee", "Choose an assignee, a due date or a status to set on the selected claims.")
	}
	u := b.Update()
	if err := u.Normalize(); err != nil {
		return err
	}
	b.Assignee, b.Due, b.Status = u.Assignee, u.Due, u.Status
	return nil
}

// Update is the change each claim gets, as a ClaimUpdate.
func (b BulkClaimUpdate) Update() ClaimUpdate {
	return ClaimUpdate{Assignee: b.Assignee, Due: b.Due, Status: b.Status}
}

// InClaim prefixes a refusal of one claim of a bulk change with that
// claim's number, so the editor knows which one to look at; other errors
// are returned as they are.
func InClaim(err error, number int) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	named := *e
	named.Message = fmt.Sprintf("Claim #%d: %s", number, e.Message)
	named.Fields = nil
	return &named
}
