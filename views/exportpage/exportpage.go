// Package exportpage renders the HTML export with templ, like every other
// page; internal/export decides what the page holds (export.Page) and calls
// it through export.PageRenderer, so that it needs no templ of its own.
package exportpage

import (
	"bufio"
	"context"
	"html"
	"io"
	"strconv"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/export"
)

// Renderer is the export.PageRenderer of the HTML export.
type Renderer struct{}

// RenderPage writes p as the standalone page.
func (Renderer) RenderPage(w io.Writer, p *export.Page) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := Page(p).Render(context.Background(), bw); err != nil {
		return err
	}
	return bw.Flush()
}

// title is the page's <title>: the article's title, and in the internal
// edition what the page is.
func title(p *export.Page) string {
	t := p.Title + " — fact-check"
	if p.Internal {
		t += " (" + export.InternalNotice + ")"
	}
	return t
}

// style is the page's stylesheet. It is made of export's constants and
// model's colours only (see export.Page.Style), never user data, so it is
// written as it is: templ has no other way to write CSS text.
func style(css string) templ.Component {
	return templ.Raw("<style>\n" + css + "</style>")
}

// claimCount says how many claims the article has.
func claimCount(n int) string {
	if n == 1 {
		return "1 claim"
	}
	return strconv.Itoa(n) + " claims"
}

// publication is the internal edition's line on a claim's public review:
// its state, and the rationale readers are told when it is published.
func publication(c export.PageClaim) string {
	if c.Rationale == "" {
		return c.Publication
	}
	return c.Publication + " — " + c.Rationale
}

// sourceWhere is what follows a source's title: a URL that is no web link
// (shown, never linked) and the publisher.
func sourceWhere(s export.PageSource) string {
	var w string
	if s.NotWeb != "" {
		w = " (" + s.NotWeb + ")"
	}
	if s.Publisher != "" {
		w += ", " + s.Publisher
	}
	return w
}

// nodes writes a block's text with the claims' marks and numbers: a mark
// is <mark class data-claim title> around its nodes, a number a
// superscript linking to the claim's appendix entry, <sup class="ref"><a
// href="#claim-N" id="ref-N">N</a></sup>.
//
// It is written by hand rather than in templ because it is the page's hot
// loop, run for every segment of a long article, as the workspace's
// segmentsHTML is (a templ component per node made the export seven times
// slower). Every value it writes is escaped.
func nodes(ns []export.Node) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := w.Write(appendNodes(make([]byte, 0, 512), ns))
		return err
	})
}

func appendNodes(buf []byte, ns []export.Node) []byte {
	for _, n := range ns {
		switch {
		case n.Mark != nil:
			buf = append(buf, `<mark class="`...)
			buf = append(buf, html.EscapeString(n.Mark.Class)...)
			buf = append(buf, `" data-claim="`...)
			buf = append(buf, html.EscapeString(n.Mark.Number)...)
			buf = append(buf, `" title="`...)
			buf = append(buf, html.EscapeString(n.Mark.Title)...)
			buf = append(buf, `">`...)
			buf = appendNodes(buf, n.Children)
			buf = append(buf, `</mark>`...)
		case n.Ref != "":
			num := html.EscapeString(n.Ref)
			buf = append(buf, `<sup class="ref"><a href="#claim-`...)
			buf = append(buf, num...)
			buf = append(buf, `" id="ref-`...)
			buf = append(buf, num...)
			buf = append(buf, `">`...)
			buf = append(buf, num...)
			buf = append(buf, `</a></sup>`...)
		default:
			buf = append(buf, html.EscapeString(n.Text)...)
		}
	}
	return buf
}

// snapshotExcerpt is what the internal edition adds after a snapshot's
// hash: whether the excerpt is in it ("; excerpt found in it").
func snapshotExcerpt(sn *export.PageSnapshot) string {
	if sn.Excerpt == "" {
		return ""
	}
	return "; excerpt " + sn.Excerpt + " in it"
}
