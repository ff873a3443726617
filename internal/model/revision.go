package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/text"
)

// Link is a link inside an article's text: the linked words
// [Start, End), in code points of the canonical text, and the absolute
// http or https address they point to. Links are metadata on spans; the
// text model does not change (docs/DESIGN.md §1).
type Link struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Href  string `json:"href"`
}

// Origin says how a revision of an article came in.
type Origin string

// The ways a revision comes in.
const (
	OriginText    Origin = "text"    // pasted plain text
	OriginHTML    Origin = "html"    // pasted from a web page (the clipboard's HTML)
	OriginUpload  Origin = "upload"  // an uploaded .html file
	OriginURL     Origin = "url"     // fetched from its URL
	OriginRefetch Origin = "refetch" // "Check for updates": its URL fetched again
	OriginImport  Origin = "import"  // a factmark JSON export
)

// Label names the origin as editors read it.
func (o Origin) Label() string {
	switch o {
	case OriginText:
		return "Pasted text"
	case OriginHTML:
		return "Pasted from a page"
	case OriginUpload:
		return "Uploaded HTML"
	case OriginURL:
		return "Fetched"
	case OriginRefetch:
		return "Checked for updates"
	case OriginImport:
		return "Imported"
	}
	return string(o)
}

// Fetched reports whether revisions of this origin come with the page
// they were fetched from.
func (o Origin) Fetched() bool { return o == OriginURL || o == OriginRefetch }

// FetchedPage is a web page as factmark fetched it: the evidence of what
// an article said when it was checked. Body is the raw bytes; SHA256 is
// their hash in hex.
type FetchedPage struct {
	ID          int64     `json:"id"`
	URL         string    `json:"url"`       // as asked
	FinalURL    string    `json:"final_url"` // after redirects
	ContentType string    `json:"content_type"`
	SHA256      string    `json:"sha256"`
	Size        int       `json:"size"`
	FetchedAt   time.Time `json:"fetched_at"`
	FetchedBy   string    `json:"fetched_by"`
	Body        []byte    `json:"-"`
}

// Reanchored counts what became of an article's claims when a revision
// landed.
type Reanchored struct {
	Unchanged int `json:"unchanged"`
	Moved     int `json:"moved"`
	Changed   int `json:"changed"`
	Orphaned  int `json:"orphaned"`
}

// Any reports whether any claim moved, changed or was orphaned.
func (r Reanchored) Any() bool { return r.Moved+r.Changed+r.Orphaned > 0 }

// Revision is one version of an article's body: its number (1, 2, 3…),
// when, who and how it came in, and, for a fetched one, the page.
type Revision struct {
	Version    int          `json:"version"`
	CreatedAt  time.Time    `json:"created_at"`
	CreatedBy  string       `json:"created_by"`
	Origin     Origin       `json:"origin"`
	TextSHA256 string       `json:"text_sha256"`
	Page       *FetchedPage `json:"page,omitempty"`
	// Reanchored is nil for the first revision, which re-anchored nothing.
	Reanchored *Reanchored `json:"reanchored,omitempty"`
	// Text, Blocks and Links are left out of a list of revisions.
	Text   string       `json:"text,omitempty"`
	Blocks []text.Block `json:"blocks,omitempty"`
	Links  []Link       `json:"links,omitempty"`
}

// NewRevision is a new body for an article. Page is the fetched page it
// came from (Origin url or refetch), PendingPage the id of one stored for
// a preview; at most one of them is set.
type NewRevision struct {
	Doc         text.Document
	Links       []Link
	Origin      Origin
	Page        *FetchedPage
	PendingPage int64
	// IfVersion, when not zero, must be the article's version.
	IfVersion int
}

// RevisionResult is what adding a revision did. Unchanged is true when the
// text was the same as the current revision's: nothing was stored.
type RevisionResult struct {
	Article    Article
	Unchanged  bool
	Reanchored Reanchored
}

// ArticleUpdate changes an article's metadata; nil fields stay as they
// are. IfVersion, when not zero, must be the article's version.
type ArticleUpdate struct {
	Title       *string
	Byline      *string
	Publication *string
	URL         *string
	PublishedAt *string
	Lang        *string
	Dir         *string
	IfVersion   int
}

// Normalize folds the given fields as an import does (NFC, white space
// folded, trimmed) and checks them: a title stays required, a URL is
// http or https, a date YYYY-MM-DD or RFC 3339, a direction ltr, rtl or
// empty, a language a short tag.
func (u *ArticleUpdate) Normalize() error {
	fe := FieldErrors{}
	short := func(p *string, field, label string, max int) {
		if p == nil {
			return
		}
		*p = text.NormalizeBlock(*p)
		fe.CheckLen(field, label, *p, max)
	}
	short(u.Title, "title", "The title", MaxTitleLen)
	if u.Title != nil && *u.Title == "" {
		fe.Add("title", "The title cannot be blank.")
	}
	short(u.Byline, "byline", "The byline", MaxShortLen)
	short(u.Publication, "publication", "The publication", MaxShortLen)
	if u.URL != nil {
		if v, ok := NormalizeURL(*u.URL); ok {
			*u.URL = v
		} else {
			fe.Add("url", "The URL must be a full http:// or https:// address.")
		}
	}
	if u.PublishedAt != nil {
		if v, ok := NormalizeDate(*u.PublishedAt); ok {
			*u.PublishedAt = v
		} else {
			fe.Add("published_at", "The published date must look like 2026-01-31, or 2026-01-31T09:30:00Z with a time.")
		}
	}
	if u.Lang != nil {
		*u.Lang = strings.TrimSpace(*u.Lang)
		if !ValidLang(*u.Lang) {
			fe.Add("lang", "The language must be a tag such as en, fr or pt-BR, or empty.")
		}
	}
	if u.Dir != nil {
		*u.Dir = strings.ToLower(strings.TrimSpace(*u.Dir))
		if *u.Dir != "" && *u.Dir != "ltr" && *u.Dir != "rtl" {
			fe.Add("dir", `The direction must be "ltr", "rtl" or empty.`)
		}
	}
	return fe.Err("title", "byline", "publication", "url", "published_at", "lang", "dir")
}

// ValidLang accepts "" and BCP 47-like tags: letters and digits in parts
// of 1 to 8, separated by hyphens.
func ValidLang(s string) bool {
	if s == "" {
		return true
	}
	if len(s) > 35 {
		return false
	}
	for _, part := range strings.Split(s, "-") {
		if len(part) == 0 || len(part) > 8 {
			return false
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// Apply returns a with u's fields set.
func (u ArticleUpdate) Apply(a Article) Article {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&a.Title, u.Title)
	set(&a.Byline, u.Byline)
	set(&a.Publication, u.Publication)
	set(&a.URL, u.URL)
	set(&a.PublishedAt, u.PublishedAt)
	set(&a.Lang, u.Lang)
	set(&a.Dir, u.Dir)
	return a
}

// EventAnchor: a claim's span re-anchored by a revision, re-attached or
// dismissed by an editor. From and To are AnchorValues ("" for none: an
// orphan has no To); the comment is an AnchorComment.
const EventAnchor EventField = "anchor"

// AnchorKind says what happened to a claim's anchor.
type AnchorKind string

// The kinds of anchor events.
const (
	AnchorMoved      AnchorKind = "moved"
	AnchorChanged    AnchorKind = "changed"
	AnchorOrphaned   AnchorKind = "orphaned"
	AnchorReattached AnchorKind = "reattached"
	AnchorDismissed  AnchorKind = "dismissed"
)

// AnchorValue is how an anchor event stores a span: its words, their
// position and the revision they are in (`"words" at 3–7 in revision 2`).
func AnchorValue(words string, start, end, revision int) string {
	return strconv.Quote(words) + " at " + strconv.Itoa(start) + "–" + strconv.Itoa(end) + " in revision " + strconv.Itoa(revision)
}

// AnchorComment is the comment of an anchor event: its kind and the
// revision ("moved in revision 3").
func AnchorComment(k AnchorKind, revision int) string {
	return string(k) + " in revision " + strconv.Itoa(revision)
}

// anchorKind reads the kind of an anchor event from its comment.
func anchorKind(comment string) AnchorKind {
	k, _, _ := strings.Cut(comment, " ")
	return AnchorKind(k)
}

// anchorWords shows an AnchorValue as its words and revision:
// `“words” (revision 2)`. A value it cannot read is shown as it is.
func anchorWords(v string) string {
	at := strings.LastIndex(v, "\" at ")
	rev := strings.LastIndex(v, " in revision ")
	if at < 0 || rev < at {
		return v
	}
	words, err := strconv.Unquote(v[:at+1])
	if err != nil {
		return v
	}
	return "“" + words + "” (revision " + v[rev+len(" in revision "):] + ")"
}

// ValidDir accepts "", "ltr" and "rtl".
func ValidDir(s string) bool { return s == "" || s == "ltr" || s == "rtl" }

// CheckLinks checks links against a text of n code points: each within
// it, not empty, in order, and pointing to an absolute http or https
// address, so that no stored link can run code. It returns the index of
// the first bad link and what is wrong, or -1.
func CheckLinks(links []Link, n int) (int, string) {
	prev := 0
	for i, l := range links {
		switch {
		case l.Start < 0 || l.End > n || l.Start >= l.End:
			return i, fmt.Sprintf("The link's span %d–%d is not inside the text (%d characters) or is empty.", l.Start, l.End, n)
		case l.Start < prev:
			return i, "Links must be in the order of the text and must not overlap."
		}
		if u, ok := NormalizeURL(l.Href); !ok || u == "" {
			return i, "A link must point to a full http:// or https:// address."
		}
		prev = l.End
	}
	return -1, ""
}
