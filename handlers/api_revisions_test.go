package handlers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// revision answers.
type revisionAnswer struct {
	Version        int    `json:"version"`
	ArticleVersion int    `json:"article_version"`
	Unchanged      bool   `json:"unchanged"`
	Message        string `json:"message"`
	Reanchored     *struct {
		Unchanged, Moved, Changed, Orphaned int
	} `json:"reanchored"`
}

type revisionItem struct {
	Version    int    `json:"version"`
	CreatedBy  string `json:"created_by"`
	Origin     string `json:"origin"`
	TextSHA256 string `json:"text_sha256"`
	Text       string `json:"text"`
	Page       *struct {
		URL      string `json:"url"`
		FinalURL string `json:"final_url"`
		SHA256   string `json:"sha256"`
		Size     int    `json:"size"`
	} `json:"page"`
	Links []struct {
		Start, End int
		Href       string
	} `json:"links"`
}

// revisedStory is storyText with a paragraph inserted, a price changed and
// the port authority's sentence gone.
const revisedStory = "Harbour council backs ferry link 🚢\n\n" +
	"Update: the council published the vote's minutes on Wednesday.\n\n" +
	"The Pellmoor council voted 7–2 on Tuesday to fund a ferry between Pellmoor and Astrid Bay, the mayor said. " +
	"Tickets will cost €5 and the first boat 🌊 sails in May.\n\n" +
	"A café owner, 李明, said the council had ignored the fishermen 🎣 for years."

type claimAnchor struct {
	Start               int    `json:"start"`
	End                 int    `json:"end"`
	AnchoredRevision    int    `json:"anchored_revision"`
	Orphan              bool   `json:"orphan"`
	ChangedSinceVerdict bool   `json:"changed_since_verdict"`
	ChangedFrom         string `json:"changed_from"`
	Version             int    `json:"version"`
}

func TestAddRevisionAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	moved := e.createClaim(a, "voted 7–2 on Tuesday", map[string]any{"status": "verified"})
	changed := e.createClaim(a, "Tickets will cost €4", map[string]any{"status": "false"})
	orphan := e.createClaim(a, "Officials from the port authority were not invited", nil)
	path := "/api/v1/articles/" + itoa(a.ID) + "/revisions"

	rec := e.api(http.MethodPost, path, "ed", map[string]any{"text": revisedStory}, "If-Match", `"`+itoa(int64(a.Version))+`"`)
	wantStatus(t, rec, http.StatusCreated)
	got := decode[revisionAnswer](t, rec)
	if got.Version != 2 {
		t.Errorf("version %d, want 2", got.Version)
	}
	if got.Reanchored == nil {
		t.Fatal("no reanchored counts")
	}
	if diff := cmp.Diff(struct{ Unchanged, Moved, Changed, Orphaned int }{0, 1, 1, 1}, *got.Reanchored); diff != "" {
		t.Errorf("reanchored (-want +got):\n%s", diff)
	}
	if etag := rec.Header().Get("ETag"); etag != `"`+itoa(int64(got.ArticleVersion))+`"` {
		t.Errorf("ETag %s, article_version %d", etag, got.ArticleVersion)
	}

	// The claims say where they stand.
	get := func(id int64) claimAnchor {
		rec := e.api(http.MethodGet, "/api/v1/claims/"+itoa(id), "ed", nil)
		wantStatus(t, rec, http.StatusOK)
		return decode[claimAnchor](t, rec)
	}
	ms, me := span(t, revisedStory, "voted 7–2 on Tuesday")
	if c := get(moved.ID); c.Start != ms || c.End != me || c.AnchoredRevision != 2 || c.Orphan || c.ChangedSinceVerdict {
		t.Errorf("moved claim %+v, want at %d–%d in revision 2", c, ms, me)
	}
	if c := get(changed.ID); !c.ChangedSinceVerdict || c.ChangedFrom != "Tickets will cost €4" {
		t.Errorf("changed claim %+v, want changed since verdict from “Tickets will cost €4”", c)
	}
	if c := get(orphan.ID); !c.Orphan || c.AnchoredRevision != 1 {
		t.Errorf("orphan %+v, want an orphan anchored in revision 1", c)
	}

	// A stale If-Match is refused and stores nothing.
	rec = e.api(http.MethodPost, path, "ed", map[string]any{"text": storyText}, "If-Match", `"`+itoa(int64(a.Version))+`"`)
	wantError(t, rec, http.StatusPreconditionFailed, "precondition_failed", "")

	// The same text again stores nothing and says so.
	rec = e.api(http.MethodPost, path, "ed", map[string]any{"text": revisedStory})
	wantStatus(t, rec, http.StatusOK)
	if same := decode[revisionAnswer](t, rec); !same.Unchanged || same.Version != 2 || !strings.Contains(same.Message, "nothing was stored") {
		t.Errorf("same text answered %+v", same)
	}

	// The list and each revision.
	rec = e.api(http.MethodGet, path, "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	list := decode[struct{ Revisions []revisionItem }](t, rec).Revisions
	if len(list) != 2 {
		t.Fatalf("%d revisions, want 2", len(list))
	}
	sum := sha256.Sum256([]byte(revisedStory))
	if list[1].TextSHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("revision 2 text hash %s, want the SHA-256 of the text", list[1].TextSHA256)
	}
	if list[1].Origin != "text" || list[1].CreatedBy != "ed" {
		t.Errorf("revision 2 came %q by %q, want text by ed", list[1].Origin, list[1].CreatedBy)
	}
	rec = e.api(http.MethodGet, path+"/1", "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	if r1 := decode[revisionItem](t, rec); r1.Text != storyText {
		t.Errorf("revision 1 text %q", r1.Text)
	}
	wantError(t, e.api(http.MethodGet, path+"/3", "ed", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.api(http.MethodGet, path+"/zero", "ed", nil), http.StatusNotFound, "not_found", "")
}

func TestAddRevisionAPIRefusals(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	path := "/api/v1/articles/" + itoa(a.ID) + "/revisions"
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"nothing", map[string]any{}, "text"},
		{"two bodies", map[string]any{"text": "A.", "html": "<p>B.</p>"}, "text"},
		{"blank text", map[string]any{"text": " \n\n "}, "text"},
		{"refetch without a URL", map[string]any{"refetch": true}, "refetch"},
		{"base_url without html", map[string]any{"text": "A.", "base_url": "https://x.example/"}, "base_url"},
		{"a dropped block that does not exist", map[string]any{"text": "A.\n\nB.", "drop": []int{5}}, "drop"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, path, "ed", tc.body), http.StatusBadRequest, "invalid", tc.field)
		})
	}
	wantError(t, e.api(http.MethodPost, path, "vi", map[string]any{"text": "A."}), http.StatusForbidden, "forbidden", "")
	wantError(t, e.api(http.MethodPost, "/api/v1/articles/999/revisions", "ed", map[string]any{"text": "A."}), http.StatusNotFound, "not_found", "")
}

// TestRefetchRevision checks "Check for updates": the article's URL
// fetched again from a local server whose page changes, the raw page kept
// with its hash, and an unchanged page storing nothing.
func TestRefetchRevision(t *testing.T) {
	var version atomic.Int32
	srv := pageServerFunc(t, func() string {
		if version.Load() == 0 {
			return webPage
		}
		return strings.Replace(webPage, "1.2 million pounds", "1.4 million pounds", 1)
	})
	e := newEnv(t, withConfig(allowPrivate))
	rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]any{"url": srv.URL + "/news/mill"})
	wantStatus(t, rec, http.StatusCreated)
	a := decode[article](t, rec)
	cost := e.createClaim(a, "cost 1.2 million pounds", map[string]any{"status": "verified"})
	path := "/api/v1/articles/" + itoa(a.ID) + "/revisions"

	rec = e.api(http.MethodPost, path, "ed", map[string]any{"refetch": true})
	wantStatus(t, rec, http.StatusOK)
	if got := decode[revisionAnswer](t, rec); !got.Unchanged {
		t.Errorf("refetching an unchanged page answered %+v", got)
	}

	version.Store(1)
	rec = e.api(http.MethodPost, path, "ed", map[string]any{"refetch": true})
	wantStatus(t, rec, http.StatusCreated)
	if got := decode[revisionAnswer](t, rec); got.Version != 2 || got.Reanchored == nil || got.Reanchored.Changed != 1 {
		t.Errorf("refetch answered %+v, want revision 2 with one changed claim", got)
	}
	rec = e.api(http.MethodGet, "/api/v1/claims/"+itoa(cost.ID), "ed", nil)
	if c := decode[claimAnchor](t, rec); c.ChangedFrom != "cost 1.2 million pounds" {
		t.Errorf("claim changed from %q", c.ChangedFrom)
	}

	rec = e.api(http.MethodGet, path, "ed", nil)
	list := decode[struct{ Revisions []revisionItem }](t, rec).Revisions
	if len(list) != 2 {
		t.Fatalf("%d revisions", len(list))
	}
	for i, origin := range []string{"url", "refetch"} {
		if list[i].Origin != origin {
			t.Errorf("revision %d origin %q, want %q", i+1, list[i].Origin, origin)
		}
		if list[i].Page == nil {
			t.Fatalf("revision %d has no page", i+1)
		}
	}
	rec = e.api(http.MethodGet, path+"/2/page", "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	body := rec.Body.String()
	if !strings.Contains(body, "1.4 million pounds") {
		t.Error("the stored page is not the one fetched")
	}
	sum := sha256.Sum256(rec.Body.Bytes())
	if h := hex.EncodeToString(sum[:]); h != list[1].Page.SHA256 || rec.Header().Get("X-Factmark-SHA256") != h {
		t.Errorf("stored page hash %s, listed %s, header %s", h, list[1].Page.SHA256, rec.Header().Get("X-Factmark-SHA256"))
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("stored page served as %q, want text/plain", ct)
	}
	wantError(t, e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/revisions/9/page", "ed", nil), http.StatusNotFound, "not_found", "")

	// The fetched article keeps its links, language and links' places.
	rec = e.api(http.MethodGet, path+"/1", "ed", nil)
	r1 := decode[revisionItem](t, rec)
	if len(r1.Links) != 1 || r1.Links[0].Href != srv.URL+"/reports/mill-grant" {
		t.Fatalf("revision 1 links %+v", r1.Links)
	}
	if got := []rune(r1.Text)[r1.Links[0].Start:r1.Links[0].End]; string(got) != "the council's report" {
		t.Errorf("link on %q", string(got))
	}
}

func TestPatchArticle(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	path := "/api/v1/articles/" + itoa(a.ID)
	rec := e.api(http.MethodPatch, path, "ed", map[string]any{"title": "Ferry link backed", "dir": "rtl", "lang": "ar"}, "If-Match", `"1"`)
	wantStatus(t, rec, http.StatusOK)
	got := decode[struct {
		Title, Dir, Lang string
		Version          int
	}](t, rec)
	if got.Title != "Ferry link backed" || got.Dir != "rtl" || got.Lang != "ar" || got.Version != 2 {
		t.Errorf("patched article %+v", got)
	}
	if rec.Header().Get("ETag") != `"2"` {
		t.Errorf("ETag %s", rec.Header().Get("ETag"))
	}
	wantError(t, e.api(http.MethodPatch, path, "ed", map[string]any{"title": "x"}, "If-Match", `"1"`), http.StatusPreconditionFailed, "precondition_failed", "")
	wantError(t, e.api(http.MethodPatch, path, "ed", map[string]any{"url": "ftp://x"}), http.StatusBadRequest, "invalid", "url")
	wantError(t, e.api(http.MethodPatch, path, "ed", map[string]any{"text": "new body"}), http.StatusBadRequest, "invalid", "text")
}

func TestReattachAndDismissAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry", storyText)
	orphan := e.createClaim(a, "Officials from the port authority were not invited", map[string]any{"status": "verified"})
	wantStatus(t, e.api(http.MethodPost, "/api/v1/articles/"+itoa(a.ID)+"/revisions", "ed", map[string]any{"text": revisedStory}), http.StatusCreated)
	path := "/api/v1/claims/" + itoa(orphan.ID)
	wantError(t, e.api(http.MethodPost, path+"/reattach", "ed", map[string]any{"start": 3}), http.StatusBadRequest, "invalid", "end")

	s, end := span(t, revisedStory, "the council published the vote's minutes")
	rec := e.api(http.MethodPost, path+"/reattach", "ed", map[string]any{"start": s, "end": end})
	wantStatus(t, rec, http.StatusOK)
	c := decode[claimAnchor](t, rec)
	if c.Orphan || c.Start != s || c.End != end || c.AnchoredRevision != 2 || !c.ChangedSinceVerdict {
		t.Errorf("re-attached claim %+v", c)
	}
	// Not an orphan now: nothing to dismiss.
	wantError(t, e.api(http.MethodPost, path+"/dismiss", "ed", nil), http.StatusConflict, "conflict", "")
}

// pageServerFunc serves the page page() returns at /news/mill, so that a
// test can change it between fetches.
func pageServerFunc(t *testing.T, page func() string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/news/mill", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(page()))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
