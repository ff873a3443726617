package handlers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestExportRevisions exports an article after a second revision through
// the real router: every format says which revision it annotates, the
// JSON export describes it and the earlier one an orphan and a verdict
// refer to, the W3C export gives the orphan's target the time of the
// revision it was last found in, and the JSON export still imports.
func TestExportRevisions(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"status": "verified"})
	orphan := e.createClaim(a, "Officials from the port authority were not invited", nil)
	e.clock.Advance(3600e9)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/articles/"+itoa(a.ID)+"/revisions", "ed", map[string]any{"text": revisedStory}), http.StatusCreated)
	list := decode[struct{ Revisions []revisionItem }](t, e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/revisions", "ed", nil)).Revisions
	if len(list) != 2 {
		t.Fatalf("%d revisions, want 2", len(list))
	}
	exportPath := "/api/v1/articles/" + itoa(a.ID) + "/export?format="
	get := func(format string) string {
		rec := e.api(http.MethodGet, exportPath+format, "ed", nil)
		wantStatus(t, rec, http.StatusOK)
		return rec.Body.String()
	}

	var doc struct {
		RevisionInfo struct {
			Version    int    `json:"version"`
			Origin     string `json:"origin"`
			CreatedAt  string `json:"created_at"`
			TextSHA256 string `json:"text_sha256"`
		} `json:"revision_info"`
		EarlierRevisions []struct {
			Version    int    `json:"version"`
			CreatedAt  string `json:"created_at"`
			TextSHA256 string `json:"text_sha256"`
		} `json:"earlier_revisions"`
	}
	exported := get("json")
	if err := json.Unmarshal([]byte(exported), &doc); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(revisedStory))
	first := sha256.Sum256([]byte(storyText))
	for _, tc := range []struct{ field, got, want string }{
		{"revision_info.origin", doc.RevisionInfo.Origin, "text"},
		{"revision_info.created_at", doc.RevisionInfo.CreatedAt, "2026-03-02T09:30:00Z"},
		{"revision_info.text_sha256", doc.RevisionInfo.TextSHA256, hex.EncodeToString(sum[:])},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.field, tc.got, tc.want)
		}
	}
	if doc.RevisionInfo.Version != 2 {
		t.Errorf("revision_info.version = %d, want 2", doc.RevisionInfo.Version)
	}
	if len(doc.EarlierRevisions) != 1 {
		t.Fatalf("%d earlier revisions, want revision 1 (the orphan's and the verdict's)", len(doc.EarlierRevisions))
	}
	if got, want := doc.EarlierRevisions[0].TextSHA256, hex.EncodeToString(first[:]); got != want {
		t.Errorf("earlier_revisions[0].text_sha256 = %q, want %q", got, want)
	}

	line := "Revision 2 of this article, pasted as text on 2026-03-02T09:30:00Z"
	htmlLine := `<p class="meta revision">Revision 2 of this article, pasted as text on <time datetime="2026-03-02T09:30:00Z">2026-03-02T09:30:00Z</time></p>`
	if html := get("html"); !strings.Contains(html, htmlLine) {
		t.Errorf("the HTML export does not hold %s", htmlLine)
	}
	if md := get("markdown&edition=internal"); !strings.Contains(md, "\n- "+line+"\n") {
		t.Errorf("the Markdown export does not say %q", line)
	}
	if md := get("markdown&edition=internal"); !strings.Contains(md, "Verdict given against revision 1 (2026-03-02T08:30:00Z); this is revision 2.") {
		t.Error("the internal Markdown export does not say claim 1 was verified against revision 1")
	}

	var coll struct {
		First struct {
			Items []struct {
				ID     string `json:"id"`
				Target struct {
					State struct {
						SourceDate string `json:"sourceDate"`
						Cached     string `json:"cached"`
					} `json:"state"`
				} `json:"target"`
			} `json:"items"`
		} `json:"first"`
	}
	if err := json.Unmarshal([]byte(get("w3c")), &coll); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range coll.First.Items {
		if !strings.HasSuffix(it.ID, "/"+itoa(orphan.ID)) {
			continue
		}
		found = true
		if got, want := it.Target.State.SourceDate, "2026-03-02T08:30:00Z"; got != want {
			t.Errorf("the orphan's sourceDate = %q, want revision 1's time %q", got, want)
		}
		if got, want := it.Target.State.Cached, "/api/v1/articles/"+itoa(a.ID)+"/revisions/1"; !strings.HasSuffix(got, want) {
			t.Errorf("the orphan's cached copy = %q, want one ending in %q", got, want)
		} else if rec := e.api(http.MethodGet, want, "ed", nil); rec.Code != http.StatusOK {
			t.Errorf("the orphan's cached copy answers %d", rec.Code)
		}
	}
	if !found {
		t.Error("the W3C export has no annotation for the orphan")
	}

	// The export imports, and so does one made before exports described
	// revisions.
	wantStatus(t, e.api(http.MethodPost, "/api/v1/import", "ed", []byte(exported)), http.StatusCreated)
	var old map[string]any
	if err := json.Unmarshal([]byte(exported), &old); err != nil {
		t.Fatal(err)
	}
	delete(old, "revision_info")
	delete(old, "earlier_revisions")
	body, err := json.Marshal(old)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, e.api(http.MethodPost, "/api/v1/import", "ed", body), http.StatusCreated)
}
