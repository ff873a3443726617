package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAccountPagesRefuseTokens: an API token is for the API. A leaked one
// must not be able to make more tokens, add users, change passwords or use
// any other page form: those take a logged-in browser session only.
func TestAccountPagesRefuseTokens(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	c := e.createClaim(a, "voted 7–2", nil)
	form := func(method, path, user string, f url.Values) *http.Request {
		req := httpRequest(method, path, f.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
		return req
	}
	tokensBefore := countTokens(t, e)
	for _, tc := range []struct {
		name, method, path, user string
		form                     url.Values
	}{
		{"see the account page", http.MethodGet, "/account", "ed", nil},
		{"create a token", http.MethodPost, "/account/tokens", "ed", url.Values{"label": {"x"}}},
		{"change the password", http.MethodPost, "/account/password", "ed", url.Values{"current": {password}, "password": {"a password of mine now"}, "password2": {"a password of mine now"}}},
		{"revoke a token", http.MethodPost, "/account/tokens/1/revoke", "ada", nil},
		{"see the users", http.MethodGet, "/admin/users", "ada", nil},
		{"add an admin", http.MethodPost, "/admin/users", "ada", url.Values{"name": {"viatoken"}, "role": {"admin"}, "password": {"longpassword1"}}},
		{"reset a password", http.MethodPost, "/admin/users/ed/password", "ada", url.Values{"password": {"a password of mine now"}}},
		{"change a role", http.MethodPost, "/admin/users/vi/role", "ada", url.Values{"role": {"admin"}}},
		{"deactivate", http.MethodPost, "/admin/users/ed/deactivate", "ada", nil},
		{"a workspace form", http.MethodPost, "/claims/" + itoa(c.ID) + "/delete", "ed", url.Values{"version": {itoa(int64(c.Version))}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.serve(form(tc.method, tc.path, tc.user, tc.form))
			wantStatus(t, rec, http.StatusForbidden)
			if !strings.Contains(rec.Body.String(), "API token") {
				t.Errorf("the refusal does not say API tokens are not taken here: %s", rec.Body)
			}
		})
	}
	if n := countTokens(t, e); n != tokensBefore {
		t.Errorf("%d tokens, want %d", n, tokensBefore)
	}
	if _, err := e.db.UserByName(context.Background(), "viatoken"); err == nil {
		t.Error("a token created an admin")
	}
	if got := e.user("vi").Role; got != "viewer" {
		t.Errorf("vi is %s", got)
	}
	if !e.user("ed").Active {
		t.Error("ed was deactivated")
	}
	if !claimExists(t, e, c.ID) {
		t.Error("a token deleted a claim through the page form")
	}
	// The API stays open to tokens.
	wantStatus(t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "ed", nil), http.StatusOK)
}

func countTokens(t *testing.T, e *env) int {
	t.Helper()
	toks, err := e.db.ListTokens(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return len(toks)
}
