package export

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/highlight"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/internal/wire"
)

func parseHTML(t *testing.T, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// walk calls fn for every element under n, in document order.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func elements(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(e *html.Node) {
		if match(e) {
			out = append(out, e)
		}
	})
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	return slicesContains(strings.Fields(v), class)
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

func byID(doc *html.Node, id string) *html.Node {
	es := elements(doc, func(e *html.Node) bool { v, ok := attr(e, "id"); return ok && v == id })
	if len(es) != 1 {
		return nil
	}
	return es[0]
}

// checkSafe fails when the page could run code: an executable script, an
// event handler attribute, or a link that is not http(s) or in-page. The
// one script element allowed is a JSON-LD data block in <head> (the
// ClaimReview markup): browsers never execute a script whose type is not a
// JavaScript MIME type, so it must have that exact type, no src, and text
// that is JSON.
func checkSafe(t *testing.T, doc *html.Node) {
	t.Helper()
	walk(doc, func(e *html.Node) {
		if e.DataAtom == atom.Script || e.Data == "script" {
			typ, _ := attr(e, "type")
			_, src := attr(e, "src")
			if typ != "application/ld+json" {
				t.Errorf("page has an executable <script> element: type %q, want application/ld+json: %q", typ, textOf(e))
			}
			if src {
				t.Errorf("page has a <script> element with a src: %q", attrOr(e, "src"))
			}
			if e.Parent == nil {
				t.Errorf("page has a <script> element with no parent: %q", textOf(e))
			} else if e.Parent.DataAtom != atom.Head {
				t.Errorf("page has a <script> element in <%s>, want <head>: %q", e.Parent.Data, textOf(e))
			}
			if !json.Valid([]byte(textOf(e))) {
				t.Errorf("page has a <script> element whose text is not JSON: %q", textOf(e))
			}
		}
		if e.DataAtom == atom.Iframe || e.DataAtom == atom.Object || e.DataAtom == atom.Embed || e.DataAtom == atom.Img {
			t.Errorf("page has an <%s> element", e.Data)
		}
		for _, a := range e.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s> has an event handler attribute %s=%q", e.Data, a.Key, a.Val)
			}
			if a.Key == "href" || a.Key == "src" || a.Key == "action" {
				// URL schemes are case-insensitive (RFC 3986, section 3.1).
				if v := strings.ToLower(a.Val); !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
					t.Errorf("<%s %s=%q> is neither an in-page nor a web link", e.Data, a.Key, a.Val)
				}
			}
		}
	})
}

// oneNode returns the one node of nodes; when there is not exactly one, it
// reports how many there are, naming them what, and returns nil.
func oneNode(t *testing.T, what string, nodes []*html.Node) *html.Node {
	t.Helper()
	if len(nodes) != 1 {
		t.Errorf("%d %s, want 1", len(nodes), what)
		return nil
	}
	return nodes[0]
}

// headJSONLD returns the page's one script element, which must be the
// JSON-LD block in <head>, decoded; it fails when there is not exactly one.
func headJSONLD(t *testing.T, doc *html.Node) any {
	t.Helper()
	scripts := elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Script || e.Data == "script" })
	if len(scripts) != 1 {
		t.Fatalf("%d script elements, want one application/ld+json block in <head>", len(scripts))
	}
	if typ := attrOr(scripts[0], "type"); typ != "application/ld+json" {
		t.Fatalf("script type = %q, want application/ld+json", typ)
	}
	if p := scripts[0].Parent; p.DataAtom != atom.Head {
		t.Fatalf("the script is in <%s>, want <head>", p.Data)
	}
	var v any
	if err := json.Unmarshal([]byte(textOf(scripts[0])), &v); err != nil {
		t.Fatalf("the JSON-LD block is not JSON: %v", err)
	}
	return v
}

// claimReviewValue is d's ClaimReview export, decoded.
func claimReviewValue(t *testing.T, d *Document) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(encode(t, mustLookup(t, "claimreview"), d), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestHTMLSample(t *testing.T) {
	d := sampleDoc()
	out := encode(t, mustLookup(t, "html"), d)
	doc := parseHTML(t, out)
	checkSafe(t, doc)

	for _, want := range []string{`<meta charset="utf-8">`, `<html lang="en">`, `<meta name="generator" content="factmark">`, "<!doctype html>"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
	// The hostile text of the article is shown as text, not markup.
	for _, raw := range []string{"<script>alert", "onerror=alert(1)>"} {
		if bytes.Contains(out, []byte(raw)) {
			t.Errorf("page contains %q unescaped", raw)
		}
	}
	main := elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Main })
	if len(main) != 1 {
		t.Fatalf("%d <main> elements, want 1", len(main))
	}
	if got, want := textOf(main[0]), "<script>alert(1)</script> and another <img src=x onerror=alert(1)>;"; !strings.Contains(got, want) {
		t.Errorf("the article's literal tags do not read back as text: <main> reads %q, want it to hold %q", got, want)
	}

	// Block kinds.
	if h := oneNode(t, "<h3> in <main>", elements(main[0], func(e *html.Node) bool { return e.DataAtom == atom.H3 })); h != nil && textOf(h) != "Online reaction" {
		t.Errorf("the <h3> reads %q, want the level-2 heading %q", textOf(h), "Online reaction")
	}
	if li := elements(main[0], func(e *html.Node) bool { return e.DataAtom == atom.Li && e.Parent.DataAtom == atom.Ul }); len(li) != 2 {
		t.Errorf("%d list items in a <ul>, want 2", len(li))
	}
	if bq := oneNode(t, "<blockquote> in <main>", elements(main[0], func(e *html.Node) bool { return e.DataAtom == atom.Blockquote })); bq != nil && !strings.Contains(textOf(bq), "Надия Рахимова") {
		t.Errorf("the blockquote reads %q, want it to hold %q", textOf(bq), "Надия Рахимова")
	}

	// Header.
	if h1 := oneNode(t, "<h1>", elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.H1 })); h1 != nil && textOf(h1) != d.Article.Title {
		t.Errorf("the <h1> reads %q, want the title %q", textOf(h1), d.Article.Title)
	}
	orig := elements(doc, func(e *html.Node) bool { v, _ := attr(e, "href"); return v == d.Article.URL })
	if len(orig) != 1 {
		t.Error("no link to the original article")
	}

	checkHighlights(t, d, doc)

	// The ClaimReview markup of claims 1 and 3 rides in <head>.
	if got, want := headJSONLD(t, doc), claimReviewValue(t, d); !reflect.DeepEqual(got, want) {
		t.Errorf("the page's JSON-LD is %v, want the ClaimReview export %v", got, want)
	}

	// Claims 1 and 2 overlap: the segment they share is a claim-2 mark
	// inside a claim-1 mark, and each shows its own colour.
	nested := elements(doc, func(e *html.Node) bool {
		v, _ := attr(e, "data-claim")
		p, _ := attr(e.Parent, "data-claim")
		return e.DataAtom == atom.Mark && v == "2" && p == "1"
	})
	if len(nested) != 1 {
		t.Errorf("claim 2 is not nested in claim 1 where they overlap (%d marks, want 1)", len(nested))
	} else if got, want := textOf(nested[0]), "talks in Lakeshore on 21 April"; got != want {
		t.Errorf("the claim-2 mark inside claim 1 reads %q, want %q", got, want)
	} else {
		if !hasClass(nested[0], "st-unchecked") {
			t.Errorf("the inner (claim 2) mark has class %q, want st-unchecked", attrOr(nested[0], "class"))
		}
		if !hasClass(nested[0].Parent, "st-verified") {
			t.Errorf("the outer (claim 1) mark has class %q, want st-verified", attrOr(nested[0].Parent, "class"))
		}
	}

	// Appendix: sources link only web URLs, offline references are text.
	c1 := byID(doc, "claim-1")
	links := elements(c1, func(e *html.Node) bool { return e.DataAtom == atom.A && strings.HasPrefix(attrOr(e, "href"), "http") })
	if l := oneNode(t, "claim 1 source link", links); l != nil {
		if got, want := attrOr(l, "href"), d.Claims[0].Sources[0].URL; got != want {
			t.Errorf("claim 1 source link href = %q, want %q", got, want)
		}
		if got, want := textOf(l), d.Claims[0].Sources[0].Title; got != want {
			t.Errorf("claim 1 source link text = %q, want %q", got, want)
		}
	}
	txt := textOf(c1)
	for _, want := range []string{
		d.Claims[0].Statement, d.Claims[0].Quote.Exact, "Participation", "Verified", "Harbor League (invited)",
		"Veloria Foreign Ministry (organizer)", "(supports)", "(context)", d.Claims[0].Sources[1].Reference,
		d.Claims[0].Sources[0].Excerpt, "The <b>list</b> is in the annex", d.Claims[0].Note, "2026-03-12",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("claim 1's entry lacks %q", want)
		}
	}
	if strings.Contains(textOf(byID(doc, "claim-2")), "Harbor League") {
		t.Error("claim 2's entry shows claim 1's parties")
	}
}

func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

// markText is the text under n less the claim numbers (sup elements)
// inside it.
func markText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.DataAtom == atom.Sup {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// checkHighlights checks every claim of d on the page: its marks spell its
// exact text, carry its status colour and one band, its number follows it
// once and links to its appendix entry; and checks the marks around every
// character with checkCoverage.
func checkHighlights(t *testing.T, d *Document, doc *html.Node) {
	t.Helper()
	css := textOf(elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Style })[0])
	claims := d.orderedClaims()
	marks := map[string][]*html.Node{}
	walk(doc, func(e *html.Node) {
		if e.DataAtom == atom.Mark {
			v, _ := attr(e, "data-claim")
			marks[v] = append(marks[v], e)
		}
	})
	for i, c := range claims {
		num := strconv.Itoa(claimNumber(&c, i))
		ms := marks[num]
		var got strings.Builder
		bands := map[int]bool{}
		for _, m := range ms {
			got.WriteString(markText(m))
			if !hasClass(m, "st-"+string(c.Status)) {
				t.Errorf("claim %s: mark class %q, want st-%s", num, attrOr(m, "class"), c.Status)
			}
			bands[bandOf(m)] = true
		}
		if got.String() != c.Quote.Exact {
			t.Errorf("claim %s: marks spell %q, want %q", num, got.String(), c.Quote.Exact)
		}
		if len(bands) != 1 || bands[-1] {
			t.Errorf("claim %s: marks in bands %v, want one", num, bands)
		}
		if rule := ".st-" + string(c.Status) + "{background-color:" + c.Status.Color() + "}"; !strings.Contains(css, rule) {
			t.Errorf("style lacks %s", rule)
		}
		refs := elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.A && attrOr(e, "href") == "#claim-"+num })
		if len(refs) != 1 {
			t.Errorf("claim %s: %d references, want one superscript numbered %s", num, len(refs), num)
			continue
		}
		bad := false
		if got := textOf(refs[0]); got != num {
			t.Errorf("claim %s: the reference reads %q, want %q", num, got, num)
			bad = true
		}
		if p := refs[0].Parent; p.DataAtom != atom.Sup {
			t.Errorf("claim %s: the reference is in <%s>, want <sup>", num, p.Data)
			bad = true
		}
		if got := attrOr(refs[0], "id"); got != "ref-"+num {
			t.Errorf("claim %s: the reference id = %q, want %q", num, got, "ref-"+num)
			bad = true
		}
		if bad {
			continue
		}
		// The number follows the claim's last mark, with nothing between
		// them but other numbers, and the ends and starts of other marks.
		next := ms[len(ms)-1]
		for next.NextSibling == nil && next.Parent.DataAtom == atom.Mark {
			next = next.Parent
		}
		next = next.NextSibling
		for next != nil && next != refs[0].Parent {
			switch next.DataAtom {
			case atom.Sup:
				next = next.NextSibling
			case atom.Mark:
				next = next.FirstChild
			default:
				next = nil
			}
		}
		if next == nil {
			t.Errorf("claim %s: its number does not follow its last mark", num)
		}
		if byID(doc, "claim-"+num) == nil {
			t.Errorf("claim %s has no appendix entry", num)
		}
	}
	checkCoverage(t, d, doc)
}

// bandOf is the band class of mark n, or -1 when it has none.
func bandOf(n *html.Node) int {
	for i, b := range []string{"b0", "b1", "b2", "b3"} {
		if hasClass(n, b) {
			return i
		}
	}
	return -1
}

// checkCoverage checks, code point by code point, that every placed claim
// of d shows along its whole length and nowhere else: each code point of
// the article body lies inside a mark carrying the claim's number and
// colour class exactly when the claim covers it. It checks too that every
// claim's colour stays visible where claims overlap: around any code point
// the marks nest from the widest band to the narrowest, each strictly
// narrower than the one around it (short of highlight.MaxBand), so that each outer
// claim shows as a band around the inner ones; and that a claim's number
// sits inside the marks of exactly the claims that go on past it, so that
// no number cuts a claim's colour.
// markStatus is the status whose colour claim c's marks must have: its
// working status in the internal edition, its published verdict (or none)
// in the public one.
func markStatus(d *Document, c *model.Claim) model.Status {
	if d.internal() {
		return c.Status
	}
	st, _, _ := publicReview(c)
	return st
}

func checkCoverage(t *testing.T, d *Document, doc *html.Node) {
	t.Helper()
	ix := text.NewIndex(d.Article.Text)
	claims := d.orderedClaims()
	// Marks carry the claims' numbers; the checks below name each claim by
	// its place in claims plus one.
	place := map[int]int{}
	for i := range claims {
		place[claimNumber(&claims[i], i)] = i + 1
	}
	main := elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Main })[0]
	blocks := elements(main, func(e *html.Node) bool {
		switch e.DataAtom {
		case atom.P, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Pre:
			return !hasClass(e, "unplaced")
		}
		return false
	})
	if len(blocks) != len(d.Article.Blocks) {
		t.Fatalf("%d blocks on the page, want %d", len(blocks), len(d.Article.Blocks))
	}
	type mark struct {
		num  int // the claim's place in claims, plus one
		band int
		node *html.Node
	}
	for bi, b := range d.Article.Blocks {
		// Each code point of the block, and each number, with the marks
		// around it, outermost first.
		var points [][]mark
		var text []rune
		type ref struct {
			at    int // the index of the code point after it
			num   string
			marks []mark
		}
		var refs []ref
		var stack []mark
		var rec func(*html.Node)
		rec = func(n *html.Node) {
			switch {
			case n.Type == html.TextNode:
				for _, r := range n.Data {
					text = append(text, r)
					points = append(points, slices.Clone(stack))
				}
				return
			case n.DataAtom == atom.Sup:
				refs = append(refs, ref{len(points), textOf(n), slices.Clone(stack)})
				return
			case n.DataAtom == atom.Mark:
				num, err := strconv.Atoi(attrOr(n, "data-claim"))
				if err != nil || place[num] == 0 {
					t.Fatalf("a mark has data-claim %q", attrOr(n, "data-claim"))
				}
				stack = append(stack, mark{place[num], bandOf(n), n})
				defer func() { stack = stack[:len(stack)-1] }()
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				rec(c)
			}
		}
		rec(blocks[bi])
		if want := strings.ReplaceAll(ix.Slice(b.Start, b.End), "\x00", "\uFFFD"); string(text) != want {
			t.Fatalf("block %d reads %q, want %q", bi, string(text), want)
		}

		covering := func(o int) []int {
			var out []int
			for i, c := range claims {
				if !c.Orphan && ix.InRange(c.Start, c.End) && c.Start <= o && o < c.End {
					out = append(out, i+1)
				}
			}
			return out
		}
		nums := func(ms []mark) []int {
			out := make([]int, len(ms))
			for i, m := range ms {
				out[i] = m.num
			}
			slices.Sort(out)
			return out
		}
		for i, ms := range points {
			o := b.Start + i
			if got, want := nums(ms), covering(o); !slices.Equal(got, want) {
				t.Errorf("code point %d (%q) lies in the marks of claims %v, want %v", o, text[i], got, want)
			}
			for j, m := range ms {
				if st := markStatus(d, &claims[m.num-1]); !hasClass(m.node, statusClass(st)) {
					t.Errorf("code point %d: claim %d's mark has class %q, want %s", o, m.num, attrOr(m.node, "class"), statusClass(st))
				}
				if j > 0 && m.band >= ms[j-1].band && !(m.band == highlight.MaxBand && ms[j-1].band == highlight.MaxBand) {
					t.Errorf("code point %d: claim %d's mark (band %d) nests in claim %d's (band %d), which then shows no band around it",
						o, m.num, m.band, ms[j-1].num, ms[j-1].band)
				}
			}
		}
		for _, r := range refs {
			// The claims that go on past the number: those around the code
			// points on both sides of it in the block.
			var want []int
			if r.at > 0 && r.at < len(points) {
				want = slices.DeleteFunc(nums(points[r.at-1]), func(n int) bool { return !slices.Contains(nums(points[r.at]), n) })
			}
			if got := nums(r.marks); !slices.Equal(got, want) {
				t.Errorf("block %d: number %s lies in the marks of claims %v, want those going on past it, %v", bi, r.num, got, want)
			}
		}
	}
}

// spanIn returns the code-point span of the first occurrence of s in block
// b of ix.
func spanIn(t *testing.T, ix *text.Index, b text.Block, s string) (int, int) {
	t.Helper()
	within := ix.Slice(b.Start, b.End)
	i := strings.Index(within, s)
	if i < 0 {
		t.Fatalf("%q is not in block %q", s, within)
	}
	start := b.Start + text.Len(within[:i])
	return start, start + text.Len(s)
}

// nestedDoc holds claims nested in each other every way QA met them: an
// outer claim sharing its end with the inner one, sharing its start,
// sharing both, three deep, and claims that cross, one of them meeting the
// next claim where it ends. Claim 1's verdict has a reason, with markup in
// it.
func nestedDoc(t *testing.T) *Document {
	t.Helper()
	doc := text.Build([]text.RawBlock{
		{Kind: text.Paragraph, Text: "The summit in Geneva does not involve the U.S. and U.N. at all, officials said."},
		{Kind: text.Paragraph, Text: "Officials said the U.S. and U.N. were not invited to the talks."},
		{Kind: text.Heading, Level: 1, Text: "Observers from the U.N. only"},
		{Kind: text.Paragraph, Text: "Diplomats said the U.S. and U.N. stayed away from everything, a long sentence that wraps onto a second line of the page."},
		{Kind: text.ListItem, Text: "alpha beta gamma delta epsilon zeta eta theta"},
	})
	ix := text.NewIndex(doc.Text)
	var claims []model.Claim
	add := func(block int, s string, st model.Status) {
		start, end := spanIn(t, ix, doc.Blocks[block], s)
		id := int64(len(claims) + 1)
		claims = append(claims, model.Claim{ID: id, Start: start, End: end, Quote: anchor.QuoteAt(ix, start, end), Status: st, Statement: s})
	}
	// Shared end.
	add(0, "The summit in Geneva does not involve the U.S. and U.N.", model.StatusMisleading)
	add(0, "the U.S. and U.N.", model.StatusUnchecked)
	// Shared start.
	add(1, "the U.S. and U.N. were not invited", model.StatusFalse)
	add(1, "the U.S. and U.N.", model.StatusVerified)
	// The same span twice, in a heading.
	add(2, "the U.N.", model.StatusMisleading)
	add(2, "the U.N.", model.StatusNeedsContext)
	// Three deep, the inner two sharing their end, the outer one wrapping
	// onto a second line; the same colour twice.
	add(3, "the U.S. and U.N. stayed away from everything, a long sentence that wraps onto a second line", model.StatusMisleading)
	add(3, "U.N. stayed away", model.StatusMisleading)
	add(3, "stayed away", model.StatusInProgress)
	// Crossing: "beta gamma delta" and "delta epsilon zeta" cross, and
	// "epsilon" starts where the first one ends, in the lane it frees.
	add(4, "beta gamma delta ", model.StatusFalse)
	add(4, "delta epsilon zeta", model.StatusVerified)
	add(4, "epsilon", model.StatusUnverifiable)

	d := &Document{Edition: EditionInternal, Article: model.Article{ID: 3, Title: "Nested claims", Text: doc.Text, Blocks: doc.Blocks}, Claims: claims,
		History: map[int64][]model.Event{1: {
			{At: exportedAt.Add(-time.Hour), User: "amira", Field: "status", From: "unchecked", To: "misleading",
				Comment: "the U.N. was invited as an observer <script>alert(1)</script> & the U.S. was not"},
		}}}
	d.SortClaims()
	return d
}

// TestHTMLNested checks claims nested in each other: every claim shows its
// colour along its whole length (checkHighlights and checkCoverage), and
// an outer claim is one mark around all that nests in it, so that it
// never seems to end where an inner claim starts or ends.
func TestHTMLNested(t *testing.T) {
	d := nestedDoc(t)
	out := encode(t, mustLookup(t, "html"), d)
	doc := parseHTML(t, out)
	checkSafe(t, doc)
	checkHighlights(t, d, doc)

	byClaim := map[string][]*html.Node{}
	walk(doc, func(e *html.Node) {
		if e.DataAtom == atom.Mark {
			byClaim[attrOr(e, "data-claim")] = append(byClaim[attrOr(e, "data-claim")], e)
		}
	})
	for i, c := range d.Claims {
		num := strconv.Itoa(i + 1)
		crosses := false
		for _, o := range d.Claims {
			if o.Start < c.Start && c.Start < o.End && o.End < c.End || c.Start < o.Start && o.Start < c.End && c.End < o.End {
				crosses = true
			}
		}
		if !crosses && len(byClaim[num]) != 1 {
			t.Errorf("claim %s (%q) crosses no claim but is cut into %d marks", num, c.Quote.Exact, len(byClaim[num]))
		}
	}
	// The outer claims get the wider bands.
	for exact, band := range map[string]int{
		"The summit in Geneva does not involve the U.S. and U.N.":                                      1,
		"the U.S. and U.N. were not invited":                                                           1,
		"the U.S. and U.N. stayed away from everything, a long sentence that wraps onto a second line": 2,
		"U.N. stayed away": 1,
		"stayed away":      0,
	} {
		for i, c := range d.Claims {
			if c.Quote.Exact == exact {
				if got := bandOf(byClaim[strconv.Itoa(i+1)][0]); got != band {
					t.Errorf("%q has band %d, want %d", exact, got, band)
				}
			}
		}
	}
	// The two claims on one span: the first, by id, around the second.
	var same []string
	for i, c := range d.Claims {
		if c.Quote.Exact == "the U.N." {
			same = append(same, strconv.Itoa(i+1))
		}
	}
	if ms := oneNode(t, "marks of claim "+same[1], byClaim[same[1]]); ms != nil {
		if ms.Parent.DataAtom != atom.Mark {
			t.Errorf("the two claims on one span do not nest: claim %s's mark is in <%s>, want <mark>", same[1], ms.Parent.Data)
		} else if got := attrOr(ms.Parent, "data-claim"); got != same[0] {
			t.Errorf("the two claims on one span do not nest: claim %s's mark is in claim %q's, want %q's", same[1], got, same[0])
		}
	}

	// The reason for claim 1's verdict, escaped, beside the verdict.
	entry := byID(doc, "claim-1")
	reason := elements(entry, func(e *html.Node) bool { return e.DataAtom == atom.Dd && hasClass(e, "reason") })
	want := "Misleading — the U.N. was invited as an observer <script>alert(1)</script> & the U.S. was not"
	if r := oneNode(t, "reasons in claim 1's entry", reason); r != nil {
		if got := textOf(r); got != want {
			t.Errorf("claim 1's reason reads %q, want %q", got, want)
		}
		if r.PrevSibling == nil {
			t.Error("claim 1's reason has nothing before it, want \"Verdict\"")
		} else if got := textOf(r.PrevSibling); got != "Verdict" {
			t.Errorf("claim 1's reason follows %q, want \"Verdict\"", got)
		}
	}
	if !bytes.Contains(out, []byte("observer &lt;script&gt;alert(1)&lt;/script&gt; &amp; the U.S.")) {
		t.Error("the reason is not escaped")
	}
	if n := len(elements(doc, func(e *html.Node) bool { return hasClass(e, "reason") })); n != 1 {
		t.Errorf("%d reasons on the page, want only claim 1's", n)
	}
}

func TestHTMLLarge(t *testing.T) {
	d := largeDoc(3000, 150)
	doc := parseHTML(t, encode(t, mustLookup(t, "html"), d))
	checkSafe(t, doc)
	checkHighlights(t, d, doc)
}

// hostile is text that breaks out of any context an encoder forgets to
// escape.
const hostile = `"'><script>alert(1)</script><img src=x onerror=alert(1)>&amp;</textarea></style></title>`

func hostileDoc() *Document {
	doc := text.Build([]text.RawBlock{
		{Kind: text.Heading, Level: 1, Text: hostile},
		{Kind: text.Paragraph, Text: "Before " + hostile + " after."},
		{Kind: text.Preformatted, Text: "</pre>" + hostile},
		{Kind: text.ListItem, Text: hostile},
		{Kind: text.Blockquote, Text: hostile},
	})
	ix := text.NewIndex(doc.Text)
	start := doc.Blocks[1].Start + len("Before ")
	end := start + text.Len(hostile)
	ps, pe := start+2, start+10
	src := model.Source{ID: 1, Title: hostile, Publisher: hostile, PublishedAt: hostile, AccessedAt: hostile}
	bad := []model.ClaimSource{
		{Source: withURL(src, "javascript:alert(1)"), Excerpt: hostile, Relation: model.Relation(hostile), Note: hostile},
		{Source: withURL(src, `https://x.example/"><script>alert(1)</script>`), Excerpt: hostile},
		{Source: withURL(src, "data:text/html,<script>alert(1)</script>"), Excerpt: hostile},
		{Source: model.Source{ID: 2, Reference: hostile}},
	}
	return &Document{Edition: EditionInternal,
		Article: model.Article{
			ID: 9, Title: hostile, Byline: hostile, Publication: hostile, URL: "javascript:alert(1)", PublishedAt: hostile,
			Text: doc.Text, Blocks: doc.Blocks,
		},
		Claims: []model.Claim{
			{ID: 1, Start: start, End: end, Quote: anchor.QuoteAt(ix, start, end), Statement: hostile, Kind: model.Kind(hostile),
				Status: model.Status(hostile), Note: hostile, Assignee: hostile,
				Parties: []model.Party{{Name: hostile, Role: model.Role(hostile), Start: &ps, End: &pe, Exact: hostile}},
				Sources: bad, CreatedBy: hostile, UpdatedBy: hostile,
				Publication: model.NewPublication([]model.PublicationRecord{{Verdict: model.StatusFalse, Rationale: hostile, PublishedAt: exportedAt}})},
			// An orphan: its stored position is no longer trusted.
			{ID: 2, Start: doc.Blocks[4].Start, End: doc.Blocks[4].End, Quote: anchor.QuoteAt(ix, doc.Blocks[4].Start, doc.Blocks[4].End),
				Status: model.StatusFalse, Orphan: true},
		},
	}
}

func withURL(s model.Source, u string) model.Source {
	s.URL = u
	return s
}

func TestHTMLHostile(t *testing.T) {
	d := hostileDoc()
	out := encode(t, mustLookup(t, "html"), d)
	doc := parseHTML(t, out)
	checkSafe(t, doc)
	title := elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Title })
	if ti := oneNode(t, "<title>", title); ti != nil {
		if got, want := textOf(ti), hostile+" — fact-check (Internal — not for publication)"; got != want {
			t.Errorf("<title> reads %q, want %q", got, want)
		}
	}
	if h := oneNode(t, "<h1>", elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.H1 })); h != nil && textOf(h) != hostile {
		t.Errorf("the title does not read back as text: <h1> reads %q, want %q", textOf(h), hostile)
	}
	if pre := oneNode(t, "<pre>", elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Pre })); pre != nil && textOf(pre) != "</pre>"+hostile {
		t.Errorf("the preformatted block does not read back as text: <pre> reads %q, want %q", textOf(pre), "</pre>"+hostile)
	}
	// Claim 1 is highlighted; claim 2, an orphan, is listed but not drawn.
	var got strings.Builder
	for _, m := range elements(doc, func(e *html.Node) bool { return attrOr(e, "data-claim") == "1" }) {
		got.WriteString(markText(m))
		if !hasClass(m, "st-other") {
			t.Errorf("unknown status mark has class %q", attrOr(m, "class"))
		}
	}
	if got.String() != hostile {
		t.Errorf("claim 1 marks spell %q", got.String())
	}
	checkCoverage(t, d, doc)
	if n := len(elements(doc, func(e *html.Node) bool { return attrOr(e, "data-claim") == "2" })); n != 0 {
		t.Errorf("the orphan claim has %d marks", n)
	}
	entry := byID(doc, "claim-2")
	if entry == nil {
		t.Error("the orphan claim has no entry")
	} else if got := textOf(entry); !strings.Contains(got, "no longer in the article") {
		t.Errorf("the orphan claim's entry reads %q, want it to say its words are \"no longer in the article\"", got)
	} else if !hasClass(entry.Parent, "orphans") {
		t.Errorf("the orphan claim's entry is in <%s class=%q>, want the orphans' section", entry.Parent.Data, attrOr(entry.Parent, "class"))
	}
	// The one web URL is a link; the javascript: and data: ones are text.
	links := elements(byID(doc, "claim-1"), func(e *html.Node) bool { return e.DataAtom == atom.A && strings.HasPrefix(attrOr(e, "href"), "http") })
	if l := oneNode(t, "claim 1 web links", links); l != nil {
		if got, want := attrOr(l, "href"), `https://x.example/"><script>alert(1)</script>`; got != want {
			t.Errorf("claim 1's web link href = %q, want %q", got, want)
		}
	}
	if !strings.Contains(textOf(byID(doc, "claim-1")), "javascript:alert(1)") {
		t.Error("the javascript: URL is not shown as text")
	}
}

// TestHTMLClaimReviewBreakout puts markup that would end the JSON-LD
// block early into every string the ClaimReview carries: the page still has
// exactly one script element, the data block, and it reads back as the
// ClaimReview export.
func TestHTMLClaimReviewBreakout(t *testing.T) {
	const breakout = `</script><script>alert(1)</script>`
	for name, mutate := range map[string]func(d *Document){
		"statement": func(d *Document) { d.Claims[0].Statement = breakout },
		"upper case": func(d *Document) {
			d.Claims[0].Statement = `</SCRIPT ><Script>alert(1)</sCrIpT>`
		},
		"comment and CDATA": func(d *Document) {
			d.Claims[0].Statement = `<!--<script>alert(1)</script>--><![CDATA[`
		},
		"line separators": func(d *Document) { d.Claims[0].Statement = "a\u2028b\u2029c" + breakout },
		"everywhere": func(d *Document) {
			d.Claims[2].Statement = breakout
			d.Claims[2].Parties = append(d.Claims[2].Parties, model.Party{Name: breakout, Role: model.RoleSpeaker})
			d.Article.Title, d.Article.Byline, d.Article.Publication, d.Article.PublishedAt = breakout, breakout, breakout, breakout
			d.Article.URL = "https://x.example/" + breakout
			d.Site = wire.Site{BaseURL: "https://x.example/" + breakout, NewsroomName: breakout, NewsroomURL: "https://x.example/?" + breakout}
		},
		"hostile document": func(d *Document) { *d = *hostileDoc() },
	} {
		t.Run(name, func(t *testing.T) {
			d := sampleDoc()
			mutate(d)
			var buf bytes.Buffer
			if err := mustLookup(t, "html").Write(&buf, d, TestPages); err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(bytes.ToLower(buf.Bytes()), []byte("</script")); n != 1 {
				t.Errorf("%d </script in the page, want only the data block's own end tag", n)
			}
			doc := parseHTML(t, buf.Bytes())
			checkSafe(t, doc)
			if got, want := headJSONLD(t, doc), claimReviewValue(t, d); !reflect.DeepEqual(got, want) {
				t.Errorf("the page's JSON-LD reads back as %v, want %v", got, want)
			}
			// The block is the ClaimReview export, compact and escaped for
			// HTML.
			var compact, want bytes.Buffer
			if err := json.Compact(&compact, encode(t, mustLookup(t, "claimreview"), d)); err != nil {
				t.Fatal(err)
			}
			json.HTMLEscape(&want, compact.Bytes())
			if !bytes.Contains(buf.Bytes(), want.Bytes()) {
				t.Error("the page's JSON-LD block is not the ClaimReview export escaped for HTML")
			}
		})
	}
}

// A page without a published review has nothing to mark up, and no
// script at all, however many verdicts its claims have.
func TestHTMLNoVerdictNoScript(t *testing.T) {
	d := sampleDoc()
	for i := range d.Claims {
		d.Claims[i].Publication = model.Publication{}
	}
	out := encode(t, mustLookup(t, "html"), d)
	if bytes.Contains(out, []byte("<script")) {
		t.Error("a page without verdicts has a script element")
	}
	checkSafe(t, parseHTML(t, out))
}

// fuzzStatuses are the fuzzed claims' statuses: a verdict, whose
// ClaimReview goes into the page's <head>, and an open status.
var fuzzStatuses = []model.Status{model.StatusFalse, model.StatusUnchecked}

// FuzzHTML checks that no text, however hostile, turns into markup: the page
// parses with nothing executable in it and each claim's marks spell its text.
func FuzzHTML(f *testing.F) {
	f.Add("Plain text.\n\nSecond 🇰🇿 block.", 0, 5, 3, 9, "https://x.example")
	f.Add(hostile+"\n\n"+hostile, 2, 40, 0, 70, "javascript:alert(1)")
	f.Add("<scr<script>ipt>x</script>&lt;", 1, 20, 4, 8, `https://x.example/"onmouseover="alert(1)`)
	f.Fuzz(func(t *testing.T, body string, s1, e1, s2, e2 int, url string) {
		doc := text.Build(text.SplitPlain(body))
		ix := text.NewIndex(doc.Text)
		// The edition follows the body, so that both are fuzzed.
		d := &Document{Article: model.Article{Title: body, URL: url, Text: doc.Text, Blocks: doc.Blocks}}
		if len(body)%2 == 1 {
			d.Edition = EditionInternal
		}
		for i, se := range [][2]int{{s1, e1}, {s2, e2}} {
			if !ix.InRange(se[0], se[1]) {
				continue
			}
			c := model.Claim{ID: int64(i + 1), Start: se[0], End: se[1], Quote: anchor.QuoteAt(ix, se[0], se[1]),
				Statement: body, Note: body, Status: fuzzStatuses[i], Parties: []model.Party{{Name: body, Role: model.RoleSpeaker}},
				Sources: []model.ClaimSource{{Source: model.Source{URL: url, Title: body}}}}
			if c.Status.IsVerdict() {
				c.Publication = model.NewPublication([]model.PublicationRecord{{Verdict: c.Status, Rationale: body + ".", PublishedAt: exportedAt}})
			}
			d.Claims = append(d.Claims, c)
		}
		var buf bytes.Buffer
		if err := mustLookup(t, "html").Write(&buf, d, TestPages); err != nil {
			t.Fatal(err)
		}
		page := parseHTML(t, buf.Bytes())
		checkSafe(t, page)
		if len(d.Claims) > 0 && d.Claims[0].Status.IsVerdict() {
			if got, want := headJSONLD(t, page), claimReviewValue(t, d); !reflect.DeepEqual(got, want) {
				t.Errorf("the page's JSON-LD reads back as %v, want %v", got, want)
			}
		}
		checkCoverage(t, d, page)
		for i, c := range d.orderedClaims() {
			var got strings.Builder
			for _, m := range elements(page, func(e *html.Node) bool { return attrOr(e, "data-claim") == strconv.Itoa(i+1) }) {
				got.WriteString(markText(m))
			}
			// Marks hold the claim's text less what lies between blocks,
			// where a claim may also start or end; HTML cannot hold NUL,
			// which reads back as U+FFFD.
			var want string
			for _, b := range d.Article.Blocks {
				if s, e := max(c.Start, b.Start), min(c.End, b.End); s < e {
					want += ix.Slice(s, e)
				}
			}
			if want = strings.ReplaceAll(want, "\x00", "\uFFFD"); got.String() != want {
				t.Errorf("claim %d marks spell %q, want %q", i+1, got.String(), want)
			}
		}
	})
}
