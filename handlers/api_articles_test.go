package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factmark/factmark/handlers"
	"github.com/google/go-cmp/cmp"
)

func TestAPIAuth(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", nil)
	articlePath, claimPath := "/api/v1/articles/"+itoa(a.ID), "/api/v1/claims/"+itoa(c.ID)

	t.Run("anonymous and bad credentials", func(t *testing.T) {
		for _, tc := range []struct {
			name, method, path, auth string
		}{
			{"no credentials", http.MethodGet, "/api/v1/articles", ""},
			{"no credentials on a claim", http.MethodGet, claimPath, ""},
			{"no credentials writing", http.MethodPost, "/api/v1/articles", ""},
			{"bad bearer token", http.MethodGet, "/api/v1/articles", "Bearer not-a-token"},
			{"empty bearer token", http.MethodGet, "/api/v1/articles", "Bearer "},
			{"basic auth", http.MethodGet, "/api/v1/articles", "Basic ZWQ6cGFzc3dvcmQ="},
		} {
			t.Run(tc.name, func(t *testing.T) {
				req := httpRequest(tc.method, tc.path, `{"title":"x","text":"y"}`)
				if tc.auth != "" {
					req.Header.Set("Authorization", tc.auth)
				}
				wantError(t, e.serve(req), http.StatusUnauthorized, "unauthorized", "")
			})
		}
	})
	t.Run("a bad bearer token is refused even with a valid session", func(t *testing.T) {
		b := e.loggedIn("ed")
		req := httpRequest(http.MethodGet, "/api/v1/articles", "")
		req.Header.Set("Authorization", "Bearer forged")
		wantError(t, b.do(req), http.StatusUnauthorized, "unauthorized", "")
	})

	snapshot := func() string {
		var buf bytes.Buffer
		for _, p := range []string{articlePath, articlePath + "/claims", claimPath + "/history", "/api/v1/articles"} {
			rec := e.api(http.MethodGet, p, "vi", nil)
			wantStatus(t, rec, http.StatusOK)
			buf.Write(rec.Body.Bytes())
		}
		return buf.String()
	}
	before := snapshot()
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"create article", http.MethodPost, "/api/v1/articles", map[string]string{"title": "T", "text": "Body."}},
		{"delete article", http.MethodDelete, articlePath, nil},
		{"create claim", http.MethodPost, articlePath + "/claims", map[string]int{"start": 0, "end": 3}},
		{"patch claim", http.MethodPatch, claimPath, map[string]string{"status": "false"}},
		{"delete claim", http.MethodDelete, claimPath, nil},
		{"add party", http.MethodPost, claimPath + "/parties", map[string]string{"name": "Mayor", "role": "speaker"}},
		{"attach source", http.MethodPost, claimPath + "/sources", map[string]string{"url": "https://x.example/"}},
		{"import", http.MethodPost, "/api/v1/import", map[string]string{"format": "factmark/article-export/v1"}},
	} {
		t.Run("viewer may not "+tc.name, func(t *testing.T) {
			wantError(t, e.api(tc.method, tc.path, "vi", tc.body), http.StatusForbidden, "forbidden", "")
		})
	}
	if after := snapshot(); after != before {
		t.Errorf("refused writes changed the data:\nbefore %s\nafter  %s", before, after)
	}
	t.Run("viewer may read and export", func(t *testing.T) {
		for _, p := range []string{"/api/v1/articles", articlePath, articlePath + "/claims", claimPath, claimPath + "/history", articlePath + "/export?format=csv", "/api/v1/sources"} {
			if rec := e.api(http.MethodGet, p, "vi", nil); rec.Code != http.StatusOK {
				t.Errorf("GET %s as viewer: %d %s", p, rec.Code, rec.Body)
			}
		}
	})
	t.Run("editor and admin may write", func(t *testing.T) {
		for _, user := range []string{"ed", "ada"} {
			rec := e.api(http.MethodPatch, claimPath, user, map[string]string{"note": "checked by " + user})
			wantStatus(t, rec, http.StatusOK)
			if got := decode[claim](t, rec); got.UpdatedBy != user {
				t.Errorf("updated_by %q, want %q", got.UpdatedBy, user)
			}
		}
	})
}

func httpRequest(method, path, body string) *http.Request {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, "http://factmark.test"+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func TestCreateArticle(t *testing.T) {
	e := newEnv(t, withConfig(func(c *handlers.Config) { c.MaxBodyBytes = 4096 }))

	t.Run("canonical text", func(t *testing.T) {
		// CRLF, runs of spaces, NBSP, a decomposed é, blank lines holding
		// spaces and tabs, and leading and trailing space.
		in := "  Ferry vote\r\nsplits   council  \r\n \t \r\nMayor\u00a0Ines Varga 🚢 called it “historic”.\r\n\r\n\r\nCafe\u0301 owners 😀\u00a0\u00a0disagree.  \r\n"
		blocks := []string{"Ferry vote splits council", "Mayor Ines Varga 🚢 called it “historic”.", "Café owners 😀 disagree."}
		rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]string{
			"title": "  Ferry\u00a0vote ", "text": in, "url": "https://ledger.example/ferry", "published_at": "2026-02-27T10:00:00+01:00",
			"byline": "Jo Lind", "publication": "The Pellmoor Ledger",
		})
		wantStatus(t, rec, http.StatusCreated)
		a := decode[article](t, rec)
		if want := strings.Join(blocks, "\n\n"); a.Text != want {
			t.Errorf("text %q, want %q", a.Text, want)
		}
		pos := 0
		if len(a.Blocks) != len(blocks) {
			t.Fatalf("blocks %+v, want %d", a.Blocks, len(blocks))
		}
		for i, b := range blocks {
			n := utf8.RuneCountInString(b)
			got := a.Blocks[i]
			if got.Kind != "paragraph" {
				t.Errorf("block %d kind %q, want paragraph", i, got.Kind)
			}
			if got.Start != pos || got.End != pos+n {
				t.Errorf("block %d at [%d, %d), want [%d, %d)", i, got.Start, got.End, pos, pos+n)
			}
			pos += n + 2
		}
		if a.ID == 0 {
			t.Error("the article has no id")
		}
		type fields struct {
			Title                  string
			Version                int
			CreatedBy              string
			CreatedAt, PublishedAt string
		}
		want := fields{"Ferry vote", 1, "ed", "2026-03-02T08:30:00Z", "2026-02-27T09:00:00Z"}
		if diff := cmp.Diff(want, fields{a.Title, a.Version, a.CreatedBy, a.CreatedAt, a.PublishedAt}); diff != "" {
			t.Errorf("article (-want +got):\n%s", diff)
		}
		if got := rec.Header().Get("ETag"); got != `"1"` {
			t.Errorf("ETag %s, want \"1\"", got)
		}
		if got := rec.Header().Get("Location"); got != "/api/v1/articles/"+itoa(a.ID) {
			t.Errorf("Location %q", got)
		}
		var raw map[string]any
		json.Unmarshal(rec.Body.Bytes(), &raw)
		if b := raw["blocks"].([]any)[0].(map[string]any); !reflect.DeepEqual(keys(b), []string{"end", "kind", "start"}) {
			t.Errorf("block JSON keys %v, want kind, start, end", keys(b))
		}
	})

	big := `{"title":"Too big","text":"` + strings.Repeat("word ", 1000) + `"}`
	for _, tc := range []struct {
		name        string
		contentType string
		body        io.Reader
		status      int
		code, field string
		msg         string
	}{
		{"empty title", "application/json", strings.NewReader(`{"title":"","text":"Body."}`), 400, "invalid", "title", ""},
		{"blank title", "application/json", strings.NewReader(`{"title":" \u00a0 ","text":"Body."}`), 400, "invalid", "title", ""},
		{"no text", "application/json", strings.NewReader(`{"title":"T","text":" \n \n"}`), 400, "invalid", "text", ""},
		{"javascript URL", "application/json", strings.NewReader(`{"title":"T","text":"Body.","url":"javascript:alert(1)"}`), 400, "invalid", "url", ""},
		{"data URL", "application/json", strings.NewReader(`{"title":"T","text":"Body.","url":"data:text/html,hi"}`), 400, "invalid", "url", ""},
		{"bad date", "application/json", strings.NewReader(`{"title":"T","text":"Body.","published_at":"27/02/2026"}`), 400, "invalid", "published_at", ""},
		{"impossible date", "application/json", strings.NewReader(`{"title":"T","text":"Body.","published_at":"2026-02-30"}`), 400, "invalid", "published_at", ""},
		{"wrong content type", "text/plain", strings.NewReader(`{"title":"T","text":"Body."}`), 415, "unsupported_type", "", "JSON"},
		{"form content type", "application/x-www-form-urlencoded", strings.NewReader(`title=T&text=Body.`), 415, "unsupported_type", "", ""},
		{"no content type", "", strings.NewReader(`{"title":"T","text":"Body."}`), 415, "unsupported_type", "", ""},
		{"malformed JSON", "application/json", strings.NewReader(`{"title":"T",`), 400, "invalid", "", "Malformed JSON"},
		{"not JSON at all", "application/json", strings.NewReader(`title=T`), 400, "invalid", "", "Malformed JSON"},
		{"empty body", "application/json", strings.NewReader(``), 400, "invalid", "", "empty"},
		{"two values", "application/json", strings.NewReader(`{"title":"T","text":"Body."} {}`), 400, "invalid", "", "more than one"},
		{"unknown field", "application/json", strings.NewReader(`{"title":"T","text":"Body.","titel":"x"}`), 400, "invalid", "titel", "titel"},
		{"wrong type", "application/json", strings.NewReader(`{"title":7,"text":"Body."}`), 400, "invalid", "title", ""},
		{"over the limit", "application/json", strings.NewReader(big), 413, "too_large", "", ""},
		{"over the limit without a length", "application/json", io.MultiReader(strings.NewReader(big)), 413, "too_large", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := listLen(t, e)
			req := httpRequestReader(http.MethodPost, "/api/v1/articles", tc.body)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			req.Header.Set("Authorization", "Bearer "+e.tokens["ed"])
			if tc.name == "over the limit without a length" && req.ContentLength != 0 && req.ContentLength != -1 {
				t.Fatalf("ContentLength %d, want unknown", req.ContentLength)
			}
			var msg []string
			if tc.msg != "" {
				msg = append(msg, tc.msg)
			}
			wantError(t, e.serve(req), tc.status, tc.code, tc.field, msg...)
			if after := listLen(t, e); after != before {
				t.Errorf("articles %d → %d", before, after)
			}
		})
	}
}

func httpRequestReader(method, path string, body io.Reader) *http.Request {
	req, _ := http.NewRequest(method, "http://factmark.test"+path, body)
	return req
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func listLen(tb testing.TB, e *env) int {
	tb.Helper()
	list, err := e.db.ListArticles(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return len(list)
}

func TestArticleResource(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link 🚢", storyText)
	other := e.createArticle("Quiet week", "Nothing happened on Sunday.")
	for _, st := range []string{"verified", "verified", "false"} {
		e.createClaim(a, "Pellmoor council", map[string]any{"status": st})
	}
	e.createClaim(a, "Astrid Bay", nil)
	path := "/api/v1/articles/" + itoa(a.ID)

	t.Run("list with claim counts", func(t *testing.T) {
		rec := e.api(http.MethodGet, "/api/v1/articles", "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		list := decode[struct {
			Articles []map[string]any `json:"articles"`
		}](t, rec)
		if len(list.Articles) != 2 {
			t.Fatalf("list: %s", rec.Body)
		}
		byID := map[float64]map[string]any{}
		for _, x := range list.Articles {
			byID[x["id"].(float64)] = x
			if _, ok := x["text"]; ok {
				t.Errorf("the list carries the text")
			}
		}
		got := byID[float64(a.ID)]
		if want := map[string]any{"verified": 2.0, "false": 1.0, "unchecked": 1.0}; !reflect.DeepEqual(got["claim_counts"], want) {
			t.Errorf("claim_counts %v, want %v", got["claim_counts"], want)
		}
		if got["claim_total"] != 4.0 {
			t.Errorf("claim_total %v, want 4", got["claim_total"])
		}
		og := byID[float64(other.ID)]
		if !reflect.DeepEqual(og["claim_counts"], map[string]any{}) {
			t.Errorf("other article's claim_counts %v, want {}", og["claim_counts"])
		}
		if og["claim_total"] != 0.0 {
			t.Errorf("other article's claim_total %v, want 0", og["claim_total"])
		}
	})
	t.Run("get one", func(t *testing.T) {
		rec := e.api(http.MethodGet, path, "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		got := decode[article](t, rec)
		if got.Title != "Ferry link 🚢" {
			t.Errorf("title %q, want “Ferry link 🚢”", got.Title)
		}
		if got.Text != storyText {
			t.Errorf("text %q, want %q", got.Text, storyText)
		}
		if rec.Header().Get("ETag") != `"1"` {
			t.Errorf("ETag %q", rec.Header().Get("ETag"))
		}
	})
	for _, p := range []string{"/api/v1/articles/9999", "/api/v1/articles/abc", "/api/v1/articles/-1", "/api/v1/articles/0", "/api/v1/articles/9999/claims", "/api/v1/articles/9999/export"} {
		t.Run("missing "+p, func(t *testing.T) {
			wantError(t, e.api(http.MethodGet, p, "vi", nil), http.StatusNotFound, "not_found", "")
		})
	}
	t.Run("delete", func(t *testing.T) {
		for _, tag := range []string{`"2"`, `W/"1"`} {
			wantError(t, e.api(http.MethodDelete, path, "ed", nil, "If-Match", tag), http.StatusPreconditionFailed, "precondition_failed", "")
		}
		wantStatus(t, e.api(http.MethodGet, path, "ed", nil), http.StatusOK)
		wantStatus(t, e.api(http.MethodDelete, path, "ed", nil, "If-Match", `"1"`), http.StatusNoContent)
		wantError(t, e.api(http.MethodGet, path, "ed", nil), http.StatusNotFound, "not_found", "")
		wantError(t, e.api(http.MethodGet, path+"/claims", "ed", nil), http.StatusNotFound, "not_found", "")
		wantError(t, e.api(http.MethodDelete, path, "ed", nil), http.StatusNotFound, "not_found", "")
		if n := listLen(t, e); n != 1 {
			t.Errorf("%d articles left, want 1", n)
		}
	})
}
