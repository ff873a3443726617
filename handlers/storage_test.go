package handlers_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/model"
)

const diskFullMessage = "The server's disk is full: nothing was saved. Tell your administrator."

// TestDiskFullIs507 fills the database for real (SQLite's max_page_count on
// the write connection fails writes with SQLITE_FULL, as a full disk does)
// and checks that every way of writing says so with a 507, and that
// nothing was half saved.
func TestDiskFullIs507(t *testing.T) {
	e := newEnv(t)
	e.serverErrorsWanted = true // a full disk is the server's fault, and logged
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", map[string]any{"statement": "Tickets cost €4."})
	history := func() int {
		rec := e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID)+"/history", "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		return len(decode[struct {
			Events []event `json:"events"`
		}](t, rec).Events)
	}
	eventsBefore := history()
	if err := e.db.LimitPages(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	longNote := strings.Repeat("a long note ", 750)

	t.Run("API create", func(t *testing.T) {
		s, end := span(t, a.Text, "the first boat")
		rec := e.api(http.MethodPost, "/api/v1/articles/"+itoa(a.ID)+"/claims", "ed", map[string]any{"start": s, "end": end, "note": longNote})
		wantError(t, rec, http.StatusInsufficientStorage, model.EFULL, "", diskFullMessage)
		if n := claimCount(t, e, a.ID); n != 1 {
			t.Errorf("%d claims after the failed create, want 1", n)
		}
	})
	t.Run("API update", func(t *testing.T) {
		rec := e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"note": longNote, "status": "in_progress"})
		wantError(t, rec, http.StatusInsufficientStorage, model.EFULL, "", diskFullMessage)
		got := e.getClaim(c.ID)
		if got.Version != c.Version {
			t.Errorf("version %d after the failed update, want %d", got.Version, c.Version)
		}
		if got.Note != c.Note {
			t.Errorf("note changed by the failed update: %d characters", len(got.Note))
		}
		if got.Status != c.Status {
			t.Errorf("status %q after the failed update, want %q", got.Status, c.Status)
		}
		if n := history(); n != eventsBefore {
			t.Errorf("%d history events after the failed update, want %d", n, eventsBefore)
		}
	})
	form := url.Values{"statement": {"Tickets cost €4."}, "kind": {"number"}, "status": {"in_progress"},
		"note": {longNote}, "comment": {""}, "version": {itoa(int64(c.Version))}}
	t.Run("page", func(t *testing.T) {
		b := e.loggedIn("ed")
		rec := b.post("/claims/"+itoa(c.ID)+"/edit", form, "X-CSRF-Token", b.csrf())
		wantStatus(t, rec, http.StatusInsufficientStorage)
		doc := parseHTML(t, rec)
		if got := doc.Find(testid("error-details.form")).Text(); got != diskFullMessage {
			t.Errorf("form error %q, want %q", got, diskFullMessage)
		}
		if got := doc.Find(testid("note")).Text(); got != longNote {
			t.Errorf("the note typed is lost: the form holds %d characters, want %d", len(got), len(longNote))
		}
	})
	t.Run("workspace fragment", func(t *testing.T) {
		b := e.loggedIn("ed")
		rec := b.fragment("/claims/"+itoa(c.ID)+"/edit", form)
		doc := wantFragment(t, rec, http.StatusInsufficientStorage)
		if got := doc.Find(testid("error-details.form")).Text(); got != diskFullMessage {
			t.Errorf("form error %q, want %q", got, diskFullMessage)
		}
	})
	if n := history(); n != eventsBefore {
		t.Errorf("%d history events after the failed writes, want %d", n, eventsBefore)
	}
	if !strings.Contains(e.log.String(), "full") {
		t.Errorf("the log does not record the full disk:\n%s", e.log)
	}
}

// TestReadOnlyStorageIs503 serves from a store whose file SQLite opened
// read-only, as it does when it may not write the file: reads work, and
// every write answers 503 with a message instead of a bare 500.
func TestReadOnlyStorageIs503(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	ro, err := db.OpenReadOnly(context.Background(), e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	logs := &syncBuffer{}
	h := handlers.New(slog.New(slog.NewTextHandler(logs, nil)), ro, handlers.DefaultConfig())
	do := func(method, path string, body any) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, jsonBody(t, body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.tokens["ed"])
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := do(http.MethodGet, "/api/v1/articles/"+itoa(a.ID), nil); rec.Code != http.StatusOK {
		t.Errorf("read: %d, want 200", rec.Code)
	}
	s, end := span(t, a.Text, "the first boat")
	rec := do(http.MethodPost, "/api/v1/articles/"+itoa(a.ID)+"/claims", map[string]any{"start": s, "end": end})
	wantError(t, rec, http.StatusServiceUnavailable, model.EUNAVAILABLE, "", "nothing was saved")
	if !strings.Contains(logs.String(), "readonly") {
		t.Errorf("the log does not give SQLite's error:\n%s", logs)
	}
}
