package text_test

import (
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/text"
)

// indexSamples are strings whose code points are 1, 2, 3 and 4 bytes long,
// including sequences that render as one glyph but count as several code
// points.
var indexSamples = []struct {
	name string
	s    string
	n    int // code points
}{
	{"empty", "", 0},
	{"ASCII", "Talks in Lisbon.\n\nNext.", 23},
	{"Latin with precomposed accent", "Caf\u00e9 cr\u00e8me", 10},
	{"decomposed accent", "Cafe\u0301", 5},
	{"flag", "a🇰🇿b", 4},
	{"ZWJ family", "\U0001F469\u200d\U0001F469\u200d\U0001F467!", 6},
	{"CJK", "東京都で会議", 6},
	{"Hangul", "\ud55c\uae00 \ud14d\uc2a4\ud2b8", 6},
	{"Arabic", "قال الوزير", 10},
	{"Hebrew", "שלום עולם", 9},
	{"mixed", "x é 東 🇰🇿 \U0001F469\u200d\U0001F469\u200d\U0001F467 ש", 16},
}

func TestIndexAgainstRunes(t *testing.T) {
	for _, tt := range indexSamples {
		t.Run(tt.name, func(t *testing.T) {
			ix := text.NewIndex(tt.s)
			if ix.String() != tt.s {
				t.Errorf("String() = %q", ix.String())
			}
			if ix.Len() != tt.n || text.Len(tt.s) != tt.n {
				t.Fatalf("Len() = %d, text.Len = %d, want %d", ix.Len(), text.Len(tt.s), tt.n)
			}
			runes := []rune(tt.s)
			offsets := make([]int, 0, len(runes)+1) // byte offset of each code point
			for b := range tt.s {
				offsets = append(offsets, b)
			}
			offsets = append(offsets, len(tt.s))
			for cp, b := range offsets {
				if got := ix.Byte(cp); got != b {
					t.Errorf("Byte(%d) = %d, want %d", cp, got, b)
				}
				if got := ix.CodePoint(b); got != cp {
					t.Errorf("CodePoint(%d) = %d, want %d", b, got, cp)
				}
			}
			for i := 0; i <= tt.n; i++ {
				for j := i; j <= tt.n; j++ {
					if got, want := ix.Slice(i, j), string(runes[i:j]); got != want {
						t.Errorf("Slice(%d, %d) = %q, want %q", i, j, got, want)
					}
					if j > i && ix.Slice(j, i) != "" {
						t.Errorf("Slice(%d, %d) = %q, want empty", j, i, ix.Slice(j, i))
					}
				}
			}
		})
	}
}

func TestIndexClamps(t *testing.T) {
	for _, s := range []string{"abcdef", "ab\u00e9def"} {
		ix := text.NewIndex(s)
		n := ix.Len()
		tests := []struct {
			name string
			got  int
			want int
		}{
			{"Byte(-1)", ix.Byte(-1), 0},
			{"Byte(n+5)", ix.Byte(n + 5), len(s)},
			{"CodePoint(-3)", ix.CodePoint(-3), 0},
			{"CodePoint(len+9)", ix.CodePoint(len(s) + 9), n},
		}
		for _, tt := range tests {
			if tt.got != tt.want {
				t.Errorf("%q: %s = %d, want %d", s, tt.name, tt.got, tt.want)
			}
		}
		if got := ix.Slice(-10, 2); got != "ab" {
			t.Errorf("%q: Slice(-10, 2) = %q", s, got)
		}
		if got := ix.Slice(4, 100); got != "ef" {
			t.Errorf("%q: Slice(4, 100) = %q", s, got)
		}
		if got := ix.Slice(100, 200); got != "" {
			t.Errorf("%q: Slice(100, 200) = %q", s, got)
		}
	}
}

// TestIndexASCIIAgreesWithNonASCII checks that the ASCII fast path (no byte
// table) answers exactly as the table does, by indexing the same ASCII text
// with and without one trailing non-ASCII code point.
func TestIndexASCIIAgreesWithNonASCII(t *testing.T) {
	ascii := "The minister said talks would resume on Monday."
	fast := text.NewIndex(ascii)
	slow := text.NewIndex(ascii + "\u00e9")
	n := fast.Len()
	if slow.Len() != n+1 {
		t.Fatalf("Len: fast %d, slow %d", n, slow.Len())
	}
	for cp := -2; cp <= n; cp++ {
		if f, s := fast.Byte(cp), slow.Byte(cp); f != s {
			t.Errorf("Byte(%d): fast %d, slow %d", cp, f, s)
		}
		if f, s := fast.CodePoint(cp), slow.CodePoint(cp); f != s {
			t.Errorf("CodePoint(%d): fast %d, slow %d", cp, f, s)
		}
		for end := cp; end <= n; end++ {
			if f, s := fast.Slice(cp, end), slow.Slice(cp, end); f != s {
				t.Errorf("Slice(%d, %d): fast %q, slow %q", cp, end, f, s)
			}
			if f, s := fast.InRange(cp, end), slow.InRange(cp, end); f != s {
				t.Errorf("InRange(%d, %d): fast %v, slow %v", cp, end, f, s)
			}
		}
	}
}

func TestIndexCodePointInsideRune(t *testing.T) {
	// Byte 2 is inside "é" (bytes 1 and 2): CodePoint rounds up to the next
	// code point rather than inventing a half character.
	ix := text.NewIndex("a\u00e9b")
	if got := ix.CodePoint(2); got != 2 {
		t.Errorf("CodePoint(2) = %d, want 2", got)
	}
	// A 4-byte emoji: every byte inside it maps to the code point after it.
	ix = text.NewIndex("a🇰b")
	for b := 2; b <= 4; b++ {
		if got := ix.CodePoint(b); got != 2 {
			t.Errorf("CodePoint(%d) = %d, want 2", b, got)
		}
	}
}

func TestIndexInRange(t *testing.T) {
	ix := text.NewIndex("🇰🇿 ok") // 5 code points
	tests := []struct {
		start, end int
		want       bool
	}{
		{0, 1, true},
		{0, 5, true},
		{4, 5, true},
		{0, 0, false}, // empty
		{3, 3, false},
		{3, 2, false}, // reversed
		{-1, 2, false},
		{4, 6, false}, // past the end
		{5, 6, false},
	}
	for _, tt := range tests {
		if got := ix.InRange(tt.start, tt.end); got != tt.want {
			t.Errorf("InRange(%d, %d) = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
}

func BenchmarkNewIndex(b *testing.B) {
	s := strings.Repeat("Talks in Lisbon 🇰🇿 resumed; 東京 会議. ", 1500)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		text.NewIndex(s)
	}
}

func TestTrimSpan(t *testing.T) {
	doc := text.Build(text.SplitPlain("Talks in 🇰🇿 Astana. \n\nSecond block"))
	ix := text.NewIndex(doc.Text)
	first := doc.Blocks[0]
	for _, tc := range []struct {
		name             string
		start, end       int
		wantStart, wantE int
	}{
		{"already tight", 0, 5, 0, 5},
		{"trailing space", 0, 6, 0, 5},
		{"leading space", 5, 8, 6, 8},
		{"into the next block", 9, doc.Blocks[1].Start, 9, first.End},
		{"only the separator", first.End, doc.Blocks[1].Start, doc.Blocks[1].Start, doc.Blocks[1].Start},
		{"clamped", -3, 1000, 0, ix.Len()},
	} {
		s, e := ix.TrimSpan(tc.start, tc.end)
		if s != tc.wantStart || e != tc.wantE {
			t.Errorf("%s: TrimSpan(%d, %d) = %d, %d; want %d, %d", tc.name, tc.start, tc.end, s, e, tc.wantStart, tc.wantE)
		}
	}
}
