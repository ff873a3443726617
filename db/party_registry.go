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

// linkParty returns the registry entry whose name or alias folds like
// name, creating one of type typ ("other" when empty) when there is none,
// so that every party added to a claim is in the registry.
func linkParty(ctx context.Context, tx *sql.Tx, name string, typ model.PartyType, now time.Time, by string) (int64, error) {
	id, _, err := linkPartyTyped(ctx, tx, name, typ, now, by)
	return id, err
}

// linkPartyTyped is linkParty, returning also the type of the entry linked
// to (that of an existing entry, which typ does not change).
func linkPartyTyped(ctx context.Context, tx *sql.Tx, name string, typ model.PartyType, now time.Time, by string) (int64, model.PartyType, error) {
	folded := model.FoldPartyName(name)
	var (
		id  int64
		got model.PartyType
	)
	err := tx.QueryRowContext(ctx, `SELECT a.entity_id, e.type FROM party_aliases a JOIN party_entities e ON e.id = a.entity_id WHERE a.folded = ?`, folded).Scan(&id, &got)
	if err == nil {
		return id, got, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, "", err
	}
	if typ == "" {
		typ = model.PartyOther
	}
	name = strings.TrimSpace(name)
	res, err := tx.ExecContext(ctx, `INSERT INTO party_entities (name, type, created_at, created_by) VALUES (?, ?, ?, ?)`, name, typ, formatTime(now), by)
	if err != nil {
		return 0, "", fmt.Errorf("insert party entity: %w", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO party_aliases (entity_id, alias, folded) VALUES (?, ?, ?)`, id, name, folded); err != nil {
		return 0, "", fmt.Errorf("insert party alias: %w", err)
	}
	return id, typ, nil
}

// linkUnregisteredParties links every party without a registry entry to
// one, creating entries for names not yet known. It runs after the
// migrations: the folded form that matches names is computed in Go, so
// migration 0040 cannot fill the registry from the existing parties itself.
func (d *DB) linkUnregisteredParties(ctx context.Context) error {
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name FROM parties WHERE entity_id IS NULL ORDER BY id`)
		if err != nil {
			return err
		}
		type party struct {
			id   int64
			name string
		}
		var ps []party
		for rows.Next() {
			var p party
			if err := rows.Scan(&p.id, &p.name); err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := d.now()
		for _, p := range ps {
			if model.FoldPartyName(p.name) == "" {
				continue
			}
			eid, err := linkParty(ctx, tx, p.name, "", now, "")
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE parties SET entity_id = ? WHERE id = ?`, eid, p.id); err != nil {
				return err
			}
		}
		return nil
	})
}

// PartyEntities returns up to limit registry entries with a name or alias
// starting with q (folded), most used first, for completion; every entry
// when q is empty.
func (d *DB) PartyEntities(ctx context.Context, q string, limit int) ([]model.PartyEntity, error) {
	pattern := escapeLike(model.FoldPartyName(q)) + "%"
	var out []model.PartyEntity
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.id, e.name, e.type, e.created_at, e.created_by,
			(SELECT count(DISTINCT claim_id) FROM parties WHERE entity_id = e.id) AS n
			FROM party_entities e
			WHERE e.id IN (SELECT entity_id FROM party_aliases WHERE folded LIKE ? ESCAPE '\')
			ORDER BY n DESC, e.name, e.id LIMIT ?`, pattern, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e model.PartyEntity
			var created string
			if err := rows.Scan(&e.ID, &e.Name, &e.Type, &created, &e.CreatedBy, &e.Claims); err != nil {
				return err
			}
			e.CreatedAt = parseTime(created)
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range out {
			if out[i].Aliases, err = partyAliases(ctx, tx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if out == nil {
		out = []model.PartyEntity{}
	}
	return out, err
}

// partyAliases returns the aliases of entity id other than its name.
func partyAliases(ctx context.Context, q queryer, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.alias FROM party_aliases a JOIN party_entities e ON e.id = a.entity_id
		WHERE a.entity_id = ? AND a.alias <> e.name ORDER BY a.alias`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// partyEntity reads entry id with its aliases and claim count.
func partyEntity(ctx context.Context, q queryer, id int64) (model.PartyEntity, error) {
	var e model.PartyEntity
	var created string
	err := q.QueryRowContext(ctx, `SELECT e.id, e.name, e.type, e.created_at, e.created_by,
		(SELECT count(DISTINCT claim_id) FROM parties WHERE entity_id = e.id)
		FROM party_entities e WHERE e.id = ?`, id).Scan(&e.ID, &e.Name, &e.Type, &created, &e.CreatedBy, &e.Claims)
	if errors.Is(err, sql.ErrNoRows) {
		return e, model.NotFound("Party", id)
	}
	if err != nil {
		return e, err
	}
	e.CreatedAt = parseTime(created)
	e.Aliases, err = partyAliases(ctx, q, id)
	return e, err
}

// PartyEntity returns registry entry id with its aliases and every claim
// that involves it, across articles, in article then claim order.
func (d *DB) PartyEntity(ctx context.Context, id int64) (model.PartyEntity, []model.PartyClaim, error) {
	var (
		e  model.PartyEntity
		cs = []model.PartyClaim{}
	)
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if e, err = partyEntity(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.title, c.id, c.number, c.statement, p.name, p.role, c.status
			FROM parties p JOIN claims c ON c.id = p.claim_id JOIN articles a ON a.id = c.article_id
			WHERE p.entity_id = ? ORDER BY a.id DESC, c.number, p.id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c model.PartyClaim
			if err := rows.Scan(&c.ArticleID, &c.ArticleTitle, &c.ClaimID, &c.Number, &c.Statement, &c.Name, &c.Role, &c.Status); err != nil {
				return err
			}
			cs = append(cs, c)
		}
		return rows.Err()
	})
	return e, cs, err
}

// UpdatePartyEntity renames, retypes or re-aliases registry entry id. A
// name or alias that another entry already has is a conflict: merge the
// two entries instead.
func (d *DB) UpdatePartyEntity(ctx context.Context, id int64, p model.PartyEntityPatch, by string) (model.PartyEntity, error) {
	if err := p.Normalize(); err != nil {
		return model.PartyEntity{}, err
	}
	now := d.now()
	var out model.PartyEntity
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		e, err := partyEntity(ctx, tx, id)
		if err != nil {
			return err
		}
		name, aliases := e.Name, e.Aliases
		if p.Name != nil {
			name = *p.Name
		}
		if p.Aliases != nil {
			aliases = *p.Aliases
		} else if name != e.Name {
			// The old name stays known as an alias, so claims that
			// spell it so keep matching.
			aliases = append(aliases, e.Name)
		}
		if p.Type != nil && *p.Type != e.Type {
			if _, err := tx.ExecContext(ctx, `UPDATE party_entities SET type = ? WHERE id = ?`, *p.Type, id); err != nil {
				return err
			}
			// Claims carry their parties' types (ClaimReview's author),
			// so their articles' cached read models must go: touching
			// the linked parties fires the parties' change triggers.
			if _, err := tx.ExecContext(ctx, `UPDATE parties SET entity_id = entity_id WHERE entity_id = ?`, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE party_entities SET name = ? WHERE id = ?`, name, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM party_aliases WHERE entity_id = ?`, id); err != nil {
			return err
		}
		seen := map[string]bool{}
		for i, a := range append([]string{name}, aliases...) {
			folded := model.FoldPartyName(a)
			if seen[folded] {
				continue
			}
			seen[folded] = true
			field := "name"
			if i > 0 {
				field = fmt.Sprintf("aliases[%d]", i-1)
			}
			if err := addAlias(ctx, tx, id, a, folded, field); err != nil {
				return err
			}
		}
		if out, err = partyEntity(ctx, tx, id); err != nil {
			return err
		}
		return writePartyEvents(ctx, tx, id, now, by, entityChanges(e, out))
	})
	return out, err
}

// addAlias gives entry id the alias a, refusing one another entry has;
// field names the request's field that a refusal is about.
func addAlias(ctx context.Context, tx *sql.Tx, id int64, a, folded, field string) error {
	var other int64
	var otherName string
	err := tx.QueryRowContext(ctx, `SELECT e.id, e.name FROM party_aliases a JOIN party_entities e ON e.id = a.entity_id WHERE a.folded = ?`, folded).Scan(&other, &otherName)
	if err == nil {
		return &model.Error{Code: model.ECONFLICT, Field: field,
			Message: fmt.Sprintf("%q is already party %d (%s); merge the two parties instead.", a, other, otherName)}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO party_aliases (entity_id, alias, folded) VALUES (?, ?, ?)`, id, a, folded)
	return err
}

// MergePartyEntities merges registry entry from into entry into in one
// transaction: from's name and aliases become into's aliases, its claims'
// parties link to into, each with a history event on its claim, and from
// is deleted.
func (d *DB) MergePartyEntities(ctx context.Context, from, into int64, by string) (model.PartyEntity, error) {
	if from == into {
		return model.PartyEntity{}, model.Invalid("into", "Choose another party to merge into.")
	}
	now := d.now()
	var out model.PartyEntity
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		src, err := partyEntity(ctx, tx, from)
		if err != nil {
			return err
		}
		dst, err := partyEntity(ctx, tx, into)
		if err != nil {
			if model.ErrorCode(err) == model.ENOTFOUND {
				return model.Invalid("into", "There is no party %d to merge into.", into)
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE party_aliases SET entity_id = ? WHERE entity_id = ?`, into, from); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, claim_id, name, role FROM parties WHERE entity_id = ? ORDER BY id`, from)
		if err != nil {
			return err
		}
		var evs []model.Event
		for rows.Next() {
			var (
				pid, cid int64
				name     string
				role     model.Role
			)
			if err := rows.Scan(&pid, &cid, &name, &role); err != nil {
				rows.Close()
				return err
			}
			v := model.PartyValue(name, role)
			evs = append(evs, model.Event{ClaimID: cid, At: now, User: by, Field: model.EventParty, From: v, To: v,
				Comment: fmt.Sprintf("Party %q merged into %q.", src.Name, dst.Name)})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE parties SET entity_id = ? WHERE entity_id = ?`, into, from); err != nil {
			return err
		}
		for _, e := range evs {
			if err := touchClaim(ctx, tx, e); err != nil {
				return err
			}
		}
		// from's history goes with its names, so that the merged
		// entry's story stays readable on into's page.
		if _, err := tx.ExecContext(ctx, `UPDATE party_events SET entity_id = ? WHERE entity_id = ?`, into, from); err != nil {
			return err
		}
		merged := model.PartyEvent{Field: model.PartyEventMerged, From: src.Name, To: dst.Name, Claims: src.Claims}
		if err := writePartyEvents(ctx, tx, into, now, by, []model.PartyEvent{merged}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM party_entities WHERE id = ?`, from); err != nil {
			return err
		}
		out, err = partyEntity(ctx, tx, into)
		return err
	})
	return out, err
}

// MatchPartyEntity returns the id of the registry entry whose name or
// alias folds like name, or nil when there is none; it creates nothing.
func (d *DB) MatchPartyEntity(ctx context.Context, name string) (*int64, error) {
	folded := model.FoldPartyName(name)
	if folded == "" {
		return nil, nil
	}
	var id int64
	err := d.read.QueryRowContext(ctx, `SELECT entity_id FROM party_aliases WHERE folded = ?`, folded).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &id, nil
}
