package export

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

func mdEscape(s string, lineStart bool) string {
	var buf bytes.Buffer
	w := mdWriter{bufio.NewWriter(&buf)}
	w.esc(s, lineStart)
	w.Flush()
	return buf.String()
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct {
		in        string
		lineStart bool
		want      string
	}{
		{"plain words, “quotes” and 🇰🇿", true, "plain words, “quotes” and 🇰🇿"},
		{`a\b`, false, `a\\b`},
		{"*bold* _em_ `code`", false, "\\*bold\\* \\_em\\_ \\`code\\`"},
		{"[link](http://x) ![img](y)", false, `\[link\](http\://x) !\[img\](y)`},
		{"<script>alert(1)</script>", false, `\<script\>alert(1)\</script\>`},
		{"a | b", false, `a \| b`},
		{"~~gone~~", false, `\~\~gone\~\~`},
		{"&amp; &#65;", false, `\&amp; \&\#65;`},
		{"see http://x.example/a_b or www.x.example, WWW.Y.EXAMPLE", false, `see http\://x.example/a\_b or www\.x.example, WWW\.Y.EXAMPLE`},
		{"ratio 3:2, www, a.www.b", false, "ratio 3:2, www, a.www\\.b"},
		{"$x$ costs $5", false, `\$x\$ costs \$5`},
		{"# not a heading", true, `\# not a heading`},
		{"> not a quote", true, `\> not a quote`},
		{"- not a list", true, `\- not a list`},
		{"+ not a list", true, `\+ not a list`},
		{"- mid-line dash", false, "- mid-line dash"},
		{"=== not a heading underline", true, `\=== not a heading underline`},
		{"2026. A year", true, `2026\. A year`},
		{"1) first", true, `1\) first`},
		{"2026. mid-line", false, "2026. mid-line"},
		{"12345678901. too long to be a list", true, "12345678901. too long to be a list"},
		{"3.5 percent", true, "3.5 percent"},
		{"7.", true, `7\.`},
		{"[^1]: not a footnote", true, `\[^1\]: not a footnote`},
		{"", true, ""},
	}
	for _, tt := range tests {
		if got := mdEscape(tt.in, tt.lineStart); got != tt.want {
			t.Errorf("esc(%q, %v) = %q, want %q", tt.in, tt.lineStart, got, tt.want)
		}
	}
}

var (
	footnoteRef = regexp.MustCompile(`\[\^(\d+)\]`)
	footnoteDef = regexp.MustCompile(`(?m)^\[\^(\d+)\]: `)
)

// checkFootnotes checks that every claim has one reference in the text and
// one definition, and that nothing else looks like a footnote.
func checkFootnotes(t *testing.T, md string, want []int) {
	t.Helper()
	n := len(want)
	body, notes := md, ""
	if n > 0 {
		first := "\n[^" + strconv.Itoa(want[0]) + "]: "
		var ok bool
		if body, notes, ok = strings.Cut(md, first); !ok {
			t.Fatalf("no footnote %d", want[0])
		}
		notes = first[1:] + notes
	}
	refs := map[int]int{}
	for _, m := range footnoteRef.FindAllStringSubmatch(body, -1) {
		k, _ := strconv.Atoi(m[1])
		refs[k]++
	}
	defs := map[int]int{}
	for _, m := range footnoteDef.FindAllStringSubmatch(notes, -1) {
		k, _ := strconv.Atoi(m[1])
		defs[k]++
	}
	if len(refs) != n || len(defs) != n {
		t.Errorf("%d distinct references and %d definitions, want %d of each", len(refs), len(defs), n)
	}
	for _, k := range want {
		if refs[k] != 1 || defs[k] != 1 {
			t.Errorf("footnote %d: %d references, %d definitions, want 1 and 1", k, refs[k], defs[k])
		}
	}
	if extra := len(footnoteRef.FindAllString(notes, -1)) - n; n > 0 && extra != 0 {
		t.Errorf("%d footnote references inside the footnotes", extra)
	}
}

// footnoteNumbers is the footnote numbers of d's claims, in export order:
// their numbers (see claimNumber).
func footnoteNumbers(d *Document) []int {
	claims := d.orderedClaims()
	out := make([]int, len(claims))
	for i := range claims {
		out[i] = claimNumber(&claims[i], i)
	}
	return out
}

func TestMarkdownSample(t *testing.T) {
	d := sampleDoc()
	md := string(encode(t, mustLookup(t, "markdown"), d))
	checkFootnotes(t, md, footnoteNumbers(d))
	for _, want := range []string{
		"# Peace talks in Lakeshore: who is invited, who is left out\n",
		"- Original: [https\\://ledger.example/world/lakeshore-talks?id=7\\&lang=en](<https://ledger.example/world/lakeshore-talks?id=7&lang=en>)\n",
		// Claim 1 ends before claim 2; both numbers follow their own end.
		"on 21 April[^1]. 🤝[^2]\n",
		// Claim 3 in position is number 4 (number 3 was deleted).
		"river crossings[^4]. Officials",
		"\n### Online reaction\n",
		"\n- Harbor League — confirmed\n- Coastal Union — no reply yet\n",
		"\n2026\\. That is the year",
		"\n> “Everyone who controls a checkpoint",
		"\\<script\\>alert(1)\\</script\\>",
		"[^1]: **Verified** — Veloria invited",
		"[^4]: **Misleading** — ",
		"    > it had invited the Harbor League",
		"Parties: Harbor League (invited); Coastal Union (invited)",
		`[Press release: "Invitations" \& next steps](<https://ministry.example/press?id=42&lang=en&q="talks"(list)>)`,
		" (supports)\n",
		"      > Nobody has been excluded; some invitations are simply not sent yet.\\\n      > The Guild can still come.\n",
		"    Note: =\\> ask the ministry, then the Guild.\\\n    The Guild says",
		// The reasons for the verdicts, before the kind.
		"    Verdict: Verified — Matches the council minutes.\\\n    Kind: Participation\\\n",
		"    Verdict: Misleading — Spoke to both sides; see note.\\\n    Kind: Participation\\\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "<script>") {
		t.Error("markdown holds raw HTML (<script>)")
	}
	if strings.Contains(md, " \n") {
		t.Error("markdown holds trailing spaces")
	}
	// Claim 2 is open: the comment that set its status explains no verdict.
	if n := strings.Count(md, "Verdict: "); n != 2 {
		t.Errorf("%d verdict reasons, want those of claims 1 and 3", n)
	}
}

func TestMarkdownLarge(t *testing.T) {
	d := largeDoc(3000, 150)
	checkFootnotes(t, string(encode(t, mustLookup(t, "markdown"), d)), footnoteNumbers(d))
}

// References at one point keep claim order, and a claim that ends on "!"
// does not turn into an image.
func TestMarkdownSamePoint(t *testing.T) {
	doc := text.Build([]text.RawBlock{{Kind: text.Paragraph, Text: "Stop! Go on."}})
	ix := text.NewIndex(doc.Text)
	d := &Document{Edition: EditionInternal, Article: model.Article{Title: "t", Text: doc.Text, Blocks: doc.Blocks}, Claims: []model.Claim{
		{ID: 9, Start: 0, End: 5, Quote: anchor.QuoteAt(ix, 0, 5)},
		{ID: 3, Start: 0, End: 5, Quote: anchor.QuoteAt(ix, 0, 5)},
		{ID: 5, Start: 2, End: 5, Quote: anchor.QuoteAt(ix, 2, 5)},
	}}
	md := string(encode(t, mustLookup(t, "markdown"), d))
	if !strings.Contains(md, "\nStop\\![^1][^2][^3] Go on.\n") {
		t.Errorf("markdown = %q", md)
	}
	checkFootnotes(t, md, footnoteNumbers(d))
}

func TestMarkdownOrphan(t *testing.T) {
	d := hostileDoc()
	md := string(encode(t, mustLookup(t, "markdown"), d))
	checkFootnotes(t, md, footnoteNumbers(d))
	if !strings.Contains(md, "\n## Claims whose words are no longer in the article\n\n- Claim 2[^2]: “") {
		t.Error("the orphan claim is not listed apart from the text")
	}
	for _, link := range []string{"](<javascript", "](<data:"} {
		if strings.Contains(md, link) {
			t.Errorf("a non-web URL became a link: markdown holds %q", link)
		}
	}
}

// TestMarkdownRender renders exports with cmark-gfm, GitHub's reference
// implementation, when it is installed, and checks that every block reads
// back as exactly its text and every claim as one footnote reference.
func TestMarkdownRender(t *testing.T) {
	cmark, err := exec.LookPath("cmark-gfm")
	if err != nil {
		// CI installs it (.ci/run), so there its absence is a failure.
		if os.Getenv("CI") != "" {
			t.Fatal("cmark-gfm is not installed under CI: .ci/run should have installed it")
		}
		t.Skip("cmark-gfm is not installed (apt-get install cmark-gfm)")
	}
	nasty := []string{
		"- a", "+ b", "* c", "1. d", "1) e", "2026. f", "# g", "> h", "===", "---", "***", "___", "<div>i</div>",
		"`j`", "*k*", "_l_", "[m](http://x.example)", "![n](x.png)", "&amp; &#65; &copy;", "o | p", "~~q~~", `\*r`,
		"$s$", "t!", "[^1]", "<http://u.example>", "<!-- v -->", "[w]: http://w.example", "x\\", "y <", "z >",
		"Сергей «Ёж» 👩‍👩‍👧 ليلى 陈伟 🇰🇿", "a_b_c", "**", "[", "]", "|---|---|", "<script>alert(1)</script>",
	}
	raw := make([]text.RawBlock, 0, len(nasty))
	kinds := []text.BlockKind{text.Paragraph, text.Heading, text.Blockquote, text.ListItem, text.Preformatted}
	for i, s := range nasty {
		raw = append(raw, text.RawBlock{Kind: kinds[i%len(kinds)], Level: 2, Text: s})
	}
	doc := text.Build(raw)
	ix := text.NewIndex(doc.Text)
	var claims []model.Claim
	history := map[int64][]model.Event{}
	for i, b := range doc.Blocks {
		id := int64(i + 1)
		claims = append(claims, model.Claim{ID: id, Start: b.Start, End: b.End, Quote: anchor.QuoteAt(ix, b.Start, b.End),
			Statement: nasty[i], Note: nasty[(i+1)%len(nasty)], Status: model.StatusVerified})
		history[id] = []model.Event{{Field: "status", From: "unchecked", To: "verified", Comment: nasty[(i+2)%len(nasty)]}}
	}
	docs := map[string]*Document{
		"nasty":  {Edition: EditionInternal, Article: model.Article{Title: "Nasty *title*", Text: doc.Text, Blocks: doc.Blocks}, Claims: claims, History: history},
		"sample": sampleDoc(),
		"large":  largeDoc(2000, 100),
	}
	for name, d := range docs {
		t.Run(name, func(t *testing.T) {
			page := checkRendered(t, cmark, d)
			if name == "nasty" {
				h1 := elements(page, func(e *html.Node) bool { return e.DataAtom == atom.H1 })
				if h := oneNode(t, "<h1>", h1); h != nil && textOf(h) != "Nasty *title*" {
					t.Errorf("the title does not render as its text: <h1> reads %q, want %q", textOf(h), "Nasty *title*")
				}
				for i, c := range d.Claims {
					fn := byID(page, "fn-"+strconv.Itoa(i+1))
					if fn == nil {
						t.Errorf("footnote %d is missing", i+1)
					} else if !strings.Contains(textOf(fn), "Verified — "+c.Statement) {
						t.Errorf("footnote %d does not hold statement %q: %q", i+1, c.Statement, textOf(fn))
					} else if !strings.Contains(textOf(fn), "Note: "+c.Note) {
						t.Errorf("footnote %d does not hold note %q: %q", i+1, c.Note, textOf(fn))
					} else if !strings.Contains(textOf(fn), c.Quote.Exact) {
						t.Errorf("footnote %d does not hold quote %q: %q", i+1, c.Quote.Exact, textOf(fn))
					} else if reason := history[c.ID][0].Comment; !strings.Contains(textOf(fn), "Verdict: Verified — "+reason+"\nKind: ") {
						t.Errorf("footnote %d does not hold the reason %q: %q", i+1, reason, textOf(fn))
					}
				}
			}
		})
	}
}

// checkRendered renders d's Markdown with cmark-gfm and checks that every
// block reads back as exactly its text and every claim as one footnote. It
// returns the rendered page.
func checkRendered(t *testing.T, cmark string, d *Document) *html.Node {
	t.Helper()
	md := encode(t, mustLookup(t, "markdown"), d)
	cmd := exec.Command(cmark, "-e", "footnotes", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter")
	cmd.Stdin = bytes.NewReader(md)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	page := parseHTML(t, out)
	// The article's blocks are the rendered blocks after the <hr>,
	// before the footnotes section.
	var blocks []*html.Node
	body := page.FirstChild.LastChild // <body>
	after := false
	for n := body.FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Hr:
			after = true
		case n.DataAtom == atom.Section:
			after = false
		case after && n.DataAtom == atom.Ul:
			for li := n.FirstChild; li != nil; li = li.NextSibling {
				if li.Type == html.ElementNode {
					blocks = append(blocks, li)
				}
			}
		case after:
			blocks = append(blocks, n)
		}
	}
	a := d.Article
	ix := text.NewIndex(a.Text)
	if len(blocks) != len(a.Blocks) {
		t.Fatalf("%d rendered blocks, want %d", len(blocks), len(a.Blocks))
	}
	refs := 0
	for i, n := range blocks {
		for _, sup := range elements(n, func(e *html.Node) bool { return hasClass(e, "footnote-ref") }) {
			sup.Parent.RemoveChild(sup)
			refs++
		}
		if got, want := strings.TrimSpace(textOf(n)), ix.Slice(a.Blocks[i].Start, a.Blocks[i].End); got != want {
			t.Errorf("block %d renders as %q, want %q", i, got, want)
		}
	}
	if refs != len(d.Claims) {
		t.Errorf("%d footnote references rendered, want %d", refs, len(d.Claims))
	}
	if notes := elements(page, func(e *html.Node) bool { return e.DataAtom == atom.Li && strings.HasPrefix(attrOr(e, "id"), "fn-") }); len(notes) != len(d.Claims) {
		t.Errorf("%d footnotes rendered, want %d", len(notes), len(d.Claims))
	}
	return page
}

// FuzzMarkdown checks that any text keeps its footnotes apart and, where
// cmark-gfm is installed, renders as exactly itself.
func FuzzMarkdown(f *testing.F) {
	cmark, _ := exec.LookPath("cmark-gfm")
	f.Add("Plain text.\n\n- Second 🇰🇿 block.", 0, 5, 2, 11)
	f.Add("1. a *b* [c](http://d.example)!\n\n> e\n\n#f", 3, 12, 4, 40)
	f.Add(hostile, 0, 20, 5, 9)
	f.Fuzz(func(t *testing.T, body string, s1, e1, s2, e2 int) {
		if !utf8.ValidString(body) || strings.ContainsRune(body, 0) {
			return // the HTML that cmark-gfm writes cannot hold these
		}
		raw := text.SplitPlain(body)
		kinds := []text.BlockKind{text.Paragraph, text.Heading, text.Blockquote, text.ListItem, text.ListItem, text.Preformatted}
		for i := range raw {
			raw[i].Kind, raw[i].Level = kinds[i%len(kinds)], 1+i%6
		}
		doc := text.Build(raw)
		ix := text.NewIndex(doc.Text)
		d := &Document{Article: model.Article{Title: body, Text: doc.Text, Blocks: doc.Blocks}}
		for i, se := range [][2]int{{s1, e1}, {s2, e2}} {
			if ix.InRange(se[0], se[1]) {
				d.Claims = append(d.Claims, model.Claim{ID: int64(i + 1), Start: se[0], End: se[1],
					Quote: anchor.QuoteAt(ix, se[0], se[1]), Statement: body, Note: body})
			}
		}
		checkFootnotes(t, string(encode(t, mustLookup(t, "markdown"), d)), footnoteNumbers(d))
		if cmark != "" {
			checkRendered(t, cmark, d)
		}
	})
}

func TestFlatten(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "a b": "a b", " a": "a", "a ": "a", " ": "", "a  b": "a b", "a\nb": "a b", "a\r\n\tb": "a b",
		"a\u00a0b": "a b", "Надия\u2028Рахимова ": "Надия Рахимова", "🇰🇿 👩‍👩‍👧": "🇰🇿 👩‍👩‍👧",
	} {
		if got := flatten(in); got != want {
			t.Errorf("flatten(%q) = %q, want %q", in, got, want)
		}
	}
}
