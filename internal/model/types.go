package model

import (
	"cmp"
	"time"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/text"
)

// Article is an imported article: metadata and its body in canonical form.
// Its JSON form is the API's and the JSON export's.
type Article struct {
	ID          int64        `json:"id"`
	Title       string       `json:"title"`
	Byline      string       `json:"byline"`
	Publication string       `json:"publication"`
	URL         string       `json:"url"`
	PublishedAt string       `json:"published_at"` // YYYY-MM-DD or RFC 3339 UTC, or ""
	Lang        string       `json:"lang"`         // the language tag the page declared, or ""
	Dir         string       `json:"dir"`          // "ltr", "rtl", or "" when unknown
	Text        string       `json:"text"`         // canonical text
	Blocks      []text.Block `json:"blocks"`
	Links       []Link       `json:"links"`
	// Revision is the number of the body's current revision; Version
	// counts every change to the article (its ETag), metadata included.
	Revision int `json:"revision"`
	// Assignee is the user name of who is responsible for the article's
	// check, and Due the date it should be ready by (YYYY-MM-DD); "" for
	// nobody and none.
	Assignee string `json:"assignee,omitempty"`
	Due      string `json:"due,omitempty"`
	// State is where the article stands on the desk.
	State     ArticleState `json:"state,omitempty"`
	Version   int          `json:"version"`
	CreatedAt time.Time    `json:"created_at"`
	CreatedBy string       `json:"created_by"`
	UpdatedAt time.Time    `json:"updated_at"`
	UpdatedBy string       `json:"updated_by"`
	// Changes is the article's change counter as it was read with the
	// article and its claims (every write to either bumps it), naming
	// that state for what is kept of it; 0 when not read so.
	Changes int64 `json:"-"`
}

// ArticleSummary is an article in a list, with its claims counted by status.
type ArticleSummary struct {
	Article
	ClaimCounts map[Status]int `json:"claim_counts"`
	ClaimTotal  int            `json:"claim_total"`
}

// NewArticle is what an importer hands the store to create an article.
type NewArticle struct {
	Title       string
	Byline      string
	Publication string
	URL         string
	PublishedAt string
	Lang        string
	Dir         string
	Doc         text.Document
	Links       []Link
	// Origin is how the body came in ("" is text); Page the page it was
	// fetched from, or PendingPage the id of one stored for a preview.
	Origin      Origin
	Page        *FetchedPage
	PendingPage int64
}

// Claim is an anchored span of one article with its verification state.
//
// Number names the claim within its article, 1, 2, 3… in creation order,
// never given again after a delete: every label an editor or reader sees
// uses it ("#3", "Claim 3", [^3]), while the id, global to the instance,
// stays in URLs and IRIs (docs/DESIGN.md §2).
type Claim struct {
	ID        int64        `json:"id"`
	ArticleID int64        `json:"article_id"`
	Number    int          `json:"number"` // its label within the article, see above
	Start     int          `json:"start"`
	End       int          `json:"end"`
	Quote     anchor.Quote `json:"quote"`
	// AnchoredRevision is the article revision Start and End refer to:
	// the current one, or for an orphan the last one its words were
	// found in. Orphan is set when a revision lost its words;
	// OrphanDismissed when an editor put the orphan aside (it is kept).
	AnchoredRevision int  `json:"anchored_revision"`
	Orphan           bool `json:"orphan"`
	OrphanDismissed  bool `json:"orphan_dismissed,omitempty"`
	// ChangedSinceVerdict is set when a revision changed the claim's
	// words after they were last checked; ChangedFrom holds the words as
	// they were then. Setting the status again clears both.
	ChangedSinceVerdict bool   `json:"changed_since_verdict"`
	ChangedFrom         string `json:"changed_from,omitempty"`
	// VerdictRevision is the revision the current status was set
	// against, 0 while the claim is unchecked.
	VerdictRevision int    `json:"verdict_revision,omitempty"`
	Statement       string `json:"statement"`
	Kind            Kind   `json:"kind"`
	Status          Status `json:"status"`
	Note            string `json:"note"`
	Assignee        string `json:"assignee"`
	// Due is the date the claim should be checked by (YYYY-MM-DD), or ""
	// for none.
	Due     string        `json:"due,omitempty"`
	Parties []Party       `json:"parties"`
	Sources []ClaimSource `json:"sources"`
	// Publication is the claim's public review, apart from its working
	// status: see Publication.
	Publication Publication `json:"publication"`
	// Check is the claim's second check before publishing, nil when none
	// was asked for.
	Check     *SecondCheck `json:"check,omitempty"`
	Version   int          `json:"version"`
	CreatedAt time.Time    `json:"created_at"`
	CreatedBy string       `json:"created_by"`
	UpdatedAt time.Time    `json:"updated_at"`
	UpdatedBy string       `json:"updated_by"`
	// Canonical and Via come from W3C Web Annotations: canonical is the
	// IRI that the annotation's author declared authoritative, kept as
	// given (Web Annotation Protocol §5.1); via is the IRI the annotation
	// had where it came from, before factmark gave it its own.
	Canonical string `json:"canonical,omitempty"`
	Via       string `json:"via,omitempty"`
	// SameAs lists the claims of other articles an editor linked to this
	// one as the same claim (a symmetric relation, shown on both).
	SameAs []SameClaim `json:"same_as,omitempty"`
}

// Party is a person, group or body a claim names, with its role. It may be
// anchored to its own span of the article.
type Party struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	Start *int   `json:"start,omitempty"`
	End   *int   `json:"end,omitempty"`
	Exact string `json:"exact,omitempty"` // the text at [Start, End) when anchored
	// EntityID is the party's entry in the registry (model.PartyEntity),
	// nil for a party not linked to one.
	EntityID *int64 `json:"party_id,omitempty"`
	// Type is the registry entry's type, "" when not linked; ClaimReview
	// makes a speaker a Person or an Organization by it.
	Type PartyType `json:"party_type,omitempty"`
}

// Anchored reports whether the party is marked on a span of the text.
func (p Party) Anchored() bool { return p.Start != nil && p.End != nil }

// Source is an entry in the reusable source library: a web page (URL) or an
// offline reference such as an interview or a document.
type Source struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url,omitempty"`
	Reference   string    `json:"reference,omitempty"`
	Title       string    `json:"title"`
	Publisher   string    `json:"publisher"`
	PublishedAt string    `json:"published_at,omitempty"`
	AccessedAt  string    `json:"accessed_at,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// ClaimSource is a source attached to a claim: the excerpt that matters, how
// it bears on the claim, and a note.
type ClaimSource struct {
	Source
	Excerpt  string   `json:"excerpt"`
	Relation Relation `json:"relation"`
	Note     string   `json:"note"`
	// Snapshot is the source's latest archived copy and whether Excerpt
	// is in it; nil when the source was never archived. It belongs to
	// the library entry, not the attachment: the store fills it in.
	Snapshot *SnapshotCheck `json:"snapshot"`
}

// Event is one entry of a claim's history: a field changed from one value to
// another, by whom and when, with an optional comment. Creation, parties and
// sources are recorded as events too.
type Event struct {
	ID      int64      `json:"-"`
	ClaimID int64      `json:"-"`
	At      time.Time  `json:"at"`
	User    string     `json:"user"`
	Field   EventField `json:"field"`
	From    string     `json:"from"`
	To      string     `json:"to"`
	Comment string     `json:"comment"`
}

// User is an account.
type User struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	DisplayName  string    `json:"display_name"`
	Role         UserRole  `json:"role"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	// Active is false for a deactivated account: it cannot log in, and its
	// sessions and tokens stop working.
	Active bool `json:"active"`
	// LastLoginAt is when the user last logged in; zero for never.
	LastLoginAt time.Time `json:"last_login_at"`
	// Publisher marks an editor whom an admin allowed to publish reviews
	// and approve second checks; admins always may (CanPublish).
	Publisher bool `json:"publisher"`
}

// CanPublish reports whether u may publish reviews and approve second
// checks: an admin, or an active editor marked as a publisher.
func (u User) CanPublish() bool {
	return u.Role == UserAdmin || (u.Role == UserEditor && u.Publisher)
}

// Label is how the user is shown: the display name, or the login name.
func (u User) Label() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Name
}

// CompareClaims orders claims as an article reads them: by start, then the
// longer span first so that a claim precedes the claims nested in it, then
// by id. The store lists an article's claims in this order (its SQL says
// the same) and the exports keep it.
func CompareClaims(a, b Claim) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(b.End, a.End); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
