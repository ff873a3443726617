package handlers_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestWorkspaceFollowsWrites reads the workspace, whose body and claim
// list are kept rendered for each state of the article, around writes: each
// read must show every write acknowledged before it, and what a viewer is
// shown must not be what was kept for an editor.
func TestWorkspaceFollowsWrites(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Harbour", "The mayor invited the port authority. The council voted 7–2 on Tuesday. The ferry runs twice a day.")
	first := e.createClaim(a, "The mayor invited the port authority", nil)
	ed, vi := e.loggedIn("ed"), e.loggedIn("vi")
	page := "/articles/" + itoa(a.ID)

	items := func(b *browser) (claims, boxes int) {
		t.Helper()
		rec := b.get(page)
		wantStatus(t, rec, http.StatusOK)
		doc := parseHTML(t, rec)
		return doc.Find(testid("claim-item")).Length(), doc.Find(testid("bulk-pick")).Length()
	}
	// The editor reads first; the viewer reads the same state.
	if n, boxes := items(ed); n != 1 || boxes != 1 {
		t.Fatalf("editor: %d claims, %d bulk boxes; want 1 and 1", n, boxes)
	}
	if n, boxes := items(vi); n != 1 || boxes != 0 {
		t.Errorf("viewer after the editor: %d claims, %d bulk boxes; want 1 and 0 (the editor's boxes are not the viewer's)", n, boxes)
	}
	second := e.createClaim(a, "The council voted 7–2", nil)
	rec := ed.get(page)
	doc := parseHTML(t, rec)
	for _, c := range []claim{first, second} {
		if doc.Find(fmt.Sprintf(`.claim-item[data-claim-id="%d"]`, c.ID)).Length() != 1 {
			t.Errorf("after the second claim: no list item for claim %d", c.ID)
		}
		if doc.Find(fmt.Sprintf(`.doc [data-claims~="%d"]`, c.ID)).Length() == 0 {
			t.Errorf("after the second claim: no highlight for claim %d", c.ID)
		}
	}
	// A change that adds no claim (the status) shows as well.
	rec = e.api(http.MethodPatch, "/api/v1/claims/"+itoa(second.ID), "ed", map[string]any{"status": "verified"})
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, ed.get(page))
	if got := doc.Find(fmt.Sprintf(`.claim-item[data-claim-id="%d"]`, second.ID)).AttrOr("data-status", ""); got != "verified" {
		t.Errorf("after setting the status: list item status %q, want verified", got)
	}
}

// TestWorkspaceUnderConcurrentWrites creates claims while other clients
// read the workspace: a read that starts after a creation was acknowledged
// must list that claim.
func TestWorkspaceUnderConcurrentWrites(t *testing.T) {
	e := newEnv(t)
	var words []byte
	for i := range 40 {
		words = fmt.Appendf(words, "Sentence number %d says something. ", i)
	}
	a := e.createArticle("Many", string(words))
	ed := e.loggedIn("ed")
	page := "/articles/" + itoa(a.ID)
	var (
		mu    sync.Mutex
		acked []int64 // claims whose creation was answered
		wg    sync.WaitGroup
	)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 40; i += 2 {
				c := e.createClaim(a, fmt.Sprintf("Sentence number %d says", i), nil)
				mu.Lock()
				acked = append(acked, c.ID)
				mu.Unlock()
			}
		}()
	}
	for r := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 15 {
				mu.Lock()
				want := append([]int64(nil), acked...)
				mu.Unlock()
				rec := ed.get(page)
				if rec.Code != http.StatusOK {
					t.Errorf("reader %d: status %d", r, rec.Code)
					return
				}
				doc := parseHTML(t, rec)
				for _, id := range want {
					if doc.Find(fmt.Sprintf(`.claim-item[data-claim-id="%d"]`, id)).Length() != 1 {
						t.Errorf("reader %d: claim %d was acknowledged before the read began but is not listed", r, id)
					}
				}
			}
		}()
	}
	wg.Wait()
}
