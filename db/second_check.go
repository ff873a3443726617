package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/factmark/factmark/internal/model"
)

// RequestCheck asks for a second check of claim id's verdict: another
// editor than the one who set it is to approve it before its review is
// published. The claim's status must be a verdict, and a check already
// awaited is not asked for again (both ECONFLICT). The request, its
// history event and the claim's new version commit together.
func (d *DB) RequestCheck(ctx context.Context, id int64, r model.CheckRequest, by string) (model.Claim, error) {
	if err := r.Normalize(); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, r.IfVersion)
		if err != nil {
			return err
		}
		if !c.Status.IsVerdict() {
			return &model.Error{Code: model.ECONFLICT, Field: "status",
				Message: fmt.Sprintf("Claim #%d is %s, not a verdict: set a verdict before asking for a second check.", c.Number, c.Status.Label())}
		}
		if c.Check != nil && c.Check.State == model.CheckRequested {
			return &model.Error{Code: model.ECONFLICT, Field: "check",
				Message: fmt.Sprintf("Claim #%d is already awaiting a second check, requested by %s.", c.Number, c.Check.RequestedBy)}
		}
		verdictBy, err := verdictSetter(ctx, tx, c)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO claim_checks (claim_id, state, requested_by, requested_at, verdict_by, comment, rationale)
			VALUES (?, 'requested', ?, ?, ?, ?, ?)
			ON CONFLICT (claim_id) DO UPDATE SET state = 'requested', requested_by = excluded.requested_by, requested_at = excluded.requested_at,
				verdict_by = excluded.verdict_by, decided_by = '', decided_at = '', comment = excluded.comment, rationale = excluded.rationale, basis = ''`,
			id, by, formatTime(now), verdictBy, r.Comment, r.Rationale); err != nil {
			return fmt.Errorf("request check: %w", err)
		}
		ch := claimChanges{id: id, now: now, by: by}
		ch.event(model.EventCheck, checkState(c), string(model.CheckRequested), r.Comment)
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// ApproveCheck approves the second check awaited by claim id: its verdict
// and content as they stand are what the approval covers (model.CheckBasis).
// Whoever set the verdict may not approve it (EFORBIDDEN); a claim not
// awaiting a check, or whose status is no longer a verdict, is refused
// (ECONFLICT). Whether by may approve at all (a publisher or an admin) is
// the HTTP layer's check, as for publishing.
func (d *DB) ApproveCheck(ctx context.Context, id int64, dec model.CheckDecision, by string) (model.Claim, error) {
	return d.decideCheck(ctx, id, dec, by, model.CheckApproved)
}

// SendBackCheck sends claim id back to its checker with a comment
// (required) saying what to look at again; the claim must be awaiting a
// check (ECONFLICT).
func (d *DB) SendBackCheck(ctx context.Context, id int64, dec model.CheckDecision, by string) (model.Claim, error) {
	return d.decideCheck(ctx, id, dec, by, model.CheckSentBack)
}

func (d *DB) decideCheck(ctx context.Context, id int64, dec model.CheckDecision, by string, to model.CheckState) (model.Claim, error) {
	if err := dec.Normalize(to == model.CheckSentBack); err != nil {
		return model.Claim{}, err
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, id, dec.IfVersion)
		if err != nil {
			return err
		}
		if c.Check == nil || c.Check.State != model.CheckRequested {
			return &model.Error{Code: model.ECONFLICT, Field: "check",
				Message: fmt.Sprintf("Claim #%d is not awaiting a second check (%s): its checker must request one first.", c.Number, checkLabel(c))}
		}
		basis := ""
		if to == model.CheckApproved {
			if c.Check.VerdictBy == by {
				return &model.Error{Code: model.EFORBIDDEN, Field: "check",
					Message: fmt.Sprintf("You set the verdict of claim #%d: a second check must be made by someone else.", c.Number)}
			}
			if !c.Status.IsVerdict() {
				return &model.Error{Code: model.ECONFLICT, Field: "status",
					Message: fmt.Sprintf("Claim #%d is %s since the check was requested, not a verdict: there is nothing to approve.", c.Number, c.Status.Label())}
			}
			basis = model.CheckBasis(c)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE claim_checks SET state = ?, decided_by = ?, decided_at = ?, comment = ?, basis = ? WHERE claim_id = ?`,
			to, by, formatTime(now), dec.Comment, basis, id); err != nil {
			return fmt.Errorf("decide check: %w", err)
		}
		ch := claimChanges{id: id, now: now, by: by}
		ch.event(model.EventCheck, string(model.CheckRequested), string(to), dec.Comment)
		return ch.write(ctx, tx)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// CheckQueue returns the claims awaiting a second check, the oldest request
// first, with their articles' titles.
func (d *DB) CheckQueue(ctx context.Context) ([]model.CheckQueueItem, error) {
	out := []model.CheckQueueItem{}
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		claims, err := loadClaims(ctx, tx, `c.id IN (SELECT claim_id FROM claim_checks WHERE state = ?)`, string(model.CheckRequested))
		if err != nil {
			return err
		}
		for _, c := range claims {
			var title string
			if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ?`, c.ArticleID).Scan(&title); err != nil {
				return err
			}
			out = append(out, model.CheckQueueItem{Claim: c, ArticleTitle: title, URL: model.ClaimURL(c.ArticleID, c.ID)})
		}
		return nil
	})
	sortQueue(out)
	return out, err
}

// sortQueue puts the oldest request first.
func sortQueue(q []model.CheckQueueItem) {
	slices.SortStableFunc(q, func(a, b model.CheckQueueItem) int {
		return a.Claim.Check.RequestedAt.Compare(b.Claim.Check.RequestedAt)
	})
}

// verdictSetter is who set claim c's current verdict: the author of the
// last status change to it, else whoever made the claim with it.
func verdictSetter(ctx context.Context, tx *sql.Tx, c model.Claim) (string, error) {
	var by string
	err := tx.QueryRowContext(ctx, `SELECT user_name FROM claim_events WHERE claim_id = ? AND field = ? AND to_val = ? AND from_val <> to_val ORDER BY id DESC LIMIT 1`,
		c.ID, model.EventStatus, c.Status).Scan(&by)
	if errors.Is(err, sql.ErrNoRows) {
		return c.CreatedBy, nil
	}
	return by, err
}

// checkState is claim c's check state as an event stores it, "" for none.
func checkState(c model.Claim) string {
	if c.Check == nil {
		return ""
	}
	return string(c.Check.State)
}

// checkLabel is claim c's check state in words.
func checkLabel(c model.Claim) string {
	if c.Check == nil {
		return model.CheckState("").Label()
	}
	return c.Check.State.Label()
}

// loadChecks fills in the second check of each claim in out from the rows
// of the claims selected by sub, marking an approval void when the claim
// no longer matches what was approved.
func loadChecks(ctx context.Context, q queryer, sub string, arg any, out []model.Claim) error {
	rows, err := q.QueryContext(ctx, `SELECT claim_id, state, requested_by, requested_at, verdict_by, decided_by, decided_at, comment, rationale, basis
		FROM claim_checks WHERE claim_id IN (`+sub+`)`, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	checks := map[int64]*model.SecondCheck{}
	for rows.Next() {
		var (
			claimID              int64
			ch                   model.SecondCheck
			requested, decidedAt string
		)
		if err := rows.Scan(&claimID, &ch.State, &ch.RequestedBy, &requested, &ch.VerdictBy, &ch.DecidedBy, &decidedAt, &ch.Comment, &ch.Rationale, &ch.Basis); err != nil {
			return err
		}
		ch.RequestedAt = parseTime(requested)
		if decidedAt != "" {
			t := parseTime(decidedAt)
			ch.DecidedAt = &t
		}
		checks[claimID] = &ch
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range out {
		if ch, ok := checks[out[i].ID]; ok {
			ch.Void = ch.State == model.CheckApproved && ch.Basis != model.CheckBasis(out[i])
			out[i].Check = ch
		}
	}
	return nil
}
