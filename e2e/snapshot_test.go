package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/model"
)

// noticePage is an invented source page, with typographic quotes and a
// dash that the editor's excerpt writes plainly.
const noticePage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Council minutes, 3 March</title></head><body>
<article>
<h1>Council minutes, 3 March</h1>
<p>The council voted 7–2 to fund the ferry between Pellmoor and Astrid Bay, with the mayor’s casting remarks recorded as “a good day for both towns”.</p>
<p>The first sailing is planned for May, subject to the harbour authority’s inspection of the landing stages.</p>
</article>
</body></html>`

// TestArchiveSourceInWorkspace: an editor presses "Archive source" on a
// source attached to a claim; while factmark fetches the page (which the
// test server makes take a moment) the button shows its progress, and then
// the excerpt reads "found in snapshot of DATE". A source whose page is
// gone shows the fetch's error beside its own button.
func TestArchiveSourceInWorkspace(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/minutes", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(700 * time.Millisecond) // long enough to see the progress
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(noticePage))
	})
	pages := httptest.NewServer(mux)
	t.Cleanup(pages.Close)

	// The test's pages are on 127.0.0.1: factmark must be allowed to fetch
	// them, as an intranet deployment would be.
	h := newHarness(t, func(cfg *handlers.Config) { cfg.FetchAllowPrivate = true })
	h.setupAdmin()
	a, c := h.seedArticle("Ferry vote", "Ferry vote\n\nThe council voted 7–2 on Tuesday to fund the ferry, the mayor said.\n", "voted 7–2 on Tuesday", "The council voted 7–2 for the ferry.")
	cl, err := h.store.AttachSource(h.ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: pages.URL + "/minutes", Title: "Council minutes"},
		Excerpt: `The council voted 7-2 to fund the ferry`, Relation: model.RelationSupports}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	minutes := cl.Sources[0].ID
	cl, err = h.store.AttachSource(h.ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: pages.URL + "/gone", Title: "Removed page"},
		Relation: model.RelationContext}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	gone := cl.Sources[1].ID
	item := func(id int64) string { return fmt.Sprintf(`[data-testid="source"][data-source-id="%d"]`, id) }

	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	if n := h.count(item(minutes) + ` [data-testid="snapshot-state"]`); n != 0 {
		t.Errorf("a source never archived shows %d snapshot lines", n)
	}
	if got := h.text(item(minutes) + ` [data-testid="archive-source"]`); got != "Archive source" {
		t.Fatalf("the source's button reads %q, want “Archive source”", got)
	}

	h.click("Archive source", item(minutes)+` [data-testid="archive-source"]`)
	h.waitUntil("the progress indicator while the page is fetched", `(sel) => {
		const el = document.querySelector(sel);
		return el && getComputedStyle(el).display !== "none" && el.textContent.includes("Fetching");
	}`, item(minutes)+` [data-testid="archive-progress"]`)
	h.waitUntil("the excerpt to be checked against the snapshot", `(sel) => document.querySelector(sel)?.dataset.state === "found"`,
		item(minutes)+` [data-testid="snapshot-state"]`)
	h.screenshot("source-archived.png")
	got := h.text(item(minutes) + ` [data-testid="snapshot-state"]`)
	if !strings.Contains(got, "found in snapshot of "+time.Now().UTC().Format("2006-01-02")) {
		t.Errorf("the excerpt's line reads %q, want “found in snapshot of” today's date", got)
	}
	if vis := evalJS[bool](h, "the indicator's visibility", `(sel) => getComputedStyle(document.querySelector(sel)).display !== "none"`,
		item(minutes)+` [data-testid="archive-progress"]`); vis {
		t.Error("the progress indicator still shows after the answer")
	}
	snaps, err := h.store.Snapshots(h.ctx, minutes)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 1 {
		t.Fatalf("snapshots stored: %d, want 1", len(snaps))
	}
	if hash := h.attr(item(minutes)+` [data-testid="source-snapshot"]`, "data-sha256"); hash != snaps[0].SHA256 {
		t.Errorf("the panel shows hash %q, want the stored %q", hash, snaps[0].SHA256)
	}

	h.click("Archive source on a page that is gone", item(gone)+` [data-testid="archive-source"]`)
	h.waitUntil("the fetch's error beside the button", `(sel) => document.querySelector(sel)?.textContent.includes("404")`,
		item(gone)+` [data-testid="error-archive.url"]`)
	if n := h.count(item(minutes) + ` [data-testid="error-archive.url"]`); n != 0 {
		t.Errorf("the other source shows %d errors", n)
	}
	if state := h.attr(item(minutes)+` [data-testid="snapshot-state"]`, "data-state"); state != "found" {
		t.Errorf("after the refused archive, the first source's check reads %q, want found", state)
	}
}

// attr returns the attribute name of the element sel, or fails.
func (h *harness) attr(sel, name string) string {
	h.t.Helper()
	return evalJS[string](h, "reading "+name+" of "+sel, `(sel, name) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element " + sel);
		return el.getAttribute(name) ?? "";
	}`, sel, name)
}
