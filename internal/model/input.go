package model

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/factmark/factmark/internal/anchor"
)

// NewClaim is the input that creates a claim. The span is given either by
// position (Start, End) or by Quote; the store resolves it against the
// article's current text.
type NewClaim struct {
	Start, End *int
	Quote      *anchor.Quote
	Statement  string
	Kind       Kind
	Status     Status
	Note       string
	Assignee   string
	Parties    []NewParty
	// Sources are attached in the same transaction as the claim is
	// created, so that an imported annotation is stored whole or not at
	// all.
	Sources []Attachment
	// Canonical and Via are a W3C annotation's canonical IRI and the id it
	// had before it came here (see Claim).
	Canonical string
	Via       string
}

// NewParty is the input that names a party on a claim, optionally on its own
// span of the text.
type NewParty struct {
	Name       string
	Role       Role
	Start, End *int
	// Type is the registry entry's type when the name is new to the
	// registry ("" for other); a known name keeps its entry's type.
	Type PartyType
}

// ClaimUpdate is a partial change to a claim: nil fields stay as they are.
// Comment goes into the history with the status change. IfVersion, when not
// zero, must equal the claim's version or nothing changes.
type ClaimUpdate struct {
	Statement *string
	Kind      *Kind
	Status    *Status
	Note      *string
	Assignee  *string
	// Due is the date the claim should be checked by, YYYY-MM-DD; "" for
	// none.
	Due       *string
	Comment   string
	IfVersion int
}

// ClaimReplacement is the whole new content of a claim, as a PUT of its
// W3C annotation states it: statement, kind, status, note, parties and
// sources are replaced; the span, the assignee and the history stay.
// Canonical and Via are only written when the claim has none yet, since a
// canonical IRI, once set, never changes. IfVersion, when not zero, must
// equal the claim's version or nothing changes.
type ClaimReplacement struct {
	Statement string
	Kind      Kind
	Status    Status
	Note      string
	Parties   []NewParty
	Sources   []Attachment
	Canonical string
	Via       string
	IfVersion int
}

// NewSource is the input that creates a library source.
type NewSource struct {
	URL         string
	Reference   string
	Title       string
	Publisher   string
	PublishedAt string
	AccessedAt  string
}

// Attachment attaches a source to a claim: an existing library entry by
// SourceID, or a new one described by Source.
type Attachment struct {
	SourceID int64
	Source   *NewSource
	Excerpt  string
	Relation Relation
	Note     string
}

// Normalize trims the claim's strings and fills defaults: kind other, status
// unchecked. It validates everything that does not need the article's text.
func (c *NewClaim) Normalize() error {
	fe := FieldErrors{}
	c.Assignee = strings.TrimSpace(c.Assignee)
	if (c.Start == nil) != (c.End == nil) {
		fe.Add("end", "Give both start and end, or neither and a quote.")
	}
	if c.Start == nil && c.Quote == nil {
		fe.Add("start", "Give the span as start and end, or as a quote.")
	}
	if c.Start != nil && c.Quote != nil {
		fe.Add("quote", "Give the span as start and end or as a quote, not both.")
	}
	order := claimContent{Statement: &c.Statement, Kind: &c.Kind, Status: &c.Status, Note: &c.Note,
		Parties: c.Parties, Sources: c.Sources, Canonical: &c.Canonical, Via: &c.Via}.normalize(fe)
	return fe.Err(append([]string{"start", "end", "quote"}, order...)...)
}

// Normalize trims the replacement's strings, fills the defaults (kind
// other, status unchecked) and validates it as NewClaim.Normalize does.
func (r *ClaimReplacement) Normalize() error {
	fe := FieldErrors{}
	order := claimContent{Statement: &r.Statement, Kind: &r.Kind, Status: &r.Status, Note: &r.Note,
		Parties: r.Parties, Sources: r.Sources, Canonical: &r.Canonical, Via: &r.Via}.normalize(fe)
	return fe.Err(order...)
}

// claimContent points at what a claim says, which NewClaim and
// ClaimReplacement both carry, so that both are normalized and validated
// alike.
type claimContent struct {
	Statement, Note *string
	Kind            *Kind
	Status          *Status
	Parties         []NewParty
	Sources         []Attachment
	Canonical, Via  *string
}

// normalize trims the content's strings in place, fills the defaults (kind
// other, status unchecked) and records what is invalid in fe. It returns
// the fields it checks in the order a reader meets them, for fe.Err.
func (c claimContent) normalize(fe FieldErrors) (order []string) {
	*c.Statement = strings.TrimSpace(*c.Statement)
	*c.Note = strings.TrimSpace(*c.Note)
	if *c.Kind == "" {
		*c.Kind = KindOther
	}
	if *c.Status == "" {
		*c.Status = StatusUnchecked
	}
	checkKind(fe, *c.Kind)
	checkStatus(fe, *c.Status)
	fe.CheckLen("statement", "The statement", *c.Statement, MaxStatementLen)
	fe.CheckLen("note", "The note", *c.Note, MaxNoteLen)
	order = []string{"statement", "kind", "status", "note"}
	for i := range c.Parties {
		if err := c.Parties[i].Normalize(); err != nil {
			e := err.(*Error)
			fe.Add(fmt.Sprintf("parties[%d].%s", i, e.Field), e.Message)
		}
		order = append(order, fmt.Sprintf("parties[%d].name", i), fmt.Sprintf("parties[%d].role", i), fmt.Sprintf("parties[%d].end", i))
	}
	normalizeSources(fe, c.Sources)
	*c.Canonical, *c.Via = normalizeIRI(fe, "canonical", *c.Canonical), normalizeIRI(fe, "via", *c.Via)
	return order
}

// checkKind records an unknown kind in fe.
func checkKind(fe FieldErrors, k Kind) {
	if !k.Valid() {
		fe.Add("kind", fmt.Sprintf("Unknown kind %q: use one of %s.", k, join(Kinds())))
	}
}

// checkStatus records an unknown status in fe.
func checkStatus(fe FieldErrors, s Status) {
	if !s.Valid() {
		fe.Add("status", fmt.Sprintf("Unknown status %q: use one of %s.", s, join(Statuses())))
	}
}

// normalizeSources normalizes each attachment, recording errors under
// sources[i].
func normalizeSources(fe FieldErrors, sources []Attachment) {
	for i := range sources {
		if err := sources[i].Normalize(); err != nil {
			var e *Error
			if errors.As(err, &e) {
				fe.Add(fmt.Sprintf("sources[%d].%s", i, e.Field), e.Message)
			}
		}
	}
}

// normalizeIRI trims an optional IRI and checks that it is absolute (it has
// a scheme): a relative one would mean something else wherever it is read.
func normalizeIRI(fe FieldErrors, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || len(s) > MaxURLLen || strings.ContainsAny(s, " \t\n\r") {
		fe.Add(field, fmt.Sprintf("The %s IRI must be an absolute IRI such as https://example.org/anno/1.", field))
	}
	return s
}

// Normalize trims the party's name and validates name and role. The span, if
// any, is checked against the text by the store.
func (p *NewParty) Normalize() error {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	switch {
	case FoldPartyName(p.Name) == "":
		// A name of dots alone folds to nothing and could match no entry.
		return Invalid("name", "The party needs a name.")
	case len([]rune(p.Name)) > MaxShortLen:
		return Invalid("name", "The party's name is too long: at most %d characters.", MaxShortLen)
	case !p.Role.Valid():
		return Invalid("role", "Unknown role %q: use one of %s.", p.Role, join(Roles()))
	case (p.Start == nil) != (p.End == nil):
		return Invalid("end", "Mark the party with both start and end, or neither.")
	case p.Type != "" && !p.Type.Valid():
		return Invalid("type", "Unknown party type %q: use person, organization, place, group or other.", p.Type)
	}
	return nil
}

// Normalize validates a change to a claim.
func (u *ClaimUpdate) Normalize() error {
	fe := FieldErrors{}
	trim := func(p *string) {
		if p != nil {
			*p = strings.TrimSpace(*p)
		}
	}
	trim(u.Statement)
	trim(u.Note)
	trim(u.Assignee)
	if u.Due != nil {
		d, ok := NormalizeDue(*u.Due)
		if !ok {
			fe.Add("due", DueMessage)
		}
		*u.Due = d
	}
	u.Comment = strings.TrimSpace(u.Comment)
	if u.Kind != nil {
		checkKind(fe, *u.Kind)
	}
	if u.Status != nil {
		checkStatus(fe, *u.Status)
	}
	if u.Statement != nil {
		fe.CheckLen("statement", "The statement", *u.Statement, MaxStatementLen)
	}
	if u.Note != nil {
		fe.CheckLen("note", "The note", *u.Note, MaxNoteLen)
	}
	fe.CheckLen("comment", "The comment", u.Comment, MaxCommentLen)
	if u.Comment != "" && u.Status == nil {
		fe.Add("comment", "A comment goes with a status change: set a status too.")
	}
	return fe.Err("statement", "kind", "status", "comment", "note", "assignee", "due")
}

// Normalize validates a new source: a URL (http or https only) or an offline
// reference, a title, and optional dates.
func (s *NewSource) Normalize() error {
	fe := FieldErrors{}
	s.Title = strings.TrimSpace(s.Title)
	s.Publisher = strings.TrimSpace(s.Publisher)
	s.Reference = strings.TrimSpace(s.Reference)
	if u, ok := NormalizeURL(s.URL); ok {
		s.URL = u
	} else {
		fe.Add("url", "The source URL must be a full http:// or https:// address.")
	}
	if s.URL == "" && s.Reference == "" {
		fe.Add("url", "Give the source's URL, or a reference for an offline source (an interview, a document).")
	}
	if s.Title == "" {
		if s.URL != "" {
			s.Title = s.URL
		} else {
			s.Title = s.Reference
		}
	}
	if d, ok := NormalizeDate(s.PublishedAt); ok {
		s.PublishedAt = d
	} else {
		fe.Add("published_at", "The source's published date must look like 2026-01-31.")
	}
	if d, ok := NormalizeDate(s.AccessedAt); ok {
		s.AccessedAt = d
	} else {
		fe.Add("accessed_at", "The accessed date must look like 2026-01-31.")
	}
	fe.CheckLen("title", "The title", s.Title, MaxTitleLen)
	fe.CheckLen("publisher", "The publisher", s.Publisher, MaxShortLen)
	fe.CheckLen("reference", "The reference", s.Reference, MaxNoteLen)
	return fe.Err("url", "reference", "title", "publisher", "published_at", "accessed_at")
}

// Normalize validates an attachment.
func (a *Attachment) Normalize() error {
	a.Excerpt = strings.TrimSpace(a.Excerpt)
	a.Note = strings.TrimSpace(a.Note)
	if a.Relation == "" {
		a.Relation = RelationSupports
	}
	if a.SourceID == 0 && a.Source == nil {
		return Invalid("source_id", "Pick a source from the library, or describe a new one.")
	}
	if a.SourceID != 0 && a.Source != nil {
		return Invalid("source_id", "Pick a library source or describe a new one, not both.")
	}
	if a.Source != nil {
		if err := a.Source.Normalize(); err != nil {
			return err
		}
	}
	if !a.Relation.Valid() {
		return Invalid("relation", "Unknown relation %q: use one of %s.", a.Relation, join(Relations()))
	}
	fe := FieldErrors{}
	fe.CheckLen("excerpt", "The excerpt", a.Excerpt, MaxExcerptLen)
	fe.CheckLen("note", "The note", a.Note, MaxNoteLen)
	return fe.Err("excerpt", "note")
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
