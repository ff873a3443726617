package text_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/text"
)

func TestNormalizeBlock(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"only white space", " \t\n\r\u00a0\u3000 ", ""},
		{"plain ASCII", "The council met on Tuesday.", "The council met on Tuesday."},
		{"runs of ASCII space fold", "one  two\t\tthree \t four", "one two three four"},
		{"leading and trailing space", "  \t middle \n ", "middle"},
		{"line breaks inside a block", "first line\nsecond line\r\nthird\rfourth", "first line second line third fourth"},
		{"NBSP", "10\u00a0km", "10 km"},
		{"em space", "a\u2003b", "a b"},
		{"ideographic space", "a\u3000b", "a b"},
		{"narrow NBSP and thin space", "5\u202f000\u2009m", "5 000 m"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a b c"},
		{"next line (NEL)", "a\u0085b", "a b"},
		{"en quad (NFC maps it to en space)", "a\u2000b", "a b"},
		{"mixed run of spaces is one space", "a \u00a0\t\u3000\u2003\n b", "a b"},
		{"combining acute composes to é", "Cafe\u0301 au lait", "Caf\u00e9 au lait"},
		{"precomposed é unchanged", "Caf\u00e9", "Caf\u00e9"},
		{"combining marks reordered", "a\u0301\u0328", "\u0105\u0301"}, // ogonek (ccc 202) composes first
		{"decomposed Hangul composes", "\u1112\u1161\u11ab\u1100\u1173\u11af", "\ud55c\uae00"},
		{"flag emoji kept", "Lisbon \U0001F1F0\U0001F1FF flag", "Lisbon \U0001F1F0\U0001F1FF flag"},
		{"ZWJ sequence kept", "family \U0001F469\u200d\U0001F469\u200d\U0001F467 emoji", "family \U0001F469\u200d\U0001F469\u200d\U0001F467 emoji"},
		{"ZWJ and ZWSP are not white space", "a\u200db\u200bc", "a\u200db\u200bc"},
		{"CJK", "東京都\u3000渋谷区 の 会議", "東京都 渋谷区 の 会議"},
		{"Arabic", "  قال  الوزير\u00a0اليوم ", "قال الوزير اليوم"},
		{"Hebrew", "הממשלה\u2003הודיעה", "הממשלה הודיעה"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb", "a\ufffdb"},
		{"invalid UTF-8 before a combining mark", "\xf7\u0343", "\ufffd\u0313"}, // NFC maps U+0343 to U+0313
		{"each invalid byte", "a\xff\xfeb", "a\ufffd\ufffdb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := text.NormalizeBlock(tt.in)
			if got != tt.want {
				t.Errorf("NormalizeBlock(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := text.NormalizeBlock(got); again != got {
				t.Errorf("not idempotent: %q then %q", got, again)
			}
		})
	}
}

func TestSplitPlain(t *testing.T) {
	p := func(s string) text.RawBlock { return text.RawBlock{Kind: text.Paragraph, Text: s} }
	tests := []struct {
		name string
		in   string
		want []text.RawBlock
	}{
		{"empty", "", nil},
		{"only blank lines", "\n \n\t\n\u00a0\n", nil},
		{"one line", "One line.", []text.RawBlock{p("One line.")}},
		{"single line break stays in the block", "line one\nline two", []text.RawBlock{p("line one\nline two")}},
		{"blank line splits", "first\n\nsecond", []text.RawBlock{p("first"), p("second")}},
		{"many blank lines split once", "first\n\n\n\n\nsecond", []text.RawBlock{p("first"), p("second")}},
		{"CRLF", "first\r\nstill first\r\n\r\nsecond\r\n", []text.RawBlock{p("first\nstill first"), p("second")}},
		{"lone CR", "first\rstill first\r\rsecond", []text.RawBlock{p("first\nstill first"), p("second")}},
		{"blank line of spaces and tabs", "first\n  \t \nsecond", []text.RawBlock{p("first"), p("second")}},
		{"blank line of NBSP", "first\n\u00a0\u00a0\nsecond", []text.RawBlock{p("first"), p("second")}},
		{"blank line of ideographic and em spaces", "第一\n\u3000\u2003\n第二", []text.RawBlock{p("第一"), p("第二")}},
		{"leading and trailing blank lines", "\n\n  \n  body  \n\n\n", []text.RawBlock{p("  body  ")}},
		{"RTL blocks", "שלום עולם\n\nمرحبا بالعالم", []text.RawBlock{p("שלום עולם"), p("مرحبا بالعالم")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := text.SplitPlain(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitPlain(%q) =\n %#v\nwant\n %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestBuild(t *testing.T) {
	family := "\U0001F469\u200d\U0001F469\u200d\U0001F467" // 5 code points
	flag := "\U0001F1F0\U0001F1FF"                         // 2 code points
	tests := []struct {
		name     string
		raw      []text.RawBlock
		wantText string
		want     []text.Block
	}{
		{
			name:     "nothing",
			raw:      nil,
			wantText: "",
			want:     []text.Block{},
		},
		{
			name:     "only empty blocks",
			raw:      []text.RawBlock{{Text: ""}, {Text: " \u00a0\n"}},
			wantText: "",
			want:     []text.Block{},
		},
		{
			name: "empty blocks dropped, separator counted",
			raw: []text.RawBlock{
				{Kind: text.Paragraph, Text: "  "},
				{Kind: text.Paragraph, Text: "Alpha"},
				{Kind: text.Paragraph, Text: "\u00a0\t"},
				{Kind: text.Paragraph, Text: " beta\ngamma "},
			},
			wantText: "Alpha\n\nbeta gamma",
			want: []text.Block{
				{Kind: text.Paragraph, Start: 0, End: 5},
				{Kind: text.Paragraph, Start: 7, End: 17},
			},
		},
		{
			name: "emoji count code points",
			raw: []text.RawBlock{
				{Kind: text.Paragraph, Text: "Flag " + flag + " here"},
				{Kind: text.Paragraph, Text: family + " family"},
			},
			wantText: "Flag " + flag + " here\n\n" + family + " family",
			want: []text.Block{
				{Kind: text.Paragraph, Start: 0, End: 12},
				{Kind: text.Paragraph, Start: 14, End: 26},
			},
		},
		{
			name: "combining marks compose before counting",
			raw: []text.RawBlock{
				{Kind: text.Paragraph, Text: "Cafe\u0301"},
				{Kind: text.Paragraph, Text: "\u1112\u1161\u11ab"},
			},
			wantText: "Caf\u00e9\n\n\ud55c",
			want: []text.Block{
				{Kind: text.Paragraph, Start: 0, End: 4},
				{Kind: text.Paragraph, Start: 6, End: 7},
			},
		},
		{
			name: "CJK, Arabic and Hebrew",
			raw: []text.RawBlock{
				{Kind: text.Paragraph, Text: "東京\u3000会議"},
				{Kind: text.Blockquote, Text: "قال الوزير"},
				{Kind: text.ListItem, Text: "שלום"},
			},
			wantText: "東京 会議\n\nقال الوزير\n\nשלום",
			want: []text.Block{
				{Kind: text.Paragraph, Start: 0, End: 5},
				{Kind: text.Blockquote, Start: 7, End: 17},
				{Kind: text.ListItem, Start: 19, End: 23},
			},
		},
		{
			name: "kinds and levels",
			raw: []text.RawBlock{
				{Kind: text.Heading, Level: 0, Text: "H"},
				{Kind: text.Heading, Level: 9, Text: "H"},
				{Kind: text.Heading, Level: 3, Text: "H"},
				{Kind: text.Paragraph, Level: 2, Text: "P"},
				{Kind: "aside", Text: "X"},
				{Kind: text.Preformatted, Text: "  code   here  "},
			},
			wantText: "H\n\nH\n\nH\n\nP\n\nX\n\ncode here",
			want: []text.Block{
				{Kind: text.Heading, Level: 1, Start: 0, End: 1},
				{Kind: text.Heading, Level: 6, Start: 3, End: 4},
				{Kind: text.Heading, Level: 3, Start: 6, End: 7},
				{Kind: text.Paragraph, Start: 9, End: 10},
				{Kind: text.Paragraph, Start: 12, End: 13},
				{Kind: text.Preformatted, Start: 15, End: 24},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := text.Build(tt.raw)
			if doc.Text != tt.wantText {
				t.Errorf("Text = %q, want %q", doc.Text, tt.wantText)
			}
			if !reflect.DeepEqual(doc.Blocks, tt.want) {
				t.Errorf("Blocks =\n %+v\nwant\n %+v", doc.Blocks, tt.want)
			}
			checkDocument(t, doc)
		})
	}
}

func TestBuildSplitPlain(t *testing.T) {
	in := "  Headline\u00a0here \r\n\r\n" +
		"First paragraph,\nwrapped.\n" +
		" \t\u00a0\n" +
		"Second: 🇰🇿 and \U0001F469\u200d\U0001F469\u200d\U0001F467.\n\n\n"
	doc := text.Build(text.SplitPlain(in))
	want := "Headline here\n\nFirst paragraph, wrapped.\n\nSecond: 🇰🇿 and \U0001F469\u200d\U0001F469\u200d\U0001F467."
	if doc.Text != want {
		t.Fatalf("Text = %q, want %q", doc.Text, want)
	}
	checkDocument(t, doc)
	ix := text.NewIndex(doc.Text)
	var got []string
	for _, b := range doc.Blocks {
		got = append(got, ix.Slice(b.Start, b.End))
	}
	wantBlocks := []string{"Headline here", "First paragraph, wrapped.", "Second: 🇰🇿 and \U0001F469\u200d\U0001F469\u200d\U0001F467."}
	if !reflect.DeepEqual(got, wantBlocks) {
		t.Errorf("block texts = %q, want %q", got, wantBlocks)
	}
}

func TestLen(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"\u00e9", 1},
		{"e\u0301", 2},
		{"🇰🇿", 2},
		{"\U0001F469\u200d\U0001F469\u200d\U0001F467", 5},
		{"東京", 2},
		{"\n\n", 2},
	}
	for _, tt := range tests {
		if got := text.Len(tt.in); got != tt.want {
			t.Errorf("Len(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestBlockKindValid(t *testing.T) {
	for _, k := range []text.BlockKind{text.Paragraph, text.Heading, text.Blockquote, text.ListItem, text.Preformatted} {
		if !k.Valid() {
			t.Errorf("%q not valid", k)
		}
	}
	for _, k := range []text.BlockKind{"", "Paragraph", "aside"} {
		if k.Valid() {
			t.Errorf("%q valid", k)
		}
	}
}

// checkDocument asserts the invariants of docs/DESIGN.md §1 on a built document:
// blocks tile the text with "\n\n" between them, and each block's text is
// already canonical.
func checkDocument(t *testing.T, doc text.Document) {
	t.Helper()
	if !utf8.ValidString(doc.Text) {
		t.Fatalf("text is not valid UTF-8: %q", doc.Text)
	}
	ix := text.NewIndex(doc.Text)
	if len(doc.Blocks) == 0 {
		if doc.Text != "" {
			t.Fatalf("no blocks but text %q", doc.Text)
		}
		return
	}
	if doc.Blocks[0].Start != 0 {
		t.Errorf("first block starts at %d", doc.Blocks[0].Start)
	}
	if last := doc.Blocks[len(doc.Blocks)-1]; last.End != ix.Len() {
		t.Errorf("last block ends at %d, want the index's length %d", last.End, ix.Len())
	}
	if n := text.Len(doc.Text); ix.Len() != n {
		t.Errorf("index length %d, want the text's %d code points", ix.Len(), n)
	}
	for i, b := range doc.Blocks {
		if b.End <= b.Start {
			t.Errorf("block %d is empty: %+v", i, b)
		}
		bt := ix.Slice(b.Start, b.End)
		if text.NormalizeBlock(bt) != bt {
			t.Errorf("block %d text %q is not canonical", i, bt)
		}
		if strings.ContainsAny(bt, "\n\r") {
			t.Errorf("block %d text %q has a line break", i, bt)
		}
		if strings.Contains(bt, "  ") {
			t.Errorf("block %d text %q has a double space", i, bt)
		}
		if strings.TrimSpace(bt) != bt {
			t.Errorf("block %d text %q starts or ends in white space", i, bt)
		}
		if i > 0 {
			prev := doc.Blocks[i-1]
			if b.Start != prev.End+len(text.Separator) {
				t.Errorf("block %d starts at %d, want previous end %d + 2", i, b.Start, prev.End)
			}
			if sep := ix.Slice(prev.End, b.Start); sep != text.Separator {
				t.Errorf("between blocks %d and %d: %q", i-1, i, sep)
			}
		}
	}
}
