package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/static"
)

// readOnlyToken makes a read-only API token for user.
func (e *env) readOnlyToken(user string) string {
	e.tb.Helper()
	token, err := auth.NewToken()
	if err != nil {
		e.tb.Fatal(err)
	}
	if _, err := e.db.CreateAPIToken(context.Background(), model.NewToken{UserName: user, Label: "monitor", ReadOnly: true}, auth.HashToken(token)); err != nil {
		e.tb.Fatal(err)
	}
	return token
}

// TestHeadWherever: HEAD answers wherever GET does, with GET's status and
// headers and no body (RFC 9110 §9.3.2): monitors and link checkers use it.
// The test walks every GET route the router has, so that a route added
// later is covered too.
func TestHeadWherever(t *testing.T) {
	e, a, c, _ := publishEnv(t)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	session := e.loggedIn("ada").jar["factmark_session"].Value
	readOnly := e.readOnlyToken("vi")

	// An article fetched from a page, for the route of the stored page.
	pages := pageServer(t)
	rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]any{"url": pages.URL + "/news/mill"})
	wantStatus(t, rec, http.StatusCreated)
	fetched := decode[article](t, rec)
	// A source with a snapshot, for the snapshot routes.
	src := e.attach(c, map[string]any{"url": "https://harbour.example/notice", "title": "Notice"})
	snap, err := e.db.ArchiveSource(context.Background(), model.NewSnapshot{SourceID: src, URL: "https://harbour.example/notice",
		FetchedAt: epoch, Raw: []byte("<p>notice</p>"), Text: "notice"}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	// A party registry entry, for the party routes.
	party := e.addPartyID(c.ID, "Harbour board", "mentioned")
	args := map[string]string{
		":version": "1",
		":id":      itoa(a.ID), ":aid": itoa(a.ID), ":cid": itoa(c.ID), ":sid": itoa(snap.ID), "*": strings.TrimPrefix(static.URL("css/app.css"), static.Prefix),
		":token": e.feedToken("ada"),
		":from":  "0", // the first chunk of the text, the first group of the claim list
	}
	// Paths whose :id is a claim's rather than an article's.
	claimPaths := []string{"/claims/", "/reviews/", "/api/v1/claims/"}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, auth []string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(auth); i += 2 {
			req.Header.Set(auth[i], auth[i+1])
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	routes := e.h.(*echo.Echo).Routes()
	n := 0
	for _, r := range routes {
		if r.Method != http.MethodGet {
			continue
		}
		path := r.Path
		id := args[":id"]
		for _, p := range claimPaths {
			if strings.HasPrefix(path, p) {
				id = itoa(c.ID)
			}
		}
		if strings.HasSuffix(path, "/page") {
			id = itoa(fetched.ID)
		}
		if strings.HasPrefix(path, "/api/v1/sources/") {
			id = itoa(src)
		}
		if strings.HasPrefix(path, "/parties/") || strings.HasPrefix(path, "/api/v1/parties/") {
			id = itoa(party)
		}
		path = strings.ReplaceAll(path, ":id", id)
		for k, v := range args {
			path = strings.ReplaceAll(path, k, v)
		}
		if r.Path == "/articles/:id/claims/new" || r.Path == "/articles/:id/suggestions" {
			path += "?start=4&end=11" // the selection the form is for
		}
		if r.Path == "/api/v1/search" {
			path += "?q=ferry" // a search needs something to look for
		}
		for _, who := range []struct {
			name string
			auth []string
		}{
			{"session", []string{"Cookie", "factmark_session=" + session}},
			{"read-only token", []string{"Authorization", "Bearer " + readOnly}},
			{"anonymous", nil},
		} {
			get, getBody := do(http.MethodGet, path, who.auth)
			if who.name == "session" && get.StatusCode >= 400 {
				t.Errorf("GET %s (route %s) as %s: %d; the test's path is wrong", path, r.Path, who.name, get.StatusCode)
				continue
			}
			head, headBody := do(http.MethodHead, path, who.auth)
			n++
			if head.StatusCode != get.StatusCode {
				t.Errorf("HEAD %s as %s: %d, GET: %d", path, who.name, head.StatusCode, get.StatusCode)
				continue
			}
			if headBody != "" {
				t.Errorf("HEAD %s as %s has a body of %d bytes", path, who.name, len(headBody))
			}
			for _, h := range []string{"Content-Type", "Content-Length", "Etag", "Location", "Allow", "Link", "Vary", "Cache-Control"} {
				g, hd := get.Header.Get(h), head.Header.Get(h)
				if h == "Content-Length" && g == "0" && hd == "" {
					continue // net/http adds "0" to an empty GET, not to a HEAD
				}
				if g != hd {
					t.Errorf("HEAD %s as %s: %s %q, GET's %q", path, who.name, h, hd, g)
				}
			}
			if get.Header.Get("Content-Length") == "" && getBody != "" && head.Header.Get("Content-Length") != "" {
				t.Errorf("HEAD %s: Content-Length %s where GET has none", path, head.Header.Get("Content-Length"))
			}
		}
	}
	if n < 3*20 {
		t.Errorf("%d HEAD requests checked: are the GET routes all there?", n)
	}
}
