package export

import (
	"slices"
	"strconv"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// What every format says of revisions (issue 8): which revision of the
// article an export annotates and where its text came from; in the
// internal editions, a verdict given against an earlier revision, words
// that changed since they were checked, and orphans (claims whose words a
// revision lost) apart from the text; in the public editions, a published
// review made before the article last changed. The formats share the
// facts and the words here, and lay them out each in its own way.

// revision returns d's revision v, or nil when d does not list it (a
// document put together by hand, or a revision that landed between the
// store's reads).
func (d *Document) revision(v int) *model.Revision {
	for i := range d.Revisions {
		if d.Revisions[i].Version == v {
			return &d.Revisions[i]
		}
	}
	return nil
}

// currentRevision is the revision the export annotates, or nil when d does
// not list it.
func (d *Document) currentRevision() *model.Revision { return d.revision(d.Article.Revision) }

// RevisionDate is when revision r's text was as it is: when its page was
// fetched for a fetched revision, else when it was stored. It is the
// sourceDate of W3C annotations on r and the date every format gives r.
func RevisionDate(r *model.Revision) time.Time {
	if r.Page != nil && !r.Page.FetchedAt.IsZero() {
		return r.Page.FetchedAt
	}
	return r.CreatedAt
}

// revisionLine is the revision an export annotates in words, for the
// formats without links: "Revision 2 of this article, fetched from URL on
// DATE (SHA-256 of the page: HEX)" or "Revision 1 of this article, pasted
// on DATE". It is "" for a document without a revision number.
func revisionLine(d *Document) string {
	rl := newRevisionLabel(d)
	if rl.number == 0 {
		return ""
	}
	s := rl.head()
	if rl.from != "" {
		s += " " + rl.from
	}
	s += rl.tail()
	return s
}

// revisionLabel is the revision line in parts, so that the HTML page can
// make a link of the URL it was fetched from.
type revisionLabel struct {
	number int
	how    string // "fetched from", "pasted", "uploaded"…
	from   string // the page's final URL, for a fetched revision
	at     string // RFC 3339
	sha256 string // the fetched page's
}

func newRevisionLabel(d *Document) revisionLabel {
	rl := revisionLabel{number: d.Article.Revision}
	r := d.currentRevision()
	if r == nil {
		return rl
	}
	rl.at = formatTime(RevisionDate(r))
	switch r.Origin {
	case model.OriginURL, model.OriginRefetch:
		rl.how = "fetched from"
	case model.OriginHTML:
		rl.how = "pasted from a web page"
	case model.OriginUpload:
		rl.how = "uploaded as HTML"
	case model.OriginImport:
		rl.how = "imported from a factmark export"
	default:
		rl.how = "pasted as text"
	}
	if r.Page != nil {
		rl.from = r.Page.FinalURL
		if rl.from == "" {
			rl.from = r.Page.URL
		}
		rl.sha256 = r.Page.SHA256
		if rl.from == "" {
			rl.how = "fetched"
		}
	} else if rl.how == "fetched from" {
		rl.how = "fetched"
	}
	return rl
}

// head is the line up to the URL: "Revision 2 of this article, fetched
// from".
func (rl revisionLabel) head() string {
	s := "Revision " + strconv.Itoa(rl.number) + " of this article"
	if rl.how != "" {
		s += ", " + rl.how
	}
	return s
}

// tail is the line after the URL: " on DATE (SHA-256 of the page: HEX)".
func (rl revisionLabel) tail() string {
	var s string
	if rl.at != "" {
		s = " on " + rl.at
	}
	if rl.sha256 != "" {
		s += " (SHA-256 of the page: " + rl.sha256 + ")"
	}
	return s
}

// earlierVerdict is, for the internal editions, that claim c's verdict was
// given against an earlier revision than the one exported: "Verdict given
// against revision 1 (DATE); this is revision 2." It is "" when the verdict
// was given against this revision, or c has no verdict.
func earlierVerdict(d *Document, c *model.Claim) string {
	v := c.VerdictRevision
	if !c.Status.IsVerdict() || v <= 0 || v >= d.Article.Revision {
		return ""
	}
	s := "Verdict given against revision " + strconv.Itoa(v)
	if r := d.revision(v); r != nil {
		s += " (" + formatTime(RevisionDate(r)) + ")"
	}
	return s + "; this is revision " + strconv.Itoa(d.Article.Revision) + "."
}

// wordsChanged is, for the internal editions, that a revision changed
// claim c's words since they were checked: "Words changed since checked:
// “old” → “new”". It is "" when they did not.
func wordsChanged(c *model.Claim) string {
	if !c.ChangedSinceVerdict {
		return ""
	}
	return "Words changed since checked: “" + c.ChangedFrom + "” → “" + c.Quote.Exact + "”"
}

// orphanLine is, for the internal editions, where an orphan's words were
// last found: "Last found in revision 1 (DATE)", and whether an editor put
// it aside.
func orphanLine(d *Document, c *model.Claim) string {
	s := "Its words are no longer in the article"
	if v := c.AnchoredRevision; v > 0 {
		s = "Last found in revision " + strconv.Itoa(v)
		if r := d.revision(v); r != nil {
			s += " (" + formatTime(RevisionDate(r)) + ")"
		}
	}
	if c.OrphanDismissed {
		s += "; dismissed by an editor"
	}
	return s + "."
}

// reviewedAsOf is, for the public editions, the date of the article as a
// published review of claim c checked it, when the article changed after
// the review was last published: the date of the revision that was
// current then (see RevisionDate). It is "" when the review is not
// published, when the article has not changed since (readers then read
// what the review checked), and when d does not list the revisions. Only
// public facts go into it (when the review was published, when the
// article changed), never the desk's working state.
func reviewedAsOf(d *Document, c *model.Claim) string {
	p := c.Publication
	if p.State != model.Published || p.PublishedAt == nil {
		return ""
	}
	var then *model.Revision
	for i := range d.Revisions {
		if r := &d.Revisions[i]; !r.CreatedAt.After(*p.PublishedAt) && (then == nil || r.Version > then.Version) {
			then = r
		}
	}
	if then == nil || then.Version == d.Article.Revision {
		return ""
	}
	return formatTime(RevisionDate(then))
}

// AsOfNote is how the public editions say that a review checked an
// earlier state of the article.
func AsOfNote(date string) string {
	return "Checked against the article as of " + date + "; the article has changed since."
}

// shown reports whether claim c appears in d's edition. The internal
// editions show every claim. The public editions leave out orphans
// (claims whose words a revision lost) that readers were never told
// about: their words are not in the article readers read, and an orphan
// an editor has not reviewed is the desk's work in progress. An orphan
// whose review was published or withdrawn stays, apart from the text.
func (d *Document) shown(c *model.Claim) bool {
	if d.internal() || !c.Orphan {
		return true
	}
	s := c.Publication.State
	return s == model.Published || s == model.Withdrawn
}

// editionClaims is the claims of d's edition in export order (see
// shown). Each has its number set (see claimNumber), so that leaving a
// claim out renumbers none of the others; d is not changed.
func (d *Document) editionClaims() []model.Claim {
	all := d.orderedClaims()
	claims := make([]model.Claim, 0, len(all))
	for i := range all {
		if d.shown(&all[i]) {
			c := all[i]
			c.Number = claimNumber(&c, i)
			claims = append(claims, c)
		}
	}
	return claims
}

// referredRevisions lists, in order, the revisions earlier than the
// exported one that d's claims refer to: an orphan's AnchoredRevision and
// a verdict's VerdictRevision.
func referredRevisions(d *Document) []int {
	var vs []int
	for i := range d.Claims {
		c := &d.Claims[i]
		for _, v := range []int{c.AnchoredRevision, c.VerdictRevision} {
			if v > 0 && v < d.Article.Revision {
				vs = append(vs, v)
			}
		}
	}
	slices.Sort(vs)
	return slices.Compact(vs)
}
