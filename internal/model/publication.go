package model

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// PublicationState is where a claim's public review stands. A verdict is an
// editor's working state; a review reaches readers only when an editor
// publishes it, and leaves them only when an editor withdraws it.
type PublicationState string

// The publication states.
const (
	// Unpublished: no review of the claim was ever published.
	Unpublished PublicationState = "unpublished"
	// Published: readers see the verdict and rationale last published.
	Published PublicationState = "published"
	// Withdrawn: the last published review was withdrawn, with a reason.
	Withdrawn PublicationState = "withdrawn"
)

// Label is the state in words, as editors read it.
func (s PublicationState) Label() string {
	switch s {
	case Published:
		return "Published"
	case Withdrawn:
		return "Withdrawn"
	}
	return "Not published"
}

// MaxRationaleLen is the longest public rationale or withdrawal reason, in
// code points.
const MaxRationaleLen = MaxNoteLen

// PublicationRecord is one publication of a claim's review: the verdict and
// rationale readers were shown from PublishedAt on, until the next
// publication replaced it or it was withdrawn (WithdrawnAt, with Reason).
// Every publication is kept, so that a correction shows what it corrected.
type PublicationRecord struct {
	Verdict   Status `json:"verdict"`
	Rationale string `json:"rationale"`
	// Content is the statement, parties and sources readers were shown
	// with this publication; nil for a publication that did not record
	// them (readers are then shown the claim as it stands).
	Content     *PublishedContent `json:"content,omitempty"`
	PublishedAt time.Time         `json:"published_at"`
	PublishedBy string            `json:"published_by"`
	WithdrawnAt *time.Time        `json:"withdrawn_at,omitempty"`
	WithdrawnBy string            `json:"withdrawn_by,omitempty"`
	Reason      string            `json:"reason,omitempty"`
}

// Publication is what the public knows of a claim: its state and, once a
// review was published, the verdict and rationale last published (frozen:
// later status changes stay internal until published again), when it was
// first and last published, and when and why it was withdrawn. Records
// holds every publication, oldest first; the other fields are derived from
// it (see NewPublication).
type Publication struct {
	State            PublicationState `json:"state"`
	Verdict          Status           `json:"verdict,omitempty"`
	Rationale        string           `json:"rationale,omitempty"`
	FirstPublishedAt *time.Time       `json:"first_published_at,omitempty"`
	PublishedAt      *time.Time       `json:"published_at,omitempty"`
	WithdrawnAt      *time.Time       `json:"withdrawn_at,omitempty"`
	Reason           string           `json:"reason,omitempty"`
	// Content is what readers see of the claim itself: the statement,
	// parties and sources as last published.
	Content *PublishedContent   `json:"content,omitempty"`
	Records []PublicationRecord `json:"records,omitempty"`
}

// PublishedContent is what a publication shows readers of the claim
// itself, frozen like its verdict and rationale: a later edit of the
// statement, a party or a source is the desk's working state until the
// review is published again.
type PublishedContent struct {
	Statement string            `json:"statement"`
	Parties   []PublishedParty  `json:"parties"`
	Sources   []PublishedSource `json:"sources"`
}

// PublishedParty is a party as a publication showed it.
type PublishedParty struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// PublishedSource is a source as a publication showed it: what readers
// need to find it and the excerpt that matters, never its note.
type PublishedSource struct {
	URL         string   `json:"url,omitempty"`
	Reference   string   `json:"reference,omitempty"`
	Title       string   `json:"title"`
	Publisher   string   `json:"publisher,omitempty"`
	PublishedAt string   `json:"published_at,omitempty"`
	Excerpt     string   `json:"excerpt,omitempty"`
	Relation    Relation `json:"relation"`
	// Snapshot is the source's latest snapshot when the review was
	// published (zero when it had none).
	Snapshot PublishedSnapshot `json:"snapshot,omitzero"`
}

// ContentOf is what publishing c now would show readers of it.
func ContentOf(c Claim) PublishedContent {
	pc := PublishedContent{Statement: c.Statement, Parties: []PublishedParty{}, Sources: []PublishedSource{}}
	if pc.Statement == "" {
		pc.Statement = c.Quote.Exact
	}
	for _, p := range c.Parties {
		pc.Parties = append(pc.Parties, PublishedParty{Name: p.Name, Role: p.Role})
	}
	for _, s := range c.Sources {
		ps := PublishedSource{URL: s.URL, Reference: s.Reference, Title: s.Title, Publisher: s.Publisher,
			PublishedAt: s.PublishedAt, Excerpt: s.Excerpt, Relation: s.Relation}
		if s.Snapshot != nil {
			ps.Snapshot = PublishedSnapshot{SHA256: s.Snapshot.SHA256, FetchedAt: s.Snapshot.FetchedAt.UTC()}
		}
		pc.Sources = append(pc.Sources, ps)
	}
	return pc
}

// Equal reports whether two contents show readers the same.
func (pc PublishedContent) Equal(o PublishedContent) bool {
	return pc.Statement == o.Statement && slices.Equal(pc.Parties, o.Parties) && slices.Equal(pc.Sources, o.Sources)
}

// PublicView returns c as readers see it: with a published review, its
// statement, parties and sources as last published (when the publication
// recorded them), so that a draft edit never reaches a public page or
// export before the review is published again.
func PublicView(c Claim) Claim {
	pc := c.Publication.Content
	if !c.Publication.IsPublished() || pc == nil {
		return c
	}
	c.Statement = pc.Statement
	c.Parties = make([]Party, len(pc.Parties))
	for i, p := range pc.Parties {
		c.Parties[i] = Party{Name: p.Name, Role: p.Role}
	}
	c.Sources = make([]ClaimSource, len(pc.Sources))
	for i, s := range pc.Sources {
		c.Sources[i] = ClaimSource{Source: Source{URL: s.URL, Reference: s.Reference, Title: s.Title, Publisher: s.Publisher,
			PublishedAt: s.PublishedAt}, Excerpt: s.Excerpt, Relation: s.Relation}
		if s.Snapshot.SHA256 != "" {
			// The hash and date readers were shown; whether the excerpt
			// was found is the desk's check, not part of the review.
			c.Sources[i].Snapshot = &SnapshotCheck{SHA256: s.Snapshot.SHA256, FetchedAt: s.Snapshot.FetchedAt}
		}
	}
	return c
}

// NewPublication derives a claim's publication from its records, oldest
// first. No record: unpublished.
func NewPublication(records []PublicationRecord) Publication {
	if len(records) == 0 {
		return Publication{State: Unpublished}
	}
	first, last := records[0].PublishedAt, records[len(records)-1]
	p := Publication{State: Published, Verdict: last.Verdict, Rationale: last.Rationale,
		FirstPublishedAt: &first, PublishedAt: &last.PublishedAt, Content: last.Content, Records: records}
	if last.WithdrawnAt != nil {
		p.State, p.WithdrawnAt, p.Reason = Withdrawn, last.WithdrawnAt, last.Reason
	}
	return p
}

// IsPublished reports whether readers currently see a review of the claim.
func (p Publication) IsPublished() bool { return p.State == Published }

// Correction is a re-publication as readers are told of it: when the
// review was published again, and the publication it replaced.
type Correction struct {
	At      time.Time
	Earlier PublicationRecord
}

// Corrections lists each re-publication with the publication it replaced,
// newest first: the "Updated" notices a review's readers see.
func (p Publication) Corrections() []Correction {
	var out []Correction
	for i := len(p.Records) - 1; i > 0; i-- {
		out = append(out, Correction{At: p.Records[i].PublishedAt, Earlier: p.Records[i-1]})
	}
	return out
}

// Updated reports whether the current review replaced an earlier
// publication, and so whether readers are owed an "Updated" notice.
func (p Publication) Updated() bool { return p.State == Published && len(p.Records) > 1 }

// Publish is the input that publishes a claim's review. IfVersion, when not
// zero, must equal the claim's version.
type Publish struct {
	Rationale string
	IfVersion int
	// RequireCheck asks for a second check's approval that still holds
	// (see PublishBlocker): the site's --require-second-check.
	RequireCheck bool
}

// Normalize trims the rationale and checks that there is one: readers are
// told why, in words written for them, never the internal status comment.
func (p *Publish) Normalize() error {
	p.Rationale = strings.TrimSpace(p.Rationale)
	switch {
	case VisiblyEmpty(p.Rationale):
		return Invalid("rationale", "Write the public rationale: what readers are told about this verdict. The status comment and the note stay internal.")
	case len([]rune(p.Rationale)) > MaxRationaleLen:
		return Invalid("rationale", "The rationale is too long: at most %d characters.", MaxRationaleLen)
	}
	return nil
}

// Unpublish is the input that withdraws a claim's published review. The
// reason is shown to readers on the withdrawn review's page.
type Unpublish struct {
	Reason    string
	IfVersion int
}

// Normalize trims the reason and checks that there is one.
func (u *Unpublish) Normalize() error {
	u.Reason = strings.TrimSpace(u.Reason)
	switch {
	case VisiblyEmpty(u.Reason):
		return Invalid("reason", "Say why the review is withdrawn: readers of its page are told.")
	case len([]rune(u.Reason)) > MaxRationaleLen:
		return Invalid("reason", "The reason is too long: at most %d characters.", MaxRationaleLen)
	}
	return nil
}

// MarshalJSON writes the publication with its state always present: the
// zero Publication is "unpublished".
func (p Publication) MarshalJSON() ([]byte, error) {
	type plain Publication // without this method
	if p.State == "" {
		p.State = Unpublished
	}
	return json.Marshal(plain(p))
}
