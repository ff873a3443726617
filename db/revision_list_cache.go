package db

import (
	"slices"
	"sync"

	"github.com/factmark/factmark/internal/model"
)

// revisionListCacheSize bounds the articles whose revision lists are kept.
const revisionListCacheSize = 1024

// revisionListCache keeps each recently read article's list of revisions,
// keyed by the article and its current revision number. The list changes
// only when a revision is added, which moves that number on, and an
// article's id is never given again; listing it read every revision's
// whole text to hash it, on every workspace page.
type revisionListCache struct {
	mu      sync.Mutex
	entries map[textKey][]model.Revision
	order   []textKey // oldest first
}

func newRevisionListCache() *revisionListCache {
	return &revisionListCache{entries: map[textKey][]model.Revision{}}
}

// get returns a copy of the list kept for k. A nil cache keeps nothing.
func (c *revisionListCache) get(k textKey) ([]model.Revision, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	revs, ok := c.entries[k]
	return slices.Clone(revs), ok
}

// put keeps revs for k, forgetting the oldest list when full.
func (c *revisionListCache) put(k textKey, revs []model.Revision) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok {
		return
	}
	for len(c.order) >= revisionListCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	c.entries[k] = slices.Clone(revs)
	c.order = append(c.order, k)
}
