package handlers_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/model"
)

// TestRefusalMessages: each refusal says what actually happened and what
// to do about it.
func TestRefusalMessages(t *testing.T) {
	t.Run("a panel save after the session ended says to log in again", func(t *testing.T) {
		for _, end := range []struct {
			name string
			do   func(e *env)
		}{
			{"idle", func(e *env) { e.clock.Advance(13 * time.Hour) }},
			{"deactivated", func(e *env) {
				if _, err := e.db.UpdateUser(context.Background(), "ed", model.UserChange{Active: new(false)}); err != nil {
					e.tb.Fatal(err)
				}
			}},
		} {
			t.Run(end.name, func(t *testing.T) {
				e := newEnv(t)
				a := e.createArticle("Ferry", storyText)
				c := e.createClaim(a, "voted 7–2", nil)
				b := e.loggedIn("ed")
				token := b.csrf() // the open panel's
				end.do(e)
				rec := b.post("/claims/"+itoa(c.ID)+"/edit", url.Values{"statement": {"typed before the session ended"}, "version": {itoa(int64(c.Version))}},
					"X-Requested-With", "fetch", "X-CSRF-Token", token)
				wantStatus(t, rec, http.StatusUnauthorized)
				msg := rec.Body.String()
				for _, want := range []string{"logged out", "log in again in another tab"} {
					if !strings.Contains(msg, want) {
						t.Errorf("message %q does not say %q", msg, want)
					}
				}
				if strings.Contains(msg, "security token") {
					t.Errorf("message %q blames the form's token", msg)
				}
			})
		}
	})
	t.Run("an API write with a cookie but no X-CSRF-Token says to send the header", func(t *testing.T) {
		e := newEnv(t)
		b := e.loggedIn("ed")
		req := httpRequest(http.MethodPost, "/api/v1/articles", `{"title":"T","text":"Body."}`)
		rec := b.do(req)
		got := wantError(t, rec, http.StatusForbidden, model.EFORBIDDEN, "", "X-CSRF-Token")
		if strings.Contains(got.Error.Message, "form") {
			t.Errorf("message %q talks of a form", got.Error.Message)
		}
		req = httpRequest(http.MethodPost, "/api/v1/articles", `{"title":"T","text":"Body."}`)
		req.Header.Set("X-CSRF-Token", "stale")
		wantError(t, b.do(req), http.StatusForbidden, model.EFORBIDDEN, "", "X-CSRF-Token", "reload")
	})
	t.Run("a deactivated user's token says so", func(t *testing.T) {
		e := newEnv(t)
		if _, err := e.db.UpdateUser(context.Background(), "ed", model.UserChange{Active: new(false)}); err != nil {
			t.Fatal(err)
		}
		wantError(t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil), http.StatusUnauthorized, model.EUNAUTHORIZED, "", "deactivated")
		e.tokens["ed"] = "not a token"
		got := wantError(t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil), http.StatusUnauthorized, model.EUNAUTHORIZED, "")
		if strings.Contains(got.Error.Message, "deactivated") {
			t.Errorf("an unknown token is said to be a deactivated user's: %q", got.Error.Message)
		}
	})
	t.Run("a login on read-only storage keeps the form", func(t *testing.T) {
		e := newEnv(t)
		e.browser().csrf() // makes the server secret while the file can be written
		ro, err := db.OpenReadOnly(context.Background(), e.path)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		roEnv := *e
		roEnv.h = handlers.New(slog.New(slog.NewTextHandler(&syncBuffer{}, nil)), ro, handlers.DefaultConfig())
		b := roEnv.browser()
		rec := b.post("/login", url.Values{"name": {"ed"}, "password": {password}, "_csrf": {b.csrf()}})
		wantStatus(t, rec, http.StatusServiceUnavailable)
		doc := parseHTML(t, rec)
		if doc.Find(`form[action="/login"]`).Length() != 1 {
			t.Error("no login form on the page")
		}
		if got := doc.Find(`input[name="name"]`).AttrOr("value", ""); got != "ed" {
			t.Errorf("the name field holds %q, want ed", got)
		}
		if msg := doc.Find(testid("error-login")).Text(); !strings.Contains(msg, "nothing was saved") && !strings.Contains(msg, "read-only") {
			t.Errorf("the login error says %q", msg)
		}
	})
}
