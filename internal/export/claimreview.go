package export

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

// The ClaimReview rating scale. Google asks for a numeric rating "where a
// numeric scale applies", with bestRating greater than worstRating and the
// scale starting at 1. factmark's verdicts sit on the common five-point
// fact-check scale (False, Mostly false, Half true, Mostly true, True):
//
//	1 false          the claim is wrong
//	2 misleading     accurate in parts, but leaves a false impression
//	3 needs_context  accurate, but incomplete without context
//	4 (unused)       factmark has no "mostly accurate" verdict
//	5 verified       the claim is accurate
//
// unverifiable is a verdict about the evidence, not about the claim, so it
// sits nowhere on the scale: it gets its alternateName and no ratingValue,
// bestRating or worstRating. Keeping 4 unused rather than squeezing the
// scale to 1–4 keeps the numbers comparable with other fact-checkers' five
// points, where 5 means true and 1 false.
const (
	ratingWorst = 1
	ratingBest  = 5
)

// RatingValue returns where verdict s sits on the ClaimReview scale
// (ratingWorst to ratingBest), and false when it has no place on it: for
// unverifiable and for statuses that are not verdicts.
func RatingValue(s model.Status) (int, bool) {
	switch s {
	case model.StatusFalse:
		return 1, true
	case model.StatusMisleading:
		return 2, true
	case model.StatusNeedsContext:
		return 3, true
	case model.StatusVerified:
		return 5, true
	}
	return 0, false
}

// Unreviewed counts d's claims without a published review: those the
// ClaimReview export leaves out, whatever their working status. The API
// reports it in the X-Factmark-Unreviewed-Claims header so that a partial
// export does not pass for a complete one.
func Unreviewed(d *Document) int {
	n := 0
	for _, c := range d.Claims {
		if !c.Publication.IsPublished() {
			n++
		}
	}
	return n
}

// ReviewURL is the public page of claim id's review, or "" when site has no
// web base URL.
func ReviewURL(site wire.Site, claimID int64) string {
	if !webURL(site.BaseURL) {
		return ""
	}
	return trimSlash(site.BaseURL) + "/reviews/" + strconv.FormatInt(claimID, 10)
}

// ClaimReviewJSON returns the ClaimReview markup of d as ClaimReview writes
// it, for a page to embed.
func ClaimReviewJSON(d *Document) ([]byte, error) { return claimReviewJSON(d, false) }

// ClaimReview writes one schema.org ClaimReview per claim whose review is
// published (see model.Publication), in export order, as a JSON array: `[]`
// when no claim has one. A verdict that was never published, or whose
// review was withdrawn, is left out: a verdict is a working state until an
// editor publishes it. What a review says is what was published, frozen:
// a later status change stays out until the review is published again.
//
// Each element is a complete JSON-LD document with its own
// "@context": "https://schema.org", laid out like Google's documented
// example, rather than one object whose "@graph" holds the reviews. A
// JSON-LD processor reads a top-level array as it reads @graph, Google's
// structured-data parser accepts both, and the array also serves
// consumers that read the markup as plain JSON and look for "@type" at the
// top of each object, which @graph hides one level down. Any single element
// can be cut out and published on its own.
//
// What each review says:
//   - url: ReviewURL, the claim's public review page
//     ({Site.BaseURL}/reviews/{claim id}, readable without an account);
//     left out when d.Site has no web base URL, since a relative URL means
//     nothing in a downloaded file.
//   - claimReviewed: the claim's statement, or its quoted words when it has
//     no statement.
//   - itemReviewed: a Claim whose appearance is the article (a CreativeWork
//     with its URL, title as headline, published date, byline as a Person
//     and publication as publisher, each when known), dated by the article's
//     published date, with the claim's first party of role speaker as author.
//     The speaker is a Person or an Organization by the type of its party
//     registry entry (a group or a country or place is an Organization), and
//     a Thing with a name when its type is other or unknown. The type is
//     the registry's now, looked up by the published name among the
//     claim's current parties: publication freezes names and roles only.
//   - author: the newsroom, an Organization named by d.Site.
//   - reviewRating: a Rating with the published verdict in words
//     (alternateName) and, on the scale above, its ratingValue, bestRating
//     and worstRating.
//   - reviewBody: the public rationale published with the verdict.
//   - datePublished: when the review was first published.
//   - dateModified: when it was last published, for a review published
//     again since (a correction, which the review page shows as a dated
//     "Updated" notice with the earlier verdict); absent otherwise.
//
// The claim's note, its status comments and its working status are
// editors' working notes, never published.
func ClaimReview(w io.Writer, d *Document) error {
	reviews := claimReviews(d)
	enc := newItemEncoder(false)
	return streamArray(w, []byte("[]"), "[]", len(reviews), func(i int) ([]byte, error) {
		return enc.encode(reviews[i])
	})
}

// claimReviewJSON returns the ClaimReview export of d, indented and ending
// in a newline.
//
// Unless escapeHTML is set, <, > and & are written as they are, since a
// .jsonld file is never parsed as HTML; HTML sets it to embed the export in
// a page, which writes them as \u escapes, as json.HTMLEscape would.
// U+2028 and U+2029 are escaped either way.
func claimReviewJSON(d *Document, escapeHTML bool) ([]byte, error) {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(claimReviews(d)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := indentJSON(&buf, bytes.TrimSuffix(compact.Bytes(), []byte("\n"))); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// hasPublished reports whether any claim of d has a published review, that
// is whether its ClaimReview export holds anything.
func hasPublished(d *Document) bool {
	for _, c := range d.Claims {
		if c.Publication.IsPublished() {
			return true
		}
	}
	return false
}

// The JSON-LD shapes. Field order is the output's order, that of Google's
// example; empty optional fields are left out rather than written empty.

type ldClaimReview struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	URL           string   `json:"url,omitempty"`
	ClaimReviewed string   `json:"claimReviewed"`
	ItemReviewed  ldClaim  `json:"itemReviewed"`
	Author        *ldOrg   `json:"author,omitempty"`
	ReviewRating  ldRating `json:"reviewRating"`
	ReviewBody    string   `json:"reviewBody,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	DateModified  string   `json:"dateModified,omitempty"`
}

type ldClaim struct {
	Type          string   `json:"@type"`
	Author        *ldAgent `json:"author,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	Appearance    ldWork   `json:"appearance"`
}

type ldWork struct {
	Type          string   `json:"@type"`
	URL           string   `json:"url,omitempty"`
	Headline      string   `json:"headline,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	Author        *ldAgent `json:"author,omitempty"`
	Publisher     *ldOrg   `json:"publisher,omitempty"`
}

type ldAgent struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldOrg struct {
	Type string `json:"@type"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

type ldRating struct {
	Type          string `json:"@type"`
	RatingValue   int    `json:"ratingValue,omitempty"`
	BestRating    int    `json:"bestRating,omitempty"`
	WorstRating   int    `json:"worstRating,omitempty"`
	AlternateName string `json:"alternateName"`
}

// claimReviews builds the reviews of d's claims with a published review,
// in export order. The parts every review shares are built once.
func claimReviews(d *Document) []ldClaimReview {
	a := &d.Article
	appearance := ldWork{Type: "CreativeWork", Headline: a.Title, DatePublished: a.PublishedAt}
	if webURL(a.URL) {
		appearance.URL = a.URL
	}
	if a.Byline != "" {
		appearance.Author = &ldAgent{Type: "Person", Name: a.Byline}
	}
	if a.Publication != "" {
		appearance.Publisher = &ldOrg{Type: "Organization", Name: a.Publication}
	}
	var author *ldOrg
	if d.Site.NewsroomName != "" || webURL(d.Site.NewsroomURL) {
		author = &ldOrg{Type: "Organization", Name: d.Site.NewsroomName}
		if webURL(d.Site.NewsroomURL) {
			author.URL = d.Site.NewsroomURL
		}
	}

	out := make([]ldClaimReview, 0, len(d.Claims))
	for _, c := range d.orderedClaims() {
		pub := c.Publication
		if !pub.IsPublished() {
			continue
		}
		types := partyTypes(c.Parties)
		// The statement and parties as published, not as edited since.
		c = model.PublicView(c)
		r := ldClaimReview{
			Context:       "https://schema.org",
			Type:          "ClaimReview",
			ClaimReviewed: c.Statement,
			ItemReviewed:  ldClaim{Type: "Claim", DatePublished: a.PublishedAt, Appearance: appearance},
			Author:        author,
			ReviewRating:  ldRating{Type: "Rating", AlternateName: pub.Verdict.Label()},
			ReviewBody:    pub.Rationale,
			DatePublished: formatTimePtr(pub.FirstPublishedAt),
		}
		if pub.Updated() {
			r.DateModified = formatTimePtr(pub.PublishedAt)
		}
		r.URL = ReviewURL(d.Site, c.ID)
		if r.ClaimReviewed == "" {
			r.ClaimReviewed = c.Quote.Exact
		}
		if v, ok := RatingValue(pub.Verdict); ok {
			r.ReviewRating.RatingValue, r.ReviewRating.BestRating, r.ReviewRating.WorstRating = v, ratingBest, ratingWorst
		}
		for _, p := range c.Parties {
			if p.Role == model.RoleSpeaker && p.Name != "" {
				r.ItemReviewed.Author = &ldAgent{Type: agentType(types[p.Name]), Name: p.Name}
				break
			}
		}
		out = append(out, r)
	}
	return out
}

// partyTypes maps each party's name to its registry type.
func partyTypes(ps []model.Party) map[string]model.PartyType {
	out := make(map[string]model.PartyType, len(ps))
	for _, p := range ps {
		// Parties with one name share a registry entry; one not linked
		// (an imported document's) must not hide the type of another.
		if p.Type != "" {
			out[p.Name] = p.Type
		}
	}
	return out
}

// agentType is the schema.org type of a party of registry type t.
func agentType(t model.PartyType) string {
	switch t {
	case model.PartyPerson:
		return "Person"
	case model.PartyOrganization, model.PartyGroup, model.PartyPlace:
		return "Organization"
	}
	return "Thing"
}

// formatTimePtr is formatTime for an optional time.
func formatTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return formatTime(*t)
}

// trimSlash removes trailing slashes, so that a base URL configured as
// "https://x.example/" does not give "//articles".
func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}
