package handlers_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestExportStreamsOverHTTP asks a real server for every export of an
// article of 300 claims: each answers 200 with its headers and a whole body
// (the JSON and JSON-LD ones end as a document does), a HEAD gets the same
// headers and no body, which the server does not even write, and an export
// of an article that does not exist is still a 404 in JSON, since nothing
// is sent before the store has been read.
func TestExportStreamsOverHTTP(t *testing.T) {
	e := newEnv(t)
	id := seedLongArticle(t, e, 6000, 300)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	get := func(method, path string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+e.tokens["vi"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatalf("%s %s: %v after %d bytes", method, path, err, len(body))
		}
		return res, string(body)
	}
	for _, ec := range exportCases() {
		t.Run(ec.name, func(t *testing.T) {
			path := "/api/v1/articles/" + itoa(id) + "/export?" + ec.query
			res, body := get(http.MethodGet, path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", res.StatusCode, body)
			}
			if got := res.Header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment; filename=") {
				t.Errorf("Content-Disposition %q, want an attachment", got)
			}
			if len(body) < 30000 {
				t.Errorf("%d bytes, want the export of 300 claims", len(body))
			}
			if strings.HasPrefix(ec.name, "json") || strings.HasPrefix(ec.name, "w3c") {
				if !strings.HasSuffix(body, "\n}\n") {
					t.Errorf("body ends %q, want the document's end", body[max(0, len(body)-20):])
				}
			}
			head, headBody := get(http.MethodHead, path)
			if head.StatusCode != http.StatusOK {
				t.Errorf("HEAD status %d, want 200", head.StatusCode)
			}
			if got, want := head.Header.Get("Content-Type"), res.Header.Get("Content-Type"); got != want {
				t.Errorf("HEAD Content-Type %q, want %q", got, want)
			}
			if headBody != "" {
				t.Errorf("HEAD body %d bytes, want none", len(headBody))
			}
			rec := e.api(http.MethodHead, path, "vi", nil)
			if got := rec.Body.Len(); got != 0 {
				t.Errorf("HEAD wrote %d bytes of body to the response, want none written", got)
			}
		})
	}
	res, body := get(http.MethodGet, "/api/v1/articles/"+itoa(id+1000)+"/export?format=json")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("missing article: status %d, want 404", res.StatusCode)
	}
	if !strings.Contains(body, `"code":"not_found"`) {
		t.Errorf("missing article: body %q, want the JSON error", body)
	}
}
