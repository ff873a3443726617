package db

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/factmark/factmark/internal/model"
)

// ArticleWithClaimsNear returns article articleID (with its text) and, by
// position, those of its claims whose words overlap [start, end) or one of
// whose parties is marked on words overlapping it: what the workspace needs
// to draw that part of the text again after a save, without reading every
// claim of a long article (ArticleWithClaims reads them all again after
// each write, since the write changed the article's change counter). The
// caller widens the range until no claim overlapping it reaches outside,
// so that every cluster of overlapping claims it draws is whole.
func (d *DB) ArticleWithClaimsNear(ctx context.Context, articleID int64, start, end int) (model.Article, []model.Claim, error) {
	var (
		a      model.Article
		claims []model.Claim
	)
	span, err := json.Marshal(map[string]any{"a": articleID, "s": start, "e": end})
	if err != nil {
		return model.Article{}, nil, err
	}
	err = d.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = article(ctx, tx, articleID); err != nil {
			return err
		}
		// One argument, numbered, read three ways: loadClaims takes one.
		claims, err = loadClaims(ctx, tx, `c.article_id = json_extract(?1, '$.a') AND (
			(c.orphan = 0 AND c.start_pos < json_extract(?1, '$.e') AND c.end_pos > json_extract(?1, '$.s'))
			OR EXISTS (SELECT 1 FROM parties np WHERE np.claim_id = c.id AND np.start_pos < json_extract(?1, '$.e') AND np.end_pos > json_extract(?1, '$.s')))`,
			string(span))
		return err
	})
	if err != nil {
		return model.Article{}, nil, err
	}
	return a, claims, nil
}
