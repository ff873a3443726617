// Package layout holds the page frame every view shares and the typed
// context accessors for what every view may need: the current user and the
// CSRF token.
package layout

import (
	"context"

	"github.com/factmark/factmark/internal/model"
)

type ctxKey int

const (
	userKey ctxKey = iota
	csrfKey
	unreadKey
)

// WithUnread returns ctx carrying how many notifications the user has not
// read, for the header.
func WithUnread(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, unreadKey, n)
}

// Unread is how many notifications the user has not read; 0 when unknown.
func Unread(ctx context.Context) int {
	n, _ := ctx.Value(unreadKey).(int)
	return n
}

// WithUser returns ctx carrying the logged-in user.
func WithUser(ctx context.Context, u model.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// User returns the logged-in user, if any.
func User(ctx context.Context) (model.User, bool) {
	u, ok := ctx.Value(userKey).(model.User)
	return u, ok
}

// CanWrite reports whether the logged-in user may change articles and claims.
func CanWrite(ctx context.Context) bool {
	u, ok := User(ctx)
	return ok && u.Role.CanWrite()
}

// WithCSRF returns ctx carrying the CSRF token forms must send.
func WithCSRF(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, csrfKey, token)
}

// CSRF returns the CSRF token for forms.
func CSRF(ctx context.Context) string {
	t, _ := ctx.Value(csrfKey).(string)
	return t
}
