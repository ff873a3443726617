package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// bareInsert is the reference for claim creation: the rows one API call
// writes (a claim, its history event and two parties), inserted straight into
// SQLite in one transaction through the same driver, with the same pragmas
// (WAL, synchronous=NORMAL, foreign keys) and one writer connection, as the
// store has, and its statements prepared once. Its database is a separate
// file migrated by db.Open, so the schema, its indexes and its triggers are
// the application's; it writes the claim's search documents before it
// commits, as the store does (db.SearchDocsSQL).
type bareInsert struct {
	conn      *sql.DB
	claim     *sql.Stmt // prepared once, as a program that inserts rows in a loop would
	party     *sql.Stmt
	event     *sql.Stmt
	search    []*sql.Stmt // db.SearchDocsSQL: the claim's search documents, as the store writes them before it commits
	articleID int64
	next      atomic.Int64
	now       string
}

func openBareInsert(ctx context.Context, dir string, doc text.Document) (*bareInsert, error) {
	path := filepath.Join(dir, "bare.db")
	store, err := db.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	a, err := store.CreateArticle(ctx, model.NewArticle{Title: "Bare insert reference", Doc: doc}, "load")
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	b := &bareInsert{conn: conn, articleID: a.ID, now: time.Now().UTC().Format(time.RFC3339)}
	for _, st := range []struct {
		to  **sql.Stmt
		sql string
	}{{&b.claim, bareClaimSQL}, {&b.party, barePartySQL}, {&b.event, bareEventSQL}} {
		if *st.to, err = conn.PrepareContext(ctx, st.sql); err != nil {
			conn.Close()
			return nil, err
		}
	}
	for _, q := range db.SearchDocsSQL {
		st, err := conn.PrepareContext(ctx, q)
		if err != nil {
			conn.Close()
			return nil, err
		}
		b.search = append(b.search, st)
	}
	return b, nil
}

func (b *bareInsert) Close() error { return b.conn.Close() }

const (
	bareClaimSQL = `INSERT INTO claims (number, article_id, start_pos, end_pos, exact, prefix, suffix, statement, kind, status, note, assignee,
		canonical, via, version, created_at, created_by, updated_at, updated_by, anchored_revision, verdict_revision)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'number', 'unchecked', '', '', '', '', 1, ?, 'load', ?, 'load', 1, 0) RETURNING id`
	barePartySQL = `INSERT INTO parties (claim_id, name, role, start_pos, end_pos, exact) VALUES (?, ?, 'mentioned', NULL, NULL, '')`
	bareEventSQL = `INSERT INTO claim_events (claim_id, at, user_name, field, from_val, to_val, comment) VALUES (?, ?, 'load', 'claim', '', 'created', '')`
)

// insert writes one claim with its two parties, its history event and its
// search documents in one transaction.
func (b *bareInsert) insert(i int) error {
	ctx := context.Background()
	n := b.next.Add(1)
	start := (i * 7) % 2000
	tx, err := b.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var claimID int64
	err = tx.StmtContext(ctx, b.claim).QueryRowContext(ctx,
		n, b.articleID, start, start+12, "twelve chars", "a prefix of some words", "a suffix of some words", "twelve chars", b.now, b.now).Scan(&claimID)
	if err != nil {
		return fmt.Errorf("insert claim: %w", err)
	}
	for _, name := range []string{"Load", "Other"} {
		if _, err := tx.StmtContext(ctx, b.party).ExecContext(ctx, claimID, name); err != nil {
			return fmt.Errorf("insert party: %w", err)
		}
	}
	if _, err := tx.StmtContext(ctx, b.event).ExecContext(ctx, claimID, b.now); err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	for _, st := range b.search {
		if _, err := tx.StmtContext(ctx, st).ExecContext(ctx); err != nil {
			return fmt.Errorf("search documents: %w", err)
		}
	}
	return tx.Commit()
}
