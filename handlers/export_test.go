package handlers_test

import (
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/testkit"
)

func TestExportImport(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link: “7–2” vote 🚢", storyText)
	c := e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"kind": "number", "parties": []map[string]any{{"name": "Pellmoor council", "role": "participant"}}})
	e.createClaim(a, "The Pellmoor council voted 7–2 on Tuesday to fund a ferry", map[string]any{"kind": "event"})
	e.clock.Advance(90e9)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/sources", "ed", map[string]any{"url": "https://pellmoor.example/minutes", "title": "Minutes 📝"}), http.StatusCreated)
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ada", map[string]any{"status": "verified", "comment": "roll call ✅"}), http.StatusOK)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/publish", "ada", map[string]any{"rationale": "The roll call shows 7 for, 2 against."}), http.StatusOK)
	exportPath := "/api/v1/articles/" + itoa(a.ID) + "/export"

	for _, tc := range []struct {
		format, contentType, ext, contains string
	}{
		{"html", "text/html; charset=utf-8", "html", "voted 7–2 on Tuesday"},
		{"markdown", "text/markdown; charset=utf-8", "md", "voted 7–2 on Tuesday"},
		{"json", "application/json", "json", `"format": "factmark/article-export/v1"`},
		{"csv", "text/csv; charset=utf-8", "csv", "voted 7–2 on Tuesday"},
		{"", "application/json", "json", `"format": "factmark/article-export/v1"`},
	} {
		t.Run("format "+tc.format, func(t *testing.T) {
			rec := e.api(http.MethodGet, exportPath+"?format="+tc.format, "vi", nil)
			wantStatus(t, rec, http.StatusOK)
			if got := rec.Header().Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type %q, want %q", got, tc.contentType)
			}
			want := `attachment; filename="ferry-link-7-2-vote.` + tc.ext + `"`
			if got := rec.Header().Get("Content-Disposition"); got != want {
				t.Errorf("Content-Disposition %q, want %q", got, want)
			}
			if !strings.Contains(rec.Body.String(), tc.contains) {
				t.Errorf("export does not contain %q:\n%s", tc.contains, rec.Body)
			}
		})
	}
	t.Run("unknown format", func(t *testing.T) {
		wantError(t, e.api(http.MethodGet, exportPath+"?format=pdf", "vi", nil), http.StatusBadRequest, "invalid", "format", "pdf")
	})

	first := e.api(http.MethodGet, exportPath+"?format=json", "vi", nil)
	wantStatus(t, first, http.StatusOK)
	t.Run("import", func(t *testing.T) {
		e.clock.Advance(24 * 3600e9)
		rec := e.api(http.MethodPost, "/api/v1/import", "ed", first.Body.Bytes())
		wantStatus(t, rec, http.StatusCreated)
		imported := decode[article](t, rec)
		if imported.ID == a.ID {
			t.Fatalf("the import has the exported article's id %d, want a new one", a.ID)
		}
		if loc, want := rec.Header().Get("Location"), "/api/v1/articles/"+itoa(imported.ID); loc != want {
			t.Errorf("Location %q, want %q", loc, want)
		}
		second := e.api(http.MethodGet, "/api/v1/articles/"+itoa(imported.ID)+"/export?format=json", "vi", nil)
		wantStatus(t, second, http.StatusOK)
		want := testkit.WithoutPublication(testkit.WithoutIDs(t, first.Body.Bytes()))
		if got := testkit.WithoutPublication(testkit.WithoutIDs(t, second.Body.Bytes())); !reflect.DeepEqual(got, want) {
			t.Errorf("export of the import differs:\n--- first\n%s\n--- second\n%s", first.Body, second.Body)
		}
		// An import publishes nothing (QA: a JSON file could publish
		// reviews under any name and date): the claim whose review was
		// published arrives unpublished, and its review page is not found.
		claims := decode[struct {
			Claims []claimWithPublication `json:"claims"`
		}](t, e.api(http.MethodGet, "/api/v1/articles/"+itoa(imported.ID)+"/claims", "vi", nil)).Claims
		for _, ic := range claims {
			if ic.Publication.State != "unpublished" {
				t.Errorf("imported claim %d is %s, want unpublished", ic.ID, ic.Publication.State)
			}
			if rec := getReview(e, ic.ID); rec.Code != http.StatusNotFound {
				t.Errorf("imported claim %d: review page %d, want 404", ic.ID, rec.Code)
			}
		}
		cr := e.api(http.MethodGet, "/api/v1/articles/"+itoa(imported.ID)+"/export?format=claimreview", "vi", nil)
		wantStatus(t, cr, http.StatusOK)
		if strings.TrimSpace(cr.Body.String()) != "[]" {
			t.Errorf("the imported article's ClaimReview export is %s, want []", cr.Body)
		}
	})
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		code, field             string
	}{
		{"not JSON content", "text/plain", first.Body.String(), 415, "unsupported_type", ""},
		{"other JSON", "application/json", `{"hello":"world"}`, 400, "invalid", "format"},
		{"malformed", "application/json", first.Body.String()[:200], 400, "invalid", ""},
		{"empty", "application/json", ``, 400, "invalid", ""},
		{"bad claim", "application/json", strings.Replace(first.Body.String(), `"status": "verified"`, `"status": "done"`, 1), 400, "invalid", "claims[1].status"},
		{"publication state that its records contradict", "application/json", strings.Replace(first.Body.String(), `"state": "published"`, `"state": "withdrawn"`, 1), 400, "invalid", "claims[1].publication.state"},
		{"published verdict that is no verdict", "application/json", strings.ReplaceAll(first.Body.String(), `"verdict": "verified"`, `"verdict": "in_progress"`), 400, "invalid", "claims[1].publication.records[0].verdict"},
	} {
		t.Run("import "+tc.name, func(t *testing.T) {
			before := listLen(t, e)
			req := httpRequestReader(http.MethodPost, "/api/v1/import", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.contentType)
			req.Header.Set("Authorization", "Bearer "+e.tokens["ed"])
			wantError(t, e.serve(req), tc.status, tc.code, tc.field)
			if after := listLen(t, e); after != before {
				t.Errorf("articles %d → %d", before, after)
			}
		})
	}
}

func TestImportTooLarge(t *testing.T) {
	e := newEnv(t, withConfig(func(c *handlers.Config) { c.MaxBodyBytes = 1024 }))
	big := `{"format":"factmark/article-export/v1","article":{"title":"` + strings.Repeat("x", 3000) + `"}}`
	for name, body := range map[string]io.Reader{"with a length": strings.NewReader(big), "without a length": io.MultiReader(strings.NewReader(big))} {
		t.Run(name, func(t *testing.T) {
			req := httpRequestReader(http.MethodPost, "/api/v1/import", body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+e.tokens["ed"])
			wantError(t, e.serve(req), http.StatusRequestEntityTooLarge, "too_large", "")
			if n := listLen(t, e); n != 0 {
				t.Errorf("%d articles", n)
			}
		})
	}
}
