package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func countUsers(tb testing.TB, e *env) int {
	tb.Helper()
	n, err := e.db.CountUsers(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// cookieAttrs are the attributes of a cookie that the tests check.
type cookieAttrs struct {
	HttpOnly bool
	SameSite http.SameSite
	Secure   bool
	Path     string
}

func attrsOf(ck *http.Cookie) cookieAttrs {
	return cookieAttrs{HttpOnly: ck.HttpOnly, SameSite: ck.SameSite, Secure: ck.Secure, Path: ck.Path}
}

func setupForm(csrf string) url.Values {
	f := url.Values{"name": {"root"}, "display_name": {"Rosa Admin"}, "password": {password}, "password2": {password}}
	if csrf != "" {
		f.Set("_csrf", csrf)
	}
	return f
}

func TestSetup(t *testing.T) {
	e := newEnv(t, withoutUsers)
	b := e.browser()

	t.Run("pages send the first visitor to setup", func(t *testing.T) {
		for _, p := range []string{"/", "/login", "/articles/1"} {
			rec := b.get(p)
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/setup" {
				t.Errorf("GET %s: %d to %q, want 303 to /setup", p, rec.Code, rec.Header().Get("Location"))
			}
		}
	})
	t.Run("the API answers 401", func(t *testing.T) {
		wantError(t, e.api(http.MethodGet, "/api/v1/articles", "", nil), http.StatusUnauthorized, "unauthorized", "")
	})
	t.Run("form", func(t *testing.T) {
		rec := b.get("/setup")
		wantStatus(t, rec, http.StatusOK)
		doc := parseHTML(t, rec)
		if n := doc.Find(testid("setup-form")).Length(); n != 1 {
			t.Errorf("setup forms = %d, want 1:\n%s", n, rec.Body)
		}
		if doc.Find(`input[name="_csrf"]`).AttrOr("value", "") == "" {
			t.Errorf("no CSRF field, or an empty one:\n%s", rec.Body)
		}
		if ck := cookieIn(rec, "factmark_presession"); ck == nil {
			t.Error("no pre-session cookie")
		} else {
			if !ck.HttpOnly {
				t.Errorf("pre-session cookie HttpOnly = false, want true")
			}
			if ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("pre-session cookie SameSite = %v, want %v", ck.SameSite, http.SameSiteLaxMode)
			}
		}
		if doc.Find(`input[name="_csrf"]`).AttrOr("value", "") != b.csrf() {
			t.Error("the form's token changed on the next page")
		}
	})
	for _, tc := range []struct {
		name    string
		cookie  bool
		field   string
		headers []string
	}{
		{"no token at all", false, "", nil},
		{"cookie but no form field", true, "", nil},
		{"form field without the cookie", false, "forged-token", nil},
		{"wrong form field", true, "forged-token", nil},
		{"cross-site fetch metadata", true, "cookie", []string{"Sec-Fetch-Site", "cross-site"}},
		{"same-site fetch metadata", true, "cookie", []string{"Sec-Fetch-Site", "same-site"}},
		{"another origin", true, "cookie", []string{"Origin", "http://example.com:8081"}},
	} {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			bb := e.browser()
			if tc.cookie {
				bb.csrf()
			}
			field := tc.field
			if field == "cookie" {
				field = bb.csrf()
			}
			if !tc.cookie {
				delete(bb.jar, "factmark_presession")
			}
			rec := bb.post("/setup", setupForm(field), tc.headers...)
			if rec.Code < 400 || rec.Code >= 500 {
				t.Errorf("status %d, want 4xx; body %s", rec.Code, rec.Body)
			}
			if cookieIn(rec, "factmark_session") != nil {
				t.Error("a session cookie was set")
			}
			if n := countUsers(t, e); n != 0 {
				t.Fatalf("%d users created", n)
			}
		})
	}
	t.Run("weak password", func(t *testing.T) {
		f := setupForm(b.csrf())
		f.Set("password", "short")
		f.Set("password2", "short")
		rec := b.post("/setup", f)
		wantStatus(t, rec, http.StatusBadRequest)
		if n := parseHTML(t, rec).Find(testid("error-password")).Length(); n != 1 {
			t.Errorf("password errors shown = %d, want 1:\n%s", n, rec.Body)
		}
		if n := countUsers(t, e); n != 0 {
			t.Errorf("users = %d, want 0", n)
		}
	})
	t.Run("creates the admin", func(t *testing.T) {
		rec := b.post("/setup", setupForm(b.csrf()))
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
			t.Fatalf("status %d to %q, want 303 to /; body %s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		ck := cookieIn(rec, "factmark_session")
		if ck == nil {
			t.Fatal("no session cookie")
		}
		if ck.Value == "" {
			t.Fatal("session cookie Value is empty")
		}
		// HttpOnly, SameSite=Lax, not Secure on plain HTTP.
		want := cookieAttrs{HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: false, Path: "/"}
		if diff := cmp.Diff(want, attrsOf(ck)); diff != "" {
			t.Fatalf("session cookie attributes (-want +got):\n%s", diff)
		}
		u, err := e.db.UserByName(context.Background(), "root")
		if err != nil {
			t.Fatalf("UserByName(root): %v", err)
		}
		if u.Role != model.UserAdmin {
			t.Errorf("admin Role = %q, want %q", u.Role, model.UserAdmin)
		}
		if u.DisplayName != "Rosa Admin" {
			t.Errorf("admin DisplayName = %q, want %q", u.DisplayName, "Rosa Admin")
		}
		if !auth.CheckPassword(u.PasswordHash, password) {
			t.Error("admin PasswordHash does not match the password set up")
		}
		home := b.get("/")
		wantStatus(t, home, http.StatusOK)
		if got := parseHTML(t, home).Find(testid("current-user")).Text(); !strings.Contains(got, "Rosa Admin") {
			t.Errorf("current user %q", got)
		}
	})
	t.Run("a second setup changes nothing", func(t *testing.T) {
		other := e.browser()
		rec := other.get("/setup")
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" {
			t.Errorf("GET /setup after setup: %d to %q, want 303 to /login", rec.Code, rec.Header().Get("Location"))
		}
		f := setupForm(other.csrf())
		f.Set("name", "mallory")
		rec = other.post("/setup", f)
		if rec.Code < 400 || rec.Code >= 500 || cookieIn(rec, "factmark_session") != nil {
			t.Errorf("POST /setup after setup: %d, session %v", rec.Code, cookieIn(rec, "factmark_session"))
		}
		if n := countUsers(t, e); n != 1 {
			t.Errorf("%d users, want 1", n)
		}
		if _, err := e.db.UserByName(context.Background(), "mallory"); model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("mallory exists: %v", err)
		}
	})
}

func TestLoginLogout(t *testing.T) {
	e := newEnv(t)

	t.Run("login form", func(t *testing.T) {
		b := e.browser()
		rec := b.get("/login?next=/articles/7")
		wantStatus(t, rec, http.StatusOK)
		if v := parseHTML(t, rec).Find(`input[name="next"]`).AttrOr("value", ""); v != "/articles/7" {
			t.Errorf("next = %q", v)
		}
	})
	for _, tc := range []struct{ name, user, password string }{
		{"wrong password", "ed", "not the password"},
		{"unknown user", "nobody", password},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser()
			rec := b.post("/login", url.Values{"name": {tc.user}, "password": {tc.password}, "_csrf": {b.csrf()}})
			wantStatus(t, rec, http.StatusUnauthorized)
			doc := parseHTML(t, rec)
			if msg := doc.Find(testid("error-login")).Text(); !strings.Contains(msg, "wrong") {
				t.Errorf("login error %q", msg)
			}
			if v := doc.Find(`input[name="name"]`).AttrOr("value", ""); v != tc.user {
				t.Errorf("the name field holds %q, want %q", v, tc.user)
			}
			if cookieIn(rec, "factmark_session") != nil {
				t.Error("a failed login set a session cookie")
			}
		})
	}
	t.Run("login without CSRF token", func(t *testing.T) {
		b := e.browser()
		b.csrf()
		rec := b.post("/login", url.Values{"name": {"ed"}, "password": {password}})
		if rec.Code < 400 || rec.Code >= 500 {
			t.Errorf("status %d, want 4xx", rec.Code)
		}
		if ck := cookieIn(rec, "factmark_session"); ck != nil {
			t.Errorf("session cookie %+v, want none", ck)
		}
	})
	t.Run("login, use, logout", func(t *testing.T) {
		b := e.browser()
		for _, next := range []string{"//evil.example/", "https://evil.example/"} {
			rec := b.post("/login", url.Values{"name": {"ed"}, "password": {password}, "next": {next}, "_csrf": {b.csrf()}})
			if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
				t.Errorf("next=%s: %d to %q, want 303 to /", next, rec.Code, rec.Header().Get("Location"))
			}
		}
		rec := b.post("/login", url.Values{"name": {"ed"}, "password": {password}, "next": {"/articles/new"}, "_csrf": {b.csrf()}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/articles/new" {
			t.Fatalf("login: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		ck := cookieIn(rec, "factmark_session")
		if ck == nil {
			t.Fatal("no session cookie")
		}
		want := cookieAttrs{HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: false}
		if diff := cmp.Diff(want, attrsOf(ck), cmpopts.IgnoreFields(cookieAttrs{}, "Path")); diff != "" {
			t.Fatalf("session cookie attributes (-want +got):\n%s", diff)
		}
		wantStatus(t, b.get("/"), http.StatusOK)
		if rec := b.get("/login"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
			t.Errorf("GET /login when logged in: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		session := ck.Value

		rec = b.post("/logout", url.Values{"_csrf": {b.csrf()}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login" {
			t.Fatalf("logout: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if ck := cookieIn(rec, "factmark_session"); ck == nil {
			t.Error("logout sets no session cookie, want one that clears it")
		} else if ck.MaxAge >= 0 {
			t.Errorf("logout cookie MaxAge = %d, want < 0", ck.MaxAge)
		}
		// The old cookie no longer works: the session is gone from the store.
		old := e.browser()
		old.jar["factmark_session"] = &http.Cookie{Name: "factmark_session", Value: session}
		if rec := old.get("/"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
			t.Errorf("GET / with the old session: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		req := httpRequest(http.MethodGet, "/api/v1/articles", "")
		req.AddCookie(&http.Cookie{Name: "factmark_session", Value: session})
		wantError(t, e.serve(req), http.StatusUnauthorized, "unauthorized", "")
	})
	t.Run("sessions expire", func(t *testing.T) {
		b := e.loggedIn("ed") // an hour long
		wantStatus(t, b.get("/"), http.StatusOK)
		e.clock.Advance(time.Hour + time.Second)
		rec := b.get("/")
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2F" {
			t.Errorf("GET / after expiry: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
	})
}

// Secure cookies carry the __Host- prefix, so that a sibling subdomain
// cannot plant one for factmark's host.
func TestSecureCookies(t *testing.T) {
	e := newEnv(t, withConfig(func(c *handlers.Config) { c.SecureCookies = true }))
	b := e.browser()
	rec := b.get("/login")
	wantHostCookie(t, cookieIn(rec, "__Host-factmark_presession"))
	rec = b.post("/login", url.Values{"name": {"ed"}, "password": {password}, "_csrf": {b.csrf()}})
	wantStatus(t, rec, http.StatusSeeOther)
	ck := cookieIn(rec, "__Host-factmark_session")
	wantHostCookie(t, ck)
	wantStatus(t, b.get("/"), http.StatusOK)
	t.Run("a cookie without the prefix is not factmark's", func(t *testing.T) {
		planted := e.browser()
		planted.jar["factmark_session"] = &http.Cookie{Name: "factmark_session", Value: ck.Value}
		if rec := planted.get("/"); rec.Code != http.StatusSeeOther {
			t.Errorf("GET / with an unprefixed session cookie: %d, want a redirect to log in", rec.Code)
		}
	})
	rec = b.post("/logout", url.Values{"_csrf": {b.csrf()}})
	if ck := cookieIn(rec, "__Host-factmark_session"); ck == nil {
		t.Error("logout sets no session cookie, want a Secure, expired one")
	} else {
		if !ck.Secure {
			t.Error("logout cookie Secure = false, want true")
		}
		if ck.MaxAge >= 0 {
			t.Errorf("logout cookie MaxAge = %d, want < 0", ck.MaxAge)
		}
	}
}

// wantHostCookie checks what a browser requires of a __Host- cookie, and
// what factmark adds.
func wantHostCookie(t *testing.T, ck *http.Cookie) {
	t.Helper()
	if ck == nil {
		t.Fatal("no cookie")
	}
	if !ck.Secure {
		t.Errorf("%s is not Secure", ck.Name)
	}
	if ck.Path != "/" {
		t.Errorf("%s has Path %q, want /", ck.Name, ck.Path)
	}
	if ck.Domain != "" {
		t.Errorf("%s has Domain %q, want none", ck.Name, ck.Domain)
	}
	if !ck.HttpOnly {
		t.Errorf("%s is not HttpOnly", ck.Name)
	}
	if ck.SameSite != http.SameSiteLaxMode {
		t.Errorf("%s has SameSite %v, want Lax", ck.Name, ck.SameSite)
	}
}

func TestCookieAPICSRF(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	body := `{"title":"From the browser","text":"Typed in the workspace."}`
	post := func(headers ...string) int {
		req := httpRequest(http.MethodPost, "/api/v1/articles", body)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return b.do(req).Code
	}
	if code := post(); code < 400 || code >= 500 {
		t.Errorf("POST without X-CSRF-Token: %d, want 4xx", code)
	}
	if code := post("X-CSRF-Token", "forged"); code < 400 || code >= 500 {
		t.Errorf("POST with a forged X-CSRF-Token: %d, want 4xx", code)
	}
	if n := listLen(t, e); n != 0 {
		t.Fatalf("%d articles created without a valid token", n)
	}
	if code := post("X-CSRF-Token", b.csrf()); code != http.StatusCreated {
		t.Errorf("POST with X-CSRF-Token: %d, want 201", code)
	}
	if n := listLen(t, e); n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
	t.Run("reads need no token", func(t *testing.T) {
		wantStatus(t, b.do(httpRequest(http.MethodGet, "/api/v1/articles", "")), http.StatusOK)
	})
	t.Run("a viewer's session may not write", func(t *testing.T) {
		v := e.loggedIn("vi")
		req := httpRequest(http.MethodPost, "/api/v1/articles", body)
		req.Header.Set("X-CSRF-Token", v.csrf())
		wantError(t, v.do(req), http.StatusForbidden, "forbidden", "")
	})
}
