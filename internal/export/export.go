// Package export writes an annotated article in each of factmark's export
// formats. Every encoder writes to an io.Writer, in a deterministic order
// (claims by position, then id, see SortClaims), so that the same article
// always gives the same bytes and golden files can pin each format. Every
// format labels a claim by its number within the article (model.Claim's
// Number, see claimNumber), the number the workspace shows.
package export

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/internal/wire"
	"golang.org/x/text/unicode/norm"
)

// Document is everything an export holds: the article, its claims with their
// parties and sources, and each claim's history.
type Document struct {
	Article model.Article
	Claims  []model.Claim
	// History holds each claim's events, oldest first, by claim id.
	History map[int64][]model.Event
	// Revisions are the article's revisions, oldest first, without their
	// text (as the store lists them): the one the export annotates
	// (Article.Revision) and the earlier ones that claims refer to (an
	// orphan's AnchoredRevision, a verdict's VerdictRevision). A document
	// without them says only the revision's number.
	Revisions []model.Revision
	// ExportedAt is when the export was made.
	ExportedAt time.Time
	// Site describes the factmark instance and the newsroom publishing the
	// export: the standards formats need it for IRIs and authorship.
	Site wire.Site
	// Edition chooses who the HTML, Markdown and CSV exports are for: the
	// public (the zero value: nothing internal by accident) or the newsroom.
	// JSON and W3C are complete exchange formats and ClaimReview holds
	// published reviews only, whatever the edition.
	Edition Edition
}

// Edition is who an export is for.
type Edition string

// The editions of the HTML, Markdown and CSV exports.
const (
	// EditionPublic holds the article, the claims' words and statements,
	// and for each claim its published verdict and rationale, or that it
	// is not yet reviewed: never notes, status comments, assignees,
	// unpublished verdicts or history. It is the default.
	EditionPublic Edition = "public"
	// EditionInternal holds everything, and says at the top (and, in
	// HTML, on every printed page) that it is not for publication.
	EditionInternal Edition = "internal"
	// EditionComplete names what the JSON and W3C exports are: complete
	// exchange formats, internal fields included.
	EditionComplete Edition = "complete"
)

// InternalNotice heads every internal edition.
const InternalNotice = "Internal — not for publication"

// ParseEdition reads the ?edition= of an export in format f: "public" (the
// default for HTML, Markdown, CSV and ClaimReview) or "internal" for the
// formats that have both editions. JSON and W3C are complete exchange
// formats: they accept "internal" (or nothing) and refuse "public", so that
// nobody takes them for a publishable file; ClaimReview is public only.
func ParseEdition(f Format, s string) (Edition, error) {
	switch {
	case f.Complete && (s == "" || s == string(EditionInternal)):
		return EditionComplete, nil
	case f.Complete && s == string(EditionPublic):
		return "", model.Invalid("edition", "The %s export is a complete exchange format with internal notes and history: it has no public edition. Use format=html, markdown or csv with edition=public, or format=claimreview.", f.Name)
	case s == "" || s == string(EditionPublic):
		return EditionPublic, nil
	case s == string(EditionInternal) && f.Editions:
		return EditionInternal, nil
	case s == string(EditionInternal):
		return "", model.Invalid("edition", "The %s export holds published reviews only: it has no internal edition.", f.Name)
	}
	return "", model.Invalid("edition", "Unknown edition %q: use public (the default) or internal.", s)
}

// internal reports whether d is written for the newsroom rather than the
// public.
func (d *Document) internal() bool { return d.Edition == EditionInternal }

// SortClaims orders d.Claims by position (start, then the longer span
// first, then id): the order every format uses. The encoders do not need it:
// each writes the claims in this order whatever order d holds them in, and
// none of them changes d.
func (d *Document) SortClaims() {
	slices.SortStableFunc(d.Claims, model.CompareClaims)
}

// orderedClaims returns d's claims in export order without touching d: the
// slice itself when it is already sorted, which is the usual case since the
// store lists claims by position, and a sorted copy otherwise. A claim's
// number in every format is its index here plus one.
func (d *Document) orderedClaims() []model.Claim {
	if slices.IsSortedFunc(d.Claims, model.CompareClaims) {
		return d.Claims
	}
	c := slices.Clone(d.Claims)
	slices.SortStableFunc(c, model.CompareClaims)
	return c
}

// claimNumber is the number that labels c, the claim at index i of the
// ordered claims: its stored number, or, for a claim that has none (a
// document put together by hand rather than read from the store), its
// place in the order, from 1.
func claimNumber(c *model.Claim, i int) int {
	if c.Number > 0 {
		return c.Number
	}
	return i + 1
}

// Format describes one export format.
type Format struct {
	Name        string // the ?format= value
	ContentType string
	Extension   string
	// Encode writes a document in the format; it is nil for the HTML
	// page, which a PageRenderer renders (see Format.Write).
	Encode func(w io.Writer, d *Document) error
	// Editions is set for the formats with a public and an internal
	// edition (see Edition).
	Editions bool
	// Complete is set for the complete exchange formats, which hold
	// everything, internal fields included, and have no public edition.
	Complete bool
}

// UsesHistory reports whether the export in format f and edition e writes
// anything of the claims' history (Document.History): the JSON export
// holds it whole, and the internal editions give the reason for each
// verdict (see VerdictEvent). The other exports are the same without it,
// so that their callers need not read it.
func (f Format) UsesHistory(e Edition) bool {
	return f.Name == "json" || e == EditionInternal
}

// Formats lists the export formats in the order the UI offers them. It
// returns a new slice, so no caller can change the registry.
func Formats() []Format {
	return []Format{
		{Name: "html", ContentType: "text/html; charset=utf-8", Extension: "html", Editions: true}, // rendered by a PageRenderer
		{Name: "markdown", ContentType: "text/markdown; charset=utf-8", Extension: "md", Encode: Markdown, Editions: true},
		{Name: "json", ContentType: "application/json", Extension: "json", Encode: JSON, Complete: true},
		{Name: "csv", ContentType: "text/csv; charset=utf-8", Extension: "csv", Encode: CSV, Editions: true},
		{Name: "w3c", ContentType: `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`, Extension: "jsonld", Encode: W3C, Complete: true},
		{Name: "claimreview", ContentType: "application/ld+json", Extension: "claimreview.jsonld", Encode: ClaimReview},
	}
}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, model.Invalid("format", "unknown export format %q: use %s", name, formatNames())
}

// Filename returns a safe attachment name for the article in format f:
// the title reduced to lowercase ASCII letters, digits and hyphens. Accents
// are dropped rather than the letters carrying them ("Zürich" gives
// "zurich"); a title with no such letter left gives "article-ID".
func Filename(a model.Article, f Format) string {
	var b []byte
	hyphen := false
	for _, r := range norm.NFD.String(a.Title) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
			hyphen = false
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
			hyphen = false
		default:
			if len(b) > 0 && !hyphen {
				b = append(b, '-')
				hyphen = true
			}
		}
		if len(b) >= 80 {
			break
		}
	}
	for len(b) > 0 && b[len(b)-1] == '-' {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		b = fmt.Appendf(b, "article-%d", a.ID)
	}
	return string(b) + "." + f.Extension
}

// webURL reports whether s is an absolute http or https URL, the only
// links an export writes (see wire.WebURL).
func webURL(s string) bool { return wire.WebURL(s) }

// statusLabel is how exports name a status: its label, or "No status" for
// an empty one, which the store never writes but an import might.
func statusLabel(s model.Status) string {
	if l := s.Label(); l != "" {
		return l
	}
	return "No status"
}

// VerdictEvent returns the history event that gave claim c its current
// verdict: the last status event in d.History[c.ID] (oldest first) whose new
// value is c's status. That is the change to the verdict or, when an editor
// later confirmed the verdict with a comment, that confirmation, which the
// store records as a status event from the status to itself. The event's
// Comment is the reason given for the verdict and its At when the verdict
// was given: the internal editions of the HTML, Markdown and CSV exports
// show the reason. It is an internal comment, never published: readers
// are told the rationale of the published review instead (see
// model.Publication).
//
// It reports false when c's status is not a verdict (see
// model.Status.IsVerdict), since the comment that reopened a claim explains
// no verdict, and when the history holds no such event, as for a claim
// created or imported with its verdict.
//
// The event is the last one that set the verdict even when it has no
// comment and an earlier one setting the same verdict had one: a verdict
// that was changed and then set back gets no reason rather than one written
// before the change, which may no longer hold.
func VerdictEvent(d *Document, c model.Claim) (model.Event, bool) {
	if !c.Status.IsVerdict() {
		return model.Event{}, false
	}
	h := d.History[c.ID]
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Field == "status" && h[i].To == string(c.Status) {
			return h[i], true
		}
	}
	return model.Event{}, false
}

// verdictReason is the comment given with claim c's current verdict (see
// VerdictEvent), trimmed, or "" when there is none.
func verdictReason(d *Document, c *model.Claim) string {
	e, _ := VerdictEvent(d, *c)
	return strings.TrimSpace(e.Comment)
}

// formatTime writes t as RFC 3339 in UTC, and the zero time as "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// mention is where a claim's reference (the superscript number in HTML, the
// footnote reference in Markdown) goes in the body.
type mention struct {
	block int // index into the article's blocks
	pos   int // the code point the reference follows
	claim int // index into the ordered claims
}

// mentions places each claim's reference right after the claim's end. A
// claim that ends between two blocks, or past its last block, gets its
// reference at the end of the block it ends after. The result is sorted by
// block, position and claim, so references at one point keep claim order.
// unplaced lists the claims that cannot be shown in the text: orphans and
// spans outside the text.
func mentions(ix *text.Index, blocks []text.Block, claims []model.Claim) (ms []mention, unplaced []int) {
	ms = make([]mention, 0, len(claims))
	for i, c := range claims {
		// The last block that starts before the claim's end.
		b := sort.Search(len(blocks), func(j int) bool { return blocks[j].Start >= c.End }) - 1
		if c.Orphan || !ix.InRange(c.Start, c.End) || b < 0 {
			unplaced = append(unplaced, i)
			continue
		}
		ms = append(ms, mention{block: b, pos: min(c.End, blocks[b].End), claim: i})
	}
	slices.SortFunc(ms, func(a, b mention) int {
		if c := cmp.Compare(a.block, b.block); c != 0 {
			return c
		}
		if c := cmp.Compare(a.pos, b.pos); c != 0 {
			return c
		}
		return cmp.Compare(a.claim, b.claim)
	})
	return ms, unplaced
}

// formatNames lists the format names for error messages.
func formatNames() string {
	names := make([]string, len(Formats()))
	for i, f := range Formats() {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// publicReview is what readers are told about claim c: the verdict of its
// published review and its rationale; for a withdrawn review, that it was
// withdrawn and why; else that it is not yet reviewed. status is the
// published verdict, or "" when readers see none, so that a highlight's
// colour never gives away a verdict that was not published.
func publicReview(c *model.Claim) (status model.Status, label, text string) {
	p := c.Publication
	switch p.State {
	case model.Published:
		return p.Verdict, p.Verdict.Label(), p.Rationale
	case model.Withdrawn:
		return "", "Review withdrawn", p.Reason
	}
	return "", "Not yet reviewed", ""
}

// publicationSummary describes claim c's publication for the internal
// edition: "Published: Verified, first published …", "Withdrawn …" or
// "Not published".
func publicationSummary(c *model.Claim) string {
	p := c.Publication
	switch p.State {
	case model.Published:
		s := "Published: " + p.Verdict.Label() + ", first published " + formatTime(*p.FirstPublishedAt)
		if p.Updated() {
			s += ", updated " + formatTime(*p.PublishedAt)
		}
		if p.Verdict != c.Status {
			s += " (the working status differs: publish again to update)"
		}
		return s
	case model.Withdrawn:
		return "Withdrawn " + formatTime(*p.WithdrawnAt) + " (was " + p.Verdict.Label() + ")"
	}
	return "Not published"
}

// EditionFilename is Filename with the edition before the extension for an
// internal edition ("talks.internal.html"), so that a downloaded file says
// what it is.
func EditionFilename(a model.Article, f Format, e Edition) string {
	name := Filename(a, f)
	if e != EditionInternal {
		return name
	}
	return strings.TrimSuffix(name, "."+f.Extension) + ".internal." + f.Extension
}
