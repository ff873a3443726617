package handlers

import (
	"sync"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// memoCacheBytes bounds the rendered workspaces kept (a 10,000-word
// article with 500 claims renders about 0.5 MB).
const memoCacheBytes = 64 << 20

// memoCache keeps, for each recently read article, the memo of the
// workspace rendered for one state of it (pages.Memo), named by the
// article's change counter. A request that read the article in a newer
// state replaces it; one that read an older state (its snapshot began
// before a write) gets a memo of its own, kept by nobody. So a memo is only
// ever shared by requests that read the very same rows.
type memoCache struct {
	limit int

	mu      sync.Mutex
	entries map[int64]memoEntry
	order   []int64 // least recently stored first
}

type memoEntry struct {
	changes int64
	memo    *pages.Memo
}

func newMemoCache(limit int) *memoCache {
	return &memoCache{limit: limit, entries: map[int64]memoEntry{}}
}

// memo returns the memo for the state of a, which must come with its claims
// from the store's ArticleWithClaims (which sets a.Changes); nil when a
// names no state.
func (m *memoCache) memo(a model.Article) *pages.Memo {
	if m == nil || a.Changes == 0 {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[a.ID]
	switch {
	case ok && e.changes == a.Changes:
		return e.memo
	case ok && e.changes > a.Changes:
		return &pages.Memo{}
	}
	m.drop(a.ID)
	m.evict()
	e = memoEntry{changes: a.Changes, memo: &pages.Memo{}}
	m.entries[a.ID] = e
	m.order = append(m.order, a.ID)
	return e.memo
}

// evict drops the oldest memos while those kept hold more than the limit;
// m.mu is held. The memo being stored is empty yet: it is counted when the
// next one is stored.
func (m *memoCache) evict() {
	total := 0
	for _, e := range m.entries {
		total += e.memo.Size()
	}
	for total > m.limit && len(m.order) > 0 {
		total -= m.entries[m.order[0]].memo.Size()
		m.drop(m.order[0])
	}
}

// drop forgets an article's memo; m.mu is held.
func (m *memoCache) drop(articleID int64) {
	if _, ok := m.entries[articleID]; !ok {
		return
	}
	delete(m.entries, articleID)
	for i, id := range m.order {
		if id == articleID {
			m.order = append(m.order[:i], m.order[i+1:]...)
			break
		}
	}
}
