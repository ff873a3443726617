package auth

import (
	"strings"
	"testing"
)

func TestPasswords(t *testing.T) {
	if _, err := HashPassword("short"); err != ErrPasswordTooShort {
		t.Errorf("short password: err = %v", err)
	}
	if _, err := HashPassword(strings.Repeat("é", 40)); err != ErrPasswordTooLong {
		t.Errorf("80-byte password: err = %v", err)
	}
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$2") {
		t.Errorf("hash %q is not bcrypt", h)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("CheckPassword refuses the right password")
	}
	if CheckPassword(h, "correct horse batterx") {
		t.Error("CheckPassword accepts the wrong password")
	}
}

func TestTokens(t *testing.T) {
	a, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewToken()
	if a == b {
		t.Errorf("two tokens are both %q, want distinct tokens", a)
	}
	if len(a) != 43 {
		t.Errorf("token %q has %d characters, want 43", a, len(a))
	}
	if HashToken(a) == HashToken(b) {
		t.Errorf("HashToken(%q) = HashToken(%q) = %q, want distinct digests", a, b, HashToken(a))
	}
	if h1, h2 := HashToken(a), HashToken(a); h1 != h2 {
		t.Errorf("HashToken(%q) = %q, then %q: not stable", a, h1, h2)
	}
	if h := HashToken(a); len(h) != 64 {
		t.Errorf("HashToken(%q) = %q, %d characters, want 64 hex digits", a, h, len(h))
	}
}
