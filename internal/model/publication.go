package model

import (
	"encoding/json"
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
	Verdict     Status     `json:"verdict"`
	Rationale   string     `json:"rationale"`
	PublishedAt time.Time  `json:"published_at"`
	PublishedBy string     `json:"published_by"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnBy string     `json:"withdrawn_by,omitempty"`
	Reason      string     `json:"reason,omitempty"`
}

// Publication is what the public knows of a claim: its state and, once a
// review was published, the verdict and rationale last published (frozen:
// later status changes stay internal until published again), when it was
// first and last published, and when and why it was withdrawn. Records
// holds every publication, oldest first; the other fields are derived from
// it (see NewPublication).
type Publication struct {
	State            PublicationState    `json:"state"`
	Verdict          Status              `json:"verdict,omitempty"`
	Rationale        string              `json:"rationale,omitempty"`
	FirstPublishedAt *time.Time          `json:"first_published_at,omitempty"`
	PublishedAt      *time.Time          `json:"published_at,omitempty"`
	WithdrawnAt      *time.Time          `json:"withdrawn_at,omitempty"`
	Reason           string              `json:"reason,omitempty"`
	Records          []PublicationRecord `json:"records,omitempty"`
}

// NewPublication derives a claim's publication from its records, oldest
// first. No record: unpublished.
func NewPublication(records []PublicationRecord) Publication {
	if len(records) == 0 {
		return Publication{State: Unpublished}
	}
	first, last := records[0].PublishedAt, records[len(records)-1]
	p := Publication{State: Published, Verdict: last.Verdict, Rationale: last.Rationale,
		FirstPublishedAt: &first, PublishedAt: &last.PublishedAt, Records: records}
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
