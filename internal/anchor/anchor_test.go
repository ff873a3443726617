package anchor_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/text"
)

// canonical builds the canonical text of pasted plain text and indexes it.
func canonical(s string) *text.Index {
	return text.NewIndex(text.Build(text.SplitPlain(s)).Text)
}

// find returns the code-point span of the first occurrence of sub in ix's
// text, failing the test when there is none.
func find(t testing.TB, ix *text.Index, sub string) (int, int) {
	t.Helper()
	b := strings.Index(ix.String(), sub)
	if b < 0 {
		t.Fatalf("%q not in %q", sub, ix.String())
	}
	start := ix.CodePoint(b)
	return start, start + text.Len(sub)
}

func TestQuoteAt(t *testing.T) {
	long := strings.Repeat("0123456789", 10) // 100 code points
	// 40 flags are 80 code points; a 32-code-point cut may split one in two,
	// which is right: offsets count code points, not glyphs.
	flags := strings.Repeat("🇰🇿", 40)
	tests := []struct {
		name string
		s    string
		at   [2]int // the span quoted, [start, end)
		want anchor.Quote
	}{
		{
			name: "whole short text: no context",
			s:    "Ferries resumed.",
			at:   [2]int{0, 16},
			want: anchor.Quote{Exact: "Ferries resumed."},
		},
		{
			name: "at the start: prefix cut at the article's start",
			s:    "Ferries resumed on Monday.",
			at:   [2]int{0, 7},
			want: anchor.Quote{Exact: "Ferries", Suffix: " resumed on Monday."},
		},
		{
			name: "at the end: suffix cut at the article's end",
			s:    "Ferries resumed on Monday.",
			at:   [2]int{19, 26},
			want: anchor.Quote{Exact: "Monday.", Prefix: "Ferries resumed on "},
		},
		{
			name: "middle of a long text: 32 each side",
			s:    long,
			at:   [2]int{50, 55},
			want: anchor.Quote{Exact: "01234", Prefix: long[18:50], Suffix: long[55:87]},
		},
		{
			name: "near the start of a long text",
			s:    long,
			at:   [2]int{3, 4},
			want: anchor.Quote{Exact: "3", Prefix: "012", Suffix: long[4:36]},
		},
		{
			name: "across the block separator",
			s:    "First block.\n\nSecond block.",
			at:   [2]int{6, 20},
			want: anchor.Quote{Exact: "block.\n\nSecond", Prefix: "First ", Suffix: " block."},
		},
		{
			name: "emoji counted in code points",
			s:    flags,
			at:   [2]int{40, 42},
			// prefix: code points 8..40 (16 whole flags); suffix: 42..74
			want: anchor.Quote{Exact: "🇰🇿", Prefix: strings.Repeat("🇰🇿", 16), Suffix: strings.Repeat("🇰🇿", 16)},
		},
		{
			name: "context cut inside a flag",
			s:    flags,
			at:   [2]int{41, 42}, // the second half of flag 21
			want: anchor.Quote{
				Exact:  "\U0001F1FF",
				Prefix: "\U0001F1FF" + strings.Repeat("🇰🇿", 15) + "\U0001F1F0",
				Suffix: strings.Repeat("🇰🇿", 16),
			},
		},
		{
			name: "RTL and CJK",
			s:    "הממשלה אמרה 東京",
			at:   [2]int{7, 11},
			want: anchor.Quote{Exact: "אמרה", Prefix: "הממשלה ", Suffix: " 東京"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := canonical(tt.s)
			got := anchor.QuoteAt(ix, tt.at[0], tt.at[1])
			if got != tt.want {
				t.Errorf("QuoteAt(%d, %d) =\n %+v\nwant\n %+v", tt.at[0], tt.at[1], got, tt.want)
			}
			if n := text.Len(got.Prefix); n > anchor.ContextLen {
				t.Errorf("prefix has %d code points", n)
			}
			if n := text.Len(got.Suffix); n > anchor.ContextLen {
				t.Errorf("suffix has %d code points", n)
			}
		})
	}
}

func TestMatches(t *testing.T) {
	ix := canonical("Café 🇰🇿 talks ended.")
	q := anchor.Quote{Exact: "talks"}
	tests := []struct {
		name       string
		start, end int
		want       bool
	}{
		{"at the span", 8, 13, true},
		{"shifted by one", 7, 12, false},
		{"too short", 8, 12, false},
		{"empty", 8, 8, false},
		{"reversed", 13, 8, false},
		{"past the end", 18, 23, false},
		{"negative", -5, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := anchor.Matches(ix, tt.start, tt.end, q); got != tt.want {
				t.Errorf("Matches(%d, %d) = %v, want %v", tt.start, tt.end, got, tt.want)
			}
		})
	}
}

func TestLocate(t *testing.T) {
	// "port" occurs three times. Occurrence 1 and 2 share their prefix
	// ("the "), 2 and 3 their suffix (" closed"), so each quote below needs a
	// different part of the context to tell them apart.
	const s = "Ships left the port early. Then the port closed. Later a port closed."
	ix := canonical(s)
	p1, p2, p3 := 15, 36, 57
	for _, p := range []int{p1, p2, p3} {
		if ix.Slice(p, p+4) != "port" {
			t.Fatalf("fixture: %q at %d", ix.Slice(p, p+4), p)
		}
	}
	tests := []struct {
		name      string
		q         anchor.Quote
		wantStart int
		wantErr   error
	}{
		{"unique exact", anchor.Quote{Exact: "Ships left"}, 0, nil},
		{"repeated exact", anchor.Quote{Exact: "closed."}, 0, anchor.ErrAmbiguous},
		{"last sentence", anchor.Quote{Exact: "a port closed."}, 55, nil},
		{"empty", anchor.Quote{}, 0, anchor.ErrEmptyQuote},
		{"empty exact with context", anchor.Quote{Prefix: "the ", Suffix: " early"}, 0, anchor.ErrEmptyQuote},
		{"not found", anchor.Quote{Exact: "harbour"}, 0, anchor.ErrNotFound},
		{"case matters", anchor.Quote{Exact: "PORT"}, 0, anchor.ErrNotFound},
		{"ambiguous without context", anchor.Quote{Exact: "port"}, 0, anchor.ErrAmbiguous},
		{"prefix alone picks occurrence 3", anchor.Quote{Exact: "port", Prefix: "Later a "}, p3, nil},
		{"suffix alone picks occurrence 1", anchor.Quote{Exact: "port", Suffix: " early"}, p1, nil},
		{"prefix alone ties 1 and 2", anchor.Quote{Exact: "port", Prefix: "the "}, 0, anchor.ErrAmbiguous},
		{"suffix alone ties 2 and 3", anchor.Quote{Exact: "port", Suffix: " closed"}, 0, anchor.ErrAmbiguous},
		{"prefix and suffix together pick 2", anchor.Quote{Exact: "port", Prefix: "the ", Suffix: " closed"}, p2, nil},
		{"longest agreement wins", anchor.Quote{Exact: "port", Prefix: "Xhen the ", Suffix: " closed"}, p2, nil},
		{"stale context still helps", anchor.Quote{Exact: "port", Prefix: "left the ", Suffix: " late"}, p1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, err := anchor.Locate(ix, tt.q)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Locate(%+v) error = %v, want %v", tt.q, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if start != tt.wantStart || end != tt.wantStart+text.Len(tt.q.Exact) {
				t.Errorf("Locate(%+v) = [%d,%d), want start %d", tt.q, start, end, tt.wantStart)
			}
			if got := ix.Slice(start, end); got != tt.q.Exact {
				t.Errorf("text at result = %q", got)
			}
		})
	}
}

func TestLocateNonASCII(t *testing.T) {
	ix := canonical("🇰🇿 \U0001F469\u200d\U0001F469\u200d\U0001F467 Caf\u00e9 東京 שלום\n\nCaf\u00e9 again")
	tests := []struct {
		q         anchor.Quote
		wantStart int
	}{
		{anchor.Quote{Exact: "東京"}, 14},
		{anchor.Quote{Exact: "שלום"}, 17},
		{anchor.Quote{Exact: "Caf\u00e9", Suffix: " 東"}, 9},
		{anchor.Quote{Exact: "Caf\u00e9", Prefix: "\n\n"}, 23},
		{anchor.Quote{Exact: "\u200d\U0001F469"}, 4}, // inside the ZWJ sequence, and unique
	}
	for _, tt := range tests {
		start, end, err := anchor.Locate(ix, tt.q)
		if err != nil || start != tt.wantStart || end != start+text.Len(tt.q.Exact) {
			t.Errorf("Locate(%+v) = [%d,%d) %v, want start %d", tt.q, start, end, err, tt.wantStart)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		q    anchor.Quote
		want anchor.Quote
	}{
		{"canonical: unchanged",
			anchor.Quote{Exact: "the port", Prefix: "Ships left ", Suffix: " early."},
			anchor.Quote{Exact: "the port", Prefix: "Ships left ", Suffix: " early."}},
		{"runs of white space folded",
			anchor.Quote{Exact: "Hello   world", Prefix: "said:\t\u00a0", Suffix: " \r\nand"},
			anchor.Quote{Exact: "Hello world", Prefix: "said: ", Suffix: " and"}},
		{"exact trimmed, its white space moved to the context",
			anchor.Quote{Exact: " the mayor\n", Prefix: "cost €4,", Suffix: "said"},
			anchor.Quote{Exact: "the mayor", Prefix: "cost €4, ", Suffix: " said"}},
		{"moved white space joins the context's",
			anchor.Quote{Exact: "  the mayor ", Prefix: "cost €4, ", Suffix: "\tsaid"},
			anchor.Quote{Exact: "the mayor", Prefix: "cost €4, ", Suffix: " said"}},
		{"the context's own white space at its ends is kept",
			anchor.Quote{Exact: "mayor", Prefix: "  the  ", Suffix: "  said  "},
			anchor.Quote{Exact: "mayor", Prefix: " the ", Suffix: " said "}},
		{"a blank line is a block break",
			anchor.Quote{Exact: "block.\r\n\r\nSecond", Prefix: "\n \nFirst ", Suffix: " block.\n\n"},
			anchor.Quote{Exact: "block.\n\nSecond", Prefix: "\n\nFirst ", Suffix: " block.\n\n"}},
		{"exact cut inside a block break",
			anchor.Quote{Exact: "\nSecond", Prefix: "First block.\n"},
			anchor.Quote{Exact: "Second", Prefix: "First block.\n\n"}},
		{"context cut inside a block break at its far end",
			anchor.Quote{Exact: "Second", Prefix: "\nFirst ", Suffix: " block.\n"},
			anchor.Quote{Exact: "Second", Prefix: "\nFirst ", Suffix: " block.\n"}},
		{"a line break alone beside the exact text is a space",
			anchor.Quote{Exact: "Second\r\n", Prefix: "First\n", Suffix: "block"},
			anchor.Quote{Exact: "Second", Prefix: "First ", Suffix: " block"}},
		{"NFC", anchor.Quote{Exact: "Cafe\u0301", Suffix: " cafe\u0301"}, anchor.Quote{Exact: "Caf\u00e9", Suffix: " caf\u00e9"}},
		{"only white space", anchor.Quote{Exact: " \n ", Prefix: "a"}, anchor.Quote{Exact: "", Prefix: "a "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := anchor.Normalize(tt.q)
			if got != tt.want {
				t.Errorf("Normalize(%+v) =\n %+v\nwant\n %+v", tt.q, got, tt.want)
			}
			if again := anchor.Normalize(got); again != got {
				t.Errorf("Normalize is not idempotent: %+v, then %+v", got, again)
			}
		})
	}
}

// Locate and Resolve look for the normalized quote, so that a quote typed
// with other white space, or copied in another Unicode form, is found.
func TestLocateNormalizes(t *testing.T) {
	ix := canonical("Hello world, said the café owner. Hello world, said the mayor.\n\nThe end.")
	tests := []struct {
		name    string
		q       anchor.Quote
		want    string // the text at the span found
		wantErr error
	}{
		{"runs of spaces", anchor.Quote{Exact: "said   the\tmayor"}, "said the mayor", nil},
		{"decomposed accent", anchor.Quote{Exact: "cafe\u0301 owner"}, "café owner", nil},
		{"exact with spaces at its ends", anchor.Quote{Exact: "  the mayor. "}, "the mayor.", nil},
		{"a trimmed space still tells occurrences apart",
			anchor.Quote{Exact: " Hello world", Prefix: "owner."}, "Hello world", nil},
		{"across the block break, copied with a blank line of spaces",
			anchor.Quote{Exact: "mayor.\n \nThe"}, "mayor.\n\nThe", nil},
		{"across the block break, copied with one line break: not found",
			anchor.Quote{Exact: "mayor.\nThe"}, "", anchor.ErrNotFound},
		{"context normalized too", anchor.Quote{Exact: "Hello world", Prefix: "cafe\u0301   owner.\r\n"}, "Hello world", nil},
		{"only white space", anchor.Quote{Exact: " \t\n"}, "", anchor.ErrEmptyQuote},
		{"still ambiguous", anchor.Quote{Exact: "Hello  world"}, "", anchor.ErrAmbiguous},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end, err := anchor.Locate(ix, tt.q)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Locate(%+v) error = %v, want %v", tt.q, err, tt.wantErr)
			}
			if err == nil && ix.Slice(start, end) != tt.want {
				t.Errorf("Locate(%+v) = %q, want %q", tt.q, ix.Slice(start, end), tt.want)
			}
		})
	}

	t.Run("Resolve trusts a position that holds the normalized quote", func(t *testing.T) {
		start, end := find(t, ix, "the mayor")
		s, e, ok := anchor.Resolve(ix, start, end, anchor.Quote{Exact: "the  mayor"})
		if !ok || s != start || e != end {
			t.Errorf("Resolve = [%d,%d) %v, want [%d,%d)", s, e, ok, start, end)
		}
	})
	t.Run("Resolve finds the normalized quote from a stale position", func(t *testing.T) {
		start, end := find(t, ix, "café owner")
		s, e, ok := anchor.Resolve(ix, 0, 3, anchor.Quote{Exact: "cafe\u0301\u00a0owner"})
		if !ok || s != start || e != end {
			t.Errorf("Resolve = [%d,%d) %v, want [%d,%d)", s, e, ok, start, end)
		}
	})
}

// Normalizing never fails and is idempotent, and a normalized quote found
// in a text is found where its exact text is.
func FuzzNormalize(f *testing.F) {
	f.Add("Hello   world", " said:\n", "\r\n\r\nNext", "Hello world, said:\n\nHello world\n\nNext")
	f.Add(" \u00a0x\u0301 ", "\n", "\n", "x\u0301")
	f.Fuzz(func(t *testing.T, exact, prefix, suffix, body string) {
		q := anchor.Normalize(anchor.Quote{Exact: exact, Prefix: prefix, Suffix: suffix})
		if again := anchor.Normalize(q); again != q {
			t.Fatalf("Normalize not idempotent: %+v, then %+v", q, again)
		}
		if q.Exact != strings.TrimSpace(q.Exact) {
			t.Fatalf("exact %q not trimmed", q.Exact)
		}
		ix := canonical(body)
		if s, e, err := anchor.Locate(ix, q); err == nil && ix.Slice(s, e) != q.Exact {
			t.Fatalf("Locate(%+v) = %q", q, ix.Slice(s, e))
		}
	})
}

func TestResolve(t *testing.T) {
	v1 := canonical("The bridge reopened on Friday after repairs. Traffic was light.")
	start, end := find(t, v1, "reopened on Friday")
	q := anchor.QuoteAt(v1, start, end)

	t.Run("unchanged text keeps the position", func(t *testing.T) {
		s, e, ok := anchor.Resolve(v1, start, end, q)
		if !ok || s != start || e != end {
			t.Errorf("Resolve = [%d,%d) %v, want [%d,%d)", s, e, ok, start, end)
		}
	})

	t.Run("text inserted before the span", func(t *testing.T) {
		insert := "Update 🇰🇿: officials confirmed the news. "
		v2 := canonical(insert + v1.String())
		if anchor.Matches(v2, start, end, q) {
			t.Fatalf("fixture: old position still matches")
		}
		s, e, ok := anchor.Resolve(v2, start, end, q)
		shift := text.Len(insert)
		if !ok || s != start+shift || e != end+shift {
			t.Errorf("Resolve = [%d,%d) %v, want [%d,%d)", s, e, ok, start+shift, end+shift)
		}
	})

	t.Run("text inserted as a new block before the span", func(t *testing.T) {
		v2 := canonical("Editor's note: corrected.\n\n" + v1.String())
		s, e, ok := anchor.Resolve(v2, start, end, q)
		if !ok {
			t.Fatalf("Resolve = [%d,%d) %v, want ok", s, e, ok)
		}
		if got := v2.Slice(s, e); got != q.Exact {
			t.Errorf("Resolve = [%d,%d), which reads %q, want %q", s, e, got, q.Exact)
		}
		if want := start + len("Editor's note: corrected.\n\n"); s != want {
			t.Errorf("Resolve start = %d, want %d", s, want)
		}
	})

	t.Run("position still matching is trusted even if the context changed", func(t *testing.T) {
		v2 := canonical("The bridge reopened on Friday at last. Traffic was light.")
		s, e, ok := anchor.Resolve(v2, start, end, q)
		if !ok || s != start || e != end {
			t.Errorf("Resolve = [%d,%d) %v, want [%d,%d)", s, e, ok, start, end)
		}
	})

	t.Run("orphan when the exact text is gone", func(t *testing.T) {
		v2 := canonical("The bridge reopened on Saturday after repairs. Traffic was light.")
		if s, e, ok := anchor.Resolve(v2, start, end, q); ok {
			t.Errorf("Resolve = [%d,%d) ok, want orphan", s, e)
		}
	})

	t.Run("orphan when the article is empty", func(t *testing.T) {
		if _, _, ok := anchor.Resolve(canonical(""), start, end, q); ok {
			t.Errorf("Resolve on empty text ok, want orphan")
		}
	})
}

func TestResolveHint(t *testing.T) {
	// The same sentence three times, so no quote context tells the copies
	// apart; only the stale position (the hint) can.
	const sentence = "Rain is expected on Monday. "
	n := text.Len(sentence)
	ix := canonical(strings.Repeat(sentence, 3))
	exact := "expected"
	first, _ := find(t, ix, exact) // 8
	q := anchor.Quote{Exact: exact, Prefix: "Rain is ", Suffix: " on Monday."}

	if _, _, err := anchor.Locate(ix, q); !errors.Is(err, anchor.ErrAmbiguous) {
		t.Fatalf("Locate error = %v, want ErrAmbiguous", err)
	}
	tests := []struct {
		name      string
		hint      int
		wantStart int
		wantOK    bool
	}{
		{"hint just after copy 1", first + 2, first, true},
		{"hint just before copy 3", first + 2*n - 3, first + 2*n, true},
		{"hint nearest copy 2", first + n + 1, first + n, true},
		{"hint far past the end picks the last copy", 10 * n, first + 2*n, true},
		{"hint exactly between two copies is still ambiguous", first + n/2, 0, false},
	}
	if n%2 != 0 {
		// Keep the "exactly between" case exact.
		t.Fatalf("fixture: sentence length %d is odd", n)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, ok := anchor.Resolve(ix, tt.hint, tt.hint+text.Len(exact), q)
			if ok != tt.wantOK {
				t.Fatalf("Resolve ok = %v, want %v ([%d,%d))", ok, tt.wantOK, s, e)
			}
			if !ok {
				return
			}
			if s != tt.wantStart {
				t.Errorf("Resolve = [%d,%d), want start %d", s, e, tt.wantStart)
			}
			if got := ix.Slice(s, e); got != exact {
				t.Errorf("Resolve = [%d,%d), which reads %q, want %q", s, e, got, exact)
			}
		})
	}

	t.Run("better context beats a nearer occurrence", func(t *testing.T) {
		ix := canonical("Rain is expected tomorrow. Snow is expected tonight.")
		q := anchor.Quote{Exact: "expected", Prefix: "Snow is ", Suffix: " tonight."}
		s, _, ok := anchor.Resolve(ix, 0, 1, q) // hint at the start, near "Rain"
		if want := 35; !ok || s != want {
			t.Errorf("Resolve start = %d %v, want %d", s, ok, want)
		}
	})
}

// BenchmarkLocate finds quotes in a text of about 60 KB: a common word that
// needs its context to be told apart, and a rare phrase.
func BenchmarkLocate(b *testing.B) {
	var sb strings.Builder
	for i := 0; sb.Len() < 60_000; i++ {
		fmt.Fprintf(&sb, "Paragraph %d: the council said the budget of the city grew by %d%% in the year to March, café owners noted. 🇰🇿\n\n", i, i%97)
	}
	ix := text.NewIndex(text.Build(text.SplitPlain(sb.String())).Text)
	b.Logf("text: %d bytes, %d code points", len(ix.String()), ix.Len())

	// "the" occurs three times in every paragraph; only the prefix, which
	// holds the paragraph number, tells this one apart.
	common, _ := find(b, ix, "Paragraph 139: the")
	common += len("Paragraph 139: ")
	rare, rareEnd := find(b, ix, "Paragraph 400:")
	cases := []struct {
		name string
		q    anchor.Quote
	}{
		{"common word with context", anchor.QuoteAt(ix, common, common+3)},
		{"rare phrase", anchor.QuoteAt(ix, rare, rareEnd)},
		{"not found", anchor.Quote{Exact: "nowhere in the text"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				anchor.Locate(ix, c.q)
			}
		})
	}
}

// BenchmarkNormalize normalizes a quote as QuoteAt makes it, already in
// canonical form: the cost Locate adds to every search.
func BenchmarkNormalize(b *testing.B) {
	ix := canonical("The Pellmoor council voted 7–2 on Tuesday to fund a ferry 🚢 between Pellmoor and Astrid Bay, the mayor, Ines Varga, said.\n\nTickets will cost €4.")
	start, end := find(b, ix, "fund a ferry 🚢 between Pellmoor")
	q := anchor.QuoteAt(ix, start, end)
	b.ReportAllocs()
	for b.Loop() {
		anchor.Normalize(q)
	}
}
