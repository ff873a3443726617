package pages

import (
	"context"
	"regexp"
	"strings"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/layout"
)

// assignable is who an assignee menu offers: the active accounts, and the
// current assignee even when deactivated, so that the form shows who holds
// the claim and a save that keeps it does not change it.
func assignable(users []model.User, current string) []model.User {
	out := make([]model.User, 0, len(users))
	for _, u := range users {
		if u.Active || u.Name == current {
			out = append(out, u)
		}
	}
	return out
}

// CheckInput is the second-check form: the comment and, with a request,
// the public rationale proposed for approval.
type CheckInput struct {
	Comment, Rationale string
}

// canPublish reports whether the current user may publish and approve.
func canPublish(ctx context.Context) bool {
	u, ok := layout.User(ctx)
	return ok && u.CanPublish()
}

// mayApprove reports whether the current user may approve c's awaited
// check: a publisher or admin who did not set its verdict.
func mayApprove(ctx context.Context, c model.Claim) bool {
	u, ok := layout.User(ctx)
	return ok && u.CanPublish() && c.Check != nil && c.Check.State == model.CheckRequested && c.Check.VerdictBy != u.Name
}

// checkState is c's second check's state, "" for none.
func checkState(c model.Claim) model.CheckState {
	if c.Check == nil {
		return ""
	}
	return c.Check.State
}

// CommentInput is the comment form: what the editor typed, kept when it
// was refused. Editing names the comment being edited.
type CommentInput struct {
	Body    string
	Editing int64
}

// commentSegment is a run of a comment's text: plain, a link (URL set, an
// http or https address only) or an @mention (Mention set).
type commentSegment struct {
	Text, URL string
	Mention   bool
}

// linkRE finds web addresses in a comment: http:// or https:// up to white
// space.
var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// commentSegments cuts a comment's body into plain text, links and
// mentions, for the view to escape and link: only http and https
// addresses become links (model.NormalizeURL), trailing punctuation stays
// text.
func commentSegments(body string) []commentSegment {
	var out []commentSegment
	plain := func(s string) {
		out = append(out, mentionSegments(s)...)
	}
	last := 0
	for _, m := range linkRE.FindAllStringIndex(body, -1) {
		raw := strings.TrimRight(body[m[0]:m[1]], ".,;:!?)")
		end := m[0] + len(raw)
		u, ok := model.NormalizeURL(raw)
		if !ok || u == "" {
			continue
		}
		plain(body[last:m[0]])
		out = append(out, commentSegment{Text: raw, URL: u})
		last = end
	}
	plain(body[last:])
	return out
}

// mentionRE is an @name mention in plain text, as model.Mentions finds them.
var mentionTextRE = regexp.MustCompile(`(^|[^A-Za-z0-9._@-])(@[A-Za-z0-9._-]*[A-Za-z0-9_-])`)

// mentionSegments cuts plain text into text and @mentions.
func mentionSegments(s string) []commentSegment {
	var out []commentSegment
	last := 0
	for _, m := range mentionTextRE.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[4], m[5]
		if start > last {
			out = append(out, commentSegment{Text: s[last:start]})
		}
		out = append(out, commentSegment{Text: s[start:end], Mention: true})
		last = end
	}
	if last < len(s) {
		out = append(out, commentSegment{Text: s[last:]})
	}
	return out
}

// isMine reports whether the current user wrote comment c.
func isMine(ctx context.Context, c model.Comment) bool {
	u, ok := layout.User(ctx)
	return ok && u.Name == c.Author
}

// editBody is what comment cm's edit form holds: the refused input when
// that form was refused, else the comment.
func editBody(in CommentInput, cm model.Comment) string {
	if in.Editing == cm.ID {
		return in.Body
	}
	return cm.Body
}

// newBody is what the new-comment form holds: the refused input, if it was
// that form's.
func newBody(in CommentInput) string {
	if in.Editing == 0 {
		return in.Body
	}
	return ""
}
