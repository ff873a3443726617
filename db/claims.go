package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	var c model.Claim
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		ix, err := d.textIndex(ctx, tx, articleID)
		if err != nil {
			return err
		}
		c, err = insertClaim(ctx, tx, ix, articleID, nc, now, by)
		return err
	})
	if err != nil {
		return model.Claim{}, err
	}
	if len(nc.Sources) > 0 {
		// Its sources come with what the library knows of them (other
		// claims' excerpts, archived copies): read them as stored.
		return d.Claim(ctx, c.ID)
	}
	// Nothing else refers to a claim made a moment ago: what was written
	// is the claim (TestCreateClaimReturnsTheStoredClaim compares the two).
	return c, nil
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
	err = d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		ix, err := d.textIndex(ctx, tx, articleID)
		if err != nil {
			return err
		}
		for i, nc := range ncs {
			if errs[i] != nil {
				continue
			}
			errs[i] = inSavepoint(ctx, tx, func() error {
				c, err := insertClaim(ctx, tx, ix, articleID, nc, now, by)
				ids[i] = c.ID
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
func insertClaim(ctx context.Context, tx *sql.Tx, ix *text.Index, articleID int64, nc model.NewClaim, now time.Time, by string) (model.Claim, error) {
	start, end, err := resolveSpan(ix, nc)
	if err != nil {
		return model.Claim{}, err
	}
	if err := checkAssignee(ctx, tx, nc.Assignee, "assignee", "the claim"); err != nil {
		return model.Claim{}, err
	}
	q := anchor.QuoteAt(ix, start, end)
	statement := nc.Statement
	if statement == "" {
		statement = q.Exact
	}
	id, err := nextID(ctx, tx, "claims")
	if err != nil {
		return model.Claim{}, err
	}
	number, err := nextClaimNumber(ctx, tx, articleID)
	if err != nil {
		return model.Claim{}, err
	}
	// The claim is anchored in the article's current revision, and a
	// status given on creation is set against it.
	c := model.Claim{ID: id, ArticleID: articleID, Number: number, Start: start, End: end, Quote: q, Statement: statement,
		Kind: nc.Kind, Status: nc.Status, Note: nc.Note, Assignee: nc.Assignee, Canonical: nc.Canonical, Via: nc.Via, Version: 1,
		CreatedAt: now, CreatedBy: by, UpdatedAt: now, UpdatedBy: by,
		Parties: make([]model.Party, 0, len(nc.Parties)), Sources: []model.ClaimSource{}, Publication: model.NewPublication(nil)}
	err = tx.QueryRowContext(ctx, `INSERT INTO claims (number, id, article_id, start_pos, end_pos, exact, prefix, suffix, statement, kind, status, note, assignee, canonical, via, version, created_at, created_by, updated_at, updated_by,
		anchored_revision, verdict_revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?,
		(SELECT revision FROM articles WHERE id = ?), CASE WHEN ? = 'unchecked' THEN 0 ELSE (SELECT revision FROM articles WHERE id = ?) END)
		RETURNING anchored_revision, verdict_revision`,
		number, id, articleID, start, end, q.Exact, q.Prefix, q.Suffix, statement, nc.Kind, nc.Status, nc.Note, nc.Assignee, nc.Canonical, nc.Via,
		formatTime(now), by, formatTime(now), by, articleID, nc.Status, articleID).Scan(&c.AnchoredRevision, &c.VerdictRevision)
	if err != nil {
		return model.Claim{}, fmt.Errorf("insert claim: %w", err)
	}
	for i, p := range nc.Parties {
		party, err := insertParty(ctx, tx, ix, id, p, fmt.Sprintf("parties[%d].", i), now, by)
		if err != nil {
			return model.Claim{}, err
		}
		c.Parties = append(c.Parties, party)
	}
	if err := addEvent(ctx, tx, model.Event{ClaimID: id, At: now, User: by, Field: model.EventClaim, To: "created"}); err != nil {
		return model.Claim{}, err
	}
	for i, att := range nc.Sources {
		src, err := linkSource(ctx, tx, id, att, now, by)
		if err != nil {
			return model.Claim{}, prefixField(err, fmt.Sprintf("sources[%d].", i))
		}
		if err := addEvent(ctx, tx, sourceEvent(id, now, by, "", src.Title, att.Relation)); err != nil {
			return model.Claim{}, err
		}
	}
	return c, nil
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

// loadClaims loads the claims matching cond (over alias c) and then all
// their parties and sources in one query each, rather than two per claim.
func loadClaims(ctx context.Context, q queryer, cond string, arg any) ([]model.Claim, error) {
	return loadClaimsWith(ctx, q, cond, arg, nil)
}

// claimParties are the parties partiesOf read, each with the id of its
// claim at the same index, by claim and then party id.
type claimParties struct {
	claimIDs []int64
	parties  []model.Party
}

// partiesOf reads the parties of the claims sub selects (their ids), by
// claim and then party id. It counts them first and makes each slice, and
// the positions and entity ids parties point to, to size: a long article's
// first read had grown a slice of 20,000 parties by doubling, and a small
// allocation per position, 12 MB allocated for 20,000 parties, which a
// server just started takes from new memory, page by page.
func partiesOf(ctx context.Context, q queryer, sub string, arg any) (claimParties, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM parties p WHERE p.claim_id IN (`+sub+`)`, arg).Scan(&n); err != nil {
		return claimParties{}, err
	}
	prows, err := q.QueryContext(ctx, `SELECT p.claim_id, p.id, p.name, p.role, p.start_pos, p.end_pos, p.exact, p.entity_id, coalesce(pe.type, '') FROM parties p LEFT JOIN party_entities pe ON pe.id = p.entity_id
		WHERE p.claim_id IN (`+sub+`) ORDER BY p.claim_id, p.id`, arg)
	if err != nil {
		return claimParties{}, err
	}
	defer prows.Close()
	out := claimParties{claimIDs: make([]int64, 0, n), parties: make([]model.Party, 0, n)}
	// The count is a hint (it and the rows agree inside a transaction):
	// past it, positions and entity ids get memory of their own.
	positions, entities := make([]int, 2*n), make([]int64, n)
	// Scanned in place and into variables made once, as in loadClaimsWith:
	// a variable Scan is given escapes, one allocation per row.
	var (
		claimID            int64
		start, end, entity sql.NullInt64
	)
	for prows.Next() {
		out.parties = append(out.parties, model.Party{})
		k := len(out.parties) - 1
		p := &out.parties[k]
		if err := prows.Scan(&claimID, &p.ID, &p.Name, &p.Role, &start, &end, &p.Exact, &entity, &p.Type); err != nil {
			return claimParties{}, err
		}
		if start.Valid && end.Valid {
			if 2*k+1 < len(positions) {
				p.Start, p.End = &positions[2*k], &positions[2*k+1]
			} else {
				p.Start, p.End = new(int), new(int)
			}
			*p.Start, *p.End = int(start.Int64), int(end.Int64)
		}
		if entity.Valid {
			if k < len(entities) {
				p.EntityID = &entities[k]
			} else {
				p.EntityID = new(int64)
			}
			*p.EntityID = entity.Int64
		}
		out.claimIDs = append(out.claimIDs, claimID)
	}
	return out, prows.Err()
}

// attach gives each claim of claims (index: its position by id) its
// parties, as slices of found's, which are by claim: one allocation for
// them all rather than one and a growth per claim.
func (found claimParties) attach(claims []model.Claim, index map[int64]int) {
	for lo := 0; lo < len(found.claimIDs); {
		hi := lo + 1
		for hi < len(found.claimIDs) && found.claimIDs[hi] == found.claimIDs[lo] {
			hi++
		}
		if i, ok := index[found.claimIDs[lo]]; ok {
			claims[i].Parties = found.parties[lo:hi:hi]
		}
		lo = hi
	}
}

// partiesWait waits for parties read elsewhere; ok is false when they
// could not be, and the caller reads them itself.
type partiesWait func() (found claimParties, ok bool)

// asideMinClaims is how many claims a read must hold for its parties to be
// read on another connection meanwhile: below it they take well under a
// millisecond (20,000 take 47 ms), less than a second transaction costs.
const asideMinClaims = 100

// loadClaimsWith is loadClaims, with the claims' parties read elsewhere at
// the same time as the claims when startAside is not nil and there are at
// least asideMinClaims claims: startAside starts that read, or returns nil
// when it cannot.
func loadClaimsWith(ctx context.Context, q queryer, cond string, arg any, startAside func() partiesWait) ([]model.Claim, error) {
	// A model.Claim is large: growing the slice claim by claim copied
	// a long article's claims over and over (a seventh of a 10,000-claim
	// article's first read), so the slice is made to size (a hint: the count
	// and the rows agree inside the read's transaction).
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM claims c WHERE `+cond, arg).Scan(&n); err != nil {
		return nil, err
	}
	var aside partiesWait
	if startAside != nil && n >= asideMinClaims {
		aside = startAside()
	}
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.article_id, c.start_pos, c.end_pos, c.exact, c.prefix, c.suffix, c.orphan,
		c.statement, c.kind, c.status, c.note, c.assignee, c.version, c.created_at, c.created_by, c.updated_at, c.updated_by,
		c.canonical, c.via, c.number, c.anchored_revision, c.orphan_dismissed, c.changed_from, c.verdict_revision, c.due
		FROM claims c WHERE `+cond+` ORDER BY c.start_pos, c.end_pos DESC, c.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		out   []model.Claim // nil when there are none, as before
		index = make(map[int64]int, n)
	)
	if n > 0 {
		out = make([]model.Claim, 0, n)
	}
	var created, updated string
	for rows.Next() {
		// Scanned in place: a claim scanned into a variable of its own
		// escapes to the heap (Scan takes its fields' addresses), one more
		// 544-byte allocation per row, 5 MB for a long article.
		out = append(out, model.Claim{})
		c := &out[len(out)-1]
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Start, &c.End, &c.Quote.Exact, &c.Quote.Prefix, &c.Quote.Suffix, &c.Orphan,
			&c.Statement, &c.Kind, &c.Status, &c.Note, &c.Assignee, &c.Version, &created, &c.CreatedBy, &updated, &c.UpdatedBy,
			&c.Canonical, &c.Via, &c.Number, &c.AnchoredRevision, &c.OrphanDismissed, &c.ChangedFrom, &c.VerdictRevision, &c.Due); err != nil {
			return nil, err
		}
		c.ChangedSinceVerdict = c.ChangedFrom != ""
		c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
		c.Parties, c.Sources = []model.Party{}, []model.ClaimSource{}
		index[c.ID] = len(out) - 1
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	sub := `SELECT c.id FROM claims c WHERE ` + cond
	var (
		found claimParties
		ok    bool
	)
	if aside != nil {
		found, ok = aside()
	}
	if !ok {
		if found, err = partiesOf(ctx, q, sub, arg); err != nil {
			return nil, err
		}
	}
	found.attach(out, index)
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
	if err := loadSnapshotChecks(ctx, q, out); err != nil {
		return nil, err
	}
	if err := loadSameAs(ctx, q, sub, arg, out); err != nil {
		return nil, err
	}
	// Last: whether an approval still holds compares the claim as loaded.
	if err := loadChecks(ctx, q, sub, arg, out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteClaim removes a claim with its parties, source links and history.
// A claim whose review is published is refused (ECONFLICT): its review page
// and ClaimReview url are public, and must be withdrawn, with a reason for
// readers, before the claim can go.
func (d *DB) DeleteClaim(ctx context.Context, id int64, ifVersion int) error {
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
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
