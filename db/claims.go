package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// CreateClaim anchors nc in the article's current text and stores it with its
// parties, its sources and its canonical and via IRIs, and records a
// "created" history event and one per source, all in one transaction.
func (d *DB) CreateClaim(ctx context.Context, articleID int64, nc model.NewClaim, by string) (model.Claim, error) {
	if err := nc.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	var id int64
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		a, err := article(ctx, tx, articleID)
		if err != nil {
			return err
		}
		id, err = insertClaim(ctx, tx, text.NewIndex(a.Text), articleID, nc, now, by)
		return err
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// CreateClaims creates claims in one article as CreateClaim does, all in one
// transaction, for an import: the claims that can be made are committed
// together, or none is. A claim that cannot be made (invalid, not in the
// text, citing a source that is not in the library) does not stop the
// others: its error is errs[i], at its index in ncs, and claims[i] is the
// claim made from ncs[i] otherwise. err is about the batch as a whole (the
// article does not exist; the database failed, or ctx ended), and then
// nothing was created. Each claim is written within a savepoint, so that
// one that fails halfway, with some of its sources written, leaves nothing
// behind.
func (d *DB) CreateClaims(ctx context.Context, articleID int64, ncs []model.NewClaim, by string) (claims []model.Claim, errs []error, err error) {
	ncs = slices.Clone(ncs) // normalized here, as CreateClaim normalizes its copy
	errs = make([]error, len(ncs))
	for i := range ncs {
		errs[i] = ncs[i].Normalize()
	}
	now := d.now()
	ids := make([]int64, len(ncs))
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		a, err := article(ctx, tx, articleID)
		if err != nil {
			return err
		}
		ix := text.NewIndex(a.Text)
		for i, nc := range ncs {
			if errs[i] != nil {
				continue
			}
			errs[i] = inSavepoint(ctx, tx, func() error {
				var err error
				ids[i], err = insertClaim(ctx, tx, ix, articleID, nc, now, by)
				return err
			})
			if model.ErrorCode(errs[i]) == model.EINTERNAL {
				return errs[i]
			}
		}
		claims, err = claimsByID(ctx, tx, ids)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return claims, errs, nil
}

// inSavepoint runs fn within a savepoint of tx, rolled back to when fn
// fails, so that the transaction can go on without what fn wrote.
func inSavepoint(ctx context.Context, tx *sql.Tx, fn func() error) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT item`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	ferr := fn()
	if ferr != nil {
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO item`); err != nil {
			return fmt.Errorf("rollback to savepoint: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `RELEASE item`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	return ferr
}

// claimsByID loads the claims with the given ids, each at its id's index;
// an id of 0 gives a zero claim.
func claimsByID(ctx context.Context, q queryer, ids []int64) ([]model.Claim, error) {
	out := make([]model.Claim, len(ids))
	var want []int64
	for _, id := range ids {
		if id != 0 {
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	list, err := json.Marshal(want)
	if err != nil {
		return nil, err
	}
	loaded, err := loadClaims(ctx, q, `c.id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]model.Claim, len(loaded))
	for _, c := range loaded {
		byID[c.ID] = c
	}
	for i, id := range ids {
		if id != 0 {
			out[i] = byID[id]
		}
	}
	return out, nil
}

// insertClaim anchors nc (normalized) in the text indexed by ix and writes
// it with its parties, sources and history events.
func insertClaim(ctx context.Context, tx *sql.Tx, ix *text.Index, articleID int64, nc model.NewClaim, now time.Time, by string) (int64, error) {
	start, end, err := resolveSpan(ix, nc)
	if err != nil {
		return 0, err
	}
	if err := checkAssignee(ctx, tx, nc.Assignee, "assignee"); err != nil {
		return 0, err
	}
	q := anchor.QuoteAt(ix, start, end)
	statement := nc.Statement
	if statement == "" {
		statement = q.Exact
	}
	id, err := nextID(ctx, tx, "claims")
	if err != nil {
		return 0, err
	}
	number, err := nextClaimNumber(ctx, tx, articleID)
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO claims (number, id, article_id, start_pos, end_pos, exact, prefix, suffix, statement, kind, status, note, assignee, canonical, via, version, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
		number, id, articleID, start, end, q.Exact, q.Prefix, q.Suffix, statement, nc.Kind, nc.Status, nc.Note, nc.Assignee, nc.Canonical, nc.Via,
		formatTime(now), by, formatTime(now), by)
	if err != nil {
		return 0, fmt.Errorf("insert claim: %w", err)
	}
	for i, p := range nc.Parties {
		if err := insertParty(ctx, tx, ix, id, p, fmt.Sprintf("parties[%d].", i)); err != nil {
			return 0, err
		}
	}
	if err := addEvent(ctx, tx, model.Event{ClaimID: id, At: now, User: by, Field: "claim", To: "created"}); err != nil {
		return 0, err
	}
	for i, att := range nc.Sources {
		src, err := linkSource(ctx, tx, id, att, now, by)
		if err != nil {
			return 0, prefixField(err, fmt.Sprintf("sources[%d].", i))
		}
		if err := addEvent(ctx, tx, sourceEvent(id, now, by, "", src.Title, att.Relation)); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// resolveSpan turns a claim's position or quote into a checked span.
func resolveSpan(ix *text.Index, nc model.NewClaim) (int, int, error) {
	if nc.Start != nil {
		return checkSpan(ix, *nc.Start, *nc.End, "")
	}
	start, end, err := anchor.Locate(ix, *nc.Quote)
	switch {
	case errors.Is(err, anchor.ErrEmptyQuote):
		return 0, 0, model.Invalid("quote.exact", "The quote's exact text is empty.")
	case errors.Is(err, anchor.ErrNotFound):
		return 0, 0, model.Invalid("quote.exact", "The quoted text does not occur in the article: copy it exactly as it appears.")
	case errors.Is(err, anchor.ErrAmbiguous):
		return 0, 0, model.Invalid("quote.exact", "The quoted text occurs more than once in the article: add a prefix or suffix that tells which one.")
	case err != nil:
		return 0, 0, err
	}
	return start, end, nil
}

// checkSpan validates [start, end) against the text; prefix goes before the
// field names in errors ("parties[0].").
func checkSpan(ix *text.Index, start, end int, prefix string) (int, int, error) {
	switch {
	case start < 0:
		return 0, 0, model.Invalid(prefix+"start", "start must be 0 or more, got %d.", start)
	case end <= start:
		return 0, 0, model.Invalid(prefix+"end", "end must be greater than start (start %d, end %d).", start, end)
	case end > ix.Len():
		return 0, 0, model.Invalid(prefix+"end", "end %d is past the end of the article's text (%d characters).", end, ix.Len())
	}
	// A span never starts or ends with white space: a selection that took
	// the space after a word, or ran into the next block, is tightened.
	s, e := ix.TrimSpan(start, end)
	if s == e {
		return 0, 0, model.Invalid(prefix+"end", "The span [%d, %d) holds only white space: select some words.", start, end)
	}
	return s, e, nil
}

func checkAssignee(ctx context.Context, q queryer, name, field string) error {
	if name == "" {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return model.Invalid(field, "There is no user called %q to assign the claim to.", name)
	}
	return nil
}

func insertParty(ctx context.Context, tx *sql.Tx, ix *text.Index, claimID int64, p model.NewParty, prefix string) error {
	var start, end any
	exact := ""
	if p.Start != nil {
		s, e, err := checkSpan(ix, *p.Start, *p.End, prefix)
		if err != nil {
			return err
		}
		start, end, exact = s, e, ix.Slice(s, e)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO parties (claim_id, name, role, start_pos, end_pos, exact) VALUES (?, ?, ?, ?, ?, ?)`,
		claimID, p.Name, p.Role, start, end, exact)
	return err
}

func addEvent(ctx context.Context, q queryer, e model.Event) error {
	_, err := q.ExecContext(ctx, `INSERT INTO claim_events (claim_id, at, user_name, field, from_val, to_val, comment) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.ClaimID, formatTime(e.At), e.User, e.Field, e.From, e.To, e.Comment)
	if err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	return nil
}

// Claim returns the claim with id, with its parties and sources.
func (d *DB) Claim(ctx context.Context, id int64) (model.Claim, error) {
	var c model.Claim
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = claim(ctx, tx, id)
		return err
	})
	return c, err
}

func claim(ctx context.Context, q queryer, id int64) (model.Claim, error) {
	cs, err := loadClaims(ctx, q, `c.id = ?`, id)
	if err != nil {
		return model.Claim{}, err
	}
	if len(cs) == 0 {
		return model.Claim{}, model.NotFound("Claim", id)
	}
	return cs[0], nil
}

// ClaimsByArticle returns an article's claims by position, with their
// parties and sources; an unknown article is an error.
func (d *DB) ClaimsByArticle(ctx context.Context, articleID int64) ([]model.Claim, error) {
	var out []model.Claim
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE id = ?`, articleID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return model.NotFound("Article", articleID)
		}
		var err error
		out, err = loadClaims(ctx, tx, `c.article_id = ?`, articleID)
		return err
	})
	return out, err
}

// ArticleWithClaims returns an article and its claims from one snapshot, so
// that the claims' offsets always refer to the text returned with them.
func (d *DB) ArticleWithClaims(ctx context.Context, articleID int64) (model.Article, []model.Claim, error) {
	var (
		a      model.Article
		claims []model.Claim
	)
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = article(ctx, tx, articleID); err != nil {
			return err
		}
		claims, err = loadClaims(ctx, tx, `c.article_id = ?`, articleID)
		return err
	})
	return a, claims, err
}

// loadClaims loads the claims matching cond (over alias c) and then all
// their parties and sources in one query each, rather than two per claim.
func loadClaims(ctx context.Context, q queryer, cond string, arg any) ([]model.Claim, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.article_id, c.start_pos, c.end_pos, c.exact, c.prefix, c.suffix, c.orphan,
		c.statement, c.kind, c.status, c.note, c.assignee, c.version, c.created_at, c.created_by, c.updated_at, c.updated_by,
		c.canonical, c.via, c.number
		FROM claims c WHERE `+cond+` ORDER BY c.start_pos, c.end_pos DESC, c.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		out   []model.Claim
		index = map[int64]int{}
	)
	for rows.Next() {
		var (
			c                model.Claim
			created, updated string
		)
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Start, &c.End, &c.Quote.Exact, &c.Quote.Prefix, &c.Quote.Suffix, &c.Orphan,
			&c.Statement, &c.Kind, &c.Status, &c.Note, &c.Assignee, &c.Version, &created, &c.CreatedBy, &updated, &c.UpdatedBy,
			&c.Canonical, &c.Via, &c.Number); err != nil {
			return nil, err
		}
		c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
		c.Parties, c.Sources = []model.Party{}, []model.ClaimSource{}
		index[c.ID] = len(out)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	sub := `SELECT c.id FROM claims c WHERE ` + cond
	prows, err := q.QueryContext(ctx, `SELECT p.claim_id, p.id, p.name, p.role, p.start_pos, p.end_pos, p.exact FROM parties p
		WHERE p.claim_id IN (`+sub+`) ORDER BY p.claim_id, p.id`, arg)
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		var (
			claimID    int64
			p          model.Party
			start, end sql.NullInt64
		)
		if err := prows.Scan(&claimID, &p.ID, &p.Name, &p.Role, &start, &end, &p.Exact); err != nil {
			return nil, err
		}
		if start.Valid && end.Valid {
			s, e := int(start.Int64), int(end.Int64)
			p.Start, p.End = &s, &e
		}
		if i, ok := index[claimID]; ok {
			out[i].Parties = append(out[i].Parties, p)
		}
	}
	if err := prows.Err(); err != nil {
		return nil, err
	}
	srows, err := q.QueryContext(ctx, `SELECT cs.claim_id, s.id, s.url, s.reference, s.title, s.publisher, s.published_at, s.accessed_at, s.created_at,
		cs.excerpt, cs.relation, cs.note FROM claim_sources cs JOIN sources s ON s.id = cs.source_id
		WHERE cs.claim_id IN (`+sub+`) ORDER BY cs.claim_id, cs.position`, arg)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var (
			claimID int64
			s       model.ClaimSource
			created string
		)
		if err := srows.Scan(&claimID, &s.ID, &s.URL, &s.Reference, &s.Title, &s.Publisher, &s.PublishedAt, &s.AccessedAt, &created,
			&s.Excerpt, &s.Relation, &s.Note); err != nil {
			return nil, err
		}
		s.CreatedAt = parseTime(created)
		if i, ok := index[claimID]; ok {
			out[i].Sources = append(out[i].Sources, s)
		}
	}
	if err := srows.Err(); err != nil {
		return nil, err
	}
	if err := loadPublications(ctx, q, sub, arg, out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateClaim applies a partial change, recording one history event per
// field that really changed. A stale IfVersion fails with EPRECONDITION
// carrying the current claim.
func (d *DB) UpdateClaim(ctx context.Context, id int64, u model.ClaimUpdate, by string) (model.Claim, error) {
	if err := u.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, u.IfVersion)
		if err != nil {
			return err
		}
		if u.Assignee != nil {
			if err := checkAssignee(ctx, tx, *u.Assignee, "assignee"); err != nil {
				return err
			}
		}
		ch := claimChanges{id: id, now: now, by: by}
		setIf := func(column, from string, to *string, comment string) {
			if to != nil {
				ch.set(column, from, *to, comment)
			}
		}
		if u.Status != nil {
			s := string(*u.Status)
			if s == string(c.Status) && u.Comment != "" {
				// A comment that confirms the current status is kept as its
				// own event rather than dropped with the no-op change.
				ch.event("status", s, s, u.Comment)
			} else {
				ch.set("status", string(c.Status), s, u.Comment)
			}
		}
		if u.Statement != nil && *u.Statement == "" {
			// As on creation: a claim without a statement states its words.
			exact := c.Quote.Exact
			u.Statement = &exact
		}
		setIf("statement", c.Statement, u.Statement, "")
		if u.Kind != nil {
			ch.set("kind", string(c.Kind), string(*u.Kind), "")
		}
		setIf("note", c.Note, u.Note, "")
		setIf("assignee", c.Assignee, u.Assignee, "")
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
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
func (ch *claimChanges) set(column, from, to, comment string) {
	if from == to {
		return
	}
	ch.sets, ch.args = append(ch.sets, column+" = ?"), append(ch.args, to)
	ch.event(column, from, to, comment)
}

// event records a history event that changes no column of the claim row
// (a party or a source, or a comment on the current status).
func (ch *claimChanges) event(field, from, to, comment string) {
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
	sets := append(ch.sets, "version = version + 1", "updated_at = ?", "updated_by = ?")
	args := append(ch.args, formatTime(ch.now), ch.by, ch.id)
	_, err := tx.ExecContext(ctx, `UPDATE claims SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...)
	return err
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

// DeleteClaim removes a claim with its parties, source links and history.
// A claim whose review is published is refused (ECONFLICT): its review page
// and ClaimReview url are public, and must be withdrawn, with a reason for
// readers, before the claim can go.
func (d *DB) DeleteClaim(ctx context.Context, id int64, ifVersion int) error {
	return d.inTx(ctx, func(tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, ifVersion)
		if err != nil {
			return err
		}
		if c.Publication.IsPublished() {
			return &model.Error{Code: model.ECONFLICT, Field: "publication",
				Message: fmt.Sprintf("Claim #%d has a published review: withdraw the review first, with a reason for readers, then delete the claim.", c.Number)}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM claims WHERE id = ?`, id)
		return err
	})
}

// AddParty names a party on a claim.
func (d *DB) AddParty(ctx context.Context, claimID int64, p model.NewParty, by string) (model.Claim, error) {
	if err := p.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, claimID, 0)
		if err != nil {
			return err
		}
		a, err := article(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		if err := insertParty(ctx, tx, text.NewIndex(a.Text), claimID, p, ""); err != nil {
			return err
		}
		return touchClaim(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: "party", To: partyLabel(p.Name, p.Role)})
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, claimID)
}

func partyLabel(name string, role model.Role) string { return name + " (" + string(role) + ")" }

// findParty returns party partyID of c.
func findParty(c model.Claim, partyID int64) (model.Party, error) {
	for _, p := range c.Parties {
		if p.ID == partyID {
			return p, nil
		}
	}
	return model.Party{}, model.NotFound("Party", partyID)
}

// RemoveParty removes a party from a claim.
func (d *DB) RemoveParty(ctx context.Context, claimID, partyID int64, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, claimID, 0)
		if err != nil {
			return err
		}
		p, err := findParty(c, partyID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM parties WHERE id = ?`, partyID); err != nil {
			return err
		}
		return touchClaim(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: "party", From: partyLabel(p.Name, p.Role)})
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, claimID)
}

// MarkParty anchors a party to [start, end) of the article's text, or
// unmarks it when start is nil.
func (d *DB) MarkParty(ctx context.Context, claimID, partyID int64, start, end *int, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, claimID, 0)
		if err != nil {
			return err
		}
		p, err := findParty(c, partyID)
		if err != nil {
			return err
		}
		a, err := article(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		ix := text.NewIndex(a.Text)
		from := ""
		if p.Anchored() {
			from = fmt.Sprintf("%s: %q at %d–%d", p.Name, p.Exact, *p.Start, *p.End)
		}
		var to string
		if start == nil || end == nil {
			if start != end {
				return model.Invalid("end", "Mark the party with both start and end, or neither.")
			}
			_, err = tx.ExecContext(ctx, `UPDATE parties SET start_pos = NULL, end_pos = NULL, exact = '' WHERE id = ?`, partyID)
		} else {
			s, e, cerr := checkSpan(ix, *start, *end, "")
			if cerr != nil {
				return cerr
			}
			// The position goes into the history too: the same words may
			// occur twice, and a move between them must show.
			to = fmt.Sprintf("%s: %q at %d–%d", p.Name, ix.Slice(s, e), s, e)
			_, err = tx.ExecContext(ctx, `UPDATE parties SET start_pos = ?, end_pos = ?, exact = ? WHERE id = ?`, s, e, ix.Slice(s, e), partyID)
		}
		if err != nil {
			return err
		}
		return touchClaim(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: "party_span", From: from, To: to})
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, claimID)
}

// History returns a claim's events, oldest first.
func (d *DB) History(ctx context.Context, claimID int64) ([]model.Event, error) {
	var out []model.Event
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := claim(ctx, tx, claimID); err != nil {
			return err
		}
		m, err := events(ctx, tx, `claim_id = ?`, claimID)
		out = m[claimID]
		return err
	})
	if out == nil {
		out = []model.Event{}
	}
	return out, err
}

// ArticleHistory returns the events of every claim of an article, by claim.
func (d *DB) ArticleHistory(ctx context.Context, articleID int64) (map[int64][]model.Event, error) {
	return events(ctx, d.read, `claim_id IN (SELECT id FROM claims WHERE article_id = ?)`, articleID)
}

func events(ctx context.Context, q queryer, cond string, arg any) (map[int64][]model.Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, claim_id, at, user_name, field, from_val, to_val, comment FROM claim_events WHERE `+cond+` ORDER BY id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]model.Event{}
	for rows.Next() {
		var (
			e  model.Event
			at string
		)
		if err := rows.Scan(&e.ID, &e.ClaimID, &at, &e.User, &e.Field, &e.From, &e.To, &e.Comment); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out[e.ClaimID] = append(out[e.ClaimID], e)
	}
	return out, rows.Err()
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
	err := d.inTx(ctx, func(tx *sql.Tx) error {
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
		ch.set("status", string(c.Status), string(r.Status), "")
		ch.set("statement", c.Statement, statement, "")
		ch.set("kind", string(c.Kind), string(r.Kind), "")
		ch.set("note", c.Note, r.Note, "")
		if c.Canonical == "" {
			ch.set("canonical", "", r.Canonical, "")
		}
		if c.Via == "" {
			ch.set("via", "", r.Via, "")
		}
		if err := replaceParties(ctx, tx, a.Text, c, r.Parties, ch.event); err != nil {
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
func replaceParties(ctx context.Context, tx *sql.Tx, body string, c model.Claim, want []model.NewParty, event func(field, from, to, comment string)) error {
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
		event("party", partyLabel(p.Name, p.Role), "", "")
	}
	var ix *text.Index
	for i, w := range want {
		if used[i] {
			continue
		}
		if ix == nil {
			ix = text.NewIndex(body)
		}
		if err := insertParty(ctx, tx, ix, c.ID, w, fmt.Sprintf("parties[%d].", i)); err != nil {
			return err
		}
		event("party", "", partyLabel(w.Name, w.Role), "")
	}
	return nil
}

// replaceSources makes c's attached sources those of want: a wanted source
// already attached (the same library entry, URL, or reference and title)
// keeps its place and gets the wanted excerpt, relation and note; the others
// are detached, and the wanted ones left over are attached.
func replaceSources(ctx context.Context, tx *sql.Tx, c model.Claim, want []model.Attachment, now time.Time, by string, event func(field, from, to, comment string)) error {
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
		for _, ch := range [][3]string{{"source_relation", string(s.Relation), string(w.Relation)}, {"source_excerpt", s.Excerpt, w.Excerpt}, {"source_note", s.Note, w.Note}} {
			if ch[1] != ch[2] {
				event(ch[0], ch[1], ch[2], s.Title)
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

// prefixField puts prefix before the field of a domain error, so that an
// error about one of several sources says which ("sources[1].url").
func prefixField(err error, prefix string) error {
	var e *model.Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	out := *e
	out.Field = prefix + e.Field
	return &out
}
