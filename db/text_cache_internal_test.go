package db

import (
	"testing"

	"github.com/factmark/factmark/internal/text"
)

func TestTextCacheEvictsOldestAndForgets(t *testing.T) {
	c := newTextCache()
	for i := range textCacheSize + 1 {
		c.put(textKey{article: int64(i), revision: 1}, text.NewIndex("x"))
	}
	if got, want := c.len(), textCacheSize; got != want {
		t.Errorf("entries = %d, want %d", got, want)
	}
	if _, ok := c.get(textKey{article: 0, revision: 1}); ok {
		t.Error("the oldest entry is still kept after the cache filled up")
	}
	if _, ok := c.get(textKey{article: textCacheSize, revision: 1}); !ok {
		t.Error("the newest entry is not kept")
	}
	c.put(textKey{article: 5, revision: 2}, text.NewIndex("y"))
	c.forget(5)
	for _, rev := range []int{1, 2} {
		if _, ok := c.get(textKey{article: 5, revision: rev}); ok {
			t.Errorf("article 5 revision %d kept after forget", rev)
		}
	}
	if got, want := c.len(), textCacheSize-2; got != want { // article 1 evicted by the put, article 5 twice forgotten
		t.Errorf("entries after forget = %d, want %d", got, want)
	}
}
