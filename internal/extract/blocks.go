package extract

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factmark/factmark/internal/text"
)

// walkBlocks cuts the tree under root into blocks, in document order.
//
// A block element (p, div, li, h2, blockquote, td...) ends the block before
// it and starts a new one, so that div soup and text beside nested blocks
// give one block per run of text; inline elements (a, b, span...) never
// split a block. The kind of a block is that of the innermost structural
// element around its text: a paragraph in a blockquote is a blockquote, a
// list inside a blockquote gives list items, anything in a heading is the
// heading. One <br> is a space; two or more in a row end the block, as a
// blank line would. Images, scripts, styles, form controls and hidden
// elements give no text.
func walkBlocks(root *html.Node, base *url.URL) []Block {
	if root == nil {
		return nil
	}
	w := &walker{base: base, ctx: context{kind: text.Paragraph}}
	w.children(root)
	w.flush()
	return w.blocks
}

// context is what the elements around a run of text say about the block
// it belongs to.
type context struct {
	kind    text.BlockKind
	level   int
	caption bool // inside a figure's caption
	aside   bool // inside navigation, an aside, a footer, a figure or a share box
}

// walker holds the block being built: its raw text (white space not yet
// folded) and the links open or closed in it, at byte offsets into raw.
type walker struct {
	base   *url.URL
	ctx    context
	raw    strings.Builder
	links  []rawLink
	open   []*rawLink // links whose element is being walked
	blocks []Block
}

type rawLink struct {
	href       string
	start, end int // bytes of walker.raw
}

func (w *walker) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		c = w.node(c)
	}
}

// node walks n and returns the last node it consumed (a run of <br> is
// consumed at once).
func (w *walker) node(n *html.Node) *html.Node {
	switch n.Type {
	case html.TextNode:
		w.raw.WriteString(n.Data)
		return n
	case html.ElementNode:
	case html.DocumentNode:
		w.children(n)
		return n
	default:
		return n
	}
	if skipped(n) {
		return n
	}
	if n.DataAtom == atom.Br {
		return w.lineBreak(n)
	}
	if ctx, ok := w.blockContext(n); ok {
		w.flush()
		saved := w.ctx
		w.ctx = ctx
		w.linked(n)
		w.flush()
		w.ctx = saved
		return n
	}
	w.linked(n)
	return n
}

// linked walks n's children, recording n as a link when it is one.
func (w *walker) linked(n *html.Node) {
	if n.DataAtom != atom.A {
		w.children(n)
		return
	}
	href, ok := absoluteHTTP(attr(n, "href"), w.base)
	if !ok {
		w.children(n)
		return
	}
	l := &rawLink{href: href, start: w.raw.Len()}
	w.open = append(w.open, l)
	w.children(n)
	w.open = w.open[:len(w.open)-1]
	l.end = w.raw.Len()
	w.links = append(w.links, *l)
}

// lineBreak handles a <br> and the ones right after it (white space
// between them allowed) and returns the last one. In preformatted text
// each is a line break; elsewhere one is a space, and more end the block.
func (w *walker) lineBreak(br *html.Node) *html.Node {
	last, count := br, 1
	for c := br.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		if c.Type != html.ElementNode || c.DataAtom != atom.Br {
			break
		}
		last, count = c, count+1
	}
	switch {
	case w.ctx.kind == text.Preformatted:
		w.raw.WriteString(strings.Repeat("\n", count))
	case count == 1:
		w.raw.WriteString(" ")
	default:
		w.flush()
	}
	return last
}

// blockContext reports whether n is a block element and, if so, the
// context of the text inside it.
func (w *walker) blockContext(n *html.Node) (context, bool) {
	ctx := w.ctx
	if hasHint(n, asideTokens) {
		ctx.aside = true
	}
	if hasHint(n, captionTokens) {
		ctx.caption = true
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if ctx.kind != text.Preformatted {
			ctx.kind, ctx.level = text.Heading, int(n.Data[1]-'0')
		}
	case atom.Blockquote:
		if ctx.kind != text.Heading && ctx.kind != text.Preformatted {
			ctx.kind, ctx.level = text.Blockquote, 0
		}
	case atom.Li:
		if ctx.kind != text.Heading && ctx.kind != text.Preformatted {
			ctx.kind, ctx.level = text.ListItem, 0
		}
	case atom.Pre, atom.Listing, atom.Plaintext, atom.Xmp:
		ctx.kind, ctx.level = text.Preformatted, 0
	case atom.Figcaption:
		ctx.caption = true
	case atom.Figure:
		// Text in a figure beside its caption is a label or a credit
		// ("Photo", "Getty Images"), or a pull quote repeating the text.
		ctx.aside = true
	case atom.Nav, atom.Aside, atom.Footer:
		ctx.aside = true
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Header,
		atom.Address, atom.Ul, atom.Ol, atom.Menu, atom.Dl, atom.Dt, atom.Dd,
		atom.Table, atom.Caption, atom.Thead, atom.Tbody, atom.Tfoot, atom.Tr, atom.Td, atom.Th,
		atom.Details, atom.Summary, atom.Fieldset, atom.Legend, atom.Hgroup, atom.Center,
		atom.Form, atom.Dialog, atom.Hr, atom.Body, atom.Html, atom.Frameset, atom.Noframes:
	default:
		if n.Data != "search" {
			return ctx, false
		}
	}
	return ctx, true
}

// skipped reports whether n and everything in it give no text: embedded
// content, scripts and styles, metadata, form controls and hidden
// elements.
func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title,
		atom.Meta, atom.Link, atom.Base, atom.Img, atom.Picture, atom.Source, atom.Svg,
		atom.Math, atom.Canvas, atom.Video, atom.Audio, atom.Track, atom.Iframe, atom.Frame,
		atom.Object, atom.Embed, atom.Param, atom.Map, atom.Area,
		atom.Button, atom.Input, atom.Select, atom.Option, atom.Optgroup, atom.Textarea,
		atom.Datalist, atom.Output, atom.Progress, atom.Meter:
		return true
	}
	if n.Namespace != "" { // svg and MathML content parsed in foreign namespaces
		return true
	}
	return hidden(n)
}

// hidden reports whether n is hidden from readers: the hidden attribute,
// aria-hidden, or an inline style that hides it (the only styles visible
// without a renderer).
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// flush ends the block being built: its text normalized, its links
// turned into code-point offsets. A block that normalizes to nothing is
// dropped, as text.Build would drop it.
func (w *walker) flush() {
	raw := w.raw.String()
	// Links still open continue in the next block: close their part here.
	for _, l := range w.open {
		w.links = append(w.links, rawLink{href: l.href, start: l.start, end: len(raw)})
		l.start = 0
	}
	links := w.links
	w.raw.Reset()
	w.links = nil

	t := text.NormalizeBlock(raw)
	if t == "" {
		return
	}
	b := Block{Kind: w.ctx.kind, Level: w.ctx.level, Text: t, Caption: w.ctx.caption}
	if b.Kind != text.Heading {
		b.Level = 0
	}
	if w.ctx.caption && b.Kind != text.Heading {
		b.Kind = text.Paragraph
	}
	b.LikelyBoilerplate = w.ctx.caption || w.ctx.aside
	b.Links = blockLinks(raw, t, links)
	w.blocks = append(w.blocks, b)
}

// blockLinks converts links at byte offsets of raw into code-point offsets
// of t = text.NormalizeBlock(raw), trimmed of the spaces at their ends.
// Empty links are dropped.
func blockLinks(raw, t string, links []rawLink) []Link {
	if len(links) == 0 {
		return nil
	}
	bounds := make([]int, 0, 2*len(links))
	for _, l := range links {
		bounds = append(bounds, l.start, l.end)
	}
	at := foldedOffsets(raw, bounds)
	runes := []rune(t)
	var out []Link
	for _, l := range links {
		start, end := min(at[l.start], len(runes)), min(at[l.end], len(runes))
		for start < end && runes[start] == ' ' {
			start++
		}
		for end > start && runes[end-1] == ' ' {
			end--
		}
		if start < end {
			out = append(out, Link{Start: start, End: end, Href: l.href})
		}
	}
	return out
}

// foldedOffsets maps each byte offset b in bounds to the length in code
// points of raw[:b] once normalized as the start of a block: folded by
// text.FoldSpace, without the space at its start. It folds raw piece by
// piece between the offsets, in one pass: a run of white space cut by an
// offset folds to one space, counted in the piece where it starts. (NFC is
// applied per piece, so a combining mark that begins a link, which no real
// link text does, would be counted one too many; callers clamp.)
func foldedOffsets(raw string, bounds []int) map[int]int {
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	at := make(map[int]int, len(bounds))
	var (
		count     int
		prev      int
		endsSpace = true // a block's leading white space is dropped
	)
	for _, b := range bounds {
		piece := text.FoldSpace(raw[prev:b])
		if endsSpace {
			piece = strings.TrimPrefix(piece, " ")
		}
		if piece != "" {
			count += text.Len(piece)
			endsSpace = strings.HasSuffix(piece, " ")
		}
		at[b] = count
		prev = b
	}
	return at
}

// absoluteHTTP resolves href against base and reports whether the result
// is an absolute http or https URL, the only links factmark shows.
func absoluteHTTP(href string, base *url.URL) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" {
		return "", false
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}
