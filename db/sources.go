package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// AttachSource attaches a library source, or a new one, to a claim.
func (d *DB) AttachSource(ctx context.Context, claimID int64, att model.Attachment, by string) (model.Claim, error) {
	if err := att.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := lockClaim(ctx, tx, claimID, 0); err != nil {
			return err
		}
		src, err := linkSource(ctx, tx, claimID, att, now, by)
		if err != nil {
			return err
		}
		return touchClaim(ctx, tx, sourceEvent(claimID, now, by, "", src.Title, att.Relation))
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, claimID)
}

// linkSource attaches att (normalized) to a claim after its other sources:
// the library entry it names, or a new one. It records no event.
func linkSource(ctx context.Context, tx *sql.Tx, claimID int64, att model.Attachment, now time.Time, by string) (model.Source, error) {
	var (
		src model.Source
		err error
	)
	if att.Source != nil {
		src, err = insertSource(ctx, tx, *att.Source, formatTime(now), by)
	} else {
		src, err = source(ctx, tx, att.SourceID)
		if model.ErrorCode(err) == model.ENOTFOUND {
			err = model.Invalid("source_id", "There is no source %d in the library.", att.SourceID)
		}
	}
	if err != nil {
		return src, err
	}
	var linked int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM claim_sources WHERE claim_id = ? AND source_id = ?`, claimID, src.ID).Scan(&linked); err != nil {
		return src, err
	}
	if linked > 0 {
		return src, &model.Error{Code: model.ECONFLICT, Field: "source_id", Message: fmt.Sprintf("%q is already attached to this claim.", src.Title)}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO claim_sources (claim_id, source_id, position, excerpt, relation, note)
		VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM claim_sources WHERE claim_id = ?), ?, ?, ?)`,
		claimID, src.ID, claimID, att.Excerpt, att.Relation, att.Note)
	if err != nil {
		return src, fmt.Errorf("attach source: %w", err)
	}
	return src, nil
}

// sourceEvent is the history event of a source attached (to) or detached
// (from), named by its title and relation.
func sourceEvent(claimID int64, at time.Time, by, from, to string, rel model.Relation) model.Event {
	e := model.Event{ClaimID: claimID, At: at, User: by, Field: model.EventSource}
	if from != "" {
		e.From = model.SourceValue(from, rel)
	}
	if to != "" {
		e.To = model.SourceValue(to, rel)
	}
	return e
}

// insertSource adds a library entry. A web source whose URL is already in
// the library is reused rather than duplicated, so the library stays one
// entry per page.
func insertSource(ctx context.Context, tx *sql.Tx, ns model.NewSource, createdAt, by string) (model.Source, error) {
	if ns.URL != "" {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE url = ? ORDER BY id LIMIT 1`, ns.URL).Scan(&id)
		if err == nil {
			existing, err := source(ctx, tx, id)
			if err != nil {
				return existing, err
			}
			// Reuse the entry only when the editor described nothing that
			// differs from it; otherwise what they typed would be dropped.
			differs := func(typed, stored string) bool { return typed != "" && typed != stored }
			if (ns.Title != ns.URL && differs(ns.Title, existing.Title)) || differs(ns.Publisher, existing.Publisher) ||
				differs(ns.PublishedAt, existing.PublishedAt) || differs(ns.Reference, existing.Reference) {
				return existing, &model.Error{Code: model.ECONFLICT, Field: "url", Message: fmt.Sprintf(
					"This URL is already in the library as %q (source %d): pick it from the library, or leave title, publisher and date empty to use it.",
					existing.Title, existing.ID)}
			}
			return existing, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return model.Source{}, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sources (url, reference, title, publisher, published_at, accessed_at, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, ns.URL, ns.Reference, ns.Title, ns.Publisher, ns.PublishedAt, ns.AccessedAt, createdAt, by)
	if err != nil {
		return model.Source{}, fmt.Errorf("insert source: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return model.Source{}, err
	}
	return source(ctx, tx, id)
}

const sourceColumns = `s.id, s.url, s.reference, s.title, s.publisher, s.published_at, s.accessed_at, s.created_at`

func scanSource(row interface{ Scan(...any) error }) (model.Source, error) {
	var (
		s       model.Source
		created string
	)
	err := row.Scan(&s.ID, &s.URL, &s.Reference, &s.Title, &s.Publisher, &s.PublishedAt, &s.AccessedAt, &created)
	s.CreatedAt = parseTime(created)
	return s, err
}

func source(ctx context.Context, q queryer, id int64) (model.Source, error) {
	s, err := scanSource(q.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, model.NotFound("Source", id)
	}
	return s, err
}

// DetachSource removes a source from a claim; the library keeps it.
func (d *DB) DetachSource(ctx context.Context, claimID, sourceID int64, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, claimID, 0)
		if err != nil {
			return err
		}
		for _, s := range c.Sources {
			if s.ID == sourceID {
				if _, err := tx.ExecContext(ctx, `DELETE FROM claim_sources WHERE claim_id = ? AND source_id = ?`, claimID, sourceID); err != nil {
					return err
				}
				return touchClaim(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: model.EventSource, From: model.SourceValue(s.Title, s.Relation)})
			}
		}
		return model.Errorf(model.ENOTFOUND, "Source %d is not attached to claim %d.", sourceID, claimID)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, claimID)
}

// SearchSources finds library sources whose title, publisher, URL or
// reference contains q (case-insensitively for ASCII), newest first. An empty
// q lists the newest.
func (d *DB) SearchSources(ctx context.Context, q string, limit int) ([]model.Source, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	pattern := "%" + escapeLike(strings.TrimSpace(q)) + "%"
	rows, err := d.read.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources s
		WHERE s.title LIKE ?1 ESCAPE '\' OR s.publisher LIKE ?1 ESCAPE '\' OR s.url LIKE ?1 ESCAPE '\' OR s.reference LIKE ?1 ESCAPE '\'
		ORDER BY s.id DESC LIMIT ?2`, pattern, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Source{}
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
