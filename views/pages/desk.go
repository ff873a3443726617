package pages

import (
	"context"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/layout"
)

// assignable is who an assignee menu offers: the active accounts, and the
// current assignee even when deactivated, so that the form shows who holds
// the claim and a save that keeps it does not change it.
func assignable(users []model.User, current string) []model.User {
	out := make([]model.User, 0, len(users))
	for _, u := range users {
		if u.Active || u.Name == current {
			out = append(out, u)
		}
	}
	return out
}

// CheckInput is the second-check form: the comment and, with a request,
// the public rationale proposed for approval.
type CheckInput struct {
	Comment, Rationale string
}

// canPublish reports whether the current user may publish and approve.
func canPublish(ctx context.Context) bool {
	u, ok := layout.User(ctx)
	return ok && u.CanPublish()
}

// mayApprove reports whether the current user may approve c's awaited
// check: a publisher or admin who did not set its verdict.
func mayApprove(ctx context.Context, c model.Claim) bool {
	u, ok := layout.User(ctx)
	return ok && u.CanPublish() && c.Check != nil && c.Check.State == model.CheckRequested && c.Check.VerdictBy != u.Name
}

// checkState is c's second check's state, "" for none.
func checkState(c model.Claim) model.CheckState {
	if c.Check == nil {
		return ""
	}
	return c.Check.State
}
