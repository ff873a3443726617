package db

import (
	"slices"
	"sync"

	"github.com/factmark/factmark/internal/model"
)

// historyCacheEvents bounds the events kept by the history cache, over all
// its articles, so that memory stays bounded (an event takes about 250
// bytes with its strings, so some 12 MB): 2 articles of 10,000 claims with
// 2 events each, or many small ones.
const historyCacheEvents = 50000

// historyCache keeps the claims' history of the articles most recently
// exported, as ArticleRecord reads it, so that exporting an article of
// 10,000 claims again does not read its 20,000 events through the driver
// (most of an internal edition's time to its first byte). Like the read
// model, each entry is valid for one value of the article's change
// counter, which triggers on claim_events bump in the writing transaction
// (migration 0030), and a reader compares the counter in its own snapshot.
type historyCache struct {
	mu      sync.Mutex
	entries map[int64]historyEntry
	order   []int64 // least recently filled first
	events  int     // events over all entries
}

type historyEntry struct {
	changes int64
	history map[int64][]model.Event
	events  int
}

func newHistoryCache() *historyCache {
	return &historyCache{entries: map[int64]historyEntry{}}
}

// get returns the history kept for the article at changes. A nil cache
// keeps nothing. The map is shared: callers must not modify it.
func (h *historyCache) get(articleID, changes int64) (map[int64][]model.Event, bool) {
	if h == nil {
		return nil, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	e, ok := h.entries[articleID]
	if !ok || e.changes != changes {
		return nil, false
	}
	return e.history, true
}

// put keeps an article's history at changes, unless a newer one is kept
// already or it alone is over the bound.
func (h *historyCache) put(articleID, changes int64, history map[int64][]model.Event) {
	n := 0
	for _, es := range history {
		n += len(es)
	}
	if h == nil || n > historyCacheEvents {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if old, ok := h.entries[articleID]; ok {
		if old.changes > changes {
			return
		}
		h.drop(articleID)
	}
	for h.events+n > historyCacheEvents && len(h.order) > 0 {
		h.drop(h.order[0])
	}
	h.entries[articleID] = historyEntry{changes: changes, history: history, events: n}
	h.order = append(h.order, articleID)
	h.events += n
}

// drop removes an article's entry; h.mu is held.
func (h *historyCache) drop(articleID int64) {
	e, ok := h.entries[articleID]
	if !ok {
		return
	}
	delete(h.entries, articleID)
	h.events -= e.events
	if i := slices.Index(h.order, articleID); i >= 0 {
		h.order = slices.Delete(h.order, i, i+1)
	}
}
