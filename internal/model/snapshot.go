package model

import (
	"time"

	"github.com/factmark/factmark/internal/text"
)

// Snapshot is one archived copy of a source's web page: what the page said
// when factmark fetched it, so that readers can replicate a check. The raw
// bytes are the evidence and SHA256 their hash; Text is the page's article
// in canonical form, which excerpts are checked against. A source may be
// archived several times; the latest snapshot is the one shown.
type Snapshot struct {
	ID       int64 `json:"id"`
	SourceID int64 `json:"source_id"`
	// URL is the address the page was fetched from, after redirects.
	URL       string    `json:"url"`
	FetchedAt time.Time `json:"fetched_at"`
	FetchedBy string    `json:"fetched_by"`
	// SHA256 is the hex SHA-256 of the raw bytes as received.
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type"`
	// Size is the raw bytes' length.
	Size  int    `json:"size"`
	Title string `json:"title"`
	// TextLength is the length of Text in code points.
	TextLength int `json:"text_length"`
	// Text is the extracted canonical text; lists leave it out.
	Text string `json:"-"`
}

// NewSnapshot is what the store needs to archive a fetched page. The store
// computes the hash of Raw itself, so that the hash stored is always that of
// the bytes stored.
type NewSnapshot struct {
	SourceID    int64
	URL         string
	FetchedAt   time.Time
	ContentType string
	Raw         []byte
	Title       string
	Text        string
}

// SnapshotCheck is how a claim's source stands against the source's latest
// snapshot: which snapshot, and whether the excerpt is in its text.
type SnapshotCheck struct {
	// ID names the snapshot among its source's (its raw bytes are at
	// /api/v1/sources/{source id}/snapshots/{id}/raw); 0 in a public view.
	ID        int64     `json:"id,omitempty"`
	SHA256    string    `json:"sha256"`
	FetchedAt time.Time `json:"fetched_at"`
	// ExcerptFound is nil when the attachment has no excerpt.
	ExcerptFound *bool `json:"excerpt_found"`
}

// CheckExcerpt checks excerpt against a snapshot whose text, in
// text.MatchForm, is matchText: in canonical form, white space folded,
// case kept, typographic quotes and dashes tolerated.
func CheckExcerpt(id int64, sha256 string, fetchedAt time.Time, matchText, excerpt string) *SnapshotCheck {
	sc := &SnapshotCheck{ID: id, SHA256: sha256, FetchedAt: fetchedAt}
	if text.MatchForm(excerpt) != "" {
		found := text.Contains(matchText, excerpt)
		sc.ExcerptFound = &found
	}
	return sc
}

// PublishedSnapshot is the snapshot a publication showed for a source:
// its hash and when it was taken, which are no secret but, like the rest of
// what readers see, frozen until the review is published again.
type PublishedSnapshot struct {
	SHA256    string    `json:"sha256"`
	FetchedAt time.Time `json:"fetched_at"`
}
