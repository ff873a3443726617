package pages

import (
	"encoding/json"

	"github.com/factmark/factmark/internal/model"
)

// Review is a published fact-check: one claim's published review, readable
// without an account. It is the page ClaimReview's url names. It holds
// only what readers may see: never the note, the status comments, the
// assignee or a verdict that was not published.
type Review struct {
	Article   model.Article
	Statement string
	Quote     string
	Parties   []model.Party
	Sources   []model.ClaimSource
	// Verdict and Rationale are the published review's.
	Verdict   model.Status
	Rationale string
	// Published is when the review was first published, Updated when it
	// was last published again (or "").
	Published string
	Updated   string
	// Corrections are the earlier publications this one replaced, newest
	// first, each with the date it was replaced.
	Corrections []Correction
	// Withdrawn and Reason say when and why a withdrawn review was
	// withdrawn.
	Withdrawn string
	Reason    string
	Newsroom  string
	// JSONLD is the claim's ClaimReview markup, embedded for aggregators.
	JSONLD json.RawMessage
}

// Correction is an earlier publication of a review: its verdict and
// rationale, shown to readers with the date the review was updated.
type Correction struct {
	UpdatedOn string
	Verdict   model.Status
	Rationale string
	Published string
	// Withdrawn and WithdrawnReason say when and why the earlier review
	// was withdrawn before this one was published, when it was: a review
	// published again after a withdrawal must not hide the withdrawal.
	Withdrawn       string
	WithdrawnReason string
}

// NewReview builds the review page of claim c of article a from its
// publication alone.
func NewReview(a model.Article, c model.Claim, newsroom string, jsonLD json.RawMessage) Review {
	p := c.Publication
	r := Review{Article: a, Statement: c.Statement, Quote: c.Quote.Exact, Parties: c.Parties, Sources: c.Sources,
		Verdict: p.Verdict, Rationale: p.Rationale, Reason: p.Reason, Newsroom: newsroom, JSONLD: jsonLD}
	if r.Statement == "" {
		r.Statement = c.Quote.Exact
	}
	if p.FirstPublishedAt != nil {
		r.Published = longDate(*p.FirstPublishedAt)
	}
	if p.Updated() {
		r.Updated = longDate(*p.PublishedAt)
	}
	if p.WithdrawnAt != nil {
		r.Withdrawn = longDate(*p.WithdrawnAt)
	}
	for _, c := range p.Corrections() {
		u := Correction{UpdatedOn: longDate(c.At),
			Verdict: c.Earlier.Verdict, Rationale: c.Earlier.Rationale, Published: longDate(c.Earlier.PublishedAt)}
		if c.Earlier.WithdrawnAt != nil {
			u.Withdrawn, u.WithdrawnReason = longDate(*c.Earlier.WithdrawnAt), c.Earlier.Reason
		}
		r.Corrections = append(r.Corrections, u)
	}
	return r
}
