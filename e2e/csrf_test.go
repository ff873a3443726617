package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

// attacker is a site on another port of the same host as factmark: it is
// "same-site" to factmark, its pages' requests carry factmark's
// SameSite=Lax cookies, and its responses can set cookies that the browser
// then sends to factmark too (cookies do not tell ports apart).
type attacker struct {
	t      *testing.T
	target string // factmark's base URL
	srv    *httptest.Server
}

// plantedToken is the double-submit value the attacker plants as
// factmark's old CSRF cookie and sends as the form's token.
const plantedToken = "attacker-chosen-token-0123456789"

func newAttacker(t *testing.T, target string) *attacker {
	a := &attacker{t: t, target: target}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	if a.srv.URL == target {
		t.Fatal("the attacker must be on another port")
	}
	return a
}

// preSession gets a login form's pre-session cookie and token from
// factmark for the attacker's own use, as anyone can.
func (a *attacker) preSession() (cookie, token string) {
	res, err := http.Get(a.target + "/login")
	if err != nil {
		a.t.Errorf("attacker: GET /login: %v", err)
		return "", ""
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, c := range res.Cookies() {
		if c.Name == "factmark_presession" {
			cookie = c.Value
		}
	}
	if m := regexp.MustCompile(`name="csrf-token" content="([^"]*)"`).FindSubmatch(body); m != nil {
		token = string(m[1])
	}
	return cookie, token
}

// serve answers /{attack}?claim=ID&version=N with a page that plants the
// attacker's cookies for the host and sends the forged request on load.
func (a *attacker) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	claim, version := q.Get("claim"), q.Get("version")
	token := plantedToken
	http.SetCookie(w, &http.Cookie{Name: "factmark_csrf", Value: plantedToken, Path: "/"})
	var fields map[string]string
	action := ""
	switch r.URL.Path {
	case "/edit":
		action = "/claims/" + claim + "/edit"
		fields = map[string]string{"statement": "Forged statement", "kind": "other", "status": "false", "comment": "forged", "version": version}
	case "/delete":
		action = "/claims/" + claim + "/delete"
		fields = map[string]string{"version": version}
	case "/import":
		// One line: a browser sends a form's line breaks as CRLF.
		text := "Forged article written by the attacker."
		sum := sha256.Sum256([]byte(text))
		action = "/articles/new"
		fields = map[string]string{"title": "Forged article", "text": text, "action": "save", "text_hash": hex.EncodeToString(sum[:12]), "keep": "0"}
	case "/login":
		// The planted token, as the old double-submit check accepted.
		action = "/login"
		fields = map[string]string{"name": "mallory", "password": malloryPassword, "next": "/"}
	case "/login-pair":
		// A valid pre-session pair, the attacker's own, planted whole.
		cookie, preToken := a.preSession()
		http.SetCookie(w, &http.Cookie{Name: "factmark_presession", Value: cookie, Path: "/", HttpOnly: true})
		token = preToken
		action = "/login"
		fields = map[string]string{"name": "mallory", "password": malloryPassword, "next": "/"}
	case "/fetch-delete":
		// A script's request instead of a form: no-cors, so no preflight.
		fmt.Fprintf(w, `<!DOCTYPE html><title>attack</title><script>
fetch(%q, {method: "POST", mode: "no-cors", credentials: "include",
  body: new URLSearchParams({_csrf: %q, version: %q})}).finally(() => { document.title = "sent"; });
</script>`, a.target+"/claims/"+claim+"/delete", token, version)
		return
	default:
		http.NotFound(w, r)
		return
	}
	fields["_csrf"] = token
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><title>attack</title><form method="post" action="%s">`, html.EscapeString(a.target+action))
	for k, v := range fields {
		fmt.Fprintf(&b, `<input type="hidden" name="%s" value="%s">`, html.EscapeString(k), html.EscapeString(v))
	}
	b.WriteString(`</form><script>document.forms[0].submit()</script>`)
	io.WriteString(w, b.String())
}

// navigateTo starts loading url without waiting for its load event: the
// attacker's pages navigate away before theirs.
func navigateTo(url string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: url})
		return err
	})
}

const malloryPassword = "mallory-owns-this-1"

// TestSameSiteCSRF logs the victim in, then visits pages of a site on
// another port of 127.0.0.1 that plant their own CSRF cookies and post
// forms and scripts to factmark. Nothing changes, and the victim stays
// logged in as themselves.
func TestSameSiteCSRF(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	hash, err := auth.HashPassword(malloryPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.CreateUser(h.ctx, model.User{Name: "mallory", DisplayName: "Mallory", Role: model.UserEditor, PasswordHash: hash}, false); err != nil {
		t.Fatal(err)
	}
	art, c := h.seedArticle("Bridge to reopen", "Bridge to reopen\n\nThe city said the bridge reopens in May after repairs.\n", "the bridge reopens in May", "The bridge reopens in May.")
	evil := newAttacker(t, h.base)
	// attack leaves the current page for a blank one, so that factmark's
	// page seen next is the forged request's answer and not the last one,
	// and opens the attacker's page for the claim as it stands now.
	attack := func(path string) {
		t.Helper()
		h.do("leaving the page", navigateTo("about:blank"))
		h.waitUntil("the blank page", `() => location.href === "about:blank"`)
		query := ""
		if cur, err := h.store.Claim(h.ctx, c.ID); err == nil {
			query = fmt.Sprintf("?claim=%d&version=%d", cur.ID, cur.Version)
		}
		h.do("opening the attacker's page "+path, navigateTo(evil.srv.URL+path+query))
	}
	for _, path := range []string{"/edit", "/delete", "/import", "/login", "/login-pair"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			attack(path)
			h.waitUntil("the forged form to reach factmark",
				`(base) => location.href.startsWith(base + "/") && document.readyState === "complete"`, h.base)
		})
	}
	t.Run("fetch", func(t *testing.T) {
		attack("/fetch-delete")
		h.waitUntil("the forged fetch to be answered", `() => document.title === "sent"`)
	})

	if got, err := h.store.Claim(h.ctx, c.ID); err != nil {
		t.Errorf("the claim is gone: %v", err)
	} else {
		if got.Statement != c.Statement {
			t.Errorf("statement %q, want %q", got.Statement, c.Statement)
		}
		if got.Status != c.Status {
			t.Errorf("status %s, want %s", got.Status, c.Status)
		}
		if got.Version != c.Version {
			t.Errorf("version %d, want %d", got.Version, c.Version)
		}
	}
	list, err := h.store.ListArticles(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	if want := []int64{art.ID}; fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("articles %v, want %v", ids, want)
	}
	mallory, err := h.store.UserByName(h.ctx, "mallory")
	if err != nil {
		t.Fatal(err)
	}
	if !mallory.LastLoginAt.IsZero() {
		t.Errorf("mallory logged in at %v", mallory.LastLoginAt)
	}
	h.open("/")
	h.waitUntil("the home page", `() => document.querySelector('[data-testid="current-user"]')`)
	if who := h.text(`[data-testid="current-user"]`); !strings.Contains(who, adminDisplay) {
		t.Errorf("the browser is logged in as %q, want %s", who, adminDisplay)
	}
}
