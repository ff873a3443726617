package text_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/text"
)

// fuzzSeeds are pasted texts in the scripts and with the white space that
// have broken offset code elsewhere: multi-code-point emoji, combining marks,
// Hangul jamo, CJK, right-to-left text, Unicode spaces and every line ending.
var fuzzSeeds = []string{
	"",
	"plain ascii text",
	"First paragraph.\n\nSecond paragraph.\n",
	"Windows\r\nline endings\r\n\r\nsecond block\r\n",
	"old Mac\rline endings\r\rsecond block",
	"blank line of spaces\n \t \nnext",
	"blank line of NBSP\n\u00a0\u00a0\nnext",
	"\u3000ideographic\u3000space\u3000\n\u3000\nand em\u2003space",
	"Flags 🇰🇿 🇺🇳 🇹🇷 side by side🇰🇿🇰🇿🇰🇿",
	"Family \U0001F469\u200d\U0001F469\u200d\U0001F467 and \U0001F469\u200d\U0001F469\u200d\U0001F467 again",
	"Cafe\u0301 and cafe\u0301 and caf\u00e9",
	"a\u0301\u0328 stacked marks \u0328\u0301",
	"\u1112\u1161\u11ab\u1100\u1173\u11af decomposed Hangul",
	"東京都で会議が開かれた。\n\n会議は三日間続いた。",
	"قال الوزير إن المحادثات ستستأنف\n\nوأضاف أن الوفد وصل",
	"הממשלה הודיעה היום\n\nעל הסכם חדש",
	"mixed שלום and مرحبا and 東京 and 🇰🇿 in one line",
	"the the the the the the the the",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	"line\u2028separator and paragraph\u2029separator and NEL\u0085here",
	"invalid \xff\xfe bytes \xcc",
}

func FuzzCanonical(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := text.Build(text.SplitPlain(s))
		if !utf8.ValidString(doc.Text) {
			t.Fatalf("canonical text is not valid UTF-8: %q", doc.Text)
		}
		if !norm.NFC.IsNormalString(doc.Text) {
			t.Fatalf("canonical text is not NFC: %q", doc.Text)
		}
		ix := text.NewIndex(doc.Text)
		if ix.Len() != text.Len(doc.Text) {
			t.Fatalf("Index.Len %d != Len %d", ix.Len(), text.Len(doc.Text))
		}
		checkDocument(t, doc)
		for i, b := range doc.Blocks {
			bt := ix.Slice(b.Start, b.End)
			if strings.IndexFunc(bt, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) }) >= 0 {
				t.Errorf("block %d %q keeps white space other than U+0020", i, bt)
			}
		}

		// Pasting the canonical text again changes nothing.
		again := text.Build(text.SplitPlain(doc.Text))
		if !reflect.DeepEqual(again, doc) {
			t.Fatalf("not idempotent:\n first %q %+v\nsecond %q %+v", doc.Text, doc.Blocks, again.Text, again.Blocks)
		}
		// Nor does rebuilding from the blocks, as an importer of an export would.
		raw := make([]text.RawBlock, len(doc.Blocks))
		for i, b := range doc.Blocks {
			raw[i] = text.RawBlock{Kind: b.Kind, Level: b.Level, Text: ix.Slice(b.Start, b.End)}
		}
		if rebuilt := text.Build(raw); !reflect.DeepEqual(rebuilt, doc) {
			t.Fatalf("rebuilding from blocks changed the document:\n %q\n %q", doc.Text, rebuilt.Text)
		}
		if n := text.NormalizeBlock(s); text.NormalizeBlock(n) != n {
			t.Fatalf("NormalizeBlock not idempotent on %q", s)
		}
	})
}

// FuzzOffsetsQuote checks the anchoring contract on canonical text. The
// invariant that really holds for Locate is not "it finds the span" but:
//
//   - it never returns a span other than the one quoted, and
//   - it returns that span exactly when prefix+exact+suffix occurs once in
//     the text; when it occurs more than once, the occurrences are
//     indistinguishable by the quote and Locate says ErrAmbiguous.
//
// (The exact text is looked for without the white space at its ends, which
// normalizing moves to the prefix and suffix.) That follows because the
// quoted occurrence agrees with its own prefix and suffix completely, so no
// other occurrence can score higher, and another scores as high only where
// the whole prefix+exact+suffix repeats.
func FuzzOffsetsQuote(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i, 3*i+1)
	}
	f.Add("the the the the the", 4, 3)
	f.Add("🇰🇿🇰🇿🇰🇿🇰🇿", 1, 0) // a span that splits a flag in two
	f.Fuzz(func(t *testing.T, s string, a, b int) {
		doc := text.Build(text.SplitPlain(s))
		ix := text.NewIndex(doc.Text)
		n := ix.Len()
		if n == 0 {
			return
		}
		start := mod(a, n)
		end := start + 1 + mod(b, n-start)
		if !ix.InRange(start, end) {
			t.Fatalf("derived span [%d,%d) not in range of %d", start, end, n)
		}

		q := anchor.QuoteAt(ix, start, end)
		if q.Exact != ix.Slice(start, end) {
			t.Fatalf("Exact %q != Slice %q", q.Exact, ix.Slice(start, end))
		}
		pn, sn := text.Len(q.Prefix), text.Len(q.Suffix)
		if pn != min(anchor.ContextLen, start) {
			t.Errorf("prefix has %d code points, want %d", pn, min(anchor.ContextLen, start))
		}
		if sn != min(anchor.ContextLen, n-end) {
			t.Errorf("suffix has %d code points, want %d", sn, min(anchor.ContextLen, n-end))
		}
		if want := ix.Slice(start-pn, start); q.Prefix != want {
			t.Fatalf("prefix %q, want %q, the text just before the span", q.Prefix, want)
		}
		if want := ix.Slice(end, end+sn); q.Suffix != want {
			t.Fatalf("suffix %q, want %q, the text just after the span", q.Suffix, want)
		}
		if !anchor.Matches(ix, start, end, q) {
			t.Fatalf("Matches false at the quoted position")
		}

		// A quote cut from the text is its own normalized form but for the
		// white space at the ends of its exact text, which goes to its
		// context: Locate finds the span without it.
		nq := anchor.Normalize(q)
		ts, te := trimSpan(ix, start, end)
		if want := ix.Slice(ts, te); nq.Exact != want {
			t.Fatalf("Normalize(%+v).Exact = %q, want %q", q, nq.Exact, want)
		}
		if got, want := nq.Prefix+nq.Exact+nq.Suffix, q.Prefix+q.Exact+q.Suffix; ts < te && got != want {
			t.Fatalf("Normalize(%+v) = %+v: prefix+exact+suffix = %q, want the same words %q", q, nq, got, want)
		}
		whole := q.Prefix + q.Exact + q.Suffix
		unique := countOverlapping(doc.Text, whole) == 1
		gs, ge, err := anchor.Locate(ix, q)
		switch {
		case ts == te && !errors.Is(err, anchor.ErrEmptyQuote):
			t.Fatalf("Locate(%+v) = [%d,%d) %v, want ErrEmptyQuote for a quote of white space", q, gs, ge, err)
		case ts == te:
		case unique && err != nil:
			t.Fatalf("Locate(%+v) = %v, but the quote occurs once", q, err)
		case unique && (gs != ts || ge != te):
			t.Fatalf("Locate = [%d,%d), want [%d,%d)", gs, ge, ts, te)
		case !unique && !errors.Is(err, anchor.ErrAmbiguous):
			t.Fatalf("Locate = [%d,%d) %v, want ErrAmbiguous: %q occurs more than once", gs, ge, err, whole)
		}

		if rs, re, ok := anchor.Resolve(ix, start, end, q); !ok || rs != start || re != end {
			t.Fatalf("Resolve at the original position = [%d,%d) %v", rs, re, ok)
		}
		// From a stale position the quote must find a span with the exact
		// text (without the white space at its ends), and the quoted span
		// itself when it is unique (unless the stale position happens to
		// hold the exact text too, and is trusted).
		rs, re, ok := anchor.Resolve(ix, start+1, end+1, q)
		if ok && ix.Slice(rs, re) != q.Exact && ix.Slice(rs, re) != nq.Exact {
			t.Fatalf("Resolve from a stale position gave [%d,%d) = %q, want %q", rs, re, ix.Slice(rs, re), nq.Exact)
		}
		stale := anchor.Matches(ix, start+1, end+1, q) || anchor.Matches(ix, start+1, end+1, nq)
		if unique && ts < te && !stale && (!ok || rs != ts || re != te) {
			t.Fatalf("Resolve from a stale position = [%d,%d) %v, want [%d,%d)", rs, re, ok, ts, te)
		}
	})
}

// trimSpan shrinks [start, end) past the white space of the canonical text
// (spaces and the block separator's line breaks) at either end.
func trimSpan(ix *text.Index, start, end int) (int, int) {
	for start < end && strings.ContainsAny(ix.Slice(start, start+1), " \n") {
		start++
	}
	for end > start && strings.ContainsAny(ix.Slice(end-1, end), " \n") {
		end--
	}
	return start, end
}

// countOverlapping counts the occurrences of sub in s, overlapping ones
// included. On valid UTF-8 every byte match starts on a code point.
func countOverlapping(s, sub string) int {
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return n
		}
		n++
		i += j + 1
		if i > len(s) {
			return n
		}
	}
}

func mod(a, n int) int {
	m := a % n
	if m < 0 {
		m += n
	}
	return m
}
