package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Source returns the library source with id.
func (d *DB) Source(ctx context.Context, id int64) (model.Source, error) {
	var s model.Source
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		s, err = source(ctx, tx, id)
		return err
	})
	return s, err
}

// ArchiveSource stores a snapshot of a source's page, fetched by by. The
// hash is computed here, over the bytes stored, so that the two always
// agree. A source without a URL (an offline reference) has no page to
// archive: EINVALID on "url".
func (d *DB) ArchiveSource(ctx context.Context, ns model.NewSnapshot, by string) (model.Snapshot, error) {
	var snap model.Snapshot
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		src, err := source(ctx, tx, ns.SourceID)
		if err != nil {
			return err
		}
		if src.URL == "" {
			return offlineSource(src)
		}
		sum := sha256.Sum256(ns.Raw)
		res, err := tx.ExecContext(ctx, `INSERT INTO source_snapshots (source_id, url, fetched_at, fetched_by, sha256, content_type, raw, title, text)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ns.SourceID, ns.URL, formatTime(ns.FetchedAt), by, hex.EncodeToString(sum[:]),
			ns.ContentType, ns.Raw, ns.Title, ns.Text)
		if err != nil {
			return fmt.Errorf("insert snapshot: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		snap, err = snapshot(ctx, tx, ns.SourceID, id)
		return err
	})
	return snap, err
}

// offlineSource is the refusal to archive a source that has no URL.
func offlineSource(src model.Source) error {
	return model.Invalid("url", "Source %d (%q) is an offline reference with no URL: it cannot be archived.", src.ID, src.Title)
}

// Snapshots lists a source's snapshots, newest first, without their text
// or raw bytes.
func (d *DB) Snapshots(ctx context.Context, sourceID int64) ([]model.Snapshot, error) {
	out := []model.Snapshot{}
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		if _, err := source(ctx, tx, sourceID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+snapshotColumns+` FROM source_snapshots WHERE source_id = ? ORDER BY id DESC`, sourceID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSnapshot(rows)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// SnapshotRaw returns snapshot snapID of source sourceID with the raw bytes
// it was archived from.
func (d *DB) SnapshotRaw(ctx context.Context, sourceID, snapID int64) (model.Snapshot, []byte, error) {
	var (
		snap model.Snapshot
		raw  []byte
	)
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if snap, err = snapshot(ctx, tx, sourceID, snapID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT raw FROM source_snapshots WHERE id = ?`, snapID).Scan(&raw)
	})
	return snap, raw, err
}

// snapshotColumns are the columns of a snapshot but its raw bytes and
// text, which lists leave out; size and text_length are counted by SQLite
// (length() counts a text's characters, which are code points).
const snapshotColumns = `id, source_id, url, fetched_at, fetched_by, sha256, content_type, length(raw), title, length(text)`

func scanSnapshot(row interface{ Scan(...any) error }, extra ...any) (model.Snapshot, error) {
	var (
		s       model.Snapshot
		fetched string
	)
	dest := append([]any{&s.ID, &s.SourceID, &s.URL, &fetched, &s.FetchedBy, &s.SHA256, &s.ContentType, &s.Size, &s.Title, &s.TextLength}, extra...)
	err := row.Scan(dest...)
	s.FetchedAt = parseTime(fetched)
	return s, err
}

// snapshot returns one snapshot of a source, with its text.
func snapshot(ctx context.Context, q queryer, sourceID, id int64) (model.Snapshot, error) {
	var body string
	s, err := scanSnapshot(q.QueryRowContext(ctx, `SELECT `+snapshotColumns+`, text FROM source_snapshots WHERE source_id = ? AND id = ?`, sourceID, id), &body)
	if errors.Is(err, sql.ErrNoRows) {
		return s, model.Errorf(model.ENOTFOUND, "Source %d has no snapshot %d.", sourceID, id)
	}
	s.Text = body
	return s, err
}

// loadSnapshotChecks fills in, for each source of claims, its latest
// snapshot and whether the attachment's excerpt is in it. Each source's
// text is read and folded once, however many claims cite it.
func loadSnapshotChecks(ctx context.Context, q queryer, claims []model.Claim) error {
	var ids []int64
	seen := map[int64]bool{}
	for _, c := range claims {
		for _, s := range c.Sources {
			if !seen[s.ID] {
				seen[s.ID] = true
				ids = append(ids, s.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT source_id, id, sha256, fetched_at, text FROM source_snapshots
		WHERE id IN (SELECT max(id) FROM source_snapshots WHERE source_id IN (SELECT value FROM json_each(?)) GROUP BY source_id)`, string(list))
	if err != nil {
		return err
	}
	defer rows.Close()
	type latest struct {
		id                int64
		sha256, matchText string
		fetched           string
	}
	snaps := map[int64]latest{}
	for rows.Next() {
		var (
			id   int64
			l    latest
			body string
		)
		if err := rows.Scan(&id, &l.id, &l.sha256, &l.fetched, &body); err != nil {
			return err
		}
		l.matchText = text.MatchForm(body)
		snaps[id] = l
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range claims {
		for j := range claims[i].Sources {
			s := &claims[i].Sources[j]
			if l, ok := snaps[s.ID]; ok {
				s.Snapshot = model.CheckExcerpt(l.id, l.sha256, parseTime(l.fetched), l.matchText, s.Excerpt)
			}
		}
	}
	return nil
}
