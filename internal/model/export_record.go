package model

// ArticleRecord is everything the store holds of an article that an export
// writes, read from one snapshot: the article, its claims, each claim's
// history (oldest first, by claim id) and its revisions without their text,
// oldest first.
type ArticleRecord struct {
	Article   Article
	Claims    []Claim
	History   map[int64][]Event
	Revisions []Revision
}
