package pages

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTruncateCountsCodePoints checks truncate against the same cut made on
// the string's runes, across lengths around the limit, with characters of
// one to four bytes.
func TestTruncateCountsCodePoints(t *testing.T) {
	alphabet := []rune{'a', 'é', 'ü', '—', '€', '中', '🇰', '🇿', '😀', ' '}
	rng := rand.New(rand.NewPCG(3, 14))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(14) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		s, n := b.String(), 1+rng.IntN(10)
		want := s
		if r := []rune(s); len(r) > n {
			want = string(r[:n-1]) + "…"
		}
		got := truncate(s, n)
		if got != want {
			t.Fatalf("truncate(%q, %d) = %q, want %q", s, n, got, want)
		}
		if c := utf8.RuneCountInString(got); c > n {
			t.Fatalf("truncate(%q, %d) = %q has %d code points", s, n, got, c)
		}
	}
}
