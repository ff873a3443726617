package text_test

import (
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/text"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in    string
		space, text string // FoldSpace and FoldText of in
	}{
		{"empty", "", "", ""},
		{"canonical", "Hello world.", "Hello world.", "Hello world."},
		{"runs inside", "Hello \t\u00a0 world", "Hello world", "Hello world"},
		{"kept at the ends, as one space", "  Hello\u3000", " Hello ", " Hello "},
		{"one line break inside", "Hello\r\nworld", "Hello world", "Hello world"},
		{"a blank line is a block break", "end.\n\nStart", "end. Start", "end.\n\nStart"},
		{"a blank line of spaces, CRLF", "end. \r\n \t\r\n Start", "end. Start", "end.\n\nStart"},
		{"old Mac line endings", "end.\r\rStart", "end. Start", "end.\n\nStart"},
		{"line separators are not line breaks", "end.\u2028\u2029Start", "end. Start", "end. Start"},
		{"a lone line break at an end: half a separator", "\nStart end.\n", " Start end. ", "\nStart end.\n"},
		{"a lone CRLF at an end", "end.\r\n", "end. ", "end.\n"},
		{"a line break with spaces at an end", "end. \n", "end. ", "end. "},
		{"only a line break", "\n", " ", "\n"},
		{"a separator at the ends", "\n\nmiddle\n\n", " middle ", "\n\nmiddle\n\n"},
		{"NFC", "Cafe\u0301", "Caf\u00e9", "Caf\u00e9"},
		{"invalid UTF-8", "a\xffb", "a\ufffdb", "a\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := text.FoldSpace(tt.in); got != tt.space {
				t.Errorf("FoldSpace(%q) = %q, want %q", tt.in, got, tt.space)
			}
			if got := text.FoldText(tt.in); got != tt.text {
				t.Errorf("FoldText(%q) = %q, want %q", tt.in, got, tt.text)
			}
		})
	}
}

// FoldSpace is NormalizeBlock's folding: trimmed, it gives the same text.
func FuzzFoldSpace(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := strings.Trim(text.FoldSpace(s), " "), text.NormalizeBlock(s); got != want {
			t.Fatalf("FoldSpace(%q) trimmed = %q, NormalizeBlock = %q", s, got, want)
		}
	})
}

// FoldText of pasted text, trimmed, is its canonical text; any piece of a
// canonical text is its own FoldText, so that a quote taken from the text
// is left as it is.
func FuzzFoldText(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i, 2*i+3)
	}
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		canonical := text.Build(text.SplitPlain(s)).Text
		if got := strings.Trim(text.FoldText(s), " \n"); got != canonical {
			t.Fatalf("FoldText(%q) trimmed = %q, canonical text %q", s, got, canonical)
		}
		ix := text.NewIndex(canonical)
		n := ix.Len()
		if n == 0 {
			return
		}
		start := mod(a, n)
		end := start + mod(b, n-start+1)
		if piece := ix.Slice(start, end); text.FoldText(piece) != piece {
			t.Fatalf("FoldText(%q) = %q: a piece of the canonical text %q changed", piece, text.FoldText(piece), canonical)
		}
	})
}
