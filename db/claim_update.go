package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// UpdateClaim applies a partial change, recording one history event per
// field that really changed. A stale IfVersion fails with EPRECONDITION
// carrying the current claim.
func (d *DB) UpdateClaim(ctx context.Context, id int64, u model.ClaimUpdate, by string) (model.Claim, error) {
	if err := u.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, u.IfVersion)
		if err != nil {
			return err
		}
		return updateClaim(ctx, tx, c, u, now, by)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// updateClaim applies u, normalized, to c, the claim as stored, with one
// history event per changed field.
func updateClaim(ctx context.Context, tx *sql.Tx, c model.Claim, u model.ClaimUpdate, now time.Time, by string) error {
	// Only a new assignee is checked: a save that keeps one whose account
	// was deactivated since must not fail for it.
	if u.Assignee != nil && *u.Assignee != c.Assignee {
		if err := checkAssignee(ctx, tx, *u.Assignee, "assignee", "the claim"); err != nil {
			return err
		}
	}
	ch := claimChanges{id: c.ID, now: now, by: by}
	setIf := func(field model.EventField, from string, to *string, comment string) {
		if to != nil {
			ch.set(field, from, *to, comment)
		}
	}
	if u.Status != nil {
		s := string(*u.Status)
		if s == string(c.Status) && u.Comment != "" {
			// A comment that confirms the current status is kept as its
			// own event rather than dropped with the no-op change.
			ch.event(model.EventStatus, s, s, u.Comment)
		} else {
			ch.set(model.EventStatus, string(c.Status), s, u.Comment)
		}
	}
	if u.Statement != nil && *u.Statement == "" {
		// As on creation: a claim without a statement states its words.
		exact := c.Quote.Exact
		u.Statement = &exact
	}
	setIf(model.EventStatement, c.Statement, u.Statement, "")
	if u.Kind != nil {
		ch.set(model.EventKind, string(c.Kind), string(*u.Kind), "")
	}
	setIf(model.EventNote, c.Note, u.Note, "")
	setIf(model.EventAssignee, c.Assignee, u.Assignee, "")
	setIf(model.EventDue, c.Due, u.Due, "")
	return ch.write(ctx, tx)
}

// claimChanges collects the changes of one write to a claim: the columns
// to set and the history events, one per change, which write stores
// together.
type claimChanges struct {
	id     int64
	now    time.Time
	by     string
	sets   []string // "column = ?"
	args   []any
	events []model.Event
}

// set records column's change from from to to, with its event, unless the
// value stays the same.
func (ch *claimChanges) set(field model.EventField, from, to, comment string) {
	if from == to {
		return
	}
	ch.sets, ch.args = append(ch.sets, string(field)+" = ?"), append(ch.args, to)
	ch.event(field, from, to, comment)
}

// event records a history event that changes no column of the claim row
// (a party or a source, or a comment on the current status).
func (ch *claimChanges) event(field model.EventField, from, to, comment string) {
	ch.events = append(ch.events, model.Event{ClaimID: ch.id, At: ch.now, User: ch.by, Field: field, From: from, To: to, Comment: comment})
}

// write stores the events and updates the claim, its version bumped, when
// anything changed; a write that changes nothing leaves the version as it
// is.
func (ch *claimChanges) write(ctx context.Context, tx *sql.Tx) error {
	if len(ch.events) == 0 {
		return nil
	}
	for _, e := range ch.events {
		if err := addEvent(ctx, tx, e); err != nil {
			return err
		}
	}
	if err := notifyEvents(ctx, tx, ch.events); err != nil {
		return err
	}
	sets := append(ch.sets, "version = version + 1", "updated_at = ?", "updated_by = ?")
	args := append(ch.args, formatTime(ch.now), ch.by)
	if status, ok := ch.statusSet(); ok {
		// Setting or confirming the status checks the claim's words as
		// they are now: a change a revision made to them is seen.
		sets = append(sets, "changed_from = ''", "verdict_revision = CASE WHEN ? = 'unchecked' THEN 0 ELSE anchored_revision END")
		args = append(args, status)
	}
	args = append(args, ch.id)
	_, err := tx.ExecContext(ctx, `UPDATE claims SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...)
	return err
}

// statusSet returns the status this write sets or confirms, if any.
func (ch *claimChanges) statusSet() (string, bool) {
	for _, e := range ch.events {
		if e.Field == model.EventStatus {
			return e.To, true
		}
	}
	return "", false
}

// lockClaim loads a claim inside a write transaction and checks ifVersion.
func lockClaim(ctx context.Context, tx *sql.Tx, id int64, ifVersion int) (model.Claim, error) {
	c, err := claim(ctx, tx, id)
	if err != nil {
		return c, err
	}
	if ifVersion != 0 && ifVersion != c.Version {
		msg := fmt.Sprintf("The claim was changed by %s since you loaded it (your version %d, now %d): reload and apply your change again.", c.UpdatedBy, ifVersion, c.Version)
		if ifVersion < 0 {
			msg = fmt.Sprintf("If-Match names no version of this claim: send the ETag you received, now \"%d\".", c.Version)
		}
		return c, &model.Error{Code: model.EPRECONDITION, Current: c, Message: msg}
	}
	return c, nil
}

// touchClaim bumps a claim's version after a change to its parties or sources
// and records the event.
func touchClaim(ctx context.Context, tx *sql.Tx, e model.Event) error {
	if _, err := tx.ExecContext(ctx, `UPDATE claims SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
		formatTime(e.At), e.User, e.ClaimID); err != nil {
		return err
	}
	return addEvent(ctx, tx, e)
}

// ReplaceClaim replaces a claim's statement, kind, status, note, parties and
// sources with r's, in one transaction, recording one history event per
// change as UpdateClaim, AddParty and AttachSource do. Parties are matched
// by name and role and sources by their URL (or reference and title), so
// that what stays the same keeps its id, its span and its place; only the
// differences are written. An empty statement becomes the quote, as on
// creation. Canonical and Via are set only while the claim has none. A stale
// IfVersion fails with EPRECONDITION carrying the current claim; a
// replacement that changes nothing leaves the version as it is.
func (d *DB) ReplaceClaim(ctx context.Context, id int64, r model.ClaimReplacement, by string) (model.Claim, error) {
	if err := r.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, r.IfVersion)
		if err != nil {
			return err
		}
		a, err := article(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		statement := r.Statement
		if statement == "" {
			statement = c.Quote.Exact
		}
		ch := claimChanges{id: id, now: now, by: by}
		ch.set(model.EventStatus, string(c.Status), string(r.Status), "")
		ch.set(model.EventStatement, c.Statement, statement, "")
		ch.set(model.EventKind, string(c.Kind), string(r.Kind), "")
		ch.set(model.EventNote, c.Note, r.Note, "")
		if c.Canonical == "" {
			ch.set(model.EventCanonical, "", r.Canonical, "")
		}
		if c.Via == "" {
			ch.set(model.EventVia, "", r.Via, "")
		}
		if err := replaceParties(ctx, tx, a.Text, c, r.Parties, now, by, ch.event); err != nil {
			return err
		}
		if err := replaceSources(ctx, tx, c, r.Sources, now, by, ch.event); err != nil {
			return err
		}
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// replaceParties makes c's parties those of want: a party with the same
// name and role as a wanted one stays as it is, the others are removed,
// and wanted ones left over are added.
func replaceParties(ctx context.Context, tx *sql.Tx, body string, c model.Claim, want []model.NewParty, now time.Time, by string, event func(field model.EventField, from, to, comment string)) error {
	used := make([]bool, len(want))
	for _, p := range c.Parties {
		kept := false
		for i, w := range want {
			if !used[i] && w.Name == p.Name && w.Role == p.Role {
				used[i], kept = true, true
				break
			}
		}
		if kept {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM parties WHERE id = ?`, p.ID); err != nil {
			return err
		}
		event(model.EventParty, model.PartyValue(p.Name, p.Role), "", "")
	}
	var ix *text.Index
	for i, w := range want {
		if used[i] {
			continue
		}
		if ix == nil {
			ix = text.NewIndex(body)
		}
		if _, err := insertParty(ctx, tx, ix, c.ID, w, fmt.Sprintf("parties[%d].", i), now, by); err != nil {
			return err
		}
		event(model.EventParty, "", model.PartyValue(w.Name, w.Role), "")
	}
	return nil
}

// replaceSources makes c's attached sources those of want: a wanted source
// already attached (the same library entry, URL, or reference and title)
// keeps its place and gets the wanted excerpt, relation and note; the others
// are detached, and the wanted ones left over are attached.
func replaceSources(ctx context.Context, tx *sql.Tx, c model.Claim, want []model.Attachment, now time.Time, by string, event func(field model.EventField, from, to, comment string)) error {
	used := make([]bool, len(want))
	for _, s := range c.Sources {
		match := -1
		for i, w := range want {
			if !used[i] && sameSource(s.Source, w) {
				match = i
				break
			}
		}
		if match < 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM claim_sources WHERE claim_id = ? AND source_id = ?`, c.ID, s.ID); err != nil {
				return err
			}
			e := sourceEvent(c.ID, now, by, s.Title, "", s.Relation)
			event(e.Field, e.From, e.To, "")
			continue
		}
		used[match] = true
		w := want[match]
		if w.Excerpt == s.Excerpt && w.Relation == s.Relation && w.Note == s.Note {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE claim_sources SET excerpt = ?, relation = ?, note = ? WHERE claim_id = ? AND source_id = ?`,
			w.Excerpt, w.Relation, w.Note, c.ID, s.ID); err != nil {
			return err
		}
		changes := []struct {
			field    model.EventField
			from, to string
		}{{model.EventSourceRelation, string(s.Relation), string(w.Relation)}, {model.EventSourceExcerpt, s.Excerpt, w.Excerpt}, {model.EventSourceNote, s.Note, w.Note}}
		for _, ch := range changes {
			if ch.from != ch.to {
				event(ch.field, ch.from, ch.to, s.Title)
			}
		}
	}
	for i, w := range want {
		if used[i] {
			continue
		}
		src, err := linkSource(ctx, tx, c.ID, w, now, by)
		if err != nil {
			return prefixField(err, fmt.Sprintf("sources[%d].", i))
		}
		e := sourceEvent(c.ID, now, by, "", src.Title, w.Relation)
		event(e.Field, e.From, e.To, "")
	}
	return nil
}

// sameSource reports whether attachment a names the library source s: by
// id, or by the URL of a web source, or by the reference and title of an
// offline one.
func sameSource(s model.Source, a model.Attachment) bool {
	switch {
	case a.Source == nil:
		return a.SourceID == s.ID
	case a.Source.URL != "":
		return a.Source.URL == s.URL
	}
	return s.URL == "" && a.Source.Reference == s.Reference && a.Source.Title == s.Title
}
