package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// CreateArticle stores a new article and its first revision.
func (d *DB) CreateArticle(ctx context.Context, na model.NewArticle, by string) (model.Article, error) {
	now := d.now()
	a := model.Article{
		Title: na.Title, Byline: na.Byline, Publication: na.Publication, URL: na.URL, PublishedAt: na.PublishedAt,
		Lang: na.Lang, Dir: na.Dir, Text: na.Doc.Text, Blocks: na.Doc.Blocks, Links: na.Links, Revision: 1, Version: 1, State: model.ArticleDraft,
		CreatedAt: now, CreatedBy: by, UpdatedAt: now, UpdatedBy: by,
	}
	if a.Links == nil {
		a.Links = []model.Link{}
	}
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var err error
		if a.ID, err = insertArticle(ctx, tx, a, na.Origin); err != nil {
			return err
		}
		pageID, err := attachPage(ctx, tx, a.ID, na.Page, na.PendingPage, "")
		if err != nil {
			return err
		}
		return setRevisionPage(ctx, tx, a.ID, a.Revision, pageID)
	})
	return a, err
}

// insertArticle writes a (its ID ignored) and its current revision and
// returns the new id.
func insertArticle(ctx context.Context, tx *sql.Tx, a model.Article, origin model.Origin) (int64, error) {
	blocks, links, err := marshalBody(a.Blocks, a.Links)
	if err != nil {
		return 0, err
	}
	id, err := nextID(ctx, tx, "articles")
	if err != nil {
		return 0, err
	}
	if a.Revision == 0 {
		a.Revision = 1
	}
	// An imported article keeps its assignee and due date (a new one has
	// neither).
	_, err = tx.ExecContext(ctx, `INSERT INTO articles (id, title, byline, publication, url, published_at, lang, dir, text, blocks, links, revision, version, assignee, due, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, a.Title, a.Byline, a.Publication, a.URL, a.PublishedAt, a.Lang, a.Dir, a.Text, blocks, links, a.Revision, a.Version, a.Assignee, a.Due,
		formatTime(a.CreatedAt), a.CreatedBy, formatTime(a.UpdatedAt), a.UpdatedBy)
	if err != nil {
		return 0, fmt.Errorf("insert article: %w", err)
	}
	if err := insertRevision(ctx, tx, id, a.Revision, a.Text, blocks, links, origin, a.UpdatedAt, a.UpdatedBy, nil); err != nil {
		return 0, err
	}
	return id, nil
}

// marshalBody encodes an article body's blocks and links as stored.
func marshalBody(blocks []text.Block, links []model.Link) (b, l []byte, err error) {
	if blocks == nil {
		blocks = []text.Block{}
	}
	if links == nil {
		links = []model.Link{}
	}
	if b, err = json.Marshal(blocks); err != nil {
		return nil, nil, err
	}
	l, err = json.Marshal(links)
	return b, l, err
}

const articleColumns = `a.id, a.title, a.byline, a.publication, a.url, a.published_at, a.lang, a.dir, a.text, a.blocks, a.links, a.revision, a.version, a.created_at, a.created_by, a.updated_at, a.updated_by, a.assignee, a.due, a.state`

func scanArticle(row interface{ Scan(...any) error }, extra ...any) (model.Article, error) {
	var (
		a                model.Article
		blocks, links    []byte
		created, updated string
	)
	dest := append([]any{&a.ID, &a.Title, &a.Byline, &a.Publication, &a.URL, &a.PublishedAt, &a.Lang, &a.Dir, &a.Text, &blocks, &links, &a.Revision, &a.Version,
		&created, &a.CreatedBy, &updated, &a.UpdatedBy, &a.Assignee, &a.Due, &a.State}, extra...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	if err := json.Unmarshal(blocks, &a.Blocks); err != nil {
		return a, fmt.Errorf("article %d blocks: %w", a.ID, err)
	}
	if err := json.Unmarshal(links, &a.Links); err != nil {
		return a, fmt.Errorf("article %d links: %w", a.ID, err)
	}
	return a, nil
}

// Article returns the article with id.
func (d *DB) Article(ctx context.Context, id int64) (model.Article, error) {
	return article(ctx, d.read, id)
}

// articleExists returns a not-found error unless article id exists, without
// reading the article's row (its text, blocks and links: tens of kilobytes
// decoded for a yes or no).
func articleExists(ctx context.Context, q queryer, id int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return model.NotFound("Article", id)
	}
	return err
}

func article(ctx context.Context, q queryer, id int64) (model.Article, error) {
	a, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, model.NotFound("Article", id)
	}
	return a, err
}

// ListArticles returns every article, newest first, with its claims counted
// by status. The text is left out: a list never shows it.
func (d *DB) ListArticles(ctx context.Context) ([]model.ArticleSummary, error) {
	var out []model.ArticleSummary
	err := d.inReadTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.title, a.byline, a.publication, a.url, a.published_at, a.lang, a.dir, '', '[]', '[]', a.revision, a.version,
			a.created_at, a.created_by, a.updated_at, a.updated_by, a.assignee, a.due, a.state FROM articles a ORDER BY a.created_at DESC, a.id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[int64]int{}
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			index[a.ID] = len(out)
			out = append(out, model.ArticleSummary{Article: a, ClaimCounts: map[model.Status]int{}})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		counts, err := tx.QueryContext(ctx, `SELECT article_id, status, count(*) FROM claims GROUP BY article_id, status`)
		if err != nil {
			return err
		}
		defer counts.Close()
		for counts.Next() {
			var (
				id     int64
				status model.Status
				n      int
			)
			if err := counts.Scan(&id, &status, &n); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].ClaimCounts[status] = n
				out[i].ClaimTotal += n
			}
		}
		return counts.Err()
	})
	return out, err
}

// DeleteArticle removes an article with its claims and their history.
// ifVersion, when not zero, must be the article's version.
func (d *DB) DeleteArticle(ctx context.Context, id int64, ifVersion int) error {
	defer d.texts.forget(id)
	return d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		a, err := article(ctx, tx, id)
		if err != nil {
			return err
		}
		if ifVersion != 0 && ifVersion != a.Version {
			return &model.Error{Code: model.EPRECONDITION, Current: a,
				Message: fmt.Sprintf("The article is at version %d; If-Match did not name it: reload it before deleting.", a.Version)}
		}
		if err := refusePublished(ctx, tx, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
		return err
	})
}
