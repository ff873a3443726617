package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeFetchAllowPrivate runs the binary: URL import refuses a page on
// loopback by default, and fetches it with --fetch-allow-private or
// FACTMARK_FETCH_ALLOW_PRIVATE=true.
func TestServeFetchAllowPrivate(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>Quay rebuilt</title></head><body><article><h1>Quay rebuilt</h1>` +
			`<p>The harbour's north quay reopened on Friday after two years of work, the port authority said, and ferries will use it from June.</p></article></body></html>`))
	}))
	t.Cleanup(page.Close)
	dbPath := filepath.Join(t.TempDir(), "factmark.db")
	cli(t, longPassword+"\n", "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", dbPath)
	token := strings.TrimSpace(cli(t, "", "token", "create", "admin", "--db", dbPath))
	preview := map[string]string{"url": page.URL + "/quay"}

	for _, tc := range []struct {
		name string
		env  string
		args []string
		want int
	}{
		{"default", "", nil, http.StatusBadRequest},
		{"flag", "", []string{"--fetch-allow-private"}, http.StatusOK},
		{"environment", "true", nil, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("FACTMARK_FETCH_ALLOW_PRIVATE", tc.env)
			p := startServer(t, dbPath, tc.args...)
			c := newAPIClient(p.url, token)
			if err := c.do(http.MethodPost, "/api/v1/articles/preview", preview, tc.want, nil); err != nil {
				t.Error(err)
			}
		})
	}
}
