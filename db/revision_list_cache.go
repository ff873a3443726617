package db

import (
	"slices"

	"github.com/factmark/factmark/internal/model"
)

// revisionListCacheSize bounds the articles whose revision lists are kept.
const revisionListCacheSize = 1024

// revisionListCache keeps each recently read article's list of revisions,
// keyed by the article and its current revision number. The list changes
// only when a revision is added, which moves that number on, and an
// article's id is never given again; listing it read every revision's
// whole text to hash it, on every workspace page. Callers get and put
// copies: the cache's slices are never handed out.
type revisionListCache = revisionKeyed[[]model.Revision]

func newRevisionListCache() *revisionListCache {
	return newRevisionKeyed[[]model.Revision](revisionListCacheSize)
}

// revisionsKept returns a copy of the list kept for k.
func revisionsKept(c *revisionListCache, k textKey) ([]model.Revision, bool) {
	revs, ok := c.get(k)
	return slices.Clone(revs), ok
}
