package model

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxCommentBodyLen is the longest comment, in code points.
const MaxCommentBodyLen = 10000

// Comment is one message of a claim's discussion: internal to the desk,
// never in a public surface.
type Comment struct {
	ID        int64     `json:"id"`
	ClaimID   int64     `json:"claim_id"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Edited is true once its author changed it.
	Edited bool `json:"edited"`
}

// NormalizeCommentBody trims a comment's body and checks that it says
// something and is not too long.
func NormalizeCommentBody(body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch {
	case VisiblyEmpty(body):
		return "", Invalid("body", "Write the comment: it is empty.")
	case utf8.RuneCountInString(body) > MaxCommentBodyLen:
		return "", Invalid("body", "The comment is too long: at most %d characters.", MaxCommentBodyLen)
	}
	return body, nil
}

// mentionRE finds @name mentions: an @ at the start or after a character
// that cannot be part of a name (so that an e-mail address is none),
// followed by a user name's characters.
var mentionRE = regexp.MustCompile(`(^|[^A-Za-z0-9._@-])@([A-Za-z0-9._-]{1,64})`)

// Mentions returns the user names a comment mentions with @name, each once,
// in order, without a trailing dot (the end of a sentence).
func Mentions(body string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range mentionRE.FindAllStringSubmatch(body, -1) {
		name := strings.TrimRight(m[2], ".")
		if name != "" && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// NotificationKind is why a user is notified.
type NotificationKind string

// The kinds of notification.
const (
	NotifyAssigned       NotificationKind = "assigned"
	NotifyMentioned      NotificationKind = "mentioned"
	NotifyStatus         NotificationKind = "status"
	NotifyPublished      NotificationKind = "published"
	NotifyCheckRequested NotificationKind = "check_requested"
	NotifyCheckDecided   NotificationKind = "check_decided"
	NotifyOrphaned       NotificationKind = "orphaned"
)

// Notification tells a user about something on a claim they follow (they
// created it, were assigned it or commented on it), or that concerns them
// (assigned, mentioned).
type Notification struct {
	ID           int64            `json:"id"`
	Kind         NotificationKind `json:"kind"`
	ClaimID      int64            `json:"claim_id"`
	ArticleID    int64            `json:"article_id"`
	ClaimNumber  int              `json:"claim_number"`
	ArticleTitle string           `json:"article_title"`
	Actor        string           `json:"actor"`
	// Detail is what changed: the new status, the comment's first words.
	Detail string     `json:"detail"`
	At     time.Time  `json:"at"`
	ReadAt *time.Time `json:"read_at,omitempty"`
	// Text is the notification in words, URL what it opens.
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Describe fills in n's Text and URL from its other fields.
func (n *Notification) Describe() {
	claim := "claim #" + strconv.Itoa(n.ClaimNumber) + " of “" + n.ArticleTitle + "”"
	switch n.Kind {
	case NotifyAssigned:
		n.Text = n.Actor + " assigned you " + claim
	case NotifyMentioned:
		n.Text = n.Actor + " mentioned you on " + claim + ": " + n.Detail
	case NotifyStatus:
		n.Text = n.Actor + " set " + claim + " to " + Status(n.Detail).Label()
	case NotifyPublished:
		n.Text = n.Actor + " published the review of " + claim
	case NotifyCheckRequested:
		n.Text = n.Actor + " asked for a second check of " + claim
	case NotifyOrphaned:
		n.Text = "A revision by " + n.Actor + " orphaned " + claim + ": its words are no longer in the article"
	case NotifyCheckDecided:
		n.Text = n.Actor + " " + strings.ToLower(CheckState(n.Detail).Label()) + " " + claim
	default:
		n.Text = n.Actor + " changed " + claim
	}
	n.URL = ClaimURL(n.ArticleID, n.ClaimID)
}

// Excerpt is the start of s, at most n code points, with an ellipsis when
// cut.
func Excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
