package extract

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/factmark/factmark/internal/text"
)

// walk parses an HTML fragment and walks its body, as Fragment does.
func walk(t *testing.T, fragment string, base string) []Block {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		t.Fatal(err)
	}
	var u *url.URL
	if base != "" {
		if u, err = url.Parse(base); err != nil {
			t.Fatal(err)
		}
	}
	return walkBlocks(findBody(doc), u)
}

func p(s string) Block            { return Block{Kind: text.Paragraph, Text: s} }
func li(s string) Block           { return Block{Kind: text.ListItem, Text: s} }
func quote(s string) Block        { return Block{Kind: text.Blockquote, Text: s} }
func h(level int, s string) Block { return Block{Kind: text.Heading, Level: level, Text: s} }

func TestWalkBlocks(t *testing.T) {
	tests := []struct {
		name, html string
		want       []Block
	}{
		{"paragraphs and headings",
			"<h2>Bridge opens</h2><p>The bridge opened.</p><h4>Cost</h4><p>It cost more.</p>",
			[]Block{h(2, "Bridge opens"), p("The bridge opened."), h(4, "Cost"), p("It cost more.")}},
		{"inline elements do not split a block",
			"<p>The <b>new</b> bridge <em>opened</em> on <span class=x>Mon</span>day.</p>",
			[]Block{p("The new bridge opened on Monday.")}},
		{"div soup: text beside nested divs",
			"<div>Before the box.<div><div>Inside the box.</div></div>After the box.</div>",
			[]Block{p("Before the box."), p("Inside the box."), p("After the box.")}},
		{"white space folded, NBSP included",
			"<p>\n   The  bridge\u00a0\u00a0opened\n\t on Monday.  </p>",
			[]Block{p("The bridge opened on Monday.")}},
		{"NFC",
			"<p>Cafe\u0301 on the quay</p>",
			[]Block{p("Caf\u00e9 on the quay")}},
		{"one br is a space, two end the block",
			"<p>First line<br>second line<br> <br>\n<br>New block</p>",
			[]Block{p("First line second line"), p("New block")}},
		{"a blockquote of paragraphs",
			"<blockquote><p>It was worth the wait.</p><p>Every day of it.</p></blockquote>",
			[]Block{quote("It was worth the wait."), quote("Every day of it.")}},
		{"a list inside a blockquote",
			"<blockquote>The mayor listed:<ul><li>the cost</li><li>the delay</li></ul>and left.</blockquote>",
			[]Block{quote("The mayor listed:"), li("the cost"), li("the delay"), quote("and left.")}},
		{"nested lists and paragraphs in items",
			"<ol><li><p>First point</p><ul><li>detail</li></ul></li><li>Second point</li></ol>",
			[]Block{li("First point"), li("detail"), li("Second point")}},
		{"anything in a heading is the heading",
			"<h3><div>Part</div> <span>two</span></h3>",
			[]Block{h(3, "Part"), h(3, "two")}},
		{"preformatted keeps its kind, white space folded",
			"<pre>line one\n    line two<br>line three</pre>",
			[]Block{{Kind: text.Preformatted, Text: "line one line two line three"}}},
		{"figure caption",
			"<figure><img src=a.jpg alt='The bridge at dusk'><figcaption>The bridge at dusk.</figcaption></figure><p>Body.</p>",
			[]Block{{Kind: text.Paragraph, Text: "The bridge at dusk.", Caption: true, LikelyBoilerplate: true}, p("Body.")}},
		{"text in a figure beside its caption",
			"<figure><span>Photo</span><img src=a.jpg><figcaption>The quay.</figcaption></figure>",
			[]Block{{Kind: text.Paragraph, Text: "Photo", LikelyBoilerplate: true}, {Kind: text.Paragraph, Text: "The quay.", Caption: true, LikelyBoilerplate: true}}},
		{"a pull quote in a figure keeps its kind",
			"<figure><blockquote>Worth the wait.</blockquote><figcaption>The mayor</figcaption></figure>",
			[]Block{{Kind: text.Blockquote, Text: "Worth the wait.", LikelyBoilerplate: true}, {Kind: text.Paragraph, Text: "The mayor", Caption: true, LikelyBoilerplate: true}}},
		{"a caption by its class",
			"<div class='wp-caption-text'>Photo of the quay</div>",
			[]Block{{Kind: text.Paragraph, Text: "Photo of the quay", Caption: true, LikelyBoilerplate: true}}},
		{"share box and navigation are likely boilerplate",
			"<nav><a href=/>Home</a></nav><div class='share-tools'>Share</div><p>Body.</p><footer>Contact us</footer>",
			[]Block{{Kind: text.Paragraph, Text: "Home", LikelyBoilerplate: true}, {Kind: text.Paragraph, Text: "Share", LikelyBoilerplate: true}, p("Body."), {Kind: text.Paragraph, Text: "Contact us", LikelyBoilerplate: true}}},
		{"a class word inside another word is no hint",
			"<div class='shared-content'>Body.</div>",
			[]Block{p("Body.")}},
		{"a negated class word is no hint",
			"<div class='item no_caption'><h2>Lead.</h2></div>",
			[]Block{h(2, "Lead.")}},
		{"a class word on a box of many words is no hint",
			"<div class='related'>" + strings.Repeat("Body text. ", 61) + "</div>",
			[]Block{p(strings.TrimSpace(strings.Repeat("Body text. ", 61)))}},
		{"no text from images, scripts, styles, controls, hidden elements",
			"<p>Seen<img src=x.png alt=picture><script>var a = 'code';</script><style>p{}</style><button>Click</button> text<span hidden>no</span><span style='display: none'>no</span><span aria-hidden=true>no</span>.</p><svg><text>no</text></svg><noscript>no</noscript><template>no</template>",
			[]Block{p("Seen text.")}},
		{"table cells are blocks",
			"<table><tr><th>Year</th><th>Cost</th></tr><tr><td>2024</td><td>40 million</td></tr></table>",
			[]Block{p("Year"), p("Cost"), p("2024"), p("40 million")}},
		{"empty blocks dropped",
			"<p> </p><div>\u00a0</div><p>Only this.</p><p></p>",
			[]Block{p("Only this.")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := walk(t, tt.html, "")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("blocks\n got %+v\nwant %+v", got, tt.want)
			}
			for _, b := range got {
				if b.Text != text.NormalizeBlock(b.Text) {
					t.Errorf("block text %q is not canonical", b.Text)
				}
			}
		})
	}
}

func TestWalkLinks(t *testing.T) {
	const base = "https://news.example.org/2026/03/bridge.html"
	tests := []struct {
		name, html string
		want       []Block
	}{
		{"relative, absolute, and offsets in code points",
			`<p>Z&uuml;rich 🌉 <a href="/report">the report</a> and <a href="https://other.example.com/x?a=1">a second</a>.</p>`,
			[]Block{{Kind: text.Paragraph, Text: "Zürich 🌉 the report and a second.", Links: []Link{
				{Start: 9, End: 19, Href: "https://news.example.org/report"},
				{Start: 24, End: 32, Href: "https://other.example.com/x?a=1"},
			}}}},
		{"spaces at a link's ends are not linked",
			`<p>Read<a href="a.html">  the plan </a>now.</p>`,
			[]Block{{Kind: text.Paragraph, Text: "Read the plan now.", Links: []Link{
				{Start: 5, End: 13, Href: "https://news.example.org/2026/03/a.html"},
			}}}},
		{"only http and https links are kept",
			`<p><a href="javascript:alert(1)">one</a> <a href="mailto:desk@example.org">two</a> <a href="ftp://f.example.org/">three</a> <a href="">four</a> <a>five</a></p>`,
			[]Block{p("one two three four five")}},
		{"a fragment link resolves against the page",
			`<p>See <a href="#notes">the notes</a>.</p>`,
			[]Block{{Kind: text.Paragraph, Text: "See the notes.", Links: []Link{
				{Start: 4, End: 13, Href: "https://news.example.org/2026/03/bridge.html#notes"},
			}}}},
		{"a link around blocks links each part",
			`<a href="/story"><h3>Bridge opens</h3><p>Two years late.</p></a>`,
			[]Block{
				{Kind: text.Heading, Level: 3, Text: "Bridge opens", Links: []Link{{Start: 0, End: 12, Href: "https://news.example.org/story"}}},
				{Kind: text.Paragraph, Text: "Two years late.", Links: []Link{{Start: 0, End: 15, Href: "https://news.example.org/story"}}},
			}},
		{"an image link has no text, so no link",
			`<p><a href="/big.jpg"><img src="/small.jpg"></a>Caption.</p>`,
			[]Block{p("Caption.")}},
		{"NFC before a link",
			"<p>Cafe\u0301 <a href=\"/menu\">menu</a></p>",
			[]Block{{Kind: text.Paragraph, Text: "Café menu", Links: []Link{{Start: 5, End: 9, Href: "https://news.example.org/menu"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := walk(t, tt.html, base)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("blocks\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestWalkLinksWithoutBase(t *testing.T) {
	got := walk(t, `<p><a href="/relative">kept as text</a> <a href="https://example.org/">absolute</a></p>`, "")
	want := []Block{{Kind: text.Paragraph, Text: "kept as text absolute", Links: []Link{{Start: 13, End: 21, Href: "https://example.org/"}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks\n got %+v\nwant %+v", got, want)
	}
}
