package export

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

// The W3C Web Annotation export and the annotation server write each claim
// as one Annotation (W3C Web Annotation Data Model, Recommendation 2017):
//
//	id          {BaseURL}/annotations/{article_id}/{claim_id}, the IRI the
//	            annotation server serves it at
//	motivation  "assessing": every claim is marked to be fact-checked
//	factmark:number  the claim's number within its article (its label)
//	creator     a Person whose nickname is the user who marked the claim
//	generator   factmark itself, a Software with the base URL as id
//	created, modified  the claim's, RFC 3339 UTC
//	canonical, via     kept as they came when the claim was posted or imported
//	factmark:sameAs    the annotation IRIs of the claims of other articles an
//	            editor linked to this one as the same claim (when any)
//	target      a SpecificResource: source is the article's URL (or
//	            {BaseURL}/articles/{id} when it has none), selectors are a
//	            TextQuoteSelector (exact, prefix, suffix) and a
//	            TextPositionSelector (start, end: code points of the
//	            canonical text, as factmark stores them). An orphan, whose
//	            position no longer holds its quote, gets the quote only.
//	            When the revisions are known (the W3C export), a TimeState
//	            (Web Annotation Data Model §4.3.1) says which revision of
//	            the article the selectors describe: sourceDate is when
//	            that revision's text was as it is (fetched or stored, see
//	            RevisionDate), cached the copy factmark keeps of it
//	            ({BaseURL}/api/v1/articles/{id}/revisions/{v}/page, the
//	            raw page, for a fetched revision; the revision's text,
//	            .../revisions/{v}, otherwise), factmark:revision its
//	            number. Every annotation carries one, not only those
//	            anchored in an earlier revision (orphans): an article
//	            changes, and a consumer reading the export later must be
//	            able to tell which text the quote and offsets came from.
//
// The bodies, in this order, each with a purpose:
//
//	statement  TextualBody, purpose describing, value = the statement
//	status     TextualBody, purpose assessing, value = the status in words
//	           ("Needs context"), factmark:status = its key ("needs_context")
//	kind       TextualBody, purpose classifying, value = the kind in words,
//	           factmark:kind = its key
//	party      TextualBody, purpose identifying, value = the party's name,
//	           factmark:role = its role (one body per party)
//	source     SpecificResource, purpose linking: source = the page (id = its
//	           URL, type Text, dcterms:title, dcterms:publisher,
//	           dcterms:issued = published date, factmark:accessed,
//	           factmark:reference when it has one too), or, for an offline
//	           source, a resource identified within the annotation
//	           ({annotation IRI}#source-N) with factmark:reference; selector =
//	           a TextQuoteSelector whose exact is the excerpt (when there is
//	           one); factmark:relation = supports, contradicts or context;
//	           factmark:note = the note on the attachment (one per source);
//	           state = a TimeState when the source was archived (see
//	           SourceState)
//	note       TextualBody, purpose commenting, value = the note (when any)
//
// The factmark: terms are declared by a second @context entry next to the
// Web Annotation context, mapping the prefix to wire.Vocabulary, so that the
// document stays valid JSON-LD; the dcterms: prefix is the Web Annotation
// context's own. A generic client shows the values in words; factmark
// reads the keys back (internal/ingest.ParseW3C), so that statement,
// status, kind, parties and roles, sources with their excerpt, relation
// and note, and the note survive an export and an import. What the format
// does not carry: the assignee, the history, and parties' own spans.

// vocabContext declares the factmark: prefix.
var vocabContext = map[string]string{"factmark": wire.Vocabulary}

// annotationContext is the @context of a standalone annotation, page or
// collection.
var annotationContext = []any{wire.AnnoContext, vocabContext}

// containerContext is the @context of an annotation container.
var containerContext = []any{wire.AnnoContext, wire.LDPContext, vocabContext}

// WebAnnotation is one claim as a W3C Web Annotation. Context is set only
// when the annotation stands alone; inside a page it inherits the page's.
type WebAnnotation struct {
	Context    any    `json:"@context,omitempty"`
	ID         string `json:"id"`
	Type       string `json:"type"`
	Motivation string `json:"motivation"`
	// Number is the claim's number within its article, its label in the
	// workspace and the other exports (factmark:number). Importers give
	// claims numbers of their own.
	Number    int        `json:"factmark:number,omitempty"`
	Creator   *Agent     `json:"creator,omitempty"`
	Created   string     `json:"created,omitempty"`
	Modified  string     `json:"modified,omitempty"`
	Generator *Agent     `json:"generator,omitempty"`
	Canonical string     `json:"canonical,omitempty"`
	Via       string     `json:"via,omitempty"`
	SameAs    []string   `json:"factmark:sameAs,omitempty"`
	Body      []any      `json:"body,omitempty"`
	Target    TargetText `json:"target"`
}

// Agent is a creator or generator.
type Agent struct {
	ID       string `json:"id,omitempty"`
	Type     string `json:"type"`
	Name     string `json:"name,omitempty"`
	Nickname string `json:"nickname,omitempty"`
}

// TargetText is the span of the article an annotation is about.
type TargetText struct {
	Type     string     `json:"type"`
	Source   string     `json:"source"`
	Selector []any      `json:"selector"`
	State    *TimeState `json:"state,omitempty"`
}

// TimeState is the time at which the target's selectors hold: the
// revision of the article they were made on.
type TimeState struct {
	Type       string `json:"type"`
	SourceDate string `json:"sourceDate"`
	// Cached is the IRI of factmark's copy of the source as it was then.
	Cached   string `json:"cached,omitempty"`
	Revision int    `json:"factmark:revision,omitempty"`
}

// TextQuoteSelector selects text by quoting it with some context.
type TextQuoteSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

// TextPositionSelector selects text by code-point offsets, end exclusive.
type TextPositionSelector struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// TextualBody is a body holding text, with the factmark key it stands for
// where there is one.
type TextualBody struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
	Value   string `json:"value"`
	Format  string `json:"format,omitempty"`
	Status  string `json:"factmark:status,omitempty"`
	Kind    string `json:"factmark:kind,omitempty"`
	Role    string `json:"factmark:role,omitempty"`
}

// SourceBody is an attached source: the source resource, with the excerpt
// that matters selected in it.
type SourceBody struct {
	Type     string             `json:"type"`
	Purpose  string             `json:"purpose"`
	Source   SourceResource     `json:"source"`
	Selector *TextQuoteSelector `json:"selector,omitempty"`
	// State is the page as factmark archived it, when it was (see
	// SourceState).
	State    *SourceState `json:"state,omitempty"`
	Relation string       `json:"factmark:relation"`
	Note     string       `json:"factmark:note,omitempty"`
}

// SourceState is a Web Annotation TimeState: the source as it was when
// factmark archived it (sourceDate, the fetch time), with the SHA-256 of the
// raw page (factmark:sha256), whether the excerpt was found in it
// (factmark:excerptFound, absent without an excerpt) and, when the
// snapshot and base URL are known, cached: where its raw bytes are served
// (to logged-in users).
type SourceState struct {
	Type         string `json:"type"`
	SourceDate   string `json:"sourceDate"`
	Cached       string `json:"cached,omitempty"`
	SHA256       string `json:"factmark:sha256"`
	ExcerptFound *bool  `json:"factmark:excerptFound,omitempty"`
}

// SourceResource describes a source: a web page or an offline reference.
type SourceResource struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"dcterms:title,omitempty"`
	Publisher string `json:"dcterms:publisher,omitempty"`
	Issued    string `json:"dcterms:issued,omitempty"`
	Accessed  string `json:"factmark:accessed,omitempty"`
	Reference string `json:"factmark:reference,omitempty"`
}

// Annotation returns claim c of article a as a standalone Web Annotation,
// with its @context.
func Annotation(site wire.Site, a model.Article, c model.Claim) WebAnnotation {
	w := annotation(site, a, c, nil)
	w.Context = annotationContext
	return w
}

// annotation lays out c without a @context (see the mapping above).
// revisions are the article's, as the store lists them, or nil when the
// caller did not read them: the target then has no state.
func annotation(site wire.Site, a model.Article, c model.Claim, revisions []model.Revision) WebAnnotation {
	id := wire.AnnotationIRI(site.BaseURL, a.ID, c.ID)
	w := WebAnnotation{
		ID:         id,
		Type:       "Annotation",
		Motivation: "assessing",
		Number:     c.Number,
		Created:    formatTime(c.CreatedAt),
		Modified:   formatTime(c.UpdatedAt),
		Generator:  &Agent{ID: strings.TrimRight(site.BaseURL, "/") + "/", Type: "Software", Name: "factmark"},
		Canonical:  c.Canonical,
		Via:        c.Via,
	}
	if site.BaseURL == "" {
		w.Generator.ID = ""
	}
	for _, same := range c.SameAs {
		w.SameAs = append(w.SameAs, wire.AnnotationIRI(site.BaseURL, same.ArticleID, same.ID))
	}
	if c.CreatedBy != "" {
		w.Creator = &Agent{Type: "Person", Nickname: c.CreatedBy}
	}
	quote := TextQuoteSelector{Type: "TextQuoteSelector", Exact: c.Quote.Exact, Prefix: c.Quote.Prefix, Suffix: c.Quote.Suffix}
	w.Target = TargetText{Type: "SpecificResource", Source: wire.ArticleIRI(site.BaseURL, a), Selector: []any{quote}}
	if !c.Orphan {
		w.Target.Selector = append(w.Target.Selector, TextPositionSelector{Type: "TextPositionSelector", Start: c.Start, End: c.End})
	}
	w.Target.State = timeState(site, a, c, revisions)

	if c.Statement != "" {
		w.Body = append(w.Body, TextualBody{Type: "TextualBody", Purpose: "describing", Value: c.Statement, Format: "text/plain"})
	}
	if c.Status != "" {
		w.Body = append(w.Body, TextualBody{Type: "TextualBody", Purpose: "assessing", Value: statusLabel(c.Status), Status: string(c.Status)})
	}
	if c.Kind != "" {
		w.Body = append(w.Body, TextualBody{Type: "TextualBody", Purpose: "classifying", Value: c.Kind.Label(), Kind: string(c.Kind)})
	}
	for _, p := range c.Parties {
		w.Body = append(w.Body, TextualBody{Type: "TextualBody", Purpose: "identifying", Value: p.Name, Role: string(p.Role)})
	}
	for i, s := range c.Sources {
		w.Body = append(w.Body, sourceBody(site.BaseURL, id, i, s))
	}
	if c.Note != "" {
		w.Body = append(w.Body, TextualBody{Type: "TextualBody", Purpose: "commenting", Value: c.Note, Format: "text/plain"})
	}
	return w
}

// timeState is the state of claim c's target: the revision its selectors
// were made on (its AnchoredRevision, the article's current one for a
// claim that has none), or nil when revisions does not list it.
func timeState(site wire.Site, a model.Article, c model.Claim, revisions []model.Revision) *TimeState {
	v := c.AnchoredRevision
	if v <= 0 {
		v = a.Revision
	}
	d := Document{Revisions: revisions}
	r := d.revision(v)
	if r == nil {
		return nil
	}
	st := &TimeState{Type: "TimeState", SourceDate: formatTime(RevisionDate(r)), Revision: v}
	if site.BaseURL != "" {
		st.Cached = RevisionIRI(site.BaseURL, a.ID, v)
		if r.Page != nil {
			st.Cached += "/page"
		}
	}
	return st
}

// RevisionIRI is the API address of revision v of an article: its text,
// blocks and links; with "/page" appended, the page it was fetched from.
func RevisionIRI(baseURL string, articleID int64, v int) string {
	return strings.TrimRight(baseURL, "/") + "/api/v1/articles/" + strconv.FormatInt(articleID, 10) + "/revisions/" + strconv.Itoa(v)
}

// sourceBody lays out the i-th source of the annotation with IRI id.
func sourceBody(baseURL, id string, i int, s model.ClaimSource) SourceBody {
	res := SourceResource{Type: "Text", Title: s.Title, Publisher: s.Publisher, Issued: s.PublishedAt, Accessed: s.AccessedAt, Reference: s.Reference}
	if webURL(s.URL) {
		res.ID = s.URL
	} else {
		// An offline source has no IRI of its own: it is identified within
		// the annotation that cites it.
		res.ID = id + "#source-" + strconv.Itoa(i+1)
		if res.Reference == "" {
			res.Reference = s.URL
		}
	}
	b := SourceBody{Type: "SpecificResource", Purpose: "linking", Source: res, Relation: string(s.Relation), Note: s.Note,
		State: sourceState(baseURL, s)}
	if s.Excerpt != "" {
		b.Selector = &TextQuoteSelector{Type: "TextQuoteSelector", Exact: s.Excerpt}
	}
	return b
}

// AnnotationCollection is an article's annotations as a collection: the
// W3C export, and the annotation container's representation.
type AnnotationCollection struct {
	Context any    `json:"@context"`
	ID      string `json:"id"`
	Type    any    `json:"type"`
	Label   string `json:"label,omitempty"`
	Total   int    `json:"total"`
	Created string `json:"created,omitempty"`
	First   any    `json:"first,omitempty"` // *AnnotationPage embedded, or its IRI
	Last    string `json:"last,omitempty"`
}

// AnnotationPage is one page of a collection: annotations, or their IRIs.
type AnnotationPage struct {
	Context    any     `json:"@context,omitempty"`
	ID         string  `json:"id"`
	Type       string  `json:"type"`
	PartOf     *PartOf `json:"partOf,omitempty"`
	StartIndex int     `json:"startIndex"`
	Prev       string  `json:"prev,omitempty"`
	Next       string  `json:"next,omitempty"`
	Items      []any   `json:"items"`
}

// PartOf names the collection a page belongs to.
type PartOf struct {
	ID    string `json:"id"`
	Total int    `json:"total"`
	Label string `json:"label,omitempty"`
}

// Collection describes how an article's annotations are laid out as a
// collection and its pages: by the export (one page holding everything) and
// by the annotation container (pages of PageSize, as IRIs or in full).
type Collection struct {
	Site    wire.Site
	Article model.Article
	// Claims are the article's claims; they are laid out in export order.
	Claims []model.Claim
	// Revisions are the article's revisions, as the store lists them: each
	// annotation's target then says which one it was made on (see
	// timeState). Nil leaves the targets without a state.
	Revisions []model.Revision
	// PageSize is the number of annotations per page; 0 puts them all on
	// one page.
	PageSize int
	// IRIs lists the annotations by IRI instead of in full.
	IRIs bool
	// Container lays the collection out as an LDP BasicContainer: its id
	// says whether pages hold IRIs or descriptions (?iris=1 or ?iris=0), as
	// the protocol recommends, and its type and @context add the LDP ones.
	Container bool
	// Minimal leaves the first page out of the collection, linking it
	// instead (PreferMinimalContainer).
	Minimal bool

	ordered []model.Claim
}

// ID returns the collection's IRI as laid out.
func (v *Collection) ID() string {
	id := wire.ContainerIRI(v.Site.BaseURL, v.Article.ID)
	if v.Container {
		id += "?iris=" + v.irisParam()
	}
	return id
}

func (v *Collection) irisParam() string {
	if v.IRIs {
		return "1"
	}
	return "0"
}

// PageIRI returns the IRI of page n (from 0).
func (v *Collection) PageIRI(n int) string {
	return wire.ContainerIRI(v.Site.BaseURL, v.Article.ID) + "?iris=" + v.irisParam() + "&page=" + strconv.Itoa(n)
}

func (v *Collection) claims() []model.Claim {
	if v.ordered == nil {
		d := Document{Claims: v.Claims}
		v.ordered = d.orderedClaims()
	}
	return v.ordered
}

// Pages returns the number of pages: 0 when there is no annotation.
func (v *Collection) Pages() int {
	n := len(v.Claims)
	if n == 0 {
		return 0
	}
	if v.PageSize <= 0 {
		return 1
	}
	return (n + v.PageSize - 1) / v.PageSize
}

// Collection returns the collection with its first page embedded (or
// linked, when Minimal), and a link to its last page. An empty collection
// has neither.
func (v *Collection) Collection() AnnotationCollection {
	n := v.Pages()
	c := v.collection(n)
	if n > 0 {
		if v.Minimal {
			c.First = v.PageIRI(0)
		} else {
			first, _ := v.Page(0)
			first.Context = nil
			c.First = &first
		}
	}
	return c
}

// collection is the collection of pages pages without its first page, and
// a link to its last page when it has one.
func (v *Collection) collection(pages int) AnnotationCollection {
	c := AnnotationCollection{Context: annotationContext, ID: v.ID(), Type: "AnnotationCollection", Label: v.Article.Title, Total: len(v.Claims)}
	if v.Container {
		c.Context = containerContext
		c.Type = []string{"BasicContainer", "AnnotationCollection"}
	}
	if pages > 0 {
		c.Last = v.PageIRI(pages - 1)
	}
	return c
}

// Page returns page n, from 0, standing alone with its @context; ok is
// false when there is no such page.
func (v *Collection) Page(n int) (p AnnotationPage, ok bool) {
	pages := v.Pages()
	if n < 0 || n >= pages {
		return AnnotationPage{}, false
	}
	p, claims := v.pageShell(n, pages)
	for _, c := range claims {
		if v.IRIs {
			p.Items = append(p.Items, wire.AnnotationIRI(v.Site.BaseURL, v.Article.ID, c.ID))
		} else {
			p.Items = append(p.Items, annotation(v.Site, v.Article, c, v.Revisions))
		}
	}
	return p, true
}

// pageShell returns page n of pages without its items, and the claims
// they are made of.
func (v *Collection) pageShell(n, pages int) (AnnotationPage, []model.Claim) {
	claims := v.claims()
	from, to := 0, len(claims)
	if v.PageSize > 0 {
		from, to = n*v.PageSize, min((n+1)*v.PageSize, len(claims))
	}
	p := AnnotationPage{
		Context:    annotationContext,
		ID:         v.PageIRI(n),
		Type:       "AnnotationPage",
		PartOf:     &PartOf{ID: v.ID(), Total: len(claims), Label: v.Article.Title},
		StartIndex: from,
		Items:      make([]any, 0, to-from),
	}
	if n > 0 {
		p.Prev = v.PageIRI(n - 1)
	}
	if n < pages-1 {
		p.Next = v.PageIRI(n + 1)
	}
	return p, claims[from:to]
}

// W3C writes the article's claims as a W3C Web Annotation
// AnnotationCollection (JSON-LD) whose first and only page holds every
// annotation in full, in export order. The collection's id is the
// article's annotation container, which serves the same annotations. It
// streams, one annotation at a time, as JSON does.
func W3C(w io.Writer, d *Document) error {
	v := Collection{Site: d.Site, Article: d.Article, Claims: d.Claims, Revisions: d.Revisions}
	pages := v.Pages()
	c := v.collection(pages)
	if d.ExportedAt.IsZero() {
		c.Created = ""
	} else {
		c.Created = formatTime(d.ExportedAt)
	}
	if pages == 0 {
		return WriteJSONLD(w, c) // no annotation: no page
	}
	// The page is laid out without its annotations, which are made and
	// encoded one at a time as they are written.
	page, claims := v.pageShell(0, pages)
	page.Context = nil
	c.First = &page
	head, err := compactLD(c)
	if err != nil {
		return err
	}
	enc := newItemEncoder(false)
	return streamArray(w, head, `"items":[]`, len(claims), func(i int) ([]byte, error) {
		return enc.encode(annotation(v.Site, v.Article, claims[i], v.Revisions))
	})
}

// WriteJSONLD writes v as indented JSON, with the characters <, > and &
// left as they are (JSON-LD is not embedded in HTML here).
func WriteJSONLD(w io.Writer, v any) error {
	b, err := compactLD(v)
	if err != nil {
		return err
	}
	return indentJSON(w, b)
}

// compactLD returns v's compact JSON, <, > and & left as they are.
func compactLD(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
