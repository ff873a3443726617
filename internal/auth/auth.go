// Package auth hashes passwords and makes and hashes opaque tokens for
// sessions and the API. Tokens are stored only as SHA-256 hashes, so a copy
// of the database does not let anyone log in.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// MinPasswordLen is the shortest password accepted, in characters.
const MinPasswordLen = 10

// ErrPasswordTooShort and ErrPasswordTooLong describe unusable passwords.
var (
	ErrPasswordTooShort = errors.New("the password must be at least 10 characters long")
	// bcrypt reads only the first 72 bytes; refusing longer passwords is
	// more honest than silently ignoring the rest.
	ErrPasswordTooLong = errors.New("the password must be at most 72 bytes long")
)

// CheckPasswordStrength reports why password cannot be used, or nil.
func CheckPasswordStrength(password string) error {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLen:
		return ErrPasswordTooShort
	case len(password) > 72:
		return ErrPasswordTooLong
	}
	return nil
}

// HashPassword returns a bcrypt hash of password.
func HashPassword(password string) (string, error) {
	if err := CheckPasswordStrength(password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// CheckPassword reports whether password matches hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// DummyCheck spends as long as CheckPassword does, so that a login for an
// unknown user takes as long as one with a wrong password.
func DummyCheck(password string) {
	_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
}

// dummyHash is made on first use, not at start-up: hashing costs tens of
// milliseconds that the command-line tools and most requests never need.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("factmark-dummy-password"), bcrypt.DefaultCost)
	return h
})

// NewToken returns a random token with 256 bits of entropy, URL-safe.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken returns the hash under which a token is stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
