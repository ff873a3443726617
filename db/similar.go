package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// similarCandidates is how many claims BM25 hands to the finer score.
const similarCandidates = 50

// SimilarClaims returns up to model.MaxSimilar claims of other articles
// that may state the same claim as claim id ("checked before"): candidates
// found by BM25 over statement, words and parties (the best 50; for claims
// in common words, see similarCandidatesFor), scored by
// model.Similarity, those under model.MinSimilarity left out, the best
// first (ties in BM25 order). Claims linked to it as the same claim are marked Linked.
func (d *DB) SimilarClaims(ctx context.Context, id int64) ([]model.SimilarClaim, error) {
	out := []model.SimilarClaim{}
	err := d.inFullTextTx(ctx, func(tx *sql.Tx) error {
		c, err := claim(ctx, tx, id)
		if err != nil {
			return err
		}
		self := claimText(c.Statement, c.Quote.Exact, partyNames(c.Parties))
		cands, err := similarCandidatesFor(ctx, tx, self, c.ArticleID)
		if err != nil || len(cands) == 0 {
			return err
		}
		linked, err := sameClaimIDs(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, cand := range cands {
			cand.s.Score = model.Similarity(self, cand.text)
			cand.s.Linked = slices.Contains(linked, cand.s.ID)
			if cand.s.Score >= model.MinSimilarity || cand.s.Linked {
				out = append(out, cand.s)
			}
		}
		slices.SortStableFunc(out, func(a, b model.SimilarClaim) int {
			switch {
			case a.Score > b.Score:
				return -1
			case a.Score < b.Score:
				return 1
			}
			return 0 // stable: BM25's order
		})
		if len(out) > model.MaxSimilar {
			out = out[:model.MaxSimilar]
		}
		return nil
	})
	return out, err
}

type similarCandidate struct {
	s    model.SimilarClaim
	text model.ClaimText
	bm25 float64 // its BM25 score, which ordered the candidates
}

// similarCommon is how many claims a word may be in and still rank the
// candidates of "checked before" by BM25: a pass over the claims of a word
// a tenth of the newsroom uses costs more than a page may take.
const similarCommon = 500

// similarColumns are the columns a claim is compared by.
const similarColumns = "{statement exact parties} : "

// similarCandidatesFor returns the candidates for claim text self, of
// articles other than articleID. When no word of it is common (in more
// than similarCommon claims), they are the best BM25 matches of any of its
// stems. Otherwise ranking every claim that has one of its words would
// read a large part of the index: the candidates are then the best BM25
// matches of its uncommon stems, if any, and the newest claims that have
// all its words.
func similarCandidatesFor(ctx context.Context, tx *sql.Tx, self model.ClaimText, articleID int64) ([]similarCandidate, error) {
	words := model.SimilarityWords(self)
	if len(words) == 0 {
		return nil, nil
	}
	var rare, all []string
	common := false
	for w, st := range words {
		all = append(all, ftsQuote(w))
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_claims WHERE search_claims MATCH ? LIMIT ?)`,
			similarColumns+ftsQuote(w), similarCommon+1).Scan(&n); err != nil {
			return nil, fmt.Errorf("similar: how common %q is: %w", w, err)
		}
		if n > similarCommon {
			common = true
		} else {
			rare = append(rare, st)
		}
	}
	if !common {
		return similarCandidatesOf(ctx, tx, anyStem(model.SimilarityTerms(self)), articleID, false)
	}
	var out []similarCandidate
	if len(rare) > 0 {
		ranked, err := similarCandidatesOf(ctx, tx, anyStem(rare), articleID, false)
		if err != nil {
			return nil, err
		}
		out = ranked
	}
	slices.Sort(all)
	newest, err := similarCandidatesOf(ctx, tx, similarColumns+"("+strings.Join(all, " AND ")+")", articleID, true)
	if err != nil {
		return nil, err
	}
	for _, n := range newest {
		if !slices.ContainsFunc(out, func(c similarCandidate) bool { return c.s.ID == n.s.ID }) {
			out = append(out, n)
		}
	}
	return out, nil
}

// anyStem is the query of claims with any of the stems, as a prefix.
func anyStem(stems []string) string {
	slices.Sort(stems)
	stems = slices.Compact(stems)
	parts := make([]string, len(stems))
	for i, t := range stems {
		parts[i] = ftsQuote(t) + "*"
	}
	return similarColumns + "(" + strings.Join(parts, " OR ") + ")"
}

// similarCandidatesOf returns the best BM25 matches of query among the
// claims of articles other than articleID, or with newest its newest
// matches, read newest first until there are enough.
func similarCandidatesOf(ctx context.Context, tx *sql.Tx, query string, articleID int64, newest bool) ([]similarCandidate, error) {
	hits := `SELECT hits.id, hits.score FROM hits JOIN claims c ON c.id = hits.id WHERE c.article_id <> ?2 ORDER BY hits.score, hits.id LIMIT ?3`
	if newest {
		// No BM25: its first call reads every match to weigh the words.
		hits = `SELECT s.rowid AS id, 0.0 AS score FROM search_claims s JOIN claims c ON c.id = s.rowid
			WHERE search_claims MATCH ?1 AND c.article_id <> ?2 ORDER BY s.rowid DESC LIMIT ?3`
	}
	rows, err := tx.QueryContext(ctx, `WITH hits(id, score) AS (
			SELECT rowid, bm25(search_claims, 3.0, 2.0, 0.0, 0.0, 1.0) FROM search_claims WHERE search_claims MATCH ?1 AND NOT ?4
		), best AS (`+hits+`)
		SELECT c.id, c.article_id, a.title, c.number, c.statement, c.exact, c.status, `+claimPublished+`, c.updated_at,
			(SELECT count(*) FROM claim_sources cs WHERE cs.claim_id = c.id),
			coalesce((SELECT group_concat(p.name, char(10)) FROM parties p WHERE p.claim_id = c.id), ''), best.score
		FROM best JOIN claims c ON c.id = best.id JOIN articles a ON a.id = c.article_id
		ORDER BY best.score, CASE WHEN ?4 THEN -best.id ELSE best.id END`, query, articleID, similarCandidates, newest)
	if err != nil {
		return nil, fmt.Errorf("similar: candidates: %w", err)
	}
	var out []similarCandidate
	for rows.Next() {
		var (
			cand           similarCandidate
			updated, names string
		)
		s := &cand.s
		if err := rows.Scan(&s.ID, &s.ArticleID, &s.ArticleTitle, &s.Number, &s.Statement, &s.Exact, &s.Status, &s.Published, &updated,
			&s.Sources, &names, &cand.bm25); err != nil {
			rows.Close()
			return nil, err
		}
		s.UpdatedAt = parseTime(updated)
		var parties []string
		if names != "" {
			parties = strings.Split(names, "\n")
		}
		cand.text = claimText(s.Statement, s.Exact, parties)
		out = append(out, cand)
	}
	return out, closeRows(rows)
}

func claimText(statement, exact string, parties []string) model.ClaimText {
	return model.ClaimText{Statement: statement, Exact: exact, Parties: parties}
}

func partyNames(ps []model.Party) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// sameClaimIDs lists the claims linked to claim id as the same claim.
func sameClaimIDs(ctx context.Context, q queryer, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT claim_b FROM claim_links WHERE claim_a = ? UNION SELECT claim_a FROM claim_links WHERE claim_b = ? ORDER BY 1`, id, id)
	if err != nil {
		return nil, err
	}
	var out []int64
	for rows.Next() {
		var other int64
		if err := rows.Scan(&other); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, other)
	}
	return out, closeRows(rows)
}

// loadSameAs fills SameAs of claims (the claims matching sub) from the
// links they are part of, either side.
func loadSameAs(ctx context.Context, q queryer, sub string, arg any, claims []model.Claim) error {
	index := map[int64]int{}
	for i := range claims {
		index[claims[i].ID] = i
	}
	rows, err := q.QueryContext(ctx, `WITH pairs(id, other) AS (
			SELECT claim_a, claim_b FROM claim_links WHERE claim_a IN (`+sub+`)
			UNION ALL
			SELECT claim_b, claim_a FROM claim_links WHERE claim_b IN (`+sub+`)
		)
		SELECT pairs.id, c.id, c.article_id, c.number, a.title FROM pairs JOIN claims c ON c.id = pairs.other JOIN articles a ON a.id = c.article_id
		ORDER BY 1, 2`, arg, arg)
	if err != nil {
		return fmt.Errorf("same claims: %w", err)
	}
	for rows.Next() {
		var (
			id   int64
			same model.SameClaim
		)
		if err := rows.Scan(&id, &same.ID, &same.ArticleID, &same.Number, &same.ArticleTitle); err != nil {
			rows.Close()
			return err
		}
		if i, ok := index[id]; ok {
			claims[i].SameAs = append(claims[i].SameAs, same)
		}
	}
	return closeRows(rows)
}

// LinkClaims links claim id and claim other, of another article, as the
// same claim: one symmetric relation, with an event in each claim's
// history, in one transaction. It returns claim id.
func (d *DB) LinkClaims(ctx context.Context, id, other int64, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, o, err := linkPair(ctx, tx, id, other)
		if err != nil {
			return err
		}
		a, b := min(id, other), max(id, other)
		res, err := tx.ExecContext(ctx, `INSERT INTO claim_links (claim_a, claim_b, created_at, created_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			a, b, formatTime(now), by)
		if err != nil {
			return fmt.Errorf("link claims: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &model.Error{Code: model.ECONFLICT, Field: "claim_id", Message: fmt.Sprintf("Claim %d is already linked as the same claim.", other)}
		}
		return sameClaimEvents(ctx, tx, c, o, now, by, true)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// UnlinkClaims removes the same-claim link between id and other, with an
// event in each history.
func (d *DB) UnlinkClaims(ctx context.Context, id, other int64, by string) (model.Claim, error) {
	now := d.now()
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, o, err := linkPair(ctx, tx, id, other)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM claim_links WHERE claim_a = ? AND claim_b = ?`, min(id, other), max(id, other))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &model.Error{Code: model.ENOTFOUND, Message: fmt.Sprintf("Claims %d and %d are not linked.", id, other)}
		}
		return sameClaimEvents(ctx, tx, c, o, now, by, false)
	})
	if err != nil {
		return model.Claim{}, err
	}
	return d.Claim(ctx, id)
}

// linkPair loads the two claims of a link and checks they may be linked:
// two claims, of two articles.
func linkPair(ctx context.Context, tx *sql.Tx, id, other int64) (model.Claim, model.Claim, error) {
	c, err := claim(ctx, tx, id)
	if err != nil {
		return c, c, err
	}
	o, err := claim(ctx, tx, other)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return c, o, model.Invalid("claim_id", "There is no claim %d.", other)
	}
	if err != nil {
		return c, o, err
	}
	if o.ArticleID == c.ArticleID {
		return c, o, model.Invalid("claim_id", "Claim %d is in the same article: link claims of other articles as the same claim.", other)
	}
	return c, o, nil
}

// sameClaimEvents records a link (or unlink) in both claims' histories,
// each naming the other.
func sameClaimEvents(ctx context.Context, tx *sql.Tx, c, o model.Claim, at time.Time, by string, linked bool) error {
	for _, pair := range [][2]model.Claim{{c, o}, {o, c}} {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ?`, pair[1].ArticleID).Scan(&title); err != nil {
			return err
		}
		e := model.Event{ClaimID: pair[0].ID, At: at, User: by, Field: model.EventSameClaim}
		v := model.SameClaimValue(pair[1].ID, pair[1].Number, title)
		if linked {
			e.To = v
		} else {
			e.From = v
		}
		if err := touchClaim(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// CopySources attaches every source of claim from to claim id, with its
// excerpt, relation and note, in one transaction with a history event
// each; sources id already has are left as they are. It returns claim id
// and how many sources were copied.
func (d *DB) CopySources(ctx context.Context, id, from int64, by string) (model.Claim, int, error) {
	now := d.now()
	copied := 0
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if _, err := lockClaim(ctx, tx, id, 0); err != nil {
			return err
		}
		src, err := claim(ctx, tx, from)
		if model.ErrorCode(err) == model.ENOTFOUND {
			return model.Invalid("from", "There is no claim %d to copy sources from.", from)
		}
		if err != nil {
			return err
		}
		if from == id {
			return model.Invalid("from", "A claim cannot copy its own sources.")
		}
		if len(src.Sources) == 0 {
			return model.Invalid("from", "Claim %d has no sources to copy.", from)
		}
		for _, s := range src.Sources {
			var have int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM claim_sources WHERE claim_id = ? AND source_id = ?`, id, s.ID).Scan(&have); err != nil {
				return err
			}
			if have > 0 {
				continue
			}
			att := model.Attachment{SourceID: s.ID, Excerpt: s.Excerpt, Relation: s.Relation, Note: s.Note}
			if _, err := linkSource(ctx, tx, id, att, now, by); err != nil {
				return err
			}
			e := sourceEvent(id, now, by, "", s.Title, s.Relation)
			e.Comment = fmt.Sprintf("Copied from claim %d", from)
			if err := touchClaim(ctx, tx, e); err != nil {
				return err
			}
			copied++
		}
		if copied == 0 {
			return &model.Error{Code: model.ECONFLICT, Field: "from", Message: fmt.Sprintf("This claim already has every source of claim %d.", from)}
		}
		return nil
	})
	if err != nil {
		return model.Claim{}, 0, err
	}
	c, err := d.Claim(ctx, id)
	return c, copied, err
}
