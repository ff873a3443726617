package pages

import (
	"strconv"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// ClaimPanel is the claim panel's view model.
type ClaimPanel struct {
	Claim   model.Claim
	History []model.Event
	Users   []model.User
	// Details holds the details form's values: the claim's, or what the
	// editor sent when it was refused, so that nothing typed is lost.
	Details DetailsInput
	Party   PartyInput
	Source  SourceInput
	// Errors by form and field: "details.status", "party.name",
	// "source.url", "delete".
	Errors map[string]string
	// Unsaved names the form ("details", "party" or "source") whose fields
	// hold refused input rather than what is stored, so that the script
	// treats it as unsaved work.
	Unsaved string
	// Conflicts are the details fields someone else changed while the
	// editor was editing them, after a stale save.
	Conflicts []FieldConflict
	// Flash confirms the last change.
	Flash string
	// Publish and Withdraw are the "Publish review…" and "Withdraw
	// review…" forms.
	Publish  PublishInput
	Withdraw WithdrawInput
	// ArchiveSourceID is the source whose "Archive source" button was
	// refused: its error ("archive.url") shows beside that button.
	ArchiveSourceID int64
	// RequireCheck says that publishing needs a second check's approval
	// (--require-second-check); Check is the second check's form.
	RequireCheck bool
	Check        CheckInput
	// Comments are the claim's discussion; Comment is its form.
	Comments []model.Comment
	Comment  CommentInput
}

// PublishInput is the "Publish review…" form: the public rationale,
// prefilled with the one published last, and whether the form is open (it
// is after a refused submission, to show the error beside the field).
type PublishInput struct {
	Rationale string
	Open      bool
}

// WithdrawInput is the "Withdraw review…" form.
type WithdrawInput struct {
	Reason string
	Open   bool
}

// PublishFor returns the publish form for c, its rationale the one
// readers see now, so that a re-publication starts from it.
func PublishFor(c model.Claim) PublishInput {
	return PublishInput{Rationale: c.Publication.Rationale}
}

// verdictDiffers reports whether the claim's working status is not the
// verdict readers see, so that the editor knows to publish again.
func verdictDiffers(c model.Claim) bool {
	return c.Publication.IsPublished() && c.Status != c.Publication.Verdict
}

// contentDiffers reports whether the claim's statement, parties or sources
// changed since its review was published: readers still see them as they
// were published (model.PublicView) until an editor publishes again.
func contentDiffers(c model.Claim) bool {
	pc := c.Publication.Content
	return c.Publication.IsPublished() && pc != nil && !pc.Equal(model.ContentOf(c))
}

// reviewPath is the public page of c's review.
func reviewPath(c model.Claim) string {
	return "/reviews/" + strconv.FormatInt(c.ID, 10)
}

// formatDatePtr shows a publication time as a date and time in UTC, or "".
func formatDatePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return formatTime(*t)
}

// DetailsInput is the details form.
type DetailsInput struct {
	Statement, Kind, Status, Note, Assignee, Due, Comment string
}

// PartyInput is the add-party form.
type PartyInput struct {
	Name, Role string
	// UseSelection is the "mark the selected text" box.
	UseSelection bool
}

// SourceInput is the attach-source form.
type SourceInput struct {
	SourceID                                                         string
	URL, Reference, Title, Publisher, PublishedAt, Excerpt, Relation string
	Note                                                             string
	// DateOrder is how PublishedAt reads when written with numbers only:
	// "dmy" (13/11/2004) or "mdy" (11/13/2004).
	DateOrder string
}

// DetailsFrom returns the details form filled from c.
func DetailsFrom(c model.Claim) DetailsInput {
	return DetailsInput{Statement: c.Statement, Kind: string(c.Kind), Status: string(c.Status), Note: c.Note, Assignee: c.Assignee, Due: c.Due}
}

// PartyFor returns the add-party form for c, empty, with the role of the
// party added last (an editor tends to add a claim's parties role by role),
// else "mentioned".
func PartyFor(c model.Claim) PartyInput {
	role := model.RoleMentioned
	var last int64
	for _, p := range c.Parties {
		if p.ID > last {
			last, role = p.ID, p.Role
		}
	}
	return PartyInput{Role: string(role)}
}

// FieldConflict is a details field that someone else changed while the
// editor was editing the claim: what it holds now and what the editor sent,
// both as the form shows them.
type FieldConflict struct {
	Field string // "statement", "kind", "assignee", "status" or "note"
	User  string // who changed it last
	Now   string
	Yours string
}

// ShowConflicts shows the conflicts of a stale save (model.EditConflicts)
// as the form does: who by their display name, kinds and statuses by their
// labels, "nobody" for no assignee.
func ShowConflicts(cs []model.FieldConflict, users []model.User) []FieldConflict {
	out := make([]FieldConflict, 0, len(cs))
	for _, c := range cs {
		show := func(v string) string { return v }
		switch c.Field {
		case model.EventKind:
			show = func(v string) string { return model.Kind(v).Label() }
		case model.EventStatus:
			show = func(v string) string { return model.Status(v).Label() }
		case model.EventAssignee:
			show = func(v string) string {
				if v == "" {
					return "nobody"
				}
				return userLabel(users, v)
			}
		}
		out = append(out, FieldConflict{Field: string(c.Field), User: userLabel(users, c.By), Now: show(c.Now), Yours: show(c.Yours)})
	}
	return out
}

// ClaimDetails is the form's input as the store takes it.
func (in DetailsInput) ClaimDetails() model.ClaimDetails {
	return model.ClaimDetails{Statement: in.Statement, Kind: in.Kind, Status: in.Status, Note: in.Note, Assignee: in.Assignee, Due: in.Due}
}

// userLabel shows the user called name by their display name.
func userLabel(users []model.User, name string) string {
	for _, u := range users {
		if u.Name == name {
			return u.Label()
		}
	}
	return name
}

// NewClaimForm is the form for a claim on the selected span.
type NewClaimForm struct {
	ArticleID  int64
	Start, End int
	// Revision is the revision of the text the words were selected in.
	Revision  int
	Exact     string
	Statement string
	Kind      string
	Status    string
	// Accepted are the keys of the suggested parties ticked (see
	// SuggestedParty.Key), kept through a refused save.
	Accepted []string
	Errors   map[string]string
}

func claimPath(c model.Claim, rest string) string {
	return "/claims/" + strconv.FormatInt(c.ID, 10) + rest
}

func partySpan(p model.Party) string {
	if !p.Anchored() {
		return ""
	}
	return strconv.Itoa(*p.Start) + "–" + strconv.Itoa(*p.End)
}

// eventLabel and eventValue are the history's columns: the field and each
// value in words, as model.Event.Words says them.
func eventLabel(field model.EventField) string { return field.Label() }

func eventValue(field model.EventField, v string) string { return model.EventValue(field, v) }

func hasPrefix(m map[string]string, prefix string) bool {
	for k := range m {
		if len(k) >= len(prefix) && k[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}

// outsideClaim reports whether a party is marked on words outside its
// claim's span: allowed (a claim may name a party mentioned elsewhere), but
// worth telling the editor, since the same name often occurs twice.
func outsideClaim(p model.Party, c model.Claim) bool {
	return p.Anchored() && (*p.Start < c.Start || *p.End > c.End)
}

// publicationState is c's publication state, unpublished when unset.
func publicationState(c model.Claim) model.PublicationState {
	if c.Publication.State == "" {
		return model.Unpublished
	}
	return c.Publication.State
}

// SectionID is the element id of one part of claim c's panel ("claim-7-
// parties"). The claim is in the id so that an answer to a form of a panel
// closed meanwhile cannot replace a part of the panel now open.
func SectionID(c model.Claim, part string) string {
	return "claim-" + strconv.FormatInt(c.ID, 10) + "-" + part
}

// sourceLine names a library source in one line: title, publisher, address.
func sourceLine(s model.Source) string {
	var parts []string
	for _, v := range []string{s.Title, s.Publisher, s.URL} {
		if v != "" {
			parts = append(parts, v)
		}
	}
	if s.URL == "" && s.Reference != "" && s.Reference != s.Title {
		parts = append(parts, s.Reference)
	}
	return strings.Join(parts, " · ")
}

// snapshotRawPath is where the raw bytes of snapshot snapID of source
// sourceID are served (as text/plain).
func snapshotRawPath(sourceID, snapID int64) string {
	return "/api/v1/sources/" + itoa64(sourceID) + "/snapshots/" + itoa64(snapID) + "/raw"
}

// shortHash is the start of a hex hash, enough to tell snapshots or
// revisions apart at a glance; the whole hash is in the element's title
// and the exports.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}

// archiveIndicatorID is the id of the progress indicator of a source's
// "Archive source" button.
func archiveIndicatorID(c model.Claim, sourceID int64) string {
	return SectionID(c, "archive-"+itoa64(sourceID))
}
