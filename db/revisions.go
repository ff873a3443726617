package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
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

// pendingPageLife is how long a page fetched for a preview waits for the
// save that uses it.
const pendingPageLife = 24 * time.Hour

// insertRevision writes revision version of an article's body.
func insertRevision(ctx context.Context, tx *sql.Tx, articleID int64, version int, body string, blocks, links []byte,
	origin model.Origin, at time.Time, by string, reanchored *model.Reanchored) error {
	if origin == "" {
		origin = model.OriginText
	}
	counts := ""
	if reanchored != nil {
		b, err := json.Marshal(reanchored)
		if err != nil {
			return err
		}
		counts = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO article_revisions (article_id, version, text, blocks, links, origin, reanchored, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, articleID, version, body, blocks, links, origin, counts, formatTime(at), by)
	if err != nil {
		return fmt.Errorf("insert revision: %w", err)
	}
	return nil
}

// StorePendingPage keeps a page fetched for a preview until the save that
// uses it, and prunes those older than a day that no save took. It
// returns the page with its id and hash.
func (d *DB) StorePendingPage(ctx context.Context, p model.FetchedPage) (model.FetchedPage, error) {
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		cutoff := formatTime(d.now().Add(-pendingPageLife))
		if _, err := tx.ExecContext(ctx, `DELETE FROM fetched_pages WHERE article_id IS NULL AND fetched_at < ?`, cutoff); err != nil {
			return err
		}
		var err error
		p.ID, err = insertPage(ctx, tx, nil, &p)
		return err
	})
	return p, err
}

// insertPage stores a fetched page, its hash computed here, for an
// article (nil: pending).
func insertPage(ctx context.Context, tx *sql.Tx, articleID any, p *model.FetchedPage) (int64, error) {
	sum := sha256.Sum256(p.Body)
	p.SHA256, p.Size = hex.EncodeToString(sum[:]), len(p.Body)
	res, err := tx.ExecContext(ctx, `INSERT INTO fetched_pages (article_id, url, final_url, content_type, sha256, body, fetched_at, fetched_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, articleID, p.URL, p.FinalURL, p.ContentType, p.SHA256, p.Body, formatTime(p.FetchedAt), p.FetchedBy)
	if err != nil {
		return 0, fmt.Errorf("insert fetched page: %w", err)
	}
	return res.LastInsertId()
}

// attachPage gives an article the page its revision came from: page,
// stored now, or the pending page with id pending, which must still be
// waiting and, when wantURL is not "", have been fetched from it. It
// returns the page's id, 0 when there is none.
func attachPage(ctx context.Context, tx *sql.Tx, articleID int64, page *model.FetchedPage, pending int64, wantURL string) (int64, error) {
	switch {
	case page != nil:
		return insertPage(ctx, tx, articleID, page)
	case pending != 0:
		var url string
		err := tx.QueryRowContext(ctx, `SELECT final_url FROM fetched_pages WHERE id = ? AND article_id IS NULL`, pending).Scan(&url)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && wantURL != "" && url != wantURL) {
			return 0, model.Invalid("url", "The fetched page is no longer waiting to be saved (a day has passed, or it was saved already): fetch it again.")
		}
		if err != nil {
			return 0, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE fetched_pages SET article_id = ? WHERE id = ?`, articleID, pending)
		return pending, err
	}
	return 0, nil
}

// setRevisionPage records that an article's revision came from page id
// (nothing when id is 0).
func setRevisionPage(ctx context.Context, tx *sql.Tx, articleID int64, version int, pageID int64) error {
	if pageID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE article_revisions SET page_id = ? WHERE article_id = ? AND version = ?`, pageID, articleID, version)
	return err
}

// lockArticle loads an article inside a write transaction and checks
// ifVersion.
func lockArticle(ctx context.Context, tx *sql.Tx, id int64, ifVersion int) (model.Article, error) {
	a, err := article(ctx, tx, id)
	if err != nil {
		return a, err
	}
	if ifVersion != 0 && ifVersion != a.Version {
		msg := fmt.Sprintf("The article was changed by %s since you loaded it (your version %d, now %d): reload it and apply your change again.", a.UpdatedBy, ifVersion, a.Version)
		if ifVersion < 0 {
			msg = fmt.Sprintf("If-Match names no version of this article: send the ETag you received, now \"%d\".", a.Version)
		}
		return a, &model.Error{Code: model.EPRECONDITION, Current: a, Message: msg}
	}
	return a, nil
}

// AddRevision gives an article a new body and re-anchors every claim and
// every marked party in it (internal/anchor: the diff, the exact words,
// then a fuzzy match), in one transaction: where each claim stood in the
// revision it leaves is kept (claim_anchors); a claim found elsewhere is
// moved, one whose words were edited is flagged "changed since verdict"
// with the words it was checked with, one not found becomes an orphan that
// keeps its last words; each is a history event. A party mark not found is
// unmarked, with its event. A body equal to the current one stores
// nothing and says so (RevisionResult.Unchanged).
func (d *DB) AddRevision(ctx context.Context, id int64, nr model.NewRevision, by string) (model.RevisionResult, error) {
	now := d.now()
	var res model.RevisionResult
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		a, err := lockArticle(ctx, tx, id, nr.IfVersion)
		if err != nil {
			return err
		}
		if nr.Doc.Text == a.Text {
			res = model.RevisionResult{Article: a, Unchanged: true}
			return nil
		}
		next := a.Revision + 1
		claims, err := loadClaims(ctx, tx, `c.article_id = ?`, id)
		if err != nil {
			return err
		}
		rev := anchor.NewRevision(a.Text, nr.Doc.Text)
		r := reanchoring{tx: tx, rev: rev, from: a.Revision, to: next, now: now, by: by}
		for _, c := range claims {
			if err := r.claim(ctx, c); err != nil {
				return err
			}
		}
		blocks, links, err := marshalBody(nr.Doc.Blocks, nr.Links)
		if err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, id, next, nr.Doc.Text, blocks, links, nr.Origin, now, by, &r.counts); err != nil {
			return err
		}
		pageID, err := attachPage(ctx, tx, id, nr.Page, nr.PendingPage, "")
		if err != nil {
			return err
		}
		if err := setRevisionPage(ctx, tx, id, next, pageID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET text = ?, blocks = ?, links = ?, revision = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
			nr.Doc.Text, blocks, links, next, formatTime(now), by, id); err != nil {
			return err
		}
		res.Reanchored = r.counts
		res.Article, err = article(ctx, tx, id)
		return err
	})
	// The earlier revision's index is never asked for again.
	d.texts.forget(id)
	return res, err
}

// reanchoring carries one revision's re-anchoring of an article's claims.
type reanchoring struct {
	tx       *sql.Tx
	rev      *anchor.Revision
	from, to int // the revision left and the new one
	now      time.Time
	by       string
	counts   model.Reanchored
}

// claim re-anchors one claim and its marked parties. A dismissed orphan
// stays as it is; other orphans are looked for again, since a publisher
// may restore words it removed.
func (r *reanchoring) claim(ctx context.Context, c model.Claim) error {
	if c.OrphanDismissed {
		return nil
	}
	if !c.Orphan {
		if _, err := r.tx.ExecContext(ctx, `INSERT INTO claim_anchors (claim_id, version, start_pos, end_pos, exact) VALUES (?, ?, ?, ?, ?)`,
			c.ID, r.from, c.Start, c.End, c.Quote.Exact); err != nil {
			return fmt.Errorf("keep anchor: %w", err)
		}
	}
	res := r.rev.Reanchor(anchor.Anchor{Start: c.Start, End: c.End, Quote: c.Quote})
	ch := claimChanges{id: c.ID, now: r.now, by: r.by}
	from := model.AnchorValue(c.Quote.Exact, c.Start, c.End, c.AnchoredRevision)
	switch {
	case res.Outcome == anchor.Orphaned && c.Orphan:
		// Still lost: nothing to record.
		r.counts.Orphaned++
		return nil
	case res.Outcome == anchor.Orphaned:
		r.counts.Orphaned++
		ch.event(model.EventAnchor, from, "", model.AnchorComment(model.AnchorOrphaned, r.to))
		ch.sets = append(ch.sets, "orphan = 1")
	case res.Outcome == anchor.Unchanged && !c.Orphan:
		r.counts.Unchanged++
		ch.sets = append(ch.sets, "anchored_revision = ?")
		ch.args = append(ch.args, r.to)
	default:
		// Found: moved, or with its words edited. An orphan found again
		// is one or the other, by its words.
		kind, changedFrom := model.AnchorMoved, c.ChangedFrom
		if res.Outcome == anchor.Changed || res.Quote.Exact != c.Quote.Exact {
			kind = model.AnchorChanged
			if changedFrom == "" {
				changedFrom = c.Quote.Exact
			}
			r.counts.Changed++
		} else {
			r.counts.Moved++
		}
		ch.event(model.EventAnchor, from, model.AnchorValue(res.Quote.Exact, res.Start, res.End, r.to), model.AnchorComment(kind, r.to))
		ch.sets = append(ch.sets, "start_pos = ?", "end_pos = ?", "exact = ?", "prefix = ?", "suffix = ?", "orphan = 0", "anchored_revision = ?", "changed_from = ?")
		ch.args = append(ch.args, res.Start, res.End, res.Quote.Exact, res.Quote.Prefix, res.Quote.Suffix, r.to, changedFrom)
	}
	if err := r.parties(ctx, c, &ch); err != nil {
		return err
	}
	if len(ch.events) == 0 {
		// Unchanged: the claim keeps its version; only the revision its
		// position refers to moves on.
		_, err := r.tx.ExecContext(ctx, `UPDATE claims SET `+strings.Join(ch.sets, ", ")+` WHERE id = ?`, append(ch.args, c.ID)...)
		return err
	}
	return ch.write(ctx, r.tx)
}

// parties re-anchors the marked parties of c, recording a moved or lost
// mark in ch. An orphan claim's parties are re-anchored too: their words
// may still be there.
func (r *reanchoring) parties(ctx context.Context, c model.Claim, ch *claimChanges) error {
	for _, p := range c.Parties {
		if !p.Anchored() {
			continue
		}
		q := anchor.QuoteAt(r.rev.OldIndex(), *p.Start, *p.End)
		if q.Exact != p.Exact {
			// The mark does not stand on its words in the revision left
			// (an orphan's parties): look for its words alone.
			q = anchor.Quote{Exact: p.Exact}
		}
		res := r.rev.Reanchor(anchor.Anchor{Start: *p.Start, End: *p.End, Quote: q})
		old := model.PartyMarkValue(p.Name, p.Exact, *p.Start, *p.End)
		switch {
		case res.Outcome == anchor.Unchanged:
			continue
		case res.Outcome == anchor.Orphaned:
			if _, err := r.tx.ExecContext(ctx, `UPDATE parties SET start_pos = NULL, end_pos = NULL, exact = '' WHERE id = ?`, p.ID); err != nil {
				return err
			}
			ch.event(model.EventPartyMark, old, "", fmt.Sprintf("Its words were not found in revision %d.", r.to))
		default:
			if _, err := r.tx.ExecContext(ctx, `UPDATE parties SET start_pos = ?, end_pos = ?, exact = ? WHERE id = ?`,
				res.Start, res.End, res.Quote.Exact, p.ID); err != nil {
				return err
			}
			ch.event(model.EventPartyMark, old, model.PartyMarkValue(p.Name, res.Quote.Exact, res.Start, res.End),
				fmt.Sprintf("Re-anchored in revision %d.", r.to))
		}
	}
	return nil
}

// Revisions lists an article's revisions, oldest first, without their
// text.
func (d *DB) Revisions(ctx context.Context, articleID int64) ([]model.Revision, error) {
	var (
		out  []model.Revision
		k    = textKey{article: articleID}
		kept bool
	)
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT revision FROM articles WHERE id = ?`, articleID).Scan(&k.revision)
		if errors.Is(err, sql.ErrNoRows) {
			return model.NotFound("Article", articleID)
		}
		if err != nil {
			return err
		}
		if out, kept = revisionsKept(d.revisionLists, k); kept {
			return nil
		}
		rows, err := tx.QueryContext(ctx, revisionQuery+` WHERE r.article_id = ? ORDER BY r.version`, articleID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			rv, err := scanRevision(rows, false)
			if err != nil {
				return err
			}
			out = append(out, rv)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	if !kept {
		d.revisionLists.put(k, slices.Clone(out))
	}
	return out, nil
}

// Revision returns revision version of an article with its text, blocks
// and links.
func (d *DB) Revision(ctx context.Context, articleID int64, version int) (model.Revision, error) {
	var rv model.Revision
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if err := articleExists(ctx, tx, articleID); err != nil {
			return err
		}
		var err error
		rv, err = scanRevision(tx.QueryRowContext(ctx, revisionQuery+` WHERE r.article_id = ? AND r.version = ?`, articleID, version), true)
		if errors.Is(err, sql.ErrNoRows) {
			return model.Errorf(model.ENOTFOUND, "Article %d has no revision %d.", articleID, version)
		}
		return err
	})
	return rv, err
}

const revisionQuery = `SELECT r.version, r.created_at, r.created_by, r.origin, r.reanchored, r.text, r.blocks, r.links,
	p.id, p.url, p.final_url, p.content_type, p.sha256, length(p.body), p.fetched_at, p.fetched_by
	FROM article_revisions r LEFT JOIN fetched_pages p ON p.id = r.page_id`

func scanRevision(row interface{ Scan(...any) error }, withText bool) (model.Revision, error) {
	var (
		rv                            model.Revision
		created, counts               string
		body                          string
		blocks, links                 []byte
		pageID, size                  sql.NullInt64
		url, final, ctype, sum, at, u sql.NullString
	)
	if err := row.Scan(&rv.Version, &created, &rv.CreatedBy, &rv.Origin, &counts, &body, &blocks, &links,
		&pageID, &url, &final, &ctype, &sum, &size, &at, &u); err != nil {
		return rv, err
	}
	rv.CreatedAt = parseTime(created)
	h := sha256.Sum256([]byte(body))
	rv.TextSHA256 = hex.EncodeToString(h[:])
	if counts != "" {
		rv.Reanchored = &model.Reanchored{}
		if err := json.Unmarshal([]byte(counts), rv.Reanchored); err != nil {
			return rv, fmt.Errorf("revision %d counts: %w", rv.Version, err)
		}
	}
	if pageID.Valid {
		rv.Page = &model.FetchedPage{ID: pageID.Int64, URL: url.String, FinalURL: final.String, ContentType: ctype.String,
			SHA256: sum.String, Size: int(size.Int64), FetchedAt: parseTime(at.String), FetchedBy: u.String}
	}
	if withText {
		rv.Text = body
		if err := json.Unmarshal(blocks, &rv.Blocks); err != nil {
			return rv, fmt.Errorf("revision %d blocks: %w", rv.Version, err)
		}
		if err := json.Unmarshal(links, &rv.Links); err != nil {
			return rv, fmt.Errorf("revision %d links: %w", rv.Version, err)
		}
	}
	return rv, nil
}

// FetchedPage returns the raw page an article's revision was fetched
// from, body included.
func (d *DB) FetchedPage(ctx context.Context, articleID int64, version int) (model.FetchedPage, error) {
	var p model.FetchedPage
	var at string
	err := d.read.QueryRowContext(ctx, `SELECT p.id, p.url, p.final_url, p.content_type, p.sha256, p.body, p.fetched_at, p.fetched_by
		FROM article_revisions r JOIN fetched_pages p ON p.id = r.page_id WHERE r.article_id = ? AND r.version = ?`, articleID, version).
		Scan(&p.ID, &p.URL, &p.FinalURL, &p.ContentType, &p.SHA256, &p.Body, &at, &p.FetchedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return p, model.Errorf(model.ENOTFOUND, "Revision %d of article %d was not fetched from a page: there is no stored copy.", version, articleID)
	}
	p.FetchedAt, p.Size = parseTime(at), len(p.Body)
	return p, err
}

// ClaimsAtRevision returns the claims of an article as they stood in an
// earlier revision: those anchored in it then, at their positions then.
// For the current revision it is the claims not orphaned.
func (d *DB) ClaimsAtRevision(ctx context.Context, articleID int64, version int) ([]model.Claim, error) {
	var out []model.Claim
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		a, err := article(ctx, tx, articleID)
		if err != nil {
			return err
		}
		claims, err := loadClaims(ctx, tx, `c.article_id = ?`, articleID)
		if err != nil {
			return err
		}
		if version == a.Revision {
			for _, c := range claims {
				if !c.Orphan {
					out = append(out, c)
				}
			}
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT ca.claim_id, ca.start_pos, ca.end_pos, ca.exact FROM claim_anchors ca
			JOIN claims c ON c.id = ca.claim_id WHERE c.article_id = ? AND ca.version = ?`, articleID, version)
		if err != nil {
			return err
		}
		defer rows.Close()
		type place struct {
			start, end int
			exact      string
		}
		at := map[int64]place{}
		for rows.Next() {
			var id int64
			var p place
			if err := rows.Scan(&id, &p.start, &p.end, &p.exact); err != nil {
				return err
			}
			at[id] = p
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range claims {
			p, ok := at[c.ID]
			if !ok {
				continue
			}
			c.Start, c.End, c.Quote = p.start, p.end, anchor.Quote{Exact: p.exact}
			c.Orphan, c.AnchoredRevision = false, version
			// Parties' marks are where they are now, not then.
			for i := range c.Parties {
				c.Parties[i].Start, c.Parties[i].End, c.Parties[i].Exact = nil, nil, ""
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// UpdateArticle changes an article's metadata, bumping its version.
func (d *DB) UpdateArticle(ctx context.Context, id int64, u model.ArticleUpdate, by string) (model.Article, error) {
	if err := u.Normalize(); err != nil {
		return model.Article{}, err
	}
	now := d.now()
	var out model.Article
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		a, err := lockArticle(ctx, tx, id, u.IfVersion)
		if err != nil {
			return err
		}
		next := u.Apply(a)
		if sameMetadata(next, a) {
			out = a
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET title = ?, byline = ?, publication = ?, url = ?, published_at = ?, lang = ?, dir = ?,
			version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?`,
			next.Title, next.Byline, next.Publication, next.URL, next.PublishedAt, next.Lang, next.Dir, formatTime(now), by, id); err != nil {
			return err
		}
		out, err = article(ctx, tx, id)
		return err
	})
	return out, err
}

// ReattachClaim anchors a claim, an orphan or not, on a new span of the
// article's current text, with a history event. Words that differ from
// those the claim was checked with flag it "changed since verdict".
func (d *DB) ReattachClaim(ctx context.Context, id int64, start, end, ifVersion int, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, ifVersion)
		if err != nil {
			return err
		}
		a, err := article(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		ix := text.NewIndex(a.Text)
		if start, end, err = checkSpan(ix, start, end, ""); err != nil {
			return err
		}
		q := anchor.QuoteAt(ix, start, end)
		changedFrom := c.ChangedFrom
		if changedFrom == "" && q.Exact != c.Quote.Exact && c.Status != model.StatusUnchecked {
			changedFrom = c.Quote.Exact
		}
		ch := claimChanges{id: id, now: now, by: by}
		ch.event(model.EventAnchor, model.AnchorValue(c.Quote.Exact, c.Start, c.End, c.AnchoredRevision),
			model.AnchorValue(q.Exact, start, end, a.Revision), model.AnchorComment(model.AnchorReattached, a.Revision))
		ch.sets = append(ch.sets, "start_pos = ?", "end_pos = ?", "exact = ?", "prefix = ?", "suffix = ?", "orphan = 0", "orphan_dismissed = 0",
			"anchored_revision = ?", "changed_from = ?")
		ch.args = append(ch.args, start, end, q.Exact, q.Prefix, q.Suffix, a.Revision, changedFrom)
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// DismissOrphan puts an orphan aside: it leaves the orphans list, keeps its
// words, history and verdict, and is no longer looked for in revisions.
func (d *DB) DismissOrphan(ctx context.Context, id int64, ifVersion int, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, ifVersion)
		if err != nil {
			return err
		}
		if !c.Orphan {
			return model.Errorf(model.ECONFLICT, "Claim %d is anchored in the text, not an orphan: there is nothing to dismiss.", c.Number)
		}
		if c.OrphanDismissed {
			return nil
		}
		ch := claimChanges{id: id, now: now, by: by}
		ch.event(model.EventAnchor, model.AnchorValue(c.Quote.Exact, c.Start, c.End, c.AnchoredRevision), "", string(model.AnchorDismissed))
		ch.sets = append(ch.sets, "orphan_dismissed = 1")
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// sameMetadata reports whether a and b have the same metadata.
func sameMetadata(a, b model.Article) bool {
	return a.Title == b.Title && a.Byline == b.Byline && a.Publication == b.Publication && a.URL == b.URL &&
		a.PublishedAt == b.PublishedAt && a.Lang == b.Lang && a.Dir == b.Dir
}
