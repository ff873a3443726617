// Package testkit holds what the tests of several packages share: a
// settable clock and a fixed start time for it, the comparison of two
// JSON exports without their ids, and finding the material in shared/. It is imported from _test.go files only.
package testkit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Epoch is the fixed time test clocks start at.
func Epoch() time.Time { return time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC) }

// Clock is a settable clock, for a store's or a server's now function. It
// is safe for concurrent use: the server reads it from request goroutines
// while the test advances it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock that stands at Epoch until advanced.
func NewClock() *Clock { return &Clock{t: Epoch()} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// WithoutIDs decodes a factmark JSON export and removes what an import
// gives anew (the article's, claims', parties' and sources' ids, the
// export time, and the revisions' descriptions, since an imported article
// starts a history of revisions of its own), so that an export and the
// export of its import compare equal.
func WithoutIDs(tb testing.TB, data []byte) map[string]any {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		tb.Fatalf("export is not JSON: %v", err)
	}
	delete(doc, "exported_at")
	delete(doc, "revision_info")
	delete(doc, "earlier_revisions")
	delete(doc["article"].(map[string]any), "id")
	for _, c := range doc["claims"].([]any) {
		c := c.(map[string]any)
		delete(c, "id")
		delete(c, "article_id")
		for _, key := range []string{"parties", "sources"} {
			for _, x := range c[key].([]any) {
				delete(x.(map[string]any), "id")
			}
		}
	}
	return doc
}

// WithoutPublication removes from a document WithoutIDs returned what an
// import changes on purpose: each claim's publication (an import publishes
// nothing) and the history event the import adds to say so.
func WithoutPublication(doc map[string]any) map[string]any {
	for _, c := range doc["claims"].([]any) {
		c := c.(map[string]any)
		delete(c, "publication")
		events, _ := c["history"].([]any)
		kept := events[:0]
		for _, e := range events {
			if e := e.(map[string]any); e["field"] == "publication" && e["user"] == "import" {
				continue
			}
			kept = append(kept, e)
		}
		if events != nil {
			c["history"] = kept
		}
	}
	return doc
}

// LocateShared finds a folder of the material kept beside the repository
// in shared/ (never copied into it): env/sub when env, the value of the
// environment variable envVar, is set (an error when it has no such
// folder, since someone asked for it); otherwise the first
// shared/area/sub found walking up from wd (../shared/area/sub from the
// repository root). It returns "" when there is none.
func LocateShared(envVar, env, wd, area, sub string) (string, error) {
	isDir := func(p string) bool { fi, err := os.Stat(p); return err == nil && fi.IsDir() }
	if env != "" {
		if dir := filepath.Join(env, sub); isDir(dir) {
			return dir, nil
		}
		return "", fmt.Errorf("%s=%s has no %s folder", envVar, env, sub)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if cand := filepath.Join(dir, "shared", area, sub); isDir(cand) {
			return cand, nil
		}
		if filepath.Dir(dir) == dir {
			return "", nil
		}
	}
}

// DirNames lists the names in dir.
func DirNames(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
