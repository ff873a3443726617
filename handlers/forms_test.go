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
