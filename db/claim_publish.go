package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/factmark/factmark/internal/model"
)

// PublishClaim publishes the review of claim id: its current verdict with
// p's public rationale, from now on what readers see on its review page and
// in ClaimReview, whatever its status becomes later, until it is published
// again or withdrawn. The claim's status must be a verdict (ECONFLICT
// otherwise); with p.RequireCheck, it must have a second check's approval
// that still holds (ECONFLICT on "check" saying what is missing, see
// model.PublishBlocker). The statement, parties and sources are frozen with it (see
// model.PublishedContent). Publishing again what is already published
// changes nothing. The publication, its history event and the claim's new
// version commit together; a stale IfVersion fails with EPRECONDITION.
func (d *DB) PublishClaim(ctx context.Context, id int64, p model.Publish, by string) (model.Claim, error) {
	if err := p.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, p.IfVersion)
		if err != nil {
			return err
		}
		if !c.Status.IsVerdict() {
			return &model.Error{Code: model.ECONFLICT, Field: "status",
				Message: fmt.Sprintf("Claim #%d is %s, not a verdict: set a verdict (Verified, Needs context, Misleading, False or Unverifiable) before publishing its review.", c.Number, c.Status.Label())}
		}
		if p.RequireCheck {
			if msg := model.PublishBlocker(c, p.Rationale); msg != "" {
				return &model.Error{Code: model.ECONFLICT, Field: "check", Message: msg}
			}
		}
		pub := c.Publication
		content := model.ContentOf(c)
		if pub.IsPublished() && pub.Verdict == c.Status && pub.Rationale == p.Rationale && pub.Content != nil && pub.Content.Equal(content) {
			return nil
		}
		contentJSON, err := json.Marshal(content)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO claim_publications (claim_id, verdict, rationale, published_at, published_by, content) VALUES (?, ?, ?, ?, ?, ?)`,
			id, c.Status, p.Rationale, formatTime(now), by, string(contentJSON)); err != nil {
			return fmt.Errorf("insert publication: %w", err)
		}
		ch := claimChanges{id: id, now: now, by: by}
		ch.event(model.EventPublication, model.PublicationValue(pub), "published "+string(c.Status), p.Rationale)
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// UnpublishClaim withdraws the published review of claim id, with u's
// reason, which readers of the review page are told. A claim whose review
// is not published is refused (ECONFLICT). The withdrawal, its history
// event and the claim's new version commit together; a stale IfVersion
// fails with EPRECONDITION.
func (d *DB) UnpublishClaim(ctx context.Context, id int64, u model.Unpublish, by string) (model.Claim, error) {
	if err := u.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, u.IfVersion)
		if err != nil {
			return err
		}
		pub := c.Publication
		if !pub.IsPublished() {
			msg := fmt.Sprintf("The review of claim #%d was never published: there is nothing to withdraw.", c.Number)
			if pub.State == model.Withdrawn {
				msg = fmt.Sprintf("The review of claim #%d is already withdrawn.", c.Number)
			}
			return &model.Error{Code: model.ECONFLICT, Field: "publication", Message: msg}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE claim_publications SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ?
			WHERE id = (SELECT max(id) FROM claim_publications WHERE claim_id = ?)`, formatTime(now), by, u.Reason, id); err != nil {
			return fmt.Errorf("withdraw publication: %w", err)
		}
		ch := claimChanges{id: id, now: now, by: by}
		ch.event(model.EventPublication, model.PublicationValue(pub), string(model.Withdrawn), u.Reason)
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// loadPublications fills in the publication of each claim in out from the
// rows of the claims selected by sub.
func loadPublications(ctx context.Context, q queryer, sub string, arg any, out []model.Claim) error {
	rows, err := q.QueryContext(ctx, `SELECT claim_id, verdict, rationale, published_at, published_by, withdrawn_at, withdrawn_by, withdraw_reason, content
		FROM claim_publications WHERE claim_id IN (`+sub+`) ORDER BY claim_id, id`, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	records := map[int64][]model.PublicationRecord{}
	for rows.Next() {
		var (
			claimID   int64
			r         model.PublicationRecord
			published string
			withdrawn sql.NullString
			content   string
		)
		if err := rows.Scan(&claimID, &r.Verdict, &r.Rationale, &published, &r.PublishedBy, &withdrawn, &r.WithdrawnBy, &r.Reason, &content); err != nil {
			return err
		}
		if content != "" {
			r.Content = &model.PublishedContent{}
			if err := json.Unmarshal([]byte(content), r.Content); err != nil {
				return fmt.Errorf("publication of claim %d: %w", claimID, err)
			}
		}
		r.PublishedAt = parseTime(published)
		if withdrawn.Valid {
			t := parseTime(withdrawn.String)
			r.WithdrawnAt = &t
		}
		records[claimID] = append(records[claimID], r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range out {
		out[i].Publication = model.NewPublication(records[out[i].ID])
	}
	return nil
}

// refusePublished refuses (ECONFLICT) to delete article id while any of its
// claims has a published review.
func refusePublished(ctx context.Context, tx *sql.Tx, articleID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT c.number FROM claim_publications p JOIN claims c ON c.id = p.claim_id
		WHERE c.article_id = ? AND p.withdrawn_at IS NULL
		AND p.id = (SELECT max(id) FROM claim_publications WHERE claim_id = p.claim_id) ORDER BY c.number`, articleID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var labels []string // the claims' numbers in the article
	for rows.Next() {
		var number int
		if err := rows.Scan(&number); err != nil {
			return err
		}
		labels = append(labels, fmt.Sprintf("#%d", number))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(labels) > 0 {
		return &model.Error{Code: model.ECONFLICT, Field: "publication",
			Message: fmt.Sprintf("The article has published reviews (claims %s): withdraw each review first, with a reason for readers, then delete the article.", strings.Join(labels, ", "))}
	}
	return nil
}
