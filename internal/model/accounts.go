package model

import "time"

// APIToken describes an API token; the token itself is shown once, when it
// is made, and only its hash is stored.
type APIToken struct {
	ID       int64  `json:"id"`
	UserID   int64  `json:"user_id"`
	UserName string `json:"user"`
	// Label says what the token is for ("newsletter script").
	Label string `json:"label"`
	// ReadOnly tokens may only make GET and HEAD requests.
	ReadOnly   bool      `json:"read_only"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
}

// NewToken is what makes an API token: whose, its label, and whether it may
// only read.
type NewToken struct {
	UserName string
	Label    string
	ReadOnly bool
}

// UserChange is an admin's change to an account; nil fields stay as they
// are.
type UserChange struct {
	Role         *UserRole
	Active       *bool
	PasswordHash *string
	// Publisher marks or unmarks an editor as a publisher.
	Publisher *bool
}
