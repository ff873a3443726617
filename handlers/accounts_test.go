package handlers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

// loginFrom posts the login form from a new browser at the client address
// addr, with the headers given in name, value pairs.
func (e *env) loginFrom(addr, name, pw string, headers ...string) (*browser, *httptest.ResponseRecorder) {
	e.tb.Helper()
	b := e.browser()
	form := url.Values{"name": {name}, "password": {pw}, "_csrf": {b.csrf()}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b, b.do(req)
}

func TestLoginThrottle(t *testing.T) {
	t.Run("per account, with growing delays", func(t *testing.T) {
		e := newEnv(t)
		for i := range 5 {
			// Five addresses: the account's count alone locks it.
			_, rec := e.loginFrom("198.51.100."+itoa(int64(i+1)), "ed", "wrong password 1")
			wantStatus(t, rec, http.StatusUnauthorized)
		}
		_, rec := e.loginFrom("198.51.100.9", "ed", password)
		wantStatus(t, rec, http.StatusTooManyRequests)
		if got := rec.Header().Get("Retry-After"); got != "30" {
			t.Errorf("Retry-After %q, want 30", got)
		}
		if msg := parseHTML(t, rec).Find(testid("error-login")).Text(); !strings.Contains(msg, "wait 30 seconds") {
			t.Errorf("login page says %q", msg)
		}
		if cookieIn(rec, "factmark_session") != nil {
			t.Error("a throttled login set a session cookie")
		}
		e.clock.Advance(31 * time.Second)
		_, rec = e.loginFrom("198.51.100.1", "ed", "wrong password 2")
		wantStatus(t, rec, http.StatusUnauthorized)
		_, rec = e.loginFrom("198.51.100.1", "ed", password)
		wantStatus(t, rec, http.StatusTooManyRequests)
		if got := rec.Header().Get("Retry-After"); got != "60" {
			t.Errorf("Retry-After after the sixth failure %q, want 60", got)
		}
		t.Run("other accounts are not affected", func(t *testing.T) {
			_, rec := e.loginFrom("198.51.100.20", "ada", password)
			wantStatus(t, rec, http.StatusSeeOther)
		})
		t.Run("API tokens are not affected", func(t *testing.T) {
			wantStatus(t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil), http.StatusOK)
		})
		t.Run("the log names the account, never the password", func(t *testing.T) {
			logs := e.log.String()
			if !strings.Contains(logs, `msg="login failed" user=ed addr=198.51.100.1`) {
				t.Errorf("no failed login logged:\n%s", logs)
			}
			if !strings.Contains(logs, `msg="login throttled"`) {
				t.Errorf("no throttled login logged")
			}
			for _, pw := range []string{"wrong password", password} {
				if strings.Contains(logs, pw) {
					t.Errorf("the password %q reached the log", pw)
				}
			}
		})
		e.clock.Advance(61 * time.Second)
		_, rec = e.loginFrom("198.51.100.1", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
		t.Run("a success clears the account's count", func(t *testing.T) {
			_, rec := e.loginFrom("198.51.100.30", "ed", "wrong password 3")
			wantStatus(t, rec, http.StatusUnauthorized)
			_, rec = e.loginFrom("198.51.100.30", "ed", password)
			wantStatus(t, rec, http.StatusSeeOther)
		})
	})
	t.Run("per address", func(t *testing.T) {
		e := newEnv(t)
		for _, name := range []string{"ed", "vi", "ada", "nobody", "root"} {
			_, rec := e.loginFrom("203.0.113.7", name, "guess")
			wantStatus(t, rec, http.StatusUnauthorized)
		}
		_, rec := e.loginFrom("203.0.113.7", "ed", password)
		wantStatus(t, rec, http.StatusTooManyRequests)
		// X-Forwarded-For from a client that is not a trusted proxy is
		// ignored: it cannot pose as another address.
		_, rec = e.loginFrom("203.0.113.7", "ed", password, "X-Forwarded-For", "192.0.2.99")
		wantStatus(t, rec, http.StatusTooManyRequests)
		_, rec = e.loginFrom("203.0.113.8", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
		// Behind a local proxy, the client's address is the one it names.
		_, rec = e.loginFrom("127.0.0.1", "vi", password, "X-Forwarded-For", "192.0.2.99")
		wantStatus(t, rec, http.StatusSeeOther)
	})
	t.Run("the wait doubles up to 5 minutes", func(t *testing.T) {
		e := newEnv(t)
		for range 4 {
			_, rec := e.loginFrom("198.51.100.1", "ed", "wrong")
			wantStatus(t, rec, http.StatusUnauthorized)
		}
		for _, want := range []string{"30", "60", "120", "240", "300", "300"} {
			_, rec := e.loginFrom("198.51.100.1", "ed", "wrong")
			wantStatus(t, rec, http.StatusUnauthorized)
			_, rec = e.loginFrom("198.51.100.1", "ed", password)
			wantStatus(t, rec, http.StatusTooManyRequests)
			if got := rec.Header().Get("Retry-After"); got != want {
				t.Errorf("Retry-After %s, want %s", got, want)
			}
			e.clock.Advance(5 * time.Minute)
		}
		// Within 15 minutes of the last failure the account is still known;
		// a success clears it.
		_, rec := e.loginFrom("198.51.100.1", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
	})
	t.Run("failures are forgotten after 15 minutes", func(t *testing.T) {
		e := newEnv(t)
		for range 4 {
			_, rec := e.loginFrom("198.51.100.1", "ed", "wrong")
			wantStatus(t, rec, http.StatusUnauthorized)
		}
		e.clock.Advance(15 * time.Minute)
		_, rec := e.loginFrom("198.51.100.1", "ed", "wrong")
		wantStatus(t, rec, http.StatusUnauthorized)
		_, rec = e.loginFrom("198.51.100.1", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
	})
}

// adminPost posts an admin form as b with a fresh token.
func adminPost(b *browser, path string, form url.Values) *httptest.ResponseRecorder {
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", b.csrf())
	return b.post(path, form)
}

func wantRedirect(tb testing.TB, rec *httptest.ResponseRecorder, to string) {
	tb.Helper()
	wantStatus(tb, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); got != to {
		tb.Fatalf("redirect to %q, want %q", got, to)
	}
}

// wantLoginRedirect checks that a page sent its visitor to log in.
func wantLoginRedirect(tb testing.TB, rec *httptest.ResponseRecorder) {
	tb.Helper()
	wantStatus(tb, rec, http.StatusSeeOther)
	if got := rec.Header().Get("Location"); !strings.HasPrefix(got, "/login") {
		tb.Errorf("redirect to %q, want the login page", got)
	}
}

func (e *env) user(name string) model.User {
	e.tb.Helper()
	u, err := e.db.UserByName(context.Background(), name)
	if err != nil {
		e.tb.Fatal(err)
	}
	return u
}

func TestAdminUsersPage(t *testing.T) {
	e := newEnv(t)
	e.addUser("quiet", model.UserViewer) // never logs in
	admin := e.loggedIn("ada")

	t.Run("admins only", func(t *testing.T) {
		for _, name := range []string{"ed", "vi"} {
			b := e.loggedIn(name)
			wantStatus(t, b.get("/admin/users"), http.StatusForbidden)
			rec := adminPost(b, "/admin/users/"+name+"/role", url.Values{"role": {"admin"}})
			wantStatus(t, rec, http.StatusForbidden)
			if got := e.user(name).Role; got == model.UserAdmin {
				t.Errorf("%s made themselves admin", name)
			}
			if n := parseHTML(t, b.get("/")).Find(testid("nav-users")).Length(); n != 0 {
				t.Errorf("%s's menu links to the users page", name)
			}
			if n := parseHTML(t, b.get("/")).Find(testid("nav-account")).Length(); n != 1 {
				t.Errorf("%s's menu has %d account links, want 1", name, n)
			}
		}
		if n := parseHTML(t, admin.get("/")).Find(testid("nav-users")).Length(); n != 1 {
			t.Errorf("the admin's menu has %d users links, want 1", n)
		}
	})
	t.Run("list", func(t *testing.T) {
		rec := admin.get("/admin/users")
		wantStatus(t, rec, http.StatusOK)
		doc := parseHTML(t, rec)
		var names []string
		for _, n := range doc.Find(testid("user-row")).Nodes {
			for _, a := range n.Attr {
				if a.Key == "data-user" {
					names = append(names, a.Val)
				}
			}
		}
		if got := strings.Join(names, ","); got != "ada,ed,quiet,vi" {
			t.Errorf("users %s, want ada,ed,quiet,vi", got)
		}
		if got := doc.Find(`[data-user="ada"] ` + testid("user-last-login")).Text(); got != "2026-03-02 08:30 UTC" {
			t.Errorf("ada's last login %q", got)
		}
		if got := doc.Find(`[data-user="quiet"] ` + testid("user-last-login")).Text(); got != "never" {
			t.Errorf("quiet's last login %q, want never", got)
		}
		if got := doc.Find(`[data-user="ed"] ` + testid("user-status")).Text(); got != "active" {
			t.Errorf("ed's status %q", got)
		}
	})
	t.Run("add", func(t *testing.T) {
		rec := adminPost(admin, "/admin/users", url.Values{"name": {"nora"}, "display_name": {"Nora N"}, "role": {"viewer"}, "password": {"short"}})
		wantStatus(t, rec, http.StatusBadRequest)
		if parseHTML(t, rec).Find(testid("error-password")).Length() != 1 {
			t.Error("no password error shown")
		}
		rec = adminPost(admin, "/admin/users", url.Values{"name": {"ed"}, "role": {"viewer"}, "password": {password}})
		wantStatus(t, rec, http.StatusConflict)
		if msg := parseHTML(t, rec).Find(testid("error-name")).Text(); !strings.Contains(msg, "already exists") {
			t.Errorf("name error %q", msg)
		}
		rec = adminPost(admin, "/admin/users", url.Values{"name": {"nora"}, "display_name": {"Nora N"}, "role": {"viewer"}, "password": {password}})
		wantRedirect(t, rec, "/admin/users?done=added&user=nora")
		if msg := parseHTML(t, admin.get(rec.Header().Get("Location"))).Find(testid("notice")).Text(); msg != "nora can now log in." {
			t.Errorf("notice %q", msg)
		}
		u := e.user("nora")
		if u.Role != model.UserViewer {
			t.Errorf("role %s", u.Role)
		}
		if u.DisplayName != "Nora N" {
			t.Errorf("display name %q", u.DisplayName)
		}
		if !auth.CheckPassword(u.PasswordHash, password) {
			t.Error("the password does not work")
		}
		_, rec = e.loginFrom("198.51.100.5", "nora", password)
		wantStatus(t, rec, http.StatusSeeOther)
	})
	t.Run("change role", func(t *testing.T) {
		wantRedirect(t, adminPost(admin, "/admin/users/vi/role", url.Values{"role": {"editor"}}), "/admin/users?done=role&user=vi")
		if got := e.user("vi").Role; got != model.UserEditor {
			t.Errorf("vi is %s, want editor", got)
		}
		rec := adminPost(admin, "/admin/users/vi/role", url.Values{"role": {"owner"}})
		wantStatus(t, rec, http.StatusBadRequest)
		if msg := parseHTML(t, rec).Find(testid("error-user:vi")).Text(); !strings.Contains(msg, "owner") {
			t.Errorf("row error %q", msg)
		}
		wantStatus(t, adminPost(admin, "/admin/users/nobody/role", url.Values{"role": {"editor"}}), http.StatusNotFound)
	})
	t.Run("reset password ends the user's sessions", func(t *testing.T) {
		ed := e.loggedIn("ed")
		wantStatus(t, adminPost(admin, "/admin/users/ed/password", url.Values{"password": {"short"}}), http.StatusBadRequest)
		wantRedirect(t, adminPost(admin, "/admin/users/ed/password", url.Values{"password": {"a new password for ed"}}), "/admin/users?done=password&user=ed")
		wantLoginRedirect(t, ed.get("/")) // the old session ended
		_, rec := e.loginFrom("198.51.100.6", "ed", "a new password for ed")
		wantStatus(t, rec, http.StatusSeeOther)
		wantStatus(t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil), http.StatusOK)
	})
}

func TestDeactivateUser(t *testing.T) {
	e := newEnv(t)
	admin := e.loggedIn("ada")
	ed := e.loggedIn("ed")
	wantStatus(t, ed.get("/"), http.StatusOK)

	wantRedirect(t, adminPost(admin, "/admin/users/ed/deactivate", nil), "/admin/users?done=deactivated&user=ed")
	if e.user("ed").Active {
		t.Fatal("ed is still active")
	}
	t.Run("the open session stops working", func(t *testing.T) {
		wantLoginRedirect(t, ed.get("/"))
	})
	t.Run("the token stops working", func(t *testing.T) {
		wantError(t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil), http.StatusUnauthorized, "unauthorized", "")
	})
	t.Run("cannot log in", func(t *testing.T) {
		_, rec := e.loginFrom("198.51.100.7", "ed", password)
		wantStatus(t, rec, http.StatusForbidden)
		if msg := parseHTML(t, rec).Find(testid("error-login")).Text(); !strings.Contains(msg, "deactivated") {
			t.Errorf("login page says %q", msg)
		}
	})
	t.Run("the list shows it", func(t *testing.T) {
		if got := parseHTML(t, admin.get("/admin/users")).Find(`[data-user="ed"] ` + testid("user-status")).Text(); got != "deactivated" {
			t.Errorf("status %q", got)
		}
	})
	wantRedirect(t, adminPost(admin, "/admin/users/ed/activate", nil), "/admin/users?done=activated&user=ed")
	t.Run("reactivated", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil), http.StatusOK)
		_, rec := e.loginFrom("198.51.100.7", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
		// The session that was open before stays ended.
		wantLoginRedirect(t, ed.get("/"))
	})
}

func TestLastAdmin(t *testing.T) {
	e := newEnv(t)
	admin := e.loggedIn("ada")
	for _, tc := range []struct {
		path string
		form url.Values
	}{
		{"/admin/users/ada/role", url.Values{"role": {"editor"}}},
		{"/admin/users/ada/deactivate", nil},
	} {
		rec := adminPost(admin, tc.path, tc.form)
		wantStatus(t, rec, http.StatusConflict)
		if msg := parseHTML(t, rec).Find(testid("error-user:ada")).Text(); !strings.Contains(msg, "last active admin") {
			t.Errorf("%s: row error %q", tc.path, msg)
		}
		u := e.user("ada")
		if u.Role != model.UserAdmin {
			t.Errorf("%s: ada is %s", tc.path, u.Role)
		}
		if !u.Active {
			t.Errorf("%s: ada is deactivated", tc.path)
		}
	}
	// With another admin, ada may step down.
	wantRedirect(t, adminPost(admin, "/admin/users/ed/role", url.Values{"role": {"admin"}}), "/admin/users?done=role&user=ed")
	wantRedirect(t, adminPost(admin, "/admin/users/ada/role", url.Values{"role": {"editor"}}), "/admin/users?done=role&user=ada")
	wantStatus(t, admin.get("/admin/users"), http.StatusForbidden)
}

func TestAccountPassword(t *testing.T) {
	e := newEnv(t)
	here := e.loggedIn("ed")
	other := e.loggedIn("ed")
	rec := here.get("/account")
	wantStatus(t, rec, http.StatusOK)
	if got := parseHTML(t, rec).Find(testid("account-who")).Text(); !strings.Contains(got, "ed") {
		t.Errorf("account page for %q", got)
	}
	change := func(current, pw, pw2 string) *httptest.ResponseRecorder {
		return adminPost(here, "/account/password", url.Values{"current": {current}, "password": {pw}, "password2": {pw2}})
	}
	for _, tc := range []struct {
		name, current, pw, pw2, field string
		status                        int
	}{
		{"wrong current password", "not it at all", "a brand new password", "a brand new password", "current", http.StatusForbidden},
		{"too short", password, "short", "short", "password", http.StatusBadRequest},
		{"differ", password, "a brand new password", "another new password", "password2", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := change(tc.current, tc.pw, tc.pw2)
			wantStatus(t, rec, tc.status)
			if parseHTML(t, rec).Find(testid("error-"+tc.field)).Length() != 1 {
				t.Errorf("no error beside %s", tc.field)
			}
			if !auth.CheckPassword(e.user("ed").PasswordHash, password) {
				t.Error("the password changed")
			}
			wantStatus(t, other.get("/"), http.StatusOK)
		})
	}
	wantRedirect(t, change(password, "a brand new password", "a brand new password"), "/account?done=password")
	if !auth.CheckPassword(e.user("ed").PasswordHash, "a brand new password") {
		t.Error("the new password does not work")
	}
	wantStatus(t, here.get("/"), http.StatusOK)
	wantLoginRedirect(t, other.get("/")) // the other session ended
	wantStatus(t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil), http.StatusOK)
}

func TestAccountTokens(t *testing.T) {
	e := newEnv(t)
	ed := e.loggedIn("ed")
	create := func(label string, readOnly bool) *httptest.ResponseRecorder {
		f := url.Values{"label": {label}}
		if readOnly {
			f.Set("read_only", "1")
		}
		return adminPost(ed, "/account/tokens", f)
	}
	wantStatus(t, create("  ", false), http.StatusBadRequest)
	wantStatus(t, create(strings.Repeat("x", 101), false), http.StatusBadRequest)

	rec := create("newsletter reader", true)
	wantStatus(t, rec, http.StatusCreated)
	doc := parseHTML(t, rec)
	token := doc.Find(testid("new-token-value")).AttrOr("value", "")
	if len(token) < 40 {
		t.Fatalf("token %q", token)
	}
	if strings.Contains(ed.get("/account").Body.String(), token) {
		t.Error("the token is shown again")
	}
	call := func(method, path, body string) *httptest.ResponseRecorder {
		req := httpRequest(method, path, body)
		req.Header.Set("Authorization", "Bearer "+token)
		return e.serve(req)
	}
	wantStatus(t, call(http.MethodGet, "/api/v1/articles", ""), http.StatusOK)
	wantError(t, call(http.MethodPost, "/api/v1/articles", `{"title":"T","text":"Body."}`), http.StatusForbidden, "forbidden", "", "read-only")
	if n := listLen(t, e); n != 0 {
		t.Errorf("a read-only token created %d articles", n)
	}

	row := parseHTML(t, ed.get("/account")).Find(testid("token-row")).Last()
	if got := row.Find(testid("token-label")).Text(); got != "newsletter reader" {
		t.Errorf("label %q", got)
	}
	if got := row.Find(testid("token-last-used")).Text(); got != "2026-03-02 08:30 UTC" {
		t.Errorf("last used %q", got)
	}
	id := row.AttrOr("data-token-id", "")

	t.Run("last use is recorded at most once a minute", func(t *testing.T) {
		e.clock.Advance(30 * time.Second)
		wantStatus(t, call(http.MethodGet, "/api/v1/articles", ""), http.StatusOK)
		toks, err := e.db.ListTokens(context.Background(), "ed")
		if err != nil {
			t.Fatal(err)
		}
		if got := toks[len(toks)-1].LastUsedAt; !got.Equal(epoch) {
			t.Errorf("last used %v, want %v", got, epoch)
		}
		e.clock.Advance(31 * time.Second)
		wantStatus(t, call(http.MethodGet, "/api/v1/articles", ""), http.StatusOK)
		toks, _ = e.db.ListTokens(context.Background(), "ed")
		if got := toks[len(toks)-1].LastUsedAt; !got.Equal(epoch.Add(61 * time.Second)) {
			t.Errorf("last used %v, want a minute later", got)
		}
	})
	t.Run("nobody else can revoke it", func(t *testing.T) {
		vi := e.loggedIn("vi")
		wantStatus(t, adminPost(vi, "/account/tokens/"+id+"/revoke", nil), http.StatusNotFound)
		wantStatus(t, call(http.MethodGet, "/api/v1/articles", ""), http.StatusOK)
	})
	wantRedirect(t, adminPost(ed, "/account/tokens/"+id+"/revoke", nil), "/account?done=revoked")
	wantError(t, call(http.MethodGet, "/api/v1/articles", ""), http.StatusUnauthorized, "unauthorized", "")
	wantStatus(t, adminPost(ed, "/account/tokens/"+id+"/revoke", nil), http.StatusNotFound)
}

func TestSessionIdle(t *testing.T) {
	e := newEnv(t) // 12 hours idle by default, 14 days at most
	b, rec := e.loginFrom("198.51.100.1", "ed", password)
	wantStatus(t, rec, http.StatusSeeOther)
	// In use every 11 hours: it lives on.
	for range 3 {
		e.clock.Advance(11 * time.Hour)
		wantStatus(t, b.get("/"), http.StatusOK)
	}
	e.clock.Advance(12 * time.Hour)
	wantLoginRedirect(t, b.get("/"))
}

// TestAccountPasswordThrottle: someone holding a session (a borrowed laptop,
// a stolen cookie) must not be able to guess the current password without
// limit on the account page. It is throttled like the login, per account,
// and failures are logged.
func TestAccountPasswordThrottle(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	change := func(current string) *httptest.ResponseRecorder {
		return adminPost(b, "/account/password", url.Values{"current": {current}, "password": {"a brand new password"}, "password2": {"a brand new password"}})
	}
	for i := range 5 {
		rec := change("guess number " + itoa(int64(i)))
		wantStatus(t, rec, http.StatusForbidden)
	}
	rec := change(password)
	wantStatus(t, rec, http.StatusTooManyRequests)
	if got := rec.Header().Get("Retry-After"); got != "30" {
		t.Errorf("Retry-After %q, want 30", got)
	}
	if msg := parseHTML(t, rec).Find(testid("error-current")).Text(); !strings.Contains(msg, "wait 30 seconds") {
		t.Errorf("error beside the current password %q", msg)
	}
	if !auth.CheckPassword(e.user("ed").PasswordHash, password) {
		t.Error("the password changed while throttled")
	}
	t.Run("logged without the password", func(t *testing.T) {
		logs := e.log.String()
		if !strings.Contains(logs, `msg="current password wrong" user=ed`) {
			t.Errorf("no failure logged:\n%s", logs)
		}
		if !strings.Contains(logs, `msg="password change throttled" user=ed`) {
			t.Errorf("no throttled change logged:\n%s", logs)
		}
		if strings.Contains(logs, "guess number") {
			t.Error("a guessed password reached the log")
		}
	})
	t.Run("the wait grows", func(t *testing.T) {
		e.clock.Advance(31 * time.Second)
		wantStatus(t, change("guess number 6"), http.StatusForbidden)
		rec := change(password)
		wantStatus(t, rec, http.StatusTooManyRequests)
		if got := rec.Header().Get("Retry-After"); got != "60" {
			t.Errorf("Retry-After %q, want 60", got)
		}
	})
	t.Run("the login of the account is not locked by it", func(t *testing.T) {
		_, rec := e.loginFrom("198.51.100.40", "ed", password)
		wantStatus(t, rec, http.StatusSeeOther)
	})
	e.clock.Advance(61 * time.Second)
	wantRedirect(t, change(password), "/account?done=password")
}
