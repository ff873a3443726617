package e2e

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

// otherBrowser is a second user agent with its own cookies, logged in
// through the login form: the session a test then ends from the browser.
type otherBrowser struct {
	h      *harness
	client *http.Client
}

var csrfMeta = regexp.MustCompile(`name="csrf-token" content="([^"]*)"`)

func (h *harness) loginElsewhere(name, password string) *otherBrowser {
	h.t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		h.t.Fatal(err)
	}
	o := &otherBrowser{h: h, client: &http.Client{Jar: jar}}
	_, page := o.get("/login")
	m := csrfMeta.FindStringSubmatch(page)
	if m == nil {
		h.t.Fatalf("no CSRF token on the login page:\n%s", page)
	}
	res, err := o.client.PostForm(h.base+"/login", url.Values{"name": {name}, "password": {password}, "_csrf": {m[1]}})
	if err != nil {
		h.t.Fatal(err)
	}
	res.Body.Close()
	if path, _ := o.get("/"); path != "/" {
		h.t.Fatalf("logging in as %s elsewhere ended on %s", name, path)
	}
	return o
}

// get fetches path, following redirects, and returns where it ended and
// the page.
func (o *otherBrowser) get(path string) (string, string) {
	o.h.t.Helper()
	res, err := o.client.Get(o.h.base + path)
	if err != nil {
		o.h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.Request.URL.Path, string(body)
}

// apiStatus calls the API with a bearer token and returns the status.
func (h *harness) apiStatus(method, path, token, body string) int {
	h.t.Helper()
	req, err := http.NewRequest(method, h.base+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestAdminDeactivatesUser: an admin deactivates an editor on the users
// page, and the editor's open session and API token stop working at once;
// reactivating lets them log in again.
func TestAdminDeactivatesUser(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	const eliPassword = "eli-checks-facts-1"
	hash, err := auth.HashPassword(eliPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.CreateUser(h.ctx, model.User{Name: "eli", DisplayName: "Eli Editor", Role: model.UserEditor, PasswordHash: hash}, false); err != nil {
		t.Fatal(err)
	}
	token, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.store.CreateToken(h.ctx, "eli", auth.HashToken(token)); err != nil {
		t.Fatal(err)
	}
	eli := h.loginElsewhere("eli", eliPassword)
	if _, page := eli.get("/"); !strings.Contains(page, "Eli Editor") {
		t.Fatal("eli's session does not show eli")
	}

	h.click("the Users link", `[data-testid="nav-users"]`)
	h.waitUntil("the users page", `() => location.pathname === "/admin/users" && document.querySelector('[data-user="eli"]')`)
	if got := h.text(`[data-user="eli"] [data-testid="user-status"]`); got != "active" {
		t.Errorf("eli's status %q", got)
	}
	if got := h.text(`[data-user="eli"] [data-testid="user-last-login"]`); got == "never" {
		t.Errorf("eli's last login %q, want a time", got)
	}
	h.click("Deactivate eli", `[data-user="eli"] [data-testid="deactivate"]`)
	h.waitUntil("the notice", `() => document.querySelector('[data-testid="notice"]')?.textContent.includes("eli is deactivated")`)
	if got := h.text(`[data-user="eli"] [data-testid="user-status"]`); got != "deactivated" {
		t.Errorf("eli's status %q after deactivating", got)
	}
	if path, _ := eli.get("/"); path != "/login" {
		t.Errorf("eli's open session reached %s, want the login page", path)
	}
	if code := h.apiStatus(http.MethodGet, "/api/v1/articles", token, ""); code != http.StatusUnauthorized {
		t.Errorf("eli's token: %d, want 401", code)
	}

	// Demoting oneself as the only admin is refused, with the reason shown.
	h.choose(`[data-user="ada"] select[name="role"]`, "editor")
	h.click("Change ada's role", `[data-user="ada"] [data-testid="set-role"]`)
	h.waitUntil("the refusal", `() => document.querySelector('[data-testid="error-user:ada"]')`)
	if got := h.text(`[data-testid="error-user:ada"]`); !strings.Contains(got, "last active admin") {
		t.Errorf("the refusal says %q", got)
	}

	h.click("Reactivate eli", `[data-user="eli"] [data-testid="activate"]`)
	h.waitUntil("the notice", `() => document.querySelector('[data-testid="notice"]')?.textContent.includes("eli is active again")`)
	if code := h.apiStatus(http.MethodGet, "/api/v1/articles", token, ""); code != http.StatusOK {
		t.Errorf("eli's token after reactivation: %d, want 200", code)
	}
	h.loginElsewhere("eli", eliPassword)
}

// TestAccountPage: a user changes their password (their other session
// ends), and creates, uses and revokes a read-only API token.
func TestAccountPage(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	elsewhere := h.loginElsewhere(adminName, adminPassword)

	h.click("the Account link", `[data-testid="nav-account"]`)
	h.waitUntil("the account page", `() => location.pathname === "/account" && document.querySelector('[data-testid="token-form"]')`)

	// A read-only token, shown once.
	h.typeText(`[data-testid="token-form"] input[name="label"]`, "fact-check bot")
	h.click("Read-only", `[data-testid="token-form"] input[name="read_only"]`)
	h.click("Create token", `[data-testid="token-form"] button[type="submit"]`)
	h.waitUntil("the new token", `() => document.querySelector('[data-testid="new-token-value"]')`)
	token := h.value(`[data-testid="new-token-value"]`)
	if len(token) < 40 {
		t.Fatalf("token %q", token)
	}
	if code := h.apiStatus(http.MethodGet, "/api/v1/articles", token, ""); code != http.StatusOK {
		t.Errorf("GET with the read-only token: %d, want 200", code)
	}
	if code := h.apiStatus(http.MethodPost, "/api/v1/articles", token, `{"title":"T","text":"Body."}`); code != http.StatusForbidden {
		t.Errorf("POST with the read-only token: %d, want 403", code)
	}
	h.open("/account")
	h.waitUntil("the token list", `() => document.querySelector('[data-testid="token-row"]')`)
	if got := h.texts(`[data-testid="token-label"]`); strings.Join(got, ",") != "fact-check bot" {
		t.Errorf("tokens %q", got)
	}
	if got := h.text(`[data-testid="token-last-used"]`); got == "never" {
		t.Errorf("last used %q after a call", got)
	}
	if n := h.count(`[data-testid="new-token-value"]`); n != 0 {
		t.Error("the token is shown again")
	}
	h.click("Revoke", `[data-testid="revoke-token"]`)
	h.waitUntil("the notice", `() => document.querySelector('[data-testid="notice"]')?.textContent.includes("revoked")`)
	if n := h.count(`[data-testid="token-row"]`); n != 0 {
		t.Errorf("%d tokens left", n)
	}
	if code := h.apiStatus(http.MethodGet, "/api/v1/articles", token, ""); code != http.StatusUnauthorized {
		t.Errorf("GET with the revoked token: %d, want 401", code)
	}

	// The password: a wrong current one is refused beside the field.
	const newPassword = "a-new-river-basin-27"
	h.typeText(`[data-testid="password-form"] input[name="current"]`, "not my password")
	h.typeText(`[data-testid="password-form"] input[name="password"]`, newPassword)
	h.typeText(`[data-testid="password-form"] input[name="password2"]`, newPassword)
	h.click("Change password", `[data-testid="password-form"] button[type="submit"]`)
	h.waitUntil("the error", `() => document.querySelector('[data-testid="error-current"]')`)
	h.typeText(`[data-testid="password-form"] input[name="current"]`, adminPassword)
	h.typeText(`[data-testid="password-form"] input[name="password"]`, newPassword)
	h.typeText(`[data-testid="password-form"] input[name="password2"]`, newPassword)
	h.click("Change password", `[data-testid="password-form"] button[type="submit"]`)
	h.waitUntil("the notice", `() => document.querySelector('[data-testid="notice"]')?.textContent.includes("password is changed")`)
	if path, _ := elsewhere.get("/"); path != "/login" {
		t.Errorf("the other session reached %s, want the login page", path)
	}
	h.open("/")
	h.waitUntil("still logged in here", `() => document.querySelector('[data-testid="current-user"]')`)
	h.logout()
	h.login(adminName, newPassword, adminDisplay)
}
