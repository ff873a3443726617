package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/highlight"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// PageRenderer writes the HTML export: the standalone page of a Page. The
// page is a templ component beside the other views (views/exportpage);
// export decides what the page holds and keeps no markup of its own, so it
// takes the renderer from its caller rather than importing the views.
type PageRenderer interface {
	RenderPage(w io.Writer, p *Page) error
}

// Write encodes d in format f to w. The HTML export is rendered by page
// (see PageRenderer); the other formats need none, and page may be nil.
func (f Format) Write(w io.Writer, d *Document, page PageRenderer) error {
	if f.Encode != nil {
		return f.Encode(w, d)
	}
	if page == nil {
		return fmt.Errorf("export: the %s format needs a page renderer", f.Name)
	}
	p, err := NewPage(d)
	if err != nil {
		return err
	}
	return page.RenderPage(w, p)
}

// Page is the HTML export's view model: one standalone HTML5 page with
// inline CSS, no executable script and no external resource, so that it
// reads the same offline, years later and on paper. The article's blocks
// keep their kind; every claim is highlighted and numbered after its end,
// the number linking to the claim's entry in the "Claims" appendix. Where
// claims overlap, their highlights nest, each outer claim's colour showing
// as a band above and below the claims inside it (internal/highlight).
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
type Page struct {
	Title    string // the article's title, or "Untitled article"
	Internal bool
	// Style is the page's stylesheet, made of this package's constants
	// and model's colours only: no user data.
	Style string
	// ClaimReview is the value of the JSON-LD data block, or nil for a
	// page without a published review.
	ClaimReview any

	Byline, Publication, PublishedAt string
	URL                              Link
	ClaimCount                       int
	ExportedAt                       string

	Legend   []LegendEntry
	Body     []BodyGroup
	Unplaced []string // numbers of the claims not found in the text
	Claims   []PageClaim
}

// Link is a URL shown on the page: Href is set only for web URLs, which
// alone become links (see webURL); Label is shown either way.
type Link struct {
	Href, Label string
}

// LegendEntry is one colour of the legend.
type LegendEntry struct {
	Class, Label string
	Count        int
}

// BodyGroup is a run of the article's blocks: one block, or consecutive
// list items, which the page puts in one list.
type BodyGroup struct {
	List   bool
	Blocks []BodyBlock
}

// BodyBlock is one block of the article with its highlights.
type BodyBlock struct {
	Kind  text.BlockKind
	Level int // the heading's level on the page, 2 to 6
	// Nodes are the block's text and the claims' marks and numbers, nested
	// as the marks nest.
	Nodes []Node
}

// Node is a run of text, a claim's mark around other nodes, or a claim's
// number (a superscript linking to its appendix entry).
type Node struct {
	Text     string
	Mark     *Mark
	Children []Node // a mark's content
	Ref      string // the number of a claim, for a reference
}

// Mark is one highlight of a claim; a claim cut by others has several.
type Mark struct {
	Class  string // "st-verified b1": the colour and the band
	Number string
	Title  string // "Claim 3: Verified"
}

// PageClaim is a claim's entry in the appendix.
type PageClaim struct {
	Number       string
	VerdictClass string
	VerdictLabel string
	Kind         string // in the internal edition
	Placed       bool   // false for a claim whose text is gone
	Exact        string
	Statement    string
	// Internal edition.
	Reason      string // the comment given with the current verdict
	Publication string // the publication's summary
	Rationale   string // the published rationale, when published
	Assignee    string
	Parties     []PageParty
	Sources     []PageSource
	Note        string
	// Public edition.
	Review *PublicReview
}

// PageParty is a party on a claim.
type PageParty struct {
	Name, Role, Marked string
}

// PageSource is a source on a claim.
type PageSource struct {
	Link                    Link
	NotWeb                  string // a URL that is not a web link, shown beside the title
	Publisher               string
	PublishedAt, AccessedAt string
	Relation                string
	Reference               string
	Excerpt, Note           string
	// Snapshot is the source's archived copy, nil when it has none.
	Snapshot *PageSnapshot
}

// PublicReview is what readers are told about a claim.
type PublicReview struct {
	Published      bool
	Withdrawn      bool
	Text           string // the rationale, or the withdrawal's reason
	FirstPublished string
	Corrections    []Correction
	ReviewURL      Link
	WithdrawnAt    string
}

// Correction is an update of a published review.
type Correction struct {
	At, Earlier string
}

// NewPage lays out d as the HTML export's page.
func NewPage(d *Document) (*Page, error) {
	a := &d.Article
	claims := d.orderedClaims()
	ix := text.NewIndex(a.Text)
	ms, unplaced := mentions(ix, a.Blocks, claims)
	p := &Page{
		Title:       a.Title,
		Internal:    d.internal(),
		Byline:      a.Byline,
		Publication: a.Publication,
		PublishedAt: a.PublishedAt,
		ClaimCount:  len(claims),
		ExportedAt:  formatTime(d.ExportedAt),
	}
	if strings.TrimSpace(p.Title) == "" {
		p.Title = "Untitled article"
	}
	if a.URL != "" {
		p.URL = link(a.URL, a.URL)
	}
	if hasPublished(d) {
		p.ClaimReview = claimReviews(d)
	}
	var style strings.Builder
	style.WriteString(css)
	for _, s := range model.Statuses() {
		style.WriteString(".st-" + string(s) + "{background-color:" + s.Color() + "}\n")
	}
	style.WriteString(".st-other{background-color:" + model.Status("").Color() + "}\n")
	if p.Internal {
		style.WriteString(internalCSS)
	}
	p.Style = style.String()

	mark := publicMark
	if p.Internal {
		mark = internalMark
		p.Legend = internalLegend(claims)
	} else {
		p.Legend = publicLegend(claims)
	}
	p.Body = body(ix, a.Blocks, claims, ms, mark)
	for _, c := range unplaced {
		p.Unplaced = append(p.Unplaced, strconv.Itoa(claimNumber(&claims[c], c)))
	}
	placed := make([]bool, len(claims))
	for _, m := range ms {
		placed[m.claim] = true
	}
	p.Claims = make([]PageClaim, len(claims))
	for i := range claims {
		if p.Internal {
			p.Claims[i] = internalEntry(d, &claims[i], i, placed[i])
		} else {
			p.Claims[i] = publicEntry(d, &claims[i], i, placed[i])
		}
	}
	return p, nil
}

// link makes a Link of a URL and its label.
func link(href, label string) Link {
	if !webURL(href) {
		return Link{Label: label}
	}
	return Link{Href: href, Label: label}
}

// markFunc gives a claim's highlight its status colour and label: the
// working status in the internal edition, the published verdict in the
// public one.
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

// internalLegend lists every status with how many claims have it.
func internalLegend(claims []model.Claim) []LegendEntry {
	counts := make(map[model.Status]int, len(model.Statuses()))
	for _, c := range claims {
		counts[c.Status]++
	}
	var out []LegendEntry
	for _, s := range model.Statuses() {
		out = append(out, LegendEntry{Class: "st-" + string(s), Label: s.Label(), Count: counts[s]})
	}
	return out
}

// publicLegend lists the verdicts readers can see, with how many claims
// have each, and how many are not yet reviewed.
func publicLegend(claims []model.Claim) []LegendEntry {
	counts := map[model.Status]int{}
	for i := range claims {
		st, _, _ := publicReview(&claims[i])
		counts[st]++
	}
	var out []LegendEntry
	for _, s := range model.Statuses() {
		if s.IsVerdict() {
			out = append(out, LegendEntry{Class: "st-" + string(s), Label: s.Label(), Count: counts[s]})
		}
	}
	return append(out, LegendEntry{Class: "st-other", Label: "Not yet reviewed", Count: counts[""]})
}

// statusClass is the CSS class of a status's colour. Unknown statuses share
// one class, so a status string never reaches the markup as a class.
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

// tree builds a block's nodes as marks open and close.
type tree struct {
	root  Node
	stack []*Node
}

func (t *tree) top() *Node {
	if len(t.stack) == 0 {
		return &t.root
	}
	return t.stack[len(t.stack)-1]
}

func (t *tree) open(m *Mark) {
	top := t.top()
	top.Children = append(top.Children, Node{Mark: m})
	t.stack = append(t.stack, &top.Children[len(top.Children)-1])
}

func (t *tree) close() { t.stack = t.stack[:len(t.stack)-1] }

// text adds s, with NUL as U+FFFD: a parser drops a NUL from the text, and
// the claim's marks would no longer spell its words.
func (t *tree) text(s string) {
	top := t.top()
	top.Children = append(top.Children, Node{Text: strings.ReplaceAll(s, "\x00", "\uFFFD")})
}

func (t *tree) ref(number string) {
	top := t.top()
	top.Children = append(top.Children, Node{Ref: number})
}

// body lays out the article's blocks with the placed claims' highlights.
// Where claims overlap, marks nest in lane order (internal/highlight), an
// outer claim's mark staying open across the claims nested in it, and
// each claim's number follows its end, inside the marks of the claims that
// go on past it, so that no number cuts a claim's colour.
func body(ix *text.Index, blocks []text.Block, claims []model.Claim, ms []mention, mark markFunc) []BodyGroup {
	// Spans in claim order; a span's ID is its claim's index.
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
	// One Mark per span, shared by all its marks. Status labels are model
	// constants; an unknown status gets no label rather than its raw value.
	marks := make([]Mark, len(spans))
	for i, s := range spans {
		st, label := mark(&claims[s.ID])
		num := strconv.Itoa(claimNumber(&claims[s.ID], int(s.ID)))
		title := "Claim " + num
		if label != "" {
			title += ": " + label
		}
		marks[i] = Mark{Class: statusClass(st) + " " + bandClass(layout.Band[i]), Number: num, Title: title}
	}
	ref := func(c int) string { return strconv.Itoa(claimNumber(&claims[c], c)) }

	var out []BodyGroup
	var stack []int // the spans whose marks are open, outermost first
	m := 0
	for bi, b := range layout.Blocks {
		if b.Kind != text.ListItem || len(out) == 0 || !out[len(out)-1].List {
			out = append(out, BodyGroup{List: b.Kind == text.ListItem})
		}
		var t tree
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
				t.close()
			}
			stack = append(stack[:k], cover[k:]...)
			// The numbers of the claims that end here go inside the marks of
			// the claims that go on past this point, and before the claims
			// that start here.
			j := k
			for ; j < len(cover) && spans[cover[j]].Start < seg.Start; j++ {
				t.open(&marks[cover[j]])
			}
			if m < len(ms) && ms[m].block == bi && ms[m].pos <= seg.Start {
				// A claim that starts here in a lower lane than one that
				// goes on must be opened around it, after the numbers: the
				// one that goes on gets a mark of its own around them.
				extra := 0
				for _, s := range cover[j:] {
					if spans[s].Start < seg.Start {
						t.open(&marks[s])
						extra++
					}
				}
				for ; m < len(ms) && ms[m].block == bi && ms[m].pos <= seg.Start; m++ {
					t.ref(ref(ms[m].claim))
				}
				for range extra {
					t.close()
				}
			}
			for _, s := range cover[j:] {
				t.open(&marks[s])
			}
			t.text(seg.Text)
		}
		t.stack = t.stack[:0]
		for ; m < len(ms) && ms[m].block == bi; m++ {
			t.ref(ref(ms[m].claim))
		}
		level := 0
		if b.Kind == text.Heading {
			// Article headings start at h2, since the page's h1 is the title.
			level = min(max(b.Level, 1)+1, 6)
		}
		g := &out[len(out)-1]
		g.Blocks = append(g.Blocks, BodyBlock{Kind: b.Kind, Level: level, Nodes: t.root.Children})
	}
	return out
}

// internalEntry is claim c's appendix entry in the internal edition.
func internalEntry(d *Document, c *model.Claim, i int, placed bool) PageClaim {
	e := PageClaim{
		Number:       strconv.Itoa(claimNumber(c, i)),
		VerdictClass: statusClass(c.Status),
		VerdictLabel: statusLabel(c.Status),
		Kind:         c.Kind.Label(),
		Placed:       placed,
		Exact:        c.Quote.Exact,
		Statement:    c.Statement,
		Reason:       verdictReason(d, c),
		Publication:  publicationSummary(c),
		Assignee:     c.Assignee,
		Note:         c.Note,
	}
	if c.Publication.State == model.Published {
		e.Rationale = c.Publication.Rationale
	}
	for _, p := range c.Parties {
		pp := PageParty{Name: p.Name, Role: string(p.Role)}
		if p.Anchored() {
			pp.Marked = p.Exact
		}
		e.Parties = append(e.Parties, pp)
	}
	for j := range c.Sources {
		e.Sources = append(e.Sources, pageSource(&c.Sources[j], true))
	}
	return e
}

// pageSource is a source on the page; internal adds what only the
// newsroom sees (the note, whether the excerpt is in the snapshot).
func pageSource(s *model.ClaimSource, internal bool) PageSource {
	title := s.Title
	if title == "" {
		title = s.URL
	}
	if title == "" {
		title = s.Reference
	}
	ps := PageSource{Link: Link{Label: title}, Publisher: s.Publisher, PublishedAt: s.PublishedAt, AccessedAt: s.AccessedAt,
		Relation: string(s.Relation), Excerpt: s.Excerpt, Snapshot: pageSnapshot(s, internal)}
	if internal {
		// Readers are shown what a publication records of a source
		// (model.PublishedSource): never the note, nor when the desk
		// accessed it.
		ps.Note = s.Note
	} else {
		ps.AccessedAt = ""
	}
	switch {
	case webURL(s.URL):
		ps.Link.Href = s.URL
	case s.URL != "" && title != s.URL:
		// Not a web link: show it, never link it.
		ps.NotWeb = s.URL
	}
	if s.Reference != "" && title != s.Reference {
		ps.Reference = s.Reference
	}
	return ps
}

// publicEntry is claim c's appendix entry in the public edition: what
// readers are told.
func publicEntry(d *Document, c *model.Claim, i int, placed bool) PageClaim {
	st, label, txt := publicReview(c)
	e := PageClaim{
		Number:       strconv.Itoa(claimNumber(c, i)),
		VerdictClass: statusClass(st),
		VerdictLabel: label,
		Placed:       placed,
		Exact:        c.Quote.Exact,
		Statement:    c.Statement,
		Review:       &PublicReview{Text: txt},
	}
	p := c.Publication
	switch p.State {
	case model.Published:
		e.Review.Published = true
		e.Review.FirstPublished = formatTime(*p.FirstPublishedAt)
		for _, u := range p.Corrections() {
			e.Review.Corrections = append(e.Review.Corrections, Correction{At: formatTime(u.At), Earlier: u.Earlier.Verdict.Label()})
		}
		if u := ReviewURL(d.Site, c.ID); u != "" {
			e.Review.ReviewURL = link(u, u)
		}
		sources := publishedSources(c)
		for j := range sources {
			e.Sources = append(e.Sources, pageSource(&sources[j], false))
		}
	case model.Withdrawn:
		e.Review.Withdrawn = true
		e.Review.WithdrawnAt = formatTime(*p.WithdrawnAt)
	}
	return e
}

// IsTime reports whether s is a date (YYYY-MM-DD) or an RFC 3339 time,
// which the page puts in a <time> element.
func IsTime(s string) bool {
	layout := time.RFC3339
	if len(s) == len(time.DateOnly) {
		layout = time.DateOnly
	}
	_, err := time.Parse(layout, s)
	return err == nil
}
