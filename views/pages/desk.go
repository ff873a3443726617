package pages

import "github.com/factmark/factmark/internal/model"

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
