package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/highlight"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// HTML writes d as one standalone HTML5 page: inline CSS, no executable
// script, no external resource, so that it reads the same offline, years
// later and on paper. The article's blocks keep their kind; every claim is
// highlighted and numbered after its end, the number linking to the
// claim's entry in the "Claims" appendix. Where claims overlap, their
// highlights nest, each outer claim's colour showing as a band above and
// below the claims inside it (see internal/highlight).
//
// The public edition (d.Edition's zero value) colours each claim by its
// published verdict and lists what readers are told: the published verdict
// and rationale with their dates and corrections, or "Not yet reviewed",
// or the withdrawal and its reason. The internal edition colours claims by
// their working status, lists everything (the reason for the verdict when
// one was recorded, see VerdictEvent; the publication state; assignee,
// parties, sources and note), and says "Internal — not for publication" at
// the top and in the margin of every printed page.
//
// When a claim's review is published, <head> carries the ClaimReview
// export (see ClaimReview, published reviews only, in either edition) as a
// JSON-LD data block, so that the page a newsroom publishes is
// machine-readable as a fact-check.
func HTML(w io.Writer, d *Document) error {
	var jsonLD []byte
	if hasPublished(d) {
		// Made here, the JSON is known to be valid, and is escaped for the
		// page as it is encoded: <, >, & and U+2028/U+2029 become \u
		// escapes, so that no string inside it (a statement reading
		// "</script><script>...") can end the element early.
		var err error
		if jsonLD, err = claimReviewJSON(d, true); err != nil {
			return err
		}
	}
	return writeHTML(w, d, jsonLD)
}

// writeHTML writes the page, with jsonLD, valid JSON already escaped for
// HTML, as its <script type="application/ld+json"> data block when it is
// not empty. Browsers never run such a block: it is data for crawlers and
// aggregators.
//
// The page is written by hand rather than with html/template: the body is
// thousands of small segments with marks opening and closing between them,
// which reads more plainly as a Go loop than as a template, and costs no
// reflection per segment. Safety rests on one rule instead, which the tests
// and FuzzHTML check: every string that does not come from this file or
// from model's constants goes through htmlWriter's text or attr method.
func writeHTML(w io.Writer, d *Document, jsonLD []byte) error {
	hw := htmlWriter{bufio.NewWriterSize(w, 64<<10)}
	a := &d.Article
	claims := d.orderedClaims()
	ix := text.NewIndex(a.Text)
	ms, unplaced := mentions(ix, a.Blocks, claims)

	title := a.Title
	if strings.TrimSpace(title) == "" {
		title = "Untitled article"
	}
	hw.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<meta name=\"generator\" content=\"factmark\">\n<title>")
	hw.text(title)
	hw.raw(" — fact-check")
	if d.internal() {
		hw.raw(" (" + InternalNotice + ")")
	}
	hw.raw("</title>\n")
	if d.internal() {
		hw.raw("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
	}
	if jsonLD != nil {
		hw.raw("<script type=\"application/ld+json\">")
		hw.Write(jsonLD)
		hw.raw("</script>\n")
	}
	hw.raw("<style>\n")
	hw.raw(css)
	for _, s := range model.Statuses() {
		hw.raw(".st-" + string(s) + "{background-color:" + s.Color() + "}\n")
	}
	hw.raw(".st-other{background-color:" + model.Status("").Color() + "}\n")
	if d.internal() {
		hw.raw(internalCSS)
	}
	hw.raw("</style>\n</head>\n<body>\n")
	if d.internal() {
		// The notice heads the page on screen; the page margin boxes of
		// internalCSS repeat it at the top and bottom of every printed page.
		hw.raw("<p class=\"internal-notice\" role=\"note\">" + InternalNotice + "</p>\n")
	}

	writeHeader(hw, a, title, len(claims), d.ExportedAt)
	if d.internal() {
		writeLegend(hw, claims)
		writeBody(hw, ix, a.Blocks, claims, ms, unplaced, internalMark)
		writeAppendix(hw, d, claims, ms)
	} else {
		writePublicLegend(hw, claims)
		writeBody(hw, ix, a.Blocks, claims, ms, unplaced, publicMark)
		writePublicAppendix(hw, d, claims, ms)
	}
	hw.raw("</body>\n</html>\n")
	return hw.Flush()
}

// internalCSS marks the internal edition: a notice on screen, and on paper
// the same words in the top and bottom margin of every page (CSS Paged
// Media margin boxes, which Chromium, Firefox and print engines honour).
const internalCSS = `.internal-notice{font:700 14px/1.4 system-ui,sans-serif;color:#fff;background:#8a1c1c;padding:.4rem .75rem;border-radius:4px;text-align:center;letter-spacing:.04em}
@page{margin:2cm 1.6cm;@top-center{content:"` + InternalNotice + `";font:700 9pt system-ui,sans-serif;color:#8a1c1c}@bottom-center{content:"` + InternalNotice + ` · page " counter(page);font:700 9pt system-ui,sans-serif;color:#8a1c1c}}
@media print{.internal-notice{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`

// markFunc gives a claim's highlight its status colour and label: the
// working status in the internal edition, the published verdict in the
// public one. The label must be a model constant (it is written raw).
type markFunc func(c *model.Claim) (model.Status, string)

func internalMark(c *model.Claim) (model.Status, string) {
	if c.Status.Valid() {
		return c.Status, c.Status.Label()
	}
	return c.Status, ""
}

func publicMark(c *model.Claim) (model.Status, string) {
	st, label, _ := publicReview(c)
	return st, label
}

// writePublicLegend lists the verdicts readers can see, with how many
// claims have each, and how many are not yet reviewed.
func writePublicLegend(hw htmlWriter, claims []model.Claim) {
	counts := map[model.Status]int{}
	for i := range claims {
		st, _, _ := publicReview(&claims[i])
		counts[st]++
	}
	hw.raw("<section class=\"legend\" aria-labelledby=\"legend\">\n<h2 id=\"legend\">Legend</h2>\n<ul>\n")
	for _, s := range model.Statuses() {
		if s.IsVerdict() {
			hw.raw("<li><span class=\"swatch st-" + string(s) + "\"></span>" + s.Label() + " (" + strconv.Itoa(counts[s]) + ")</li>\n")
		}
	}
	hw.raw("<li><span class=\"swatch st-other\"></span>Not yet reviewed (" + strconv.Itoa(counts[""]) + ")</li>\n")
	hw.raw("</ul>\n</section>\n")
}

// writePublicAppendix lists each claim with what readers are told: its
// published verdict and rationale, with the dates and any earlier verdict
// it corrected, or that it is not yet reviewed, or withdrawn and why.
func writePublicAppendix(hw htmlWriter, d *Document, claims []model.Claim, ms []mention) {
	placed := make([]bool, len(claims))
	for _, m := range ms {
		placed[m.claim] = true
	}
	hw.raw("<section class=\"claims\" aria-labelledby=\"claims\">\n<h2 id=\"claims\">Claims</h2>\n")
	if len(claims) == 0 {
		hw.raw("<p>No claims are marked in this article.</p>\n")
	}
	for i := range claims {
		c := &claims[i]
		st, label, text := publicReview(c)
		num := strconv.Itoa(claimNumber(c, i))
		hw.raw("<article class=\"claim\" id=\"claim-" + num + "\">\n<h3>Claim " + num + " <span class=\"verdict " + statusClass(st) + "\">" + label + "</span></h3>\n")
		if !placed[i] {
			hw.raw("<p class=\"orphan\">This claim's text is no longer found in the article. It quoted:</p>\n")
		}
		hw.raw("<blockquote class=\"exact\"><p>")
		hw.text(c.Quote.Exact)
		hw.raw("</p></blockquote>\n")
		if c.Statement != "" {
			hw.raw("<p class=\"statement\">")
			hw.text(c.Statement)
			hw.raw("</p>\n")
		}
		p := c.Publication
		switch p.State {
		case model.Published:
			hw.raw("<p class=\"reason\">")
			hw.text(text)
			hw.raw("</p>\n<p class=\"dates\">Published ")
			hw.time(formatTime(*p.FirstPublishedAt))
			hw.raw("</p>\n")
			for _, e := range p.Corrections() {
				hw.raw("<p class=\"updated\">Updated ")
				hw.time(formatTime(e.At))
				hw.raw(": earlier verdict " + e.Earlier.Verdict.Label() + ".</p>\n")
			}
			if u := ReviewURL(d.Site, c.ID); u != "" {
				hw.raw("<p class=\"dates\">Review: ")
				hw.link(u, u, "bare")
				hw.raw("</p>\n")
			}
		case model.Withdrawn:
			hw.raw("<p class=\"reason\">Withdrawn ")
			hw.time(formatTime(*p.WithdrawnAt))
			hw.raw(": ")
			hw.text(text)
			hw.raw("</p>\n")
		}
		if placed[i] {
			hw.raw("<p class=\"back\"><a href=\"#ref-" + num + "\">Back to the text</a></p>\n")
		}
		hw.raw("</article>\n")
	}
	hw.raw("</section>\n")
}

// css is the page's style. Overlapping claims are nested <mark>s, and each
// mark's band class (b0 to b4, see internal/highlight) gives it padding above and below
// its text: a claim that wraps others gets more than they do, so its colour
// shows as a band above and below them wherever they overlap, and an inner
// claim is underlined. A mark's line-height is just tall enough for its
// padding, so that lines holding deeply nested claims grow rather than the
// bands of one line covering the next. Print keeps the colours, prints link
// targets and keeps each appendix entry on one page.
const css = `body{margin:2rem auto;max-width:46rem;padding:0 1rem;font:17px/1.6 Georgia,"Times New Roman",serif;color:#1a1a1a;background:#fff}
header .meta{font:14px/1.5 system-ui,sans-serif;color:#555;margin:.2rem 0}
.kicker{font:600 12px/1.4 system-ui,sans-serif;letter-spacing:.08em;text-transform:uppercase;color:#666;margin:0}
h1{font-size:1.9rem;line-height:1.2;margin:.4rem 0 .6rem}
a{color:#0b4f8a}
.legend{font:13px/1.4 system-ui,sans-serif;border:1px solid #ddd;border-radius:4px;padding:.5rem .75rem;margin:1.5rem 0}
.legend h2{font-size:13px;margin:0 0 .3rem}
.legend ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.2rem}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid rgba(0,0,0,.25);vertical-align:-.1em;margin-right:.35em}
.article{line-height:2.1}
.article h2,.article h3,.article h4,.article h5,.article h6{line-height:1.4}
mark{color:inherit;-webkit-box-decoration-break:clone;box-decoration-break:clone;padding:.1em 0;line-height:1.6}
mark.b1{padding:.35em 0;line-height:2.1}
mark.b2{padding:.6em 0;line-height:2.6}
mark.b3{padding:.85em 0;line-height:3.1}
mark.b4{padding:1.1em 0;line-height:3.6}
mark mark{box-shadow:inset 0 -1px 0 rgba(0,0,0,.35)}
sup.ref{font:700 .68em system-ui,sans-serif;line-height:0;margin:0 .1em}
sup.ref a{text-decoration:none}
blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid #ccc;color:#333}
pre{white-space:pre-wrap;font:15px/1.6 ui-monospace,Menlo,Consolas,monospace}
.unplaced{font:14px/1.5 system-ui,sans-serif;color:#8a1c1c}
.claims{margin-top:2.5rem;border-top:2px solid #1a1a1a}
.claim{border-bottom:1px solid #ddd;padding:.9rem 0}
.claim h3{font:600 1rem/1.4 system-ui,sans-serif;margin:0 0 .5rem}
.verdict{padding:.1em .45em;border-radius:3px}
.kind{font-weight:400;color:#555}
.claim .exact{margin:.4rem 0}
.statement{font-weight:600;margin:.4rem 0}
.claim dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;font:14px/1.5 system-ui,sans-serif;margin:.5rem 0}
.claim dt{font-weight:600;color:#555}
.claim dd{margin:0}
.claim ul{margin:0;padding-left:1.1rem}
.role,.rel{color:#555}
.excerpt{font-size:13px;margin:.3rem 0}
.note,.excerpt,.reason{white-space:pre-line}
.orphan{color:#8a1c1c}
.dates,.updated{font:13px/1.5 system-ui,sans-serif;color:#555;margin:.3rem 0}
.updated{color:#8a1c1c;font-weight:600}
.back{font:13px system-ui,sans-serif;margin:.4rem 0 0}
@media print{
body{max-width:none;margin:0;font-size:11pt}
mark,.verdict,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.claim,.legend{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
a{color:inherit}
a[href^="http"]:not(.bare)::after{content:" <" attr(href) ">";font-size:.85em;word-break:break-all}
.back{display:none}
}
`

func writeHeader(hw htmlWriter, a *model.Article, title string, n int, exported time.Time) {
	hw.raw("<header>\n<p class=\"kicker\">Fact-check report</p>\n<h1>")
	hw.text(title)
	hw.raw("</h1>\n")
	if a.Byline != "" || a.Publication != "" || a.PublishedAt != "" {
		hw.raw("<p class=\"meta\">")
		sep := ""
		if a.Byline != "" {
			hw.raw("By ")
			hw.text(a.Byline)
			sep = " · "
		}
		if a.Publication != "" {
			hw.raw(sep + "<cite>")
			hw.text(a.Publication)
			hw.raw("</cite>")
			sep = " · "
		}
		if a.PublishedAt != "" {
			hw.raw(sep + "Published ")
			hw.time(a.PublishedAt)
		}
		hw.raw("</p>\n")
	}
	if a.URL != "" {
		hw.raw("<p class=\"meta\">Original: ")
		hw.link(a.URL, a.URL, "bare")
		hw.raw("</p>\n")
	}
	hw.raw("<p class=\"meta\">")
	hw.raw(strconv.Itoa(n))
	if n == 1 {
		hw.raw(" claim")
	} else {
		hw.raw(" claims")
	}
	if !exported.IsZero() {
		hw.raw(" · exported ")
		hw.time(formatTime(exported))
	}
	hw.raw(" · made with factmark</p>\n</header>\n")
}

func writeLegend(hw htmlWriter, claims []model.Claim) {
	counts := make(map[model.Status]int, len(model.Statuses()))
	for _, c := range claims {
		counts[c.Status]++
	}
	hw.raw("<section class=\"legend\" aria-labelledby=\"legend\">\n<h2 id=\"legend\">Legend</h2>\n<ul>\n")
	for _, s := range model.Statuses() {
		hw.raw("<li><span class=\"swatch st-" + string(s) + "\"></span>" + s.Label() + " (" + strconv.Itoa(counts[s]) + ")</li>\n")
	}
	hw.raw("</ul>\n</section>\n")
}

// statusClass is the CSS class of a status's colour. Unknown statuses share
// one class, so a status string never reaches the markup unescaped.
func statusClass(s model.Status) string {
	if s.Valid() {
		return "st-" + string(s)
	}
	return "st-other"
}

// bandClass is the CSS class of band b (see internal/highlight), b0 to
// b4; css styles each.
func bandClass(b int) string {
	return "b" + strconv.Itoa(min(max(b, 0), highlight.MaxBand))
}

func writeBody(hw htmlWriter, ix *text.Index, blocks []text.Block, claims []model.Claim, ms []mention, unplaced []int, mark markFunc) {
	// Spans in claim order, so that lanes go to outer claims first; a span's
	// ID is its claim's index.
	placed := make([]bool, len(claims))
	for _, m := range ms {
		placed[m.claim] = true
	}
	spans := make([]highlight.Span, 0, len(ms))
	for i, c := range claims {
		if placed[i] {
			spans = append(spans, highlight.Span{ID: int64(i), Start: c.Start, End: c.End})
		}
	}
	layout := highlight.Cut(ix, blocks, spans, nil)
	band := layout.Band
	// Per span: the opening tag, built once, since a claim may be cut into
	// several marks. Status labels are model constants; an unknown status
	// gets no label rather than its raw value.
	open := make([]string, len(spans))
	for i, s := range spans {
		st, label := mark(&claims[s.ID])
		num := strconv.Itoa(claimNumber(&claims[s.ID], int(s.ID)))
		title := "Claim " + num
		if label != "" {
			title += ": " + label
		}
		open[i] = "<mark class=\"" + statusClass(st) + " " + bandClass(band[i]) +
			"\" data-claim=\"" + num + "\" title=\"" + title + "\">"
	}

	hw.raw("<main class=\"article\">\n")
	inList := false
	var stack []int // the spans whose marks are open, outermost first
	m := 0
	for bi, b := range layout.Blocks {
		if b.Kind == text.ListItem && !inList {
			hw.raw("<ul>\n")
		} else if b.Kind != text.ListItem && inList {
			hw.raw("</ul>\n")
		}
		inList = b.Kind == text.ListItem
		openTag, closeTag := blockTags(b.Block)
		hw.raw(openTag)
		stack = stack[:0]
		for _, seg := range b.Segments {
			cover := seg.Spans // in lane order, outermost first
			// Marks the segment shares with the one before, from the
			// outermost in, stay open: an outer claim is one element across
			// the claims nested in it. The others close.
			k := 0
			for k < len(stack) && k < len(cover) && stack[k] == cover[k] {
				k++
			}
			for range stack[k:] {
				hw.raw("</mark>")
			}
			stack = append(stack[:k], cover[k:]...)
			// The numbers of the claims that end here go inside the marks of
			// the claims that go on past this point, so that no number cuts
			// a claim's colour, and before the claims that start here.
			j := k
			for ; j < len(cover) && spans[cover[j]].Start < seg.Start; j++ {
				hw.raw(open[cover[j]])
			}
			if m < len(ms) && ms[m].block == bi && ms[m].pos <= seg.Start {
				// A claim that starts here in a lower lane than one that
				// goes on must be opened around it, after the numbers: the
				// one that goes on gets a mark of its own around them.
				extra := 0
				for _, s := range cover[j:] {
					if spans[s].Start < seg.Start {
						hw.raw(open[s])
						extra++
					}
				}
				for ; m < len(ms) && ms[m].block == bi && ms[m].pos <= seg.Start; m++ {
					writeRef(hw, claimNumber(&claims[ms[m].claim], ms[m].claim))
				}
				for range extra {
					hw.raw("</mark>")
				}
			}
			for _, s := range cover[j:] {
				hw.raw(open[s])
			}
			hw.text(seg.Text)
		}
		for range stack {
			hw.raw("</mark>")
		}
		for ; m < len(ms) && ms[m].block == bi; m++ {
			writeRef(hw, claimNumber(&claims[ms[m].claim], ms[m].claim))
		}
		hw.raw(closeTag)
	}
	if inList {
		hw.raw("</ul>\n")
	}
	if len(unplaced) > 0 {
		hw.raw("<p class=\"unplaced\">Claims whose text is no longer found in this version of the article: ")
		for i, c := range unplaced {
			if i > 0 {
				hw.raw(", ")
			}
			num := strconv.Itoa(claimNumber(&claims[c], c))
			hw.raw("<a href=\"#claim-" + num + "\">" + num + "</a>")
		}
		hw.raw(".</p>\n")
	}
	hw.raw("</main>\n")
}

// writeRef writes the superscript number n of a claim, linking to its
// appendix entry.
func writeRef(hw htmlWriter, n int) {
	num := strconv.Itoa(n)
	hw.raw("<sup class=\"ref\"><a href=\"#claim-" + num + "\" id=\"ref-" + num + "\">" + num + "</a></sup>")
}

// blockTags returns the markup around a block of kind b. Article headings
// start at h2, since the page's h1 is the title.
func blockTags(b text.Block) (string, string) {
	switch b.Kind {
	case text.Heading:
		l := strconv.Itoa(min(max(b.Level, 1)+1, 6))
		return "<h" + l + ">", "</h" + l + ">\n"
	case text.Blockquote:
		return "<blockquote><p>", "</p></blockquote>\n"
	case text.ListItem:
		return "<li>", "</li>\n"
	case text.Preformatted:
		return "<pre>", "</pre>\n"
	}
	return "<p>", "</p>\n"
}

func writeAppendix(hw htmlWriter, d *Document, claims []model.Claim, ms []mention) {
	placed := make([]bool, len(claims))
	for _, m := range ms {
		placed[m.claim] = true
	}
	hw.raw("<section class=\"claims\" aria-labelledby=\"claims\">\n<h2 id=\"claims\">Claims</h2>\n")
	if len(claims) == 0 {
		hw.raw("<p>No claims are marked in this article.</p>\n")
	}
	for i := range claims {
		c := &claims[i]
		num := strconv.Itoa(claimNumber(c, i))
		hw.raw("<article class=\"claim\" id=\"claim-" + num + "\">\n<h3>Claim " + num + " <span class=\"verdict " + statusClass(c.Status) + "\">")
		hw.text(statusLabel(c.Status))
		hw.raw("</span> <span class=\"kind\">")
		hw.text(c.Kind.Label())
		hw.raw("</span></h3>\n")
		if !placed[i] {
			hw.raw("<p class=\"orphan\">This claim's text is no longer found in the article. It quoted:</p>\n")
		}
		hw.raw("<blockquote class=\"exact\"><p>")
		hw.text(c.Quote.Exact)
		hw.raw("</p></blockquote>\n")
		if c.Statement != "" {
			hw.raw("<p class=\"statement\">")
			hw.text(c.Statement)
			hw.raw("</p>\n")
		}
		hw.raw("<dl>\n")
		if reason := verdictReason(d, c); reason != "" {
			hw.raw("<dt>Verdict</dt><dd class=\"reason\">")
			hw.text(statusLabel(c.Status))
			hw.raw(" — ")
			hw.text(reason)
			hw.raw("</dd>\n")
		}
		hw.raw("<dt>Public review</dt><dd class=\"publication\">")
		hw.text(publicationSummary(c))
		if c.Publication.State == model.Published {
			hw.raw(" — ")
			hw.text(c.Publication.Rationale)
		}
		hw.raw("</dd>\n")
		if c.Assignee != "" {
			hw.raw("<dt>Assignee</dt><dd>")
			hw.text(c.Assignee)
			hw.raw("</dd>\n")
		}
		if len(c.Parties) > 0 {
			hw.raw("<dt>Parties</dt><dd><ul>\n")
			for _, p := range c.Parties {
				hw.raw("<li>")
				hw.text(p.Name)
				hw.raw(" <span class=\"role\">(")
				hw.text(string(p.Role))
				hw.raw(")</span>")
				if p.Anchored() && p.Exact != "" {
					hw.raw(", marked: <q>")
					hw.text(p.Exact)
					hw.raw("</q>")
				}
				hw.raw("</li>\n")
			}
			hw.raw("</ul></dd>\n")
		}
		if len(c.Sources) > 0 {
			hw.raw("<dt>Sources</dt><dd><ul>\n")
			for j := range c.Sources {
				writeSource(hw, &c.Sources[j])
			}
			hw.raw("</ul></dd>\n")
		}
		if c.Note != "" {
			hw.raw("<dt>Note</dt><dd class=\"note\">")
			hw.text(c.Note)
			hw.raw("</dd>\n")
		}
		hw.raw("</dl>\n")
		if placed[i] {
			hw.raw("<p class=\"back\"><a href=\"#ref-" + num + "\">Back to the text</a></p>\n")
		}
		hw.raw("</article>\n")
	}
	hw.raw("</section>\n")
}

func writeSource(hw htmlWriter, s *model.ClaimSource) {
	hw.raw("<li>")
	title := s.Title
	if title == "" {
		title = s.URL
	}
	if title == "" {
		title = s.Reference
	}
	switch {
	case webURL(s.URL):
		hw.link(s.URL, title, "")
	case s.URL != "":
		// Not a web link: show it, never link it.
		hw.text(title)
		if title != s.URL {
			hw.raw(" (")
			hw.text(s.URL)
			hw.raw(")")
		}
	default:
		hw.text(title)
	}
	if s.Publisher != "" {
		hw.raw(", ")
		hw.text(s.Publisher)
	}
	if s.PublishedAt != "" {
		hw.raw(", published ")
		hw.time(s.PublishedAt)
	}
	if s.AccessedAt != "" {
		hw.raw(", accessed ")
		hw.time(s.AccessedAt)
	}
	if s.Relation != "" {
		hw.raw(" <span class=\"rel\">(")
		hw.text(string(s.Relation))
		hw.raw(")</span>")
	}
	if s.Reference != "" && title != s.Reference {
		hw.raw("<br>Reference: ")
		hw.text(s.Reference)
	}
	if s.Excerpt != "" {
		hw.raw("<blockquote class=\"excerpt\">")
		hw.text(s.Excerpt)
		hw.raw("</blockquote>")
	}
	if s.Note != "" {
		hw.raw("<div class=\"note\">")
		hw.text(s.Note)
		hw.raw("</div>")
	}
	hw.raw("</li>\n")
}

// htmlWriter writes HTML through a buffer. Its errors are sticky in the
// bufio.Writer and reported by Flush.
type htmlWriter struct{ *bufio.Writer }

// raw writes markup. It must only ever be given constants of this file or
// of model (status names, labels and colours, for valid statuses only), and
// strings built from them and numbers.
func (w htmlWriter) raw(s string) { w.WriteString(s) }

// text writes s escaped for an element's content.
func (w htmlWriter) text(s string) { w.escape(s, false) }

// attr writes s escaped for a double-quoted attribute value.
func (w htmlWriter) attr(s string) { w.escape(s, true) }

// escape writes s with &, < and > escaped, quotes too when quotes is set,
// and NUL as U+FFFD (what a parser would make of it anyway).
func (w htmlWriter) escape(s string, quotes bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch c := s[i]; {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == 0:
			esc = "\uFFFD"
		case quotes && c == '"':
			esc = "&#34;"
		case quotes && c == '\'':
			esc = "&#39;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// link writes a link to href when it is a web URL, and the label as plain
// text otherwise.
func (w htmlWriter) link(href, label, class string) {
	if !webURL(href) {
		w.text(label)
		return
	}
	w.raw("<a href=\"")
	w.attr(href)
	if class != "" {
		w.raw("\" class=\"" + class)
	}
	w.raw("\" rel=\"noreferrer\">")
	w.text(label)
	w.raw("</a>")
}

// time writes a date or time, in a <time> element when it parses as one.
func (w htmlWriter) time(s string) {
	layout := time.RFC3339
	if len(s) == len(time.DateOnly) {
		layout = time.DateOnly
	}
	if _, err := time.Parse(layout, s); err != nil {
		w.text(s)
		return
	}
	w.raw("<time datetime=\"")
	w.attr(s)
	w.raw("\">")
	w.text(s)
	w.raw("</time>")
}
