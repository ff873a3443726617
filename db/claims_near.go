package db

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/factmark/factmark/internal/model"
)

// ArticleWithClaimsNear returns article articleID (with its text) and, by
// position, those of its claims whose words overlap [start, end) or one of
// whose parties is marked on words overlapping it: what the workspace needs
// to draw that part of the text again after a save, or a chunk as it nears
// the viewport, without reading every claim of a long article. The caller
// widens the range until no claim overlapping it reaches outside, so that
// every cluster of overlapping claims it draws is whole.
//
// When the read model holds the article (it does once its workspace was
// loaded), the claims are picked from it, renewed claim by claim if a
// write changed some: a save on a 10,000-claim article then reads one
// claim, not the article's text and every party of every claim again for
// each widening of the range. Otherwise they are read through the indexes
// (a first read of the whole article would cost more than the save).
// The claims slice is the caller's (ArticleWithClaims's is shared), but the
// article and the claims' parties and sources must not be modified.
func (d *DB) ArticleWithClaimsNear(ctx context.Context, articleID int64, start, end int) (model.Article, []model.Claim, error) {
	var (
		a      model.Article
		claims []model.Claim
	)
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		e, ok, changes, err := d.keptEntryIn(ctx, tx, articleID)
		if err != nil {
			return err
		}
		if ok {
			a, claims = e.article, claimsNear(e.claims, start, end)
			return nil
		}
		if a, err = article(ctx, tx, articleID); err != nil {
			return err
		}
		a.Changes = changes // as the read model's article has it
		// The ids first, through the index on (article_id, start_pos,
		// end_pos) and the parties' index on claim_id, then the claims.
		rows, err := tx.QueryContext(ctx, `SELECT id FROM claims WHERE article_id = ?1 AND orphan = 0 AND start_pos < ?3 AND end_pos > ?2
			UNION SELECT p.claim_id FROM parties p JOIN claims c ON c.id = p.claim_id
			WHERE c.article_id = ?1 AND p.start_pos < ?3 AND p.end_pos > ?2`, articleID, start, end)
		if err != nil {
			return err
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		if claims, err = claimsByID(ctx, tx, ids); err != nil {
			return err
		}
		// By position, as ArticleWithClaims lists them.
		slices.SortFunc(claims, func(x, y model.Claim) int {
			return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(y.End, x.End), cmp.Compare(x.ID, y.ID))
		})
		return nil
	})
	if err != nil {
		return model.Article{}, nil, err
	}
	return a, claims, nil
}

// claimsNear picks, in their order, those of claims that the query of
// ArticleWithClaimsNear finds: not orphaned and overlapping [start, end),
// or with a party marked on words overlapping it.
func claimsNear(claims []*model.Claim, start, end int) []model.Claim {
	var out []model.Claim
	for _, c := range claims {
		near := !c.Orphan && c.Start < end && c.End > start
		for _, p := range c.Parties {
			near = near || p.Start != nil && p.End != nil && *p.Start < end && *p.End > start
		}
		if near {
			out = append(out, *c)
		}
	}
	return out
}
