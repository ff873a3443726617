package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/handlers"
)

// loginAs posts the login form from browser b at address addr.
func (b *browser) loginAs(addr, name, pw string) *httptest.ResponseRecorder {
	b.e.tb.Helper()
	form := url.Values{"name": {name}, "password": {pw}, "_csrf": {b.csrf()}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	return b.do(req)
}

// logout ends b's session, keeping its other cookies.
func (b *browser) logout() {
	b.e.tb.Helper()
	wantStatus(b.e.tb, b.post("/logout", url.Values{"_csrf": {b.csrf()}}), http.StatusSeeOther)
}

// lockAccount fails five logins to name from five addresses: the account
// is locked for anyone without a device cookie for it.
func (e *env) lockAccount(name string) {
	e.tb.Helper()
	for i := range 5 {
		_, rec := e.loginFrom("203.0.113."+itoa(int64(100+i)), name, "an attacker's guess")
		wantStatus(e.tb, rec, http.StatusUnauthorized)
	}
}

// TestDeviceCookie: per-account throttling must not let an attacker keep
// the real user out (OWASP's device cookies). A browser that logged in to
// an account before holds a signed cookie for it; its logins to that
// account are throttled by their own failures only.
func TestDeviceCookie(t *testing.T) {
	t.Run("the user's own browser logs in while the account is locked", func(t *testing.T) {
		e := newEnv(t)
		mine := e.browser()
		rec := mine.loginAs("198.51.100.1", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
		ck := cookieIn(rec, "factmark_device")
		if ck == nil {
			t.Fatal("no device cookie after a login")
		}
		if !ck.HttpOnly {
			t.Error("the device cookie is not HttpOnly")
		}
		if ck.MaxAge < 180*24*60*60 {
			t.Errorf("the device cookie lasts %d s, want months", ck.MaxAge)
		}
		mine.logout()

		e.lockAccount("ed")
		_, rec = e.loginFrom("198.51.100.2", "ed", password)
		wantStatus(t, rec, http.StatusTooManyRequests)
		wantStatus(t, mine.loginAs("198.51.100.1", "ed", password), http.StatusSeeOther)
		wantStatus(t, mine.get("/"), http.StatusOK)
	})
	t.Run("an attack that never stops keeps the real user's browser in", func(t *testing.T) {
		e := newEnv(t)
		mine := e.browser()
		wantStatus(t, mine.loginAs("198.51.100.1", "ed", password), http.StatusSeeOther)
		mine.logout()
		e.lockAccount("ed")
		// One guess every 5 minutes, from anywhere, for two hours.
		for i := range 24 {
			e.clock.Advance(5 * time.Minute)
			_, rec := e.loginFrom("203.0.113."+itoa(int64(i+1)), "ed", "another guess")
			if rec.Code != http.StatusUnauthorized && rec.Code != http.StatusTooManyRequests {
				t.Fatalf("guess %d: %d", i, rec.Code)
			}
			if i%6 == 5 {
				wantStatus(t, mine.loginAs("198.51.100.1", "ed", password), http.StatusSeeOther)
				mine.logout()
			}
		}
	})
	t.Run("a device cookie is for its account only", func(t *testing.T) {
		e := newEnv(t)
		mine := e.browser()
		wantStatus(t, mine.loginAs("198.51.100.1", "ed", password), http.StatusSeeOther)
		mine.logout()
		e.lockAccount("vi")
		wantStatus(t, mine.loginAs("198.51.100.1", "vi", password), http.StatusTooManyRequests)
	})
	t.Run("a forged device cookie counts for nothing", func(t *testing.T) {
		e := newEnv(t)
		mine := e.browser()
		wantStatus(t, mine.loginAs("198.51.100.1", "ed", password), http.StatusSeeOther)
		mine.logout()
		e.lockAccount("ed")
		for _, forged := range []string{"", "x", "abc.def", strings.Repeat("A", 43) + "." + strings.Repeat("B", 43)} {
			b := e.browser()
			b.jar["factmark_device"] = &http.Cookie{Name: "factmark_device", Value: forged}
			wantStatus(t, b.loginAs("198.51.100.1", "ed", password), http.StatusTooManyRequests)
		}
		// Nor does the real one with a changed id.
		ck, ok := mine.jar["factmark_device"]
		if !ok {
			t.Fatal("no device cookie")
		}
		real := ck.Value
		b := e.browser()
		// Another first character: "X" unless the real one starts with it
		// (one cookie in 64 did, and then this "forgery" was the real one).
		first := "X"
		if real[0] == 'X' {
			first = "Y"
		}
		b.jar["factmark_device"] = &http.Cookie{Name: "factmark_device", Value: first + real[1:]}
		wantStatus(t, b.loginAs("198.51.100.1", "ed", password), http.StatusTooManyRequests)
	})
	t.Run("a device's own failures throttle it, and not the account", func(t *testing.T) {
		e := newEnv(t)
		mine := e.browser()
		wantStatus(t, mine.loginAs("198.51.100.1", "ed", password), http.StatusSeeOther)
		mine.logout()
		for range 5 {
			wantStatus(t, mine.loginAs("198.51.100.1", "ed", "my typo"), http.StatusUnauthorized)
		}
		rec := mine.loginAs("198.51.100.1", "ed", password)
		wantStatus(t, rec, http.StatusTooManyRequests)
		if got := rec.Header().Get("Retry-After"); got != "30" {
			t.Errorf("Retry-After %q, want 30", got)
		}
		// The account is not locked for the user's other browsers.
		_, rec = e.loginFrom("198.51.100.3", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
		if logs := e.log.String(); !strings.Contains(logs, "device=true") {
			t.Errorf("the log does not say the failures came with a device cookie:\n%s", logs)
		}
		e.clock.Advance(31 * time.Second)
		wantStatus(t, mine.loginAs("198.51.100.1", "ed", password), http.StatusSeeOther)
	})
	t.Run("over TLS it is a __Host- cookie", func(t *testing.T) {
		e := newEnv(t, withConfig(func(c *handlers.Config) { c.SecureCookies = true }))
		b := e.browser()
		rec := b.loginAs("198.51.100.1", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
		wantHostCookie(t, cookieIn(rec, "__Host-factmark_device"))
	})
}
