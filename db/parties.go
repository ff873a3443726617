package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// insertParty names party p on claim claimID, linked to its registry
// entry (created when the name is new).
func insertParty(ctx context.Context, tx *sql.Tx, ix *text.Index, claimID int64, p model.NewParty, prefix string, now time.Time, by string) (model.Party, error) {
	out := model.Party{Name: p.Name, Role: p.Role}
	var start, end any
	if p.Start != nil {
		s, e, err := checkSpan(ix, *p.Start, *p.End, prefix)
		if err != nil {
			return model.Party{}, err
		}
		start, end, out.Exact = s, e, ix.Slice(s, e)
		out.Start, out.End = &s, &e
	}
	entity, typ, err := linkPartyTyped(ctx, tx, p.Name, p.Type, now, by)
	if err != nil {
		return model.Party{}, err
	}
	out.EntityID, out.Type = &entity, typ
	res, err := tx.ExecContext(ctx, `INSERT INTO parties (claim_id, name, role, start_pos, end_pos, exact, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		claimID, p.Name, p.Role, start, end, out.Exact, entity)
	if err != nil {
		return model.Party{}, err
	}
	out.ID, err = res.LastInsertId()
	return out, err
}

// AddParty names a party on a claim.
func (d *DB) AddParty(ctx context.Context, claimID int64, p model.NewParty, by string) (model.Claim, error) {
	return d.AddParties(ctx, claimID, []model.NewParty{p}, by)
}

// AddParties adds several parties to a claim in one transaction, each with
// its history event: all of them or, when one is refused, none (the
// workspace adds "Erdogan, the Syrian government and the Syrian
// opposition" in one step). A refusal names the party by its index,
// parties[i].name, when there are several.
func (d *DB) AddParties(ctx context.Context, claimID int64, ps []model.NewParty, by string) (model.Claim, error) {
	for i := range ps {
		if err := ps[i].Normalize(); err != nil {
			if len(ps) > 1 {
				return model.Claim{}, within(err, fmt.Sprintf("parties[%d]", i))
			}
			return model.Claim{}, err
		}
	}
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := lockClaim(ctx, tx, claimID, 0)
		if err != nil {
			return err
		}
		ix, err := d.textIndex(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if _, err := insertParty(ctx, tx, ix, claimID, p, "", now, by); err != nil {
				return err
			}
			if err := touchClaim(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: model.EventParty, To: model.PartyValue(p.Name, p.Role)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, claimID)
}

// within moves a model error's field under prefix ("parties[1].name").
func within(err error, prefix string) error {
	var e *model.Error
	if errors.As(err, &e) {
		moved := *e
		moved.Field = prefix + "." + e.Field
		return &moved
	}
	return err
}

// lockParty locks claim claimID for a change to its party partyID, and
// returns both.
func lockParty(ctx context.Context, tx *sql.Tx, claimID, partyID int64) (model.Claim, model.Party, error) {
	c, err := lockClaim(ctx, tx, claimID, 0)
	if err != nil {
		return c, model.Party{}, err
	}
	for _, p := range c.Parties {
		if p.ID == partyID {
			return c, p, nil
		}
	}
	return c, model.Party{}, model.NotFound("Party", partyID)
}

// RemoveParty removes a party from a claim.
func (d *DB) RemoveParty(ctx context.Context, claimID, partyID int64, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, p, err := lockParty(ctx, tx, claimID, partyID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM parties WHERE id = ?`, partyID); err != nil {
			return err
		}
		return touchClaim(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: model.EventParty, From: model.PartyValue(p.Name, p.Role)})
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
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, p, err := lockParty(ctx, tx, claimID, partyID)
		if err != nil {
			return err
		}
		ix, err := d.textIndex(ctx, tx, c.ArticleID)
		if err != nil {
			return err
		}
		from := ""
		if p.Anchored() {
			from = model.PartyMarkValue(p.Name, p.Exact, *p.Start, *p.End)
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
			to = model.PartyMarkValue(p.Name, ix.Slice(s, e), s, e)
			_, err = tx.ExecContext(ctx, `UPDATE parties SET start_pos = ?, end_pos = ?, exact = ? WHERE id = ?`, s, e, ix.Slice(s, e), partyID)
		}
		if err != nil {
			return err
		}
		return touchClaim(ctx, tx, model.Event{ClaimID: claimID, At: now, User: by, Field: model.EventPartyMark, From: from, To: to})
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, claimID)
}
