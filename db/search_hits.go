package db

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/factmark/factmark/internal/model"
)

// ftsSource is one FTS5 index a kind of result is found in, and how its
// matches become results.
type ftsSource struct {
	table string // the FTS5 table, aliased s
	match string // its MATCH query
	rank  string // the expression ranking a match (BM25: lower is better)
	id    string // the result a match is: s.rowid, s.claim_id…
	via   string // how the result was found, an SQL expression
	joins string // the tables the filters read, joined after "FROM table s"
	f     *filters
	// after is set when the source's hits rank after every hit of the
	// sources before it (parts of words after whole words): when those
	// already fill model.SearchRanked, it is not read.
	after bool
}

// hitsOf finds the results of one kind in its indexes and returns one
// page of them, their total, and whether there are more than the total.
//
// When no index has more than model.SearchRanked matches, every match is
// ranked by BM25 (a result found in several indexes by its best score).
// Otherwise the words are common, and ranking every match would cost a
// pass over them all (a million claims say "claim"): each index gives its
// newest matches instead, filtered within its model.SearchExamined newest,
// at most model.SearchRanked of them, and the results come newest first.
// Either way only the page shown is read further (titles, snippets).
func hitsOf(ctx context.Context, tx *sql.Tx, srcs []ftsSource, limit, offset int) (page []hit, total int, more bool, err error) {
	// Counting an index's matches reads its newest ones, which serve twice
	// when there are more than SearchRanked: with no filter they are the
	// index's hits, and with filters the oldest of the SearchExamined
	// newest bounds the filtered read. One pass over a common word's
	// matches is saved either way.
	newest := make([][]hit, len(srcs))
	read := make([]bool, len(srcs))    // newest[i] holds source i's newest matches
	bounds := make([]int64, len(srcs)) // source i's bound, -1 until known
	for i := range bounds {
		bounds[i] = -1
	}
	for i, s := range srcs {
		var n int
		if s.unfiltered() {
			read[i] = true
			newest[i], err = queryHits(ctx, tx, `SELECT `+s.id+`, 0.0, `+s.via+` FROM `+s.table+` s
				WHERE `+s.table+` MATCH ? ORDER BY s.rowid DESC LIMIT ?`, s.match, model.SearchRanked+1)
			n = len(newest[i])
		} else {
			n, bounds[i], err = newestWindow(ctx, tx, s)
		}
		if err != nil {
			return nil, 0, false, err
		}
		if n > model.SearchRanked {
			more = true
			break
		}
	}
	best := map[int64]hit{}
	for i, s := range srcs {
		if s.after && len(best) >= model.SearchRanked {
			continue
		}
		var hits []hit
		if more && read[i] {
			hits = newest[i][:min(len(newest[i]), model.SearchRanked)]
		} else if hits, err = sourceHits(ctx, tx, s, more, bounds[i]); err != nil {
			return nil, 0, false, err
		}
		for _, h := range hits {
			if b, seen := best[h.id]; !seen || h.score < b.score {
				best[h.id] = h
			}
		}
	}
	all := make([]hit, 0, len(best))
	for _, h := range best {
		all = append(all, h)
	}
	slices.SortFunc(all, func(a, b hit) int {
		if more {
			return cmp.Compare(b.id, a.id) // newest first
		}
		return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(a.id, b.id))
	})
	if offset < len(all) {
		page = all[offset:min(offset+limit, len(all))]
	}
	return page, len(all), more, nil
}

// unfiltered reports whether every match of s is a hit: no filter, no
// join.
func (s ftsSource) unfiltered() bool { return s.joins == "" && s.f.where() == "" }

// newestWindow reads the newest model.SearchExamined matches of s's words,
// filters aside: how many there are, and the oldest of them when there are
// that many (0 when fewer: the filters look at every match).
func newestWindow(ctx context.Context, tx *sql.Tx, s ftsSource) (n int, bound int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT count(*), coalesce(min(id), 0) FROM (SELECT rowid AS id FROM `+s.table+` WHERE `+s.table+` MATCH ?
		ORDER BY rowid DESC LIMIT ?)`, s.match, model.SearchExamined).Scan(&n, &bound)
	if n < model.SearchExamined {
		bound = 0
	}
	return n, bound, err
}

// sourceHits returns the matches of s that pass its filters: all of them
// with their rank, or, newest, the newest ones with no rank, from bound on
// (the oldest of the SearchExamined newest matches; -1 when not known yet).
func sourceHits(ctx context.Context, tx *sql.Tx, s ftsSource, newest bool, bound int64) ([]hit, error) {
	where, args := s.f.where(), s.f.args
	if !newest {
		return queryHits(ctx, tx, `SELECT `+s.id+`, `+s.rank+`, `+s.via+` FROM `+s.table+` s`+s.joins+`
			WHERE `+s.table+` MATCH ?`+where, append([]any{s.match}, args...)...)
	}
	if where == "" {
		bound = 0
	} else if bound < 0 {
		bound = 0
		err := tx.QueryRowContext(ctx, `SELECT rowid FROM `+s.table+` WHERE `+s.table+` MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
			s.match, model.SearchExamined-1).Scan(&bound)
		if err != nil && err != sql.ErrNoRows {
			return nil, err
		}
	}
	return queryHits(ctx, tx, `SELECT `+s.id+`, 0.0, `+s.via+` FROM `+s.table+` s`+s.joins+`
		WHERE `+s.table+` MATCH ? AND s.rowid >= ?`+where+` ORDER BY s.rowid DESC LIMIT ?`,
		append(append([]any{s.match, bound}, args...), model.SearchRanked)...)
}

func queryHits(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]hit, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var out []hit
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.score, &h.via); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, h)
	}
	return out, closeRows(rows)
}
