package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A form the server cannot parse is the client's fault: 400, not 500.
func TestUnreadableImportFormIs400(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	token := b.csrf()
	req, _ := http.NewRequest(http.MethodPost, "/articles/new?_csrf="+url.QueryEscape(token), strings.NewReader("garbage"))
	req.Header.Set("Content-Type", "multipart/form-data") // no boundary
	req.Header.Set("X-CSRF-Token", token)
	rec := b.do(req)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status %d, want 400\n%s", rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Body.String(), "could not be read") {
		t.Errorf("page does not say what went wrong:\n%s", rec.Body)
	}
}

// Logging in starts a new CSRF token: one seen before is no use after.
func TestLoginRotatesCSRFToken(t *testing.T) {
	e := newEnv(t)
	e.addUser("rosa", "editor")
	b := e.browser()
	before := b.csrf()
	rec := b.post("/login", url.Values{"_csrf": {before}, "name": {"rosa"}, "password": {password}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: status %d\n%s", rec.Code, rec.Body)
	}
	if _, ok := b.jar["factmark_csrf"]; ok {
		t.Fatal("the CSRF cookie survived the login")
	}
	if after := b.csrf(); after == before || after == "" {
		t.Errorf("token after login %q, before %q: want a new one", after, before)
	}
}
