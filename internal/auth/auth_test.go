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
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterx") {
		t.Error("CheckPassword accepts the wrong password or refuses the right one")
	}
}

func TestTokens(t *testing.T) {
	a, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewToken()
	if a == b || len(a) != 43 {
		t.Errorf("tokens %q and %q: want distinct 43-character tokens", a, b)
	}
	if HashToken(a) == HashToken(b) || HashToken(a) != HashToken(a) || len(HashToken(a)) != 64 {
		t.Error("HashToken is not a stable 64-hex-digit digest")
	}
}
