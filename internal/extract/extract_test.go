package extract

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"

	"github.com/factmark/factmark/internal/text"
)

// bodyParagraphs are an invented article, long enough for Readability to
// take it for one.
var bodyParagraphs = []string{
	"The new harbour bridge in Portmere opened to traffic on Monday morning, two years after the date first announced by the city council and at twice the cost of the first estimate.",
	"Engineers said the delay came from the soft clay under the eastern pier, which had to be dug out and replaced before the steel deck could be lifted into place over the old ferry channel.",
	"Ferry operators, who carried most of the commuters across the harbour while the bridge was built, said they expected to lose half of their passengers by the end of the year.",
	"The council plans to publish the final accounts of the project in the autumn, together with a report on the contracts that were signed after the first estimate was made public.",
}

// articlePage returns an invented news page: navigation, the article with
// a headline, a byline, a figure, a quote and a list, a share box, and a
// footer, with metadata in the head.
func articlePage(head, htmlAttrs string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html " + htmlAttrs + "><head>" + head + `
<meta property="og:site_name" content="Portmere Daily">
<meta property="article:published_time" content="2026-03-02T09:30:00+01:00">
<meta name="author" content="Ana Reis">
<script>var tracking = "Do not show this";</script><style>body { color: red }</style>
</head><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Harbour bridge opens two years late</h1>
<p class="byline">By Ana Reis</p>
<figure><img src="/img/bridge.jpg" alt="bridge"><figcaption>The bridge at dusk on Sunday, the day before it opened.</figcaption></figure>
`)
	for i, p := range bodyParagraphs {
		b.WriteString("<p>" + p)
		if i == 0 {
			b.WriteString(` The <a href="/council/report.pdf">council's report</a> has the figures.`)
		}
		b.WriteString("</p>\n")
		if i == 1 {
			b.WriteString("<blockquote><p>It was worth every day of the wait, and every euro of the cost, said the mayor at the opening.</p></blockquote>\n")
			b.WriteString("<h2>What changes for commuters</h2><ul><li>Buses cross the bridge every ten minutes from Tuesday.</li><li>The night ferry stops running at the end of the month.</li></ul>\n")
		}
	}
	b.WriteString(`</article>
<footer><p>Contact the newsroom</p></footer>
</body></html>`)
	return b.String()
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func texts(blocks []Block) []string {
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = b.Text
	}
	return out
}

func findBlock(t *testing.T, blocks []Block, prefix string) Block {
	t.Helper()
	for _, b := range blocks {
		if strings.HasPrefix(b.Text, prefix) {
			return b
		}
	}
	t.Fatalf("no block starting %q in %q", prefix, texts(blocks))
	return Block{}
}

func TestPage(t *testing.T) {
	page := articlePage(`<title>Harbour bridge opens two years late | Portmere Daily</title>`, `lang="en-GB"`)
	a, err := Page([]byte(page), "text/html; charset=utf-8", mustURL(t, "https://news.example.org/2026/03/bridge.html"))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ field, got, want string }{
		{"Title", a.Title, "Harbour bridge opens two years late"},
		{"Byline", a.Byline, "Ana Reis"},
		{"SiteName", a.SiteName, "Portmere Daily"},
		{"PublishedAt", a.PublishedAt, "2026-03-02T08:30:00Z"},
		{"Lang", a.Lang, "en-GB"},
		{"Dir", a.Dir, ""},
		{"Charset", a.Charset, "utf-8"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s %q, want %q", c.field, c.got, c.want)
		}
	}
	got := texts(a.Blocks)
	for _, p := range bodyParagraphs[1:] {
		if !slices.Contains(got, p) {
			t.Errorf("paragraph %q missing from %q", p, got)
		}
	}
	for _, unwanted := range []string{"Home", "Contact the newsroom", "Do not show this"} {
		for _, g := range got {
			if strings.Contains(g, unwanted) {
				t.Errorf("block %q holds %q, which is not the article", g, unwanted)
			}
		}
	}

	first := findBlock(t, a.Blocks, "The new harbour bridge")
	if want := bodyParagraphs[0] + " The council's report has the figures."; first.Text != want {
		t.Errorf("first paragraph %q, want %q", first.Text, want)
	}
	wantLink := Link{Start: text.Len(bodyParagraphs[0]) + 5, End: text.Len(bodyParagraphs[0]) + 21, Href: "https://news.example.org/council/report.pdf"}
	if len(first.Links) != 1 || first.Links[0] != wantLink {
		t.Errorf("links %+v, want [%+v]", first.Links, wantLink)
	}

	if q := findBlock(t, a.Blocks, "It was worth"); q.Kind != text.Blockquote {
		t.Errorf("quote is a %s, want a blockquote", q.Kind)
	}
	if hd := findBlock(t, a.Blocks, "What changes"); hd.Kind != text.Heading || hd.Level != 2 {
		t.Errorf("subheading is %s level %d, want heading level 2", hd.Kind, hd.Level)
	}
	if item := findBlock(t, a.Blocks, "Buses cross"); item.Kind != text.ListItem {
		t.Errorf("list item is a %s", item.Kind)
	}
	caption := findBlock(t, a.Blocks, "The bridge at dusk")
	if !caption.Caption || !caption.LikelyBoilerplate || caption.Kind != text.Paragraph {
		t.Errorf("caption: Caption %v, LikelyBoilerplate %v, kind %s; want a boilerplate caption paragraph", caption.Caption, caption.LikelyBoilerplate, caption.Kind)
	}
	for _, b := range a.Blocks {
		if b.Text != text.NormalizeBlock(b.Text) || b.Text == "" {
			t.Errorf("block text %q is not canonical", b.Text)
		}
		if strings.HasPrefix(b.Text, "By Ana Reis") && !b.LikelyBoilerplate {
			t.Errorf("byline block %q not marked as likely boilerplate", b.Text)
		}
	}
}

func TestPagePublishedAt(t *testing.T) {
	tests := []struct{ declared, want string }{
		{"2026-03-02T09:30:00+01:00", "2026-03-02T08:30:00Z"},
		{"2026-03-02T09:30:00Z", "2026-03-02T09:30:00Z"},
		{"2026-03-02T09:30:00", "2026-03-02T09:30:00Z"},
		{"2026-03-02", "2026-03-02"},
		{"next Tuesday", ""},
	}
	for _, tt := range tests {
		t.Run(tt.declared, func(t *testing.T) {
			page := strings.Replace(articlePage("<title>Bridge</title>", ""), "2026-03-02T09:30:00+01:00", tt.declared, 1)
			a, err := Page([]byte(page), "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.PublishedAt != tt.want {
				t.Errorf("PublishedAt %q, want %q", a.PublishedAt, tt.want)
			}
		})
	}
}

func TestPageDirection(t *testing.T) {
	tests := []struct {
		name, htmlAttrs, want string
	}{
		{"dir on html", `lang="he" dir="rtl"`, "rtl"},
		{"explicit ltr", `dir="ltr"`, "ltr"},
		{"an Arabic page without dir", `lang="ar-EG"`, "rtl"},
		{"Arabic script subtag", `lang="ku-Arab"`, "rtl"},
		{"nothing said", `lang="en"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Page([]byte(articlePage("<title>Bridge</title>", tt.htmlAttrs)), "", nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Dir != tt.want {
				t.Errorf("Dir %q, want %q", a.Dir, tt.want)
			}
		})
	}
}

// A dir on the article's own element counts, as Readability.js takes the
// dir nearest above the article.
func TestPageDirectionOfArticle(t *testing.T) {
	page := strings.Replace(articlePage("<title>Bridge</title>", `lang="en"`), "<article>", `<article dir="rtl">`, 1)
	a, err := Page([]byte(page), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Dir != "rtl" {
		t.Errorf("Dir %q, want rtl", a.Dir)
	}
}

func TestPageCharset(t *testing.T) {
	const sentence = "Café Zürich reopens on the quay."
	latin1, err := charmap.Windows1252.NewEncoder().String(sentence)
	if err != nil {
		t.Fatal(err)
	}
	const jaSentence = "港の新しい橋が月曜日に開通した。"
	sjis, err := japanese.ShiftJIS.NewEncoder().String(jaSentence)
	if err != nil {
		t.Fatal(err)
	}
	longHead := "<script>" + strings.Repeat("// a long script in the head\n", 100) + "</script>"
	tests := []struct {
		name, page, contentType, want, charset string
	}{
		{"from the header", "<p>" + latin1 + "</p>", "text/html; charset=windows-1252", sentence, "windows-1252"},
		{"from a meta", `<meta charset="iso-8859-1"><p>` + latin1 + "</p>", "", sentence, "windows-1252"},
		{"from a meta after 1 KiB of head", "<html><head>" + longHead + `<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"></head><body><p>` + sjis + "</p>", "text/html", jaSentence, "shift_jis"},
		{"UTF-8 byte-order mark beats the header", "\ufeff<p>" + sentence + "</p>", "text/html; charset=windows-1252", sentence, "utf-8"},
		{"valid UTF-8, nothing said", "<html><head>" + longHead + "</head><body><p>" + sentence + "</p>", "", sentence, "utf-8"},
		{"invalid UTF-8, nothing said", "<p>" + latin1 + "</p>", "", sentence, "windows-1252"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Page([]byte(tt.page), tt.contentType, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := texts(a.Blocks); !slices.Equal(got, []string{tt.want}) {
				t.Errorf("blocks %q, want [%q]", got, tt.want)
			}
			if a.Charset != tt.charset {
				t.Errorf("Charset %q, want %q", a.Charset, tt.charset)
			}
			if got := DetectCharset([]byte(tt.page), tt.contentType); got != tt.charset {
				t.Errorf("DetectCharset %q, want %q", got, tt.charset)
			}
		})
	}
}

// A short page still gives its text (Readability keeps its best attempt,
// with its h1 made an h2 as in Firefox's reader view).
func TestPageShort(t *testing.T) {
	a, err := Page([]byte("<html><body><div><h1>Notice</h1><p>The quay is closed today.</p></div></body></html>"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{h(2, "Notice"), p("The quay is closed today.")}
	if !slices.EqualFunc(a.Blocks, want, sameBlock) {
		t.Errorf("blocks %+v, want %+v", a.Blocks, want)
	}
}

// A page in which Readability finds nothing is walked whole rather than
// lost.
func TestPageNotReaderable(t *testing.T) {
	a, err := Page([]byte("<html><body><footer>Contact the <b>newsroom</b></footer></body></html>"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{{Kind: text.Paragraph, Text: "Contact the newsroom", LikelyBoilerplate: true}}
	if !slices.EqualFunc(a.Blocks, want, sameBlock) {
		t.Errorf("blocks %+v, want %+v", a.Blocks, want)
	}
	empty, err := Page([]byte("<html><body><img src=a.png></body></html>"), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(empty.Blocks) != 0 {
		t.Errorf("blocks %+v of a page without text, want none", empty.Blocks)
	}
}

func sameBlock(a, b Block) bool {
	return a.Text == b.Text && a.Kind == b.Kind && a.Level == b.Level && a.LikelyBoilerplate == b.LikelyBoilerplate
}

func TestPageBase(t *testing.T) {
	page := articlePage(`<title>Bridge</title><base href="/archive/">`, "")
	a, err := Page([]byte(page), "", mustURL(t, "https://news.example.org/2026/03/bridge.html"))
	if err != nil {
		t.Fatal(err)
	}
	first := findBlock(t, a.Blocks, "The new harbour bridge")
	if len(first.Links) != 1 {
		t.Fatalf("links %+v, want one", first.Links)
	}
	if want := "https://news.example.org/council/report.pdf"; first.Links[0].Href != want {
		t.Errorf("href %q, want %q (an absolute path ignores the base's path)", first.Links[0].Href, want)
	}
	b, err := Page([]byte(strings.Replace(page, `href="/council/report.pdf"`, `href="report.pdf"`, 1)), "", mustURL(t, "https://news.example.org/2026/03/bridge.html"))
	if err != nil {
		t.Fatal(err)
	}
	first = findBlock(t, b.Blocks, "The new harbour bridge")
	if len(first.Links) != 1 {
		t.Fatalf("links %+v, want one", first.Links)
	}
	if want := "https://news.example.org/archive/report.pdf"; first.Links[0].Href != want {
		t.Errorf("href %q, want %q (resolved against <base>)", first.Links[0].Href, want)
	}
}

// clipboard wraps a fragment as browsers put text/html on the clipboard.
func clipboard(fragment string) string {
	return `<meta charset='utf-8'><html><head></head><body><!--StartFragment-->` + fragment + `<!--EndFragment--></body></html>`
}

func TestFragmentSelection(t *testing.T) {
	// The editor selected the headline, the caption and two paragraphs.
	sel := clipboard(`<h1 style="font-size: 40px">Harbour bridge opens two years late</h1>` +
		`<figure><figcaption>The bridge at dusk on Sunday.</figcaption></figure>` +
		`<p style="margin: 0">` + bodyParagraphs[0] + `</p><p>` + bodyParagraphs[1] + ` <a href="/engineering">More on the piers</a></p>`)
	a, err := Fragment(sel, mustURL(t, "https://news.example.org/2026/03/bridge.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Harbour bridge opens two years late", "The bridge at dusk on Sunday.", bodyParagraphs[0], bodyParagraphs[1] + " More on the piers"}
	if got := texts(a.Blocks); !slices.Equal(got, want) {
		t.Fatalf("blocks %q, want %q: everything selected, in order", got, want)
	}
	if a.Blocks[0].Kind != text.Heading || a.Blocks[0].Level != 1 {
		t.Errorf("headline is %s level %d, want heading 1", a.Blocks[0].Kind, a.Blocks[0].Level)
	}
	if !a.Blocks[1].Caption {
		t.Errorf("caption %q: Caption = false, want true", a.Blocks[1].Text)
	}
	if !a.Blocks[1].LikelyBoilerplate {
		t.Errorf("caption %q: LikelyBoilerplate = false, want true", a.Blocks[1].Text)
	}
	if a.Title != "Harbour bridge opens two years late" {
		t.Errorf("Title %q, want the headline", a.Title)
	}
	if links := a.Blocks[3].Links; len(links) != 1 {
		t.Errorf("%d links %+v, want the engineering link alone", len(links), links)
	} else if got, want := links[0].Href, "https://news.example.org/engineering"; got != want {
		t.Errorf("link href %q, want %q", got, want)
	}
	if a.Charset != "utf-8" {
		t.Errorf("Charset %q, want utf-8", a.Charset)
	}
}

func TestFragmentShort(t *testing.T) {
	a, err := Fragment(clipboard(`<p>The quay is <b>closed</b> today.</p>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(a.Blocks); !slices.Equal(got, []string{"The quay is closed today."}) {
		t.Errorf("blocks %q", got)
	}
}

// A short selection with a headline, a caption, a subheading, a quote and
// a list keeps them all: Readability alone kept only the paragraph and the
// quote.
func TestFragmentShortSelectionKeepsStructure(t *testing.T) {
	a, err := Fragment(clipboard(`<h1>Ferry link approved</h1><p>The council voted 7–2 on Tuesday to fund a ferry to Astrid Bay.</p>`+
		`<figure><img src="/f.jpg" alt=""><figcaption>The old ferry at the pier.</figcaption></figure><h2>What it costs</h2>`+
		`<blockquote><p>Tickets will cost four euros.</p></blockquote><ul><li>Two crossings a day</li><li>Six in summer</li></ul>`), nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, b := range a.Blocks {
		kinds = append(kinds, string(b.Kind))
	}
	want := []string{"heading", "paragraph", "paragraph", "heading", "blockquote", "list_item", "list_item"}
	if !slices.Equal(kinds, want) {
		t.Errorf("kinds %q, want %q (blocks %q)", kinds, want, texts(a.Blocks))
	}
}

func TestFragmentWindowsClipboard(t *testing.T) {
	cf := "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000199\r\nStartFragment:0000000141\r\nEndFragment:0000000163\r\n" +
		clipboard("<p>The quay is closed today.</p>")
	a, err := Fragment(cf, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(a.Blocks); !slices.Equal(got, []string{"The quay is closed today."}) {
		t.Errorf("blocks %q, want only the pasted paragraph", got)
	}
}

// A whole page copied (select all) is cleaned as a page is.
func TestFragmentWholePage(t *testing.T) {
	var comments strings.Builder
	comments.WriteString(`<section class="comments"><h3>Comments</h3>`)
	for i := range 30 {
		comments.WriteString(`<div class="comment"><a href="/u/` + string(rune('a'+i%26)) + `">reader</a> <span>I took the ferry for twenty years and will miss it.</span></div>`)
	}
	comments.WriteString(`</section>`)
	page := strings.Replace(articlePage("", ""), "<footer>", comments.String()+"<footer>", 1)
	a, err := Fragment(page, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range a.Blocks {
		if strings.Contains(b.Text, "ferry for twenty years") || b.Text == "Home" {
			t.Errorf("block %q kept from around the article", b.Text)
		}
	}
	if !slices.Contains(texts(a.Blocks), bodyParagraphs[3]) {
		t.Errorf("the article's last paragraph is missing from %q", texts(a.Blocks))
	}
}

func TestBuild(t *testing.T) {
	blocks := walk(t, `<h2>Bridge <a href="https://example.org/b">opens</a></h2><p>Zürich 🌉 <a href="https://example.org/z">quay</a> and <a href="https://example.org/c">café</a>.</p>`, "")
	doc, links := Build(blocks)
	if want := "Bridge opens\n\nZürich 🌉 quay and café."; doc.Text != want {
		t.Fatalf("text %q, want %q", doc.Text, want)
	}
	if len(doc.Blocks) != 2 {
		t.Errorf("%d blocks %+v, want a heading 2 and a paragraph", len(doc.Blocks), doc.Blocks)
	} else {
		if doc.Blocks[0].Kind != text.Heading {
			t.Errorf("block 0 kind %s, want %s", doc.Blocks[0].Kind, text.Heading)
		}
		if doc.Blocks[0].Level != 2 {
			t.Errorf("block 0 level %d, want 2", doc.Blocks[0].Level)
		}
	}
	ix := text.NewIndex(doc.Text)
	want := []struct{ text, href string }{{"opens", "https://example.org/b"}, {"quay", "https://example.org/z"}, {"café", "https://example.org/c"}}
	if len(links) != len(want) {
		t.Fatalf("links %+v, want %d", links, len(want))
	}
	for i, w := range want {
		if got := ix.Slice(links[i].Start, links[i].End); got != w.text {
			t.Errorf("link %d covers %q, want %q", i, got, w.text)
		}
		if links[i].Href != w.href {
			t.Errorf("link %d href %q, want %q", i, links[i].Href, w.href)
		}
	}
}
