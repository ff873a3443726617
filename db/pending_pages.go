package db

import (
	"context"
	"database/sql"
	"errors"

	"github.com/factmark/factmark/internal/model"
)

// PendingPage returns a page stored for a preview (StorePendingPage) that
// no save has taken yet, body included, so that the import form can show
// and save exactly the page it previewed without fetching or uploading it
// again. A page already saved with an article, or pruned, is not found.
func (d *DB) PendingPage(ctx context.Context, id int64) (model.FetchedPage, error) {
	var p model.FetchedPage
	var at string
	err := d.read.QueryRowContext(ctx, `SELECT id, url, final_url, content_type, sha256, body, fetched_at, fetched_by
		FROM fetched_pages WHERE id = ? AND article_id IS NULL`, id).
		Scan(&p.ID, &p.URL, &p.FinalURL, &p.ContentType, &p.SHA256, &p.Body, &at, &p.FetchedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return p, model.Errorf(model.ENOTFOUND, "The page %d is no longer waiting to be saved (a day has passed, or it was saved already).", id)
	}
	p.FetchedAt, p.Size = parseTime(at), len(p.Body)
	return p, err
}
