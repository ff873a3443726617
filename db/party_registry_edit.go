package db

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// entityChanges lists the events that turn registry entry before into
// after: a rename, a retype, and each alias added or removed. Aliases are
// compared by their folded form, the form that matches; the old and new
// names are the rename's, not aliases added or removed, except an old name
// that no longer matches, which is an alias removed.
func entityChanges(before, after model.PartyEntity) []model.PartyEvent {
	var evs []model.PartyEvent
	if before.Name != after.Name {
		evs = append(evs, model.PartyEvent{Field: model.PartyEventName, From: before.Name, To: after.Name})
	}
	if before.Type != after.Type {
		evs = append(evs, model.PartyEvent{Field: model.PartyEventType, From: string(before.Type), To: string(after.Type)})
	}
	old, cur := foldedNames(before), foldedNames(after)
	newName := model.FoldPartyName(after.Name)
	for _, a := range append([]string{after.Name}, after.Aliases...) {
		f := model.FoldPartyName(a)
		if _, had := old[f]; !had && f != newName {
			evs = append(evs, model.PartyEvent{Field: model.PartyEventAliasAdded, To: a})
		}
	}
	for _, a := range append([]string{before.Name}, before.Aliases...) {
		f := model.FoldPartyName(a)
		if _, has := cur[f]; !has && f != newName {
			evs = append(evs, model.PartyEvent{Field: model.PartyEventAliasRemoved, From: a})
		}
	}
	return evs
}

// foldedNames is the set of folded forms an entry matches.
func foldedNames(e model.PartyEntity) map[string]struct{} {
	out := map[string]struct{}{model.FoldPartyName(e.Name): {}}
	for _, a := range e.Aliases {
		out[model.FoldPartyName(a)] = struct{}{}
	}
	return out
}

// writePartyEvents records evs in entry id's history, at now by by.
func writePartyEvents(ctx context.Context, tx *sql.Tx, id int64, now time.Time, by string, evs []model.PartyEvent) error {
	for _, e := range evs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_events (entity_id, at, user_name, field, from_value, to_value, claims) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, formatTime(now), by, e.Field, e.From, e.To, e.Claims); err != nil {
			return err
		}
	}
	return nil
}

// PartyHistory returns registry entry id's history, oldest first as a
// claim's history reads: its renames, retypes, aliases added and removed
// and the entries merged into it, with theirs.
func (d *DB) PartyHistory(ctx context.Context, id int64) ([]model.PartyEvent, error) {
	out := []model.PartyEvent{}
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := partyEntity(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT at, user_name, field, from_value, to_value, claims FROM party_events WHERE entity_id = ? ORDER BY id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e model.PartyEvent
			var at string
			if err := rows.Scan(&at, &e.User, &e.Field, &e.From, &e.To, &e.Claims); err != nil {
				return err
			}
			e.At = parseTime(at)
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// AddPartyAlias gives registry entry id one more alias, so that a party
// spelled so links to it. An alias the entry already matches, or another
// entry's, is a conflict: the latter calls for a merge.
func (d *DB) AddPartyAlias(ctx context.Context, id int64, alias, by string) (model.PartyEntity, error) {
	alias = strings.TrimSpace(alias)
	folded := model.FoldPartyName(alias)
	if folded == "" {
		return model.PartyEntity{}, model.Invalid("alias", "Type the alias to add: another way claims write this party's name.")
	}
	now := d.now()
	var out model.PartyEntity
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		e, err := partyEntity(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, has := foldedNames(e)[folded]; has {
			return &model.Error{Code: model.ECONFLICT, Field: "alias",
				Message: "“" + alias + "” already matches this party (as its name or an alias); nothing to add."}
		}
		if err := addAlias(ctx, tx, id, alias, folded, "alias"); err != nil {
			return err
		}
		if err := writePartyEvents(ctx, tx, id, now, by, []model.PartyEvent{{Field: model.PartyEventAliasAdded, To: alias}}); err != nil {
			return err
		}
		out, err = partyEntity(ctx, tx, id)
		return err
	})
	return out, err
}

// RemovePartyAlias removes an alias of registry entry id (matched folded).
// Parties already linked through it stay linked; only a party added later
// and spelled so no longer links to the entry. The name cannot be removed:
// rename the entry first.
func (d *DB) RemovePartyAlias(ctx context.Context, id int64, alias, by string) (model.PartyEntity, error) {
	folded := model.FoldPartyName(alias)
	if folded == "" {
		return model.PartyEntity{}, model.Invalid("alias", "Choose the alias to remove.")
	}
	now := d.now()
	var out model.PartyEntity
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		e, err := partyEntity(ctx, tx, id)
		if err != nil {
			return err
		}
		if folded == model.FoldPartyName(e.Name) {
			return model.Invalid("alias", "“%s” is the party's name, not an alias: rename the party first, then remove the old name.", e.Name)
		}
		var stored string
		err = tx.QueryRowContext(ctx, `SELECT alias FROM party_aliases WHERE entity_id = ? AND folded = ?`, id, folded).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return model.Invalid("alias", "“%s” is not an alias of %s.", strings.TrimSpace(alias), e.Name)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM party_aliases WHERE entity_id = ? AND folded = ?`, id, folded); err != nil {
			return err
		}
		if err := writePartyEvents(ctx, tx, id, now, by, []model.PartyEvent{{Field: model.PartyEventAliasRemoved, From: stored}}); err != nil {
			return err
		}
		out, err = partyEntity(ctx, tx, id)
		return err
	})
	return out, err
}

// PartyList returns one page of the registry, by folded name (so "Ärzte"
// sorts with the a's): the entries with a
// name or alias containing q (folded; every entry when q is empty), from
// offset, at most limit of them, and how many match in all.
func (d *DB) PartyList(ctx context.Context, q string, offset, limit int) ([]model.PartyEntity, int, error) {
	pattern := "%" + escapeLike(model.FoldPartyName(q)) + "%"
	out := []model.PartyEntity{}
	var total int
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		const match = `e.id IN (SELECT entity_id FROM party_aliases WHERE folded LIKE ? ESCAPE '\')`
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM party_entities e WHERE `+match, pattern).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT e.id FROM party_entities e WHERE `+match+`
			ORDER BY coalesce((SELECT min(a.folded) FROM party_aliases a WHERE a.entity_id = e.id AND a.alias = e.name), lower(e.name)), e.id
			LIMIT ? OFFSET ?`, pattern, limit, offset)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			e, err := partyEntity(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	return out, total, err
}
