package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/model"
)

const staleToken = "The form's security token is missing or stale: reload the page and try again."

// deleteClaimForm posts the panel's delete form for c from b, with the
// token and headers given.
func deleteClaimForm(b *browser, c claim, token string, headers ...string) int {
	form := url.Values{"version": {itoa(int64(c.Version))}}
	if token != "" {
		form.Set("_csrf", token)
	}
	return b.post("/claims/"+itoa(c.ID)+"/delete", form, headers...).Code
}

func claimExists(tb testing.TB, e *env, id int64) bool {
	tb.Helper()
	_, err := e.db.Claim(context.Background(), id)
	if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
		tb.Fatal(err)
	}
	return err == nil
}

// A page on a sibling origin (another port of the same host) can plant
// cookies for factmark's host and make the browser send same-site requests
// with the victim's session. None of what it can set or send is accepted.
func TestForgedWritesRefused(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", nil)
	victim := e.loggedIn("ed")
	good := victim.csrf()

	for _, tc := range []struct {
		name    string
		plant   bool // a factmark_csrf cookie of the attacker's, as the old double-submit check read
		token   string
		headers []string
	}{
		{"planted cookie with the matching form token", true, "planted-by-attacker", []string{"Sec-Fetch-Site", "same-site"}},
		{"planted cookie, matching token, no fetch metadata", true, "planted-by-attacker", nil},
		{"no token", false, "", []string{"Sec-Fetch-Site", "same-origin"}},
		{"another session's token", false, "other", []string{"Sec-Fetch-Site", "same-origin"}},
		{"valid token but same-site fetch metadata", false, good, []string{"Sec-Fetch-Site", "same-site"}},
		{"valid token but cross-site fetch metadata", false, good, []string{"Sec-Fetch-Site", "cross-site"}},
		{"valid token but a foreign Origin", false, good, []string{"Origin", "http://example.com:8666"}},
		{"valid token but Origin null", false, good, []string{"Origin", "null"}},
		{"valid token but a foreign Referer", false, good, []string{"Referer", "http://example.com:8666/attack.html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			token := tc.token
			if token == "other" {
				token = e.loggedIn("ada").csrf()
			}
			if tc.plant {
				victim.jar["factmark_csrf"] = &http.Cookie{Name: "factmark_csrf", Value: token}
				defer delete(victim.jar, "factmark_csrf")
			}
			if code := deleteClaimForm(victim, c, token, tc.headers...); code != http.StatusForbidden {
				t.Errorf("status %d, want 403", code)
			}
			if !claimExists(t, e, c.ID) {
				t.Fatal("the forged request deleted the claim")
			}
		})
	}
	t.Run("the page says why", func(t *testing.T) {
		rec := victim.post("/claims/"+itoa(c.ID)+"/delete", url.Values{"_csrf": {"forged"}})
		wantStatus(t, rec, http.StatusForbidden)
		if got := parseHTML(t, rec).Find(testid("error-message")).Text(); got != staleToken {
			t.Errorf("message %q, want %q", got, staleToken)
		}
	})
	t.Run("the API answers in JSON", func(t *testing.T) {
		req := httpRequest(http.MethodPost, "/api/v1/articles", `{"title":"Forged","text":"Forged."}`)
		req.Header.Set("X-CSRF-Token", "forged")
		wantError(t, victim.do(req), http.StatusForbidden, "forbidden", "", "X-CSRF-Token")
		req = httpRequest(http.MethodPost, "/api/v1/articles", `{"title":"Forged","text":"Forged."}`)
		req.Header.Set("X-CSRF-Token", good)
		req.Header.Set("Sec-Fetch-Site", "same-site")
		wantError(t, victim.do(req), http.StatusForbidden, "forbidden", "", "another site")
		if n := listLen(t, e); n != 1 {
			t.Errorf("%d articles, want 1", n)
		}
	})
	t.Run("a bearer token needs no CSRF token", func(t *testing.T) {
		rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]string{"title": "Script", "text": "From a script."}, "Sec-Fetch-Site", "cross-site")
		wantStatus(t, rec, http.StatusCreated)
	})
	t.Run("accepted from factmark's own pages", func(t *testing.T) {
		for _, headers := range [][]string{
			{"Sec-Fetch-Site", "same-origin"},
			{"Origin", "http://example.com"},
			{"Referer", "http://example.com/articles/1"},
			nil,
		} {
			c2 := e.createClaim(a, "the mayor said", nil)
			if code := deleteClaimForm(victim, c2, victim.csrf(), headers...); code != http.StatusOK {
				t.Errorf("%v: status %d, want 200", headers, code)
			}
			if claimExists(t, e, c2.ID) {
				t.Errorf("%v: the claim is still there", headers)
			}
		}
	})
}

// Behind a proxy the request's Host may be internal; the configured base
// URL's origin is factmark's own too.
func TestCSRFOriginBehindProxy(t *testing.T) {
	e := newEnv(t, withConfig(func(c *handlers.Config) { c.BaseURL = "https://factcheck.example.org" }))
	a := e.createArticle("Ferry", storyText)
	b := e.loggedIn("ed")
	c := e.createClaim(a, "voted 7–2 on Tuesday", nil)
	if code := deleteClaimForm(b, c, b.csrf(), "Origin", "https://evil.example.org"); code != http.StatusForbidden {
		t.Errorf("foreign origin: status %d, want 403", code)
	}
	if code := deleteClaimForm(b, c, b.csrf(), "Origin", "https://factcheck.example.org"); code != http.StatusOK {
		t.Errorf("the base URL's origin: status %d, want 200", code)
	}
}

// Login CSRF: an attacker fetches a login page for themselves, plants its
// pre-session cookie in the victim's browser and submits the form with the
// matching token and their own credentials. The pair is valid, so only the
// request's origin gives it away.
func TestLoginCSRFRefused(t *testing.T) {
	e := newEnv(t)
	e.addUser("mallory", model.UserEditor)
	attacker := e.browser()
	token := attacker.csrf()
	planted := attacker.jar["factmark_presession"]
	if planted == nil {
		t.Fatal("the login page set no pre-session cookie")
	}
	for _, headers := range [][]string{
		{"Sec-Fetch-Site", "same-site"},
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "http://example.com:8666"},
		{"Referer", "http://example.com:8666/login.html"},
	} {
		t.Run(strings.Join(headers, ": "), func(t *testing.T) {
			victim := e.loggedIn("ed")
			victim.jar["factmark_presession"] = planted
			rec := victim.post("/login", url.Values{"name": {"mallory"}, "password": {password}, "_csrf": {token}}, headers...)
			wantStatus(t, rec, http.StatusForbidden)
			if cookieIn(rec, "factmark_session") != nil {
				t.Error("the forged login set a session cookie")
			}
			home := victim.get("/")
			wantStatus(t, home, http.StatusOK)
			if got := parseHTML(t, home).Find(testid("current-user")).Text(); !strings.Contains(got, "Ed") {
				t.Errorf("the victim's browser is logged in as %q, want Ed", got)
			}
		})
	}
	t.Run("a token made up without the server's secret", func(t *testing.T) {
		b := e.browser()
		b.csrf()
		rec := b.post("/login", url.Values{"name": {"mallory"}, "password": {password}, "_csrf": {b.jar["factmark_presession"].Value}}, "Sec-Fetch-Site", "same-origin")
		wantStatus(t, rec, http.StatusForbidden)
	})
	t.Run("the same pair from factmark's own page logs in", func(t *testing.T) {
		rec := attacker.post("/login", url.Values{"name": {"mallory"}, "password": {password}, "_csrf": {token}}, "Sec-Fetch-Site", "same-origin")
		wantStatus(t, rec, http.StatusSeeOther)
	})
}
