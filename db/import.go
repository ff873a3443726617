package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// ImportDocument recreates an exported article with all its claims, parties,
// sources and history under new ids, keeping every other field as exported
// (the claims' numbers too; a claim without one gets the next free number),
// so that exporting the import gives the same document but for ids, the
// export time and publication. The document must already be validated
// (ingest.DecodeExport).
//
// Reviews are never published by an import: nothing is public until an
// editor publishes it here (docs/DESIGN.md §5), and a file's publication
// records, dates and names are whatever the file says. A claim whose review
// was published where it came from arrives unpublished, with a history
// event saying so after the history it brings.
func (d *DB) ImportDocument(ctx context.Context, doc *model.ImportedArticle) (model.Article, error) {
	now := d.now()
	var id int64
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		// The export holds one revision, the one its claims are anchored
		// in: it is revision 1 here.
		art := doc.Article
		art.Revision = 1
		if id, err = insertArticle(ctx, tx, art, model.OriginImport); err != nil {
			return err
		}
		if err := reserveClaimNumber(ctx, tx, id, maxClaimNumber(doc.Claims)); err != nil {
			return err
		}
		sourceIDs := map[int64]int64{} // exported id → id here
		for i, c := range doc.Claims {
			if err := importClaim(ctx, tx, id, c, sourceIDs, now); err != nil {
				return fmt.Errorf("claims[%d]: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return model.Article{}, err
	}
	return d.Article(ctx, id)
}

// maxClaimNumber is the highest number the claims were exported with, or 0.
func maxClaimNumber(claims []model.ImportedClaim) int {
	n := 0
	for _, c := range claims {
		n = max(n, c.Number)
	}
	return n
}

func importClaim(ctx context.Context, tx *sql.Tx, articleID int64, c model.ImportedClaim, sourceIDs map[int64]int64, now time.Time) error {
	claimID, err := nextID(ctx, tx, "claims")
	if err != nil {
		return err
	}
	// A claim keeps its exported number; one without gets the next free one,
	// after every number the document gives (see ImportDocument).
	number := c.Number
	if number <= 0 {
		if number, err = nextClaimNumber(ctx, tx, articleID); err != nil {
			return err
		}
	}
	verdictRevision := 0
	if c.Status != model.StatusUnchecked {
		verdictRevision = 1
	}
	changedFrom := ""
	if c.ChangedSinceVerdict {
		changedFrom = c.ChangedFrom
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO claims (number, id, article_id, start_pos, end_pos, exact, prefix, suffix, orphan, orphan_dismissed, anchored_revision, changed_from, verdict_revision,
		statement, kind, status, note, assignee, due, canonical, via, version, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		number, claimID, articleID, c.Start, c.End, c.Quote.Exact, c.Quote.Prefix, c.Quote.Suffix, c.Orphan, c.Orphan && c.OrphanDismissed, changedFrom, verdictRevision,
		c.Statement, c.Kind, c.Status, c.Note, c.Assignee, c.Due,
		c.Canonical, c.Via, max(c.Version, 1), formatTime(c.CreatedAt), c.CreatedBy, formatTime(c.UpdatedAt), c.UpdatedBy)
	if err != nil {
		return fmt.Errorf("insert claim: %w", err)
	}
	for _, p := range c.Parties {
		var start, end any
		if p.Anchored() {
			start, end = *p.Start, *p.End
		}
		// The exported party_id is another server's; the name decides.
		// A name that folds to nothing (dots alone, refused on new
		// parties) stays unlinked rather than sharing an empty key.
		var entity any
		if model.FoldPartyName(p.Name) != "" {
			typ := p.Type // the exporting server's type, for a name new here
			if !typ.Valid() {
				typ = ""
			}
			id, err := linkParty(ctx, tx, p.Name, typ, now, importUser)
			if err != nil {
				return err
			}
			entity = id
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO parties (claim_id, name, role, start_pos, end_pos, exact, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			claimID, p.Name, p.Role, start, end, p.Exact, entity); err != nil {
			return fmt.Errorf("insert party: %w", err)
		}
	}
	for i, s := range c.Sources {
		sid, ok := sourceIDs[s.ID]
		if !ok {
			if sid, err = importSource(ctx, tx, s.Source); err != nil {
				return err
			}
			sourceIDs[s.ID] = sid
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO claim_sources (claim_id, source_id, position, excerpt, relation, note) VALUES (?, ?, ?, ?, ?, ?)`,
			claimID, sid, i+1, s.Excerpt, s.Relation, s.Note); err != nil {
			return fmt.Errorf("attach source: %w", err)
		}
	}
	for _, e := range c.History {
		e.ClaimID = claimID
		if err := addEvent(ctx, tx, e); err != nil {
			return err
		}
	}
	if c.Publication.State != model.Unpublished && c.Publication.State != "" {
		return addEvent(ctx, tx, model.Event{ClaimID: claimID, At: now, User: importUser, Field: model.EventPublication,
			From: model.PublicationValue(c.Publication), To: model.PublicationValue(model.Publication{State: model.Unpublished}),
			Comment: "Imported unpublished: readers see this claim's review here only once an editor publishes it."})
	}
	return nil
}

// importUser is who the store names as the author of what an import adds.
const importUser = "import"

// importSource reuses a library entry identical in every field (the same
// source imported again) and otherwise creates one with the exported fields.
func importSource(ctx context.Context, tx *sql.Tx, s model.Source) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE url = ? AND reference = ? AND title = ? AND publisher = ?
		AND published_at = ? AND accessed_at = ? AND created_at = ? ORDER BY id LIMIT 1`,
		s.URL, s.Reference, s.Title, s.Publisher, s.PublishedAt, s.AccessedAt, formatTime(s.CreatedAt)).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sources (url, reference, title, publisher, published_at, accessed_at, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.URL, s.Reference, s.Title, s.Publisher, s.PublishedAt, s.AccessedAt, formatTime(s.CreatedAt), importUser)
	if err != nil {
		return 0, fmt.Errorf("insert source: %w", err)
	}
	return res.LastInsertId()
}
