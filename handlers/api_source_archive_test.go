package handlers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// harbourPage is an invented source page: the harbour authority's notice.
const harbourPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry fares notice</title></head><body>
<article>
<h1>Ferry fares notice</h1>
<p>The harbour authority confirms that a single adult ticket on the Pellmoor–Astrid Bay ferry will cost €4 from the first sailing in May, with children under twelve travelling free.</p>
<p>Season tickets will be offered to residents of both towns at “a reduced rate” once the timetable is settled, the authority’s director said.</p>
</article>
</body></html>`

// snapshotJSON is a snapshot as the API gives it.
type snapshotJSON struct {
	ID          int64  `json:"id"`
	SourceID    int64  `json:"source_id"`
	URL         string `json:"url"`
	FetchedAt   string `json:"fetched_at"`
	FetchedBy   string `json:"fetched_by"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
	Title       string `json:"title"`
	TextLength  int    `json:"text_length"`
}

// claimSnapshots is a claim's sources with their snapshot check.
type claimSnapshots struct {
	Sources []struct {
		ID       int64 `json:"id"`
		Snapshot *struct {
			ID           int64  `json:"id"`
			SHA256       string `json:"sha256"`
			FetchedAt    string `json:"fetched_at"`
			ExcerptFound *bool  `json:"excerpt_found"`
		} `json:"snapshot"`
	} `json:"sources"`
}

// harbourServer serves harbourPage at /notice and redirects /old there.
func harbourServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/notice", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(harbourPage))
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/notice", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// attach attaches a new source to claim c through the API as ed and
// returns the source's id.
func (e *env) attach(c claim, body map[string]any) int64 {
	e.tb.Helper()
	rec := e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/sources", "ed", body)
	wantStatus(e.tb, rec, http.StatusCreated)
	got := decode[claim](e.tb, rec)
	return got.Sources[len(got.Sources)-1].ID
}

func TestArchiveSourceAPI(t *testing.T) {
	srv := harbourServer(t)
	e := newEnv(t, withConfig(allowPrivate))
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	// Typographic quotes and dash in the page, straight ones in the
	// excerpt: still found.
	found := e.attach(c, map[string]any{"url": srv.URL + "/old", "title": "Fares notice",
		"excerpt": `a single adult ticket on the Pellmoor-Astrid Bay ferry will cost €4`, "relation": "supports"})
	sum := sha256.Sum256([]byte(harbourPage))
	wantHash := hex.EncodeToString(sum[:])

	rec := e.api(http.MethodPost, "/api/v1/sources/"+itoa(found)+"/archive", "ed", nil)
	wantStatus(t, rec, http.StatusCreated)
	snap := decode[snapshotJSON](t, rec)
	if snap.SHA256 != wantHash {
		t.Errorf("sha256 = %s, want %s (the bytes served)", snap.SHA256, wantHash)
	}
	if snap.URL != srv.URL+"/notice" {
		t.Errorf("url = %q, want the final address %q", snap.URL, srv.URL+"/notice")
	}
	if snap.Title != "Ferry fares notice" {
		t.Errorf("title = %q, want the page's", snap.Title)
	}
	if snap.FetchedBy != "ed" {
		t.Errorf("fetched_by = %q, want ed", snap.FetchedBy)
	}
	if snap.FetchedAt == "" {
		t.Error("fetched_at is empty")
	}
	if snap.TextLength == 0 {
		t.Error("text_length = 0, want the extracted text's")
	}
	if snap.Size != len(harbourPage) {
		t.Errorf("size = %d, want %d", snap.Size, len(harbourPage))
	}

	t.Run("excerpt found", func(t *testing.T) {
		got := decode[claimSnapshots](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "vi", nil))
		sc := got.Sources[0].Snapshot
		if sc == nil {
			t.Fatal("claim source has no snapshot")
		}
		if sc.SHA256 != wantHash {
			t.Errorf("claim's snapshot sha256 = %s, want %s", sc.SHA256, wantHash)
		}
		if sc.FetchedAt != snap.FetchedAt {
			t.Errorf("claim's snapshot fetched_at = %s, want %s", sc.FetchedAt, snap.FetchedAt)
		}
		if sc.ExcerptFound == nil || !*sc.ExcerptFound {
			t.Errorf("excerpt_found = %v, want true", sc.ExcerptFound)
		}
	})

	t.Run("excerpt not found", func(t *testing.T) {
		c2 := e.createClaim(a, "the first boat 🌊 sails in May", nil)
		rec := e.api(http.MethodPost, "/api/v1/claims/"+itoa(c2.ID)+"/sources", "ed", map[string]any{"source_id": found,
			"excerpt": "The first boat sails on 1 May", "relation": "supports"})
		wantStatus(t, rec, http.StatusCreated)
		got := decode[claimSnapshots](t, rec)
		sc := got.Sources[0].Snapshot
		if sc == nil {
			t.Fatal("claim source has no snapshot")
		}
		if sc.ExcerptFound == nil || *sc.ExcerptFound {
			t.Errorf("excerpt_found = %v, want false", sc.ExcerptFound)
		}
	})

	t.Run("no excerpt is null, no snapshot is null", func(t *testing.T) {
		c3 := e.createClaim(a, "the port authority", nil)
		e.attach(c3, map[string]any{"source_id": found})
		e.attach(c3, map[string]any{"url": srv.URL + "/elsewhere", "title": "Never archived", "excerpt": "anything"})
		rec := e.api(http.MethodGet, "/api/v1/claims/"+itoa(c3.ID), "vi", nil)
		if !strings.Contains(rec.Body.String(), `"excerpt_found":null`) {
			t.Errorf("claim JSON has no \"excerpt_found\":null for a source without excerpt: %s", rec.Body)
		}
		if !strings.Contains(rec.Body.String(), `"snapshot":null`) {
			t.Errorf("claim JSON has no \"snapshot\":null for a source never archived: %s", rec.Body)
		}
	})

	t.Run("list", func(t *testing.T) {
		rec := e.api(http.MethodGet, "/api/v1/sources/"+itoa(found)+"/snapshots", "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		if strings.Contains(rec.Body.String(), "harbour authority confirms") {
			t.Errorf("the list carries the page: %s", rec.Body)
		}
		list := decode[struct {
			Snapshots []snapshotJSON `json:"snapshots"`
		}](t, rec)
		if len(list.Snapshots) != 1 {
			t.Fatalf("snapshots = %d, want 1", len(list.Snapshots))
		}
		if list.Snapshots[0].SHA256 != wantHash {
			t.Errorf("listed sha256 = %s, want %s", list.Snapshots[0].SHA256, wantHash)
		}
	})

	t.Run("raw as text/plain with its hash", func(t *testing.T) {
		path := "/api/v1/sources/" + itoa(found) + "/snapshots/" + itoa(snap.ID) + "/raw"
		rec := e.api(http.MethodGet, path, "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		if rec.Body.String() != harbourPage {
			t.Errorf("raw body differs from the page served:\n%s", rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("Content-Type = %q, want text/plain: the page must never be served as HTML", ct)
		}
		if got := rec.Header().Get("X-Factmark-SHA256"); got != wantHash {
			t.Errorf("X-Factmark-SHA256 = %q, want %q", got, wantHash)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
		}
		anon := e.api(http.MethodGet, path, "", nil)
		wantStatus(t, anon, http.StatusUnauthorized)
		wantError(t, e.api(http.MethodGet, "/api/v1/sources/"+itoa(found)+"/snapshots/999/raw", "vi", nil), http.StatusNotFound, "not_found", "")
	})

	t.Run("offline source is a 400 on url", func(t *testing.T) {
		offline := e.attach(c, map[string]any{"reference": "Interview with the harbour master, 2 March", "title": "Harbour master"})
		rec := e.api(http.MethodPost, "/api/v1/sources/"+itoa(offline)+"/archive", "ed", nil)
		wantError(t, rec, http.StatusBadRequest, "invalid", "url", "cannot be archived")
	})

	t.Run("viewer may not archive", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, "/api/v1/sources/"+itoa(found)+"/archive", "vi", nil), http.StatusForbidden)
	})

	t.Run("unknown source", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, "/api/v1/sources/999/archive", "ed", nil), http.StatusNotFound, "not_found", "")
	})

	t.Run("fetch errors are 400s on url", func(t *testing.T) {
		missing := e.attach(c, map[string]any{"url": srv.URL + "/gone", "title": "Gone"})
		wantError(t, e.api(http.MethodPost, "/api/v1/sources/"+itoa(missing)+"/archive", "ed", nil), http.StatusBadRequest, "invalid", "url", "404")
	})
}

func TestArchiveSourceRefusesPrivateAddress(t *testing.T) {
	srv := harbourServer(t)
	e := newEnv(t) // --fetch-allow-private off
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	id := e.attach(c, map[string]any{"url": srv.URL + "/notice", "title": "Fares notice", "excerpt": "will cost €4"})
	rec := e.api(http.MethodPost, "/api/v1/sources/"+itoa(id)+"/archive", "ed", nil)
	wantError(t, rec, http.StatusBadRequest, "invalid", "url", "private addresses")
	list := decode[struct {
		Snapshots []snapshotJSON `json:"snapshots"`
	}](t, e.api(http.MethodGet, "/api/v1/sources/"+itoa(id)+"/snapshots", "ed", nil))
	if len(list.Snapshots) != 0 {
		t.Errorf("snapshots after a refused fetch: %d, want 0", len(list.Snapshots))
	}
}

func TestArchiveSourceInPanel(t *testing.T) {
	srv := harbourServer(t)
	e := newEnv(t, withConfig(allowPrivate))
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	id := e.attach(c, map[string]any{"url": srv.URL + "/notice", "title": "Fares notice", "excerpt": "will cost €4 from the first sailing in May"})
	gone := e.attach(c, map[string]any{"url": srv.URL + "/gone", "title": "Gone"})
	b := e.loggedIn("ed")

	t.Run("button on each source with a URL", func(t *testing.T) {
		doc := parseHTML(t, b.get("/claims/"+itoa(c.ID)+"/panel"))
		if n := doc.Find(testid("archive-source")).Length(); n != 2 {
			t.Errorf("archive buttons = %d, want 2", n)
		}
		if n := doc.Find(testid("archive-progress")).Length(); n != 2 {
			t.Errorf("progress indicators = %d, want 2", n)
		}
	})

	t.Run("found in snapshot", func(t *testing.T) {
		rec := b.fragment("/claims/"+itoa(c.ID)+"/sources/"+itoa(id)+"/archive", url.Values{})
		wantStatus(t, rec, http.StatusOK)
		doc := parseHTML(t, rec)
		li := doc.Find(testid("source") + `[data-source-id="` + itoa(id) + `"]`)
		state := li.Find(testid("snapshot-state"))
		if got := state.AttrOr("data-state", ""); got != "found" {
			t.Errorf("snapshot state = %q, want found", got)
		}
		if !strings.Contains(state.Text(), "found in snapshot of") {
			t.Errorf("snapshot line %q, want “found in snapshot of DATE”", state.Text())
		}
		raw := li.Find(testid("snapshot-raw")).AttrOr("href", "")
		if !strings.HasPrefix(raw, "/api/v1/sources/"+itoa(id)+"/snapshots/") {
			t.Errorf("raw link %q, want the snapshot's raw bytes", raw)
		}
	})

	t.Run("error beside the button", func(t *testing.T) {
		rec := b.fragment("/claims/"+itoa(c.ID)+"/sources/"+itoa(gone)+"/archive", url.Values{})
		wantStatus(t, rec, http.StatusBadRequest)
		doc := parseHTML(t, rec)
		li := doc.Find(testid("source") + `[data-source-id="` + itoa(gone) + `"]`)
		if msg := li.Find(testid("error-archive.url")).Text(); !strings.Contains(msg, "404") {
			t.Errorf("error beside the button %q, want the fetch's 404", msg)
		}
		other := doc.Find(testid("source") + `[data-source-id="` + itoa(id) + `"]`)
		if n := other.Find(testid("error-archive.url")).Length(); n != 0 {
			t.Errorf("the other source shows %d errors, want none", n)
		}
	})

	t.Run("source not on this claim", func(t *testing.T) {
		c2 := e.createClaim(a, "the port authority", nil)
		rec := b.fragment("/claims/"+itoa(c2.ID)+"/sources/"+itoa(id)+"/archive", url.Values{})
		wantStatus(t, rec, http.StatusNotFound)
	})
}

// TestSnapshotsOnPublicSurfaces: readers see the snapshot a review was
// published with, not one taken since, and nothing of an unpublished
// claim's sources; the internal edition has the latest; the panel says the
// sources changed since publication.
func TestSnapshotsOnPublicSurfaces(t *testing.T) {
	var edition atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/notice", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><body><article><p>Edition %d. A single adult ticket will cost €4 from the first sailing in May.</p></article></body></html>", edition.Add(1))
	})
	mux.HandleFunc("/draft", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><article><p>Draft page for a claim nobody has reviewed yet.</p></article></body></html>"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := newEnv(t, withConfig(allowPrivate))
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	notice := e.attach(c, map[string]any{"url": srv.URL + "/notice", "title": "Fares notice", "excerpt": "will cost €4"})
	archive := func(id int64) snapshotJSON {
		t.Helper()
		rec := e.api(http.MethodPost, "/api/v1/sources/"+itoa(id)+"/archive", "ed", nil)
		wantStatus(t, rec, http.StatusCreated)
		return decode[snapshotJSON](t, rec)
	}
	first := archive(notice)
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"status": "verified"}), http.StatusOK)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/publish", "ed", map[string]any{"rationale": "The notice says €4."}), http.StatusOK)
	panel := func() *goquery.Document {
		t.Helper()
		return parseHTML(t, e.loggedIn("ed").get("/claims/"+itoa(c.ID)+"/panel"))
	}
	if panel().Find(testid("content-differs")).Length() != 0 {
		t.Error("right after publishing, the panel says the content differs from what was published")
	}
	e.clock.Advance(time.Hour)
	second := archive(notice)
	if first.SHA256 == second.SHA256 {
		t.Fatal("the two editions of the page have one hash")
	}
	draftClaim := e.createClaim(a, "the port authority", nil)
	draft := archive(e.attach(draftClaim, map[string]any{"url": srv.URL + "/draft", "title": "Draft source"}))

	rec := e.serve(httptest.NewRequest(http.MethodGet, "/reviews/"+itoa(c.ID), nil))
	wantStatus(t, rec, http.StatusOK)
	if got := parseHTML(t, rec).Find(testid("review-snapshot")).Text(); !strings.Contains(got, first.SHA256) {
		t.Errorf("the review page's snapshot %q lacks the hash it was published with, %s", got, first.SHA256)
	}
	if strings.Contains(rec.Body.String(), second.SHA256) {
		t.Error("the review page shows a snapshot taken after publication")
	}

	for _, format := range []string{"html", "markdown", "csv"} {
		t.Run(format, func(t *testing.T) {
			public := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format="+format, "ed", nil)
			wantStatus(t, public, http.StatusOK)
			body := public.Body.String()
			if !strings.Contains(body, first.SHA256) {
				t.Errorf("public %s lacks the published snapshot %s", format, first.SHA256)
			}
			for _, leak := range []string{second.SHA256, draft.SHA256, "Draft source"} {
				if strings.Contains(body, leak) {
					t.Errorf("public %s shows %q, which readers were never shown", format, leak)
				}
			}
			internal := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format="+format+"&edition=internal", "ed", nil)
			wantStatus(t, internal, http.StatusOK)
			for _, h := range []string{second.SHA256, draft.SHA256} {
				if !strings.Contains(internal.Body.String(), h) {
					t.Errorf("internal %s lacks snapshot %s", format, h)
				}
			}
		})
	}
	for _, format := range []string{"json", "w3c"} {
		rec := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format="+format, "ed", nil)
		wantStatus(t, rec, http.StatusOK)
		if !strings.Contains(rec.Body.String(), second.SHA256) {
			t.Errorf("%s export lacks the latest snapshot %s", format, second.SHA256)
		}
	}

	if panel().Find(testid("content-differs")).Length() != 1 {
		t.Error("the panel does not say the sources changed since the review was published")
	}

	t.Run("a JSON export with snapshots imports", func(t *testing.T) {
		export := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format=json", "ed", nil)
		wantStatus(t, export, http.StatusOK)
		wantStatus(t, e.api(http.MethodPost, "/api/v1/import", "ed", export.Body.Bytes()), http.StatusCreated)
	})
}
