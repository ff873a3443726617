package db

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// textCacheSize is how many article revisions' indexes are kept: the
// articles being worked on at once in a newsroom, with room to spare. An
// index costs about four bytes per character of a non-ASCII text.
const textCacheSize = 64

// textKey names one revision of one article's text. A revision's text never
// changes once committed (a new text is a new revision, see AddRevision)
// and article ids are never reused (migration 0003), so the pair names the
// same text forever.
type textKey struct {
	article  int64
	revision int
}

// textCache keeps the code-point index of recently used article texts, so
// that creating a claim validates its span without reading and indexing a
// 10,000-word text on every request. Entries are filled only from committed
// text (see DB.textIndex); AddRevision and DeleteArticle forget an article's
// entries when they commit, although a stale entry could never be asked for
// (its revision is no longer the article's), to give the memory back.
type textCache = revisionKeyed[*text.Index]

func newTextCache() *textCache { return newRevisionKeyed[*text.Index](textCacheSize) }

// revisionKeyed keeps values that one revision of one article determines
// (see textKey), at most size of them, forgetting the oldest first.
type revisionKeyed[V any] struct {
	size    int
	mu      sync.Mutex
	entries map[textKey]V
	order   []textKey // oldest first, for eviction
}

func newRevisionKeyed[V any](size int) *revisionKeyed[V] {
	return &revisionKeyed[V]{size: size, entries: make(map[textKey]V, size)}
}

// get returns the value of k, if kept. A nil cache keeps nothing.
func (c *revisionKeyed[V]) get(k textKey) (V, bool) {
	if c == nil {
		var zero V
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.entries[k]
	return v, ok
}

// put keeps v for k, evicting the oldest entry when full; a value kept
// already for k stays.
func (c *revisionKeyed[V]) put(k textKey, v V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok {
		return
	}
	if len(c.order) >= c.size {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[k] = v
	c.order = append(c.order, k)
}

// forget drops every entry of an article.
func (c *revisionKeyed[V]) forget(articleID int64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := c.order[:0]
	for _, k := range c.order {
		if k.article == articleID {
			delete(c.entries, k)
			continue
		}
		kept = append(kept, k)
	}
	c.order = kept
}

// len returns how many entries are kept (for tests).
func (c *revisionKeyed[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// textIndex returns the index of the article's current text as q sees it:
// one small read of the article's revision, and the text itself only when
// that revision is not cached. q must not have changed the article's text
// in its transaction (AddRevision indexes its new text itself): an index of
// text that is later rolled back must never be kept.
func (d *DB) textIndex(ctx context.Context, q queryer, articleID int64) (*text.Index, error) {
	k := textKey{article: articleID}
	err := q.QueryRowContext(ctx, `SELECT revision FROM articles WHERE id = ?`, articleID).Scan(&k.revision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, model.NotFound("Article", articleID)
	}
	if err != nil {
		return nil, err
	}
	if ix, ok := d.texts.get(k); ok {
		return ix, nil
	}
	var body string
	if err := q.QueryRowContext(ctx, `SELECT text FROM articles WHERE id = ?`, articleID).Scan(&body); err != nil {
		return nil, err
	}
	ix := text.NewIndex(body)
	d.texts.put(k, ix)
	return ix, nil
}

// TextIndex returns the code-point index of a's text, kept per article and
// revision with the store's own: a view laying out a 100,000-word article
// builds it in about 1 ms, for every chunk it draws and every save. a must
// be as the store returned it, its Text the text of its Revision; a kept
// index of another text (an article assembled by hand) is not used.
func (d *DB) TextIndex(a model.Article) *text.Index {
	k := textKey{article: a.ID, revision: a.Revision}
	if ix, ok := d.texts.get(k); ok && ix.String() == a.Text {
		return ix
	}
	ix := text.NewIndex(a.Text)
	d.texts.put(k, ix)
	return ix
}
