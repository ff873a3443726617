package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/factmark/factmark/handlers"
)

// webPage is an invented news page: a headline, a byline, paragraphs with
// a link, and a figure with a caption.
const webPage = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Tidal mill reopens in Wexcombe</title>
<meta property="og:site_name" content="The Wexcombe Courier">
<meta name="author" content="Mara Oduya">
<meta property="article:published_time" content="2026-03-04T08:15:00Z">
</head><body>
<article>
<h1>Tidal mill reopens in Wexcombe</h1>
<p>The tidal mill on the Wexcombe estuary ground its first flour in forty years on Saturday, after a restoration that the town council says cost 1.2 million pounds and took six winters of work by volunteers from the village.</p>
<figure><img src="/mill.jpg" alt=""><figcaption>The restored wheel turning at high tide.</figcaption></figure>
<h2>Who paid for it</h2>
<p>Most of the money came from a heritage grant, according to <a href="/reports/mill-grant">the council's report</a>, and the rest from a public appeal that raised more than expected in its first month, the mill's trust said on Monday.</p>
<p>The trust plans to open the mill to schools in the spring, with milling demonstrations twice a week and a small shop selling the flour, which bakers in the town have already ordered for the summer.</p>
</article>
</body></html>`

// previewBody is the API's preview answer.
type previewBody struct {
	Title       string `json:"title"`
	Byline      string `json:"byline"`
	Publication string `json:"publication"`
	PublishedAt string `json:"published_at"`
	Lang        string `json:"lang"`
	Dir         string `json:"dir"`
	Blocks      []struct {
		Kind              string `json:"kind"`
		Level             int    `json:"level"`
		Text              string `json:"text"`
		LikelyBoilerplate bool   `json:"likely_boilerplate"`
	} `json:"blocks"`
}

// pageServer serves webPage at /news/mill and redirects /go there.
func pageServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/news/mill", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(webPage))
	})
	mux.HandleFunc("/go", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/mill", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func allowPrivate(c *handlers.Config) { c.FetchAllowPrivate = true }

// checkMillPreview checks what extraction made of webPage.
func checkMillPreview(t *testing.T, got previewBody) {
	t.Helper()
	if got.Title != "Tidal mill reopens in Wexcombe" {
		t.Errorf("title %q", got.Title)
	}
	if got.Byline != "Mara Oduya" {
		t.Errorf("byline %q", got.Byline)
	}
	if got.Publication != "The Wexcombe Courier" {
		t.Errorf("publication %q", got.Publication)
	}
	if got.PublishedAt != "2026-03-04T08:15:00Z" {
		t.Errorf("published_at %q", got.PublishedAt)
	}
	if got.Lang != "en-GB" {
		t.Errorf("lang %q", got.Lang)
	}
	var heading, caption, para bool
	for _, b := range got.Blocks {
		switch {
		case b.Kind == "heading" && b.Level == 2 && b.Text == "Who paid for it":
			heading = true
		case b.Text == "The restored wheel turning at high tide.":
			caption = true
			if !b.LikelyBoilerplate {
				t.Errorf("caption block not likely boilerplate: %+v", b)
			}
		case strings.HasPrefix(b.Text, "Most of the money came from a heritage grant, according to the council's report,"):
			para = true
			if b.Kind != "paragraph" {
				t.Errorf("paragraph block kind %q", b.Kind)
			}
			if b.LikelyBoilerplate {
				t.Errorf("paragraph marked likely boilerplate: %+v", b)
			}
		}
	}
	if !heading {
		t.Errorf("no level-2 heading block in %+v", got.Blocks)
	}
	if !caption {
		t.Errorf("no caption block in %+v", got.Blocks)
	}
	if !para {
		t.Errorf("no paragraph with the link's text in %+v", got.Blocks)
	}
}

func TestPreviewFromHTML(t *testing.T) {
	e := newEnv(t)
	rec := e.api(http.MethodPost, "/api/v1/articles/preview", "ed", map[string]string{"html": webPage, "base_url": "https://courier.example/news/mill"})
	wantStatus(t, rec, http.StatusOK)
	checkMillPreview(t, decode[previewBody](t, rec))
}

func TestPreviewFromText(t *testing.T) {
	e := newEnv(t)
	rec := e.api(http.MethodPost, "/api/v1/articles/preview", "ed", map[string]string{"text": "First paragraph.\n\nSecond paragraph.\n\n© 2026 The Wexcombe Courier. All rights reserved."})
	wantStatus(t, rec, http.StatusOK)
	got := decode[previewBody](t, rec)
	if len(got.Blocks) != 3 {
		t.Fatalf("%d blocks, want 3: %+v", len(got.Blocks), got.Blocks)
	}
	if got.Blocks[1].LikelyBoilerplate {
		t.Errorf("block 1 is likely boilerplate: %+v", got.Blocks[1])
	}
	if !got.Blocks[2].LikelyBoilerplate {
		t.Errorf("the copyright line is not likely boilerplate: %+v", got.Blocks[2])
	}
	if got.Blocks[1].Text != "Second paragraph." {
		t.Errorf("block 1 text %q", got.Blocks[1].Text)
	}
	if got.Blocks[1].Kind != "paragraph" {
		t.Errorf("block 1 kind %q", got.Blocks[1].Kind)
	}
}

func TestPreviewFromURL(t *testing.T) {
	e := newEnv(t, withConfig(allowPrivate))
	srv := pageServer(t)
	rec := e.api(http.MethodPost, "/api/v1/articles/preview", "ed", map[string]string{"url": srv.URL + "/go"})
	wantStatus(t, rec, http.StatusOK)
	checkMillPreview(t, decode[previewBody](t, rec))
}

func TestPreviewRefusesLoopbackURL(t *testing.T) {
	e := newEnv(t) // FetchAllowPrivate off, as by default
	srv := pageServer(t)
	for _, path := range []string{"/api/v1/articles/preview", "/api/v1/articles"} {
		t.Run(path, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, path, "ed", map[string]string{"url": srv.URL + "/news/mill"}), http.StatusBadRequest, "invalid", "url")
		})
	}
	rec := e.api(http.MethodGet, "/api/v1/articles", "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	if n := len(decode[struct {
		Articles []article `json:"articles"`
	}](t, rec).Articles); n != 0 {
		t.Errorf("%d articles after a refused import, want 0", n)
	}
}

func TestPreviewNeedsExactlyOneSource(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name  string
		body  map[string]string
		field string
	}{
		{"none", map[string]string{}, "text"},
		{"only a base URL", map[string]string{"base_url": "https://courier.example/"}, "text"},
		{"text and html", map[string]string{"text": "Words.", "html": "<p>Words.</p>"}, "html"},
		{"text and url", map[string]string{"text": "Words.", "url": "https://courier.example/"}, "url"},
		{"html and url", map[string]string{"html": "<p>Words.</p>", "url": "https://courier.example/"}, "url"},
		{"blank text", map[string]string{"text": " \n\n \t"}, "text"},
		{"html without text", map[string]string{"html": "<div><img src=x></div>"}, "html"},
		{"base URL with text", map[string]string{"text": "Words.", "base_url": "https://courier.example/"}, "base_url"},
		{"base URL with url", map[string]string{"url": "https://courier.example/", "base_url": "https://courier.example/"}, "base_url"},
		{"bad base URL", map[string]string{"html": "<p>Words.</p>", "base_url": "javascript:alert(1)"}, "base_url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, "/api/v1/articles/preview", "ed", tc.body), http.StatusBadRequest, "invalid", tc.field)
		})
	}
}

func TestPreviewNeedsWriter(t *testing.T) {
	e := newEnv(t)
	wantError(t, e.api(http.MethodPost, "/api/v1/articles/preview", "vi", map[string]string{"text": "Words."}), http.StatusForbidden, "forbidden", "")
}

// findBlockText returns the index of the first of blocks whose text starts
// with prefix, or -1.
func findBlockText(texts []string, prefix string) int {
	for i, t := range texts {
		if strings.HasPrefix(t, prefix) {
			return i
		}
	}
	return -1
}

func TestCreateFromHTML(t *testing.T) {
	e := newEnv(t)
	prev := decode[previewBody](t, e.api(http.MethodPost, "/api/v1/articles/preview", "ed", map[string]string{"html": webPage}))
	texts := make([]string, len(prev.Blocks))
	for i, b := range prev.Blocks {
		texts[i] = b.Text
	}
	caption := findBlockText(texts, "The restored wheel")
	if caption < 0 {
		t.Fatalf("no caption in the preview %q", texts)
	}
	rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]any{"html": webPage, "base_url": "https://courier.example/news/mill",
		"title": "Mill reopens", "drop": []int{caption}})
	wantStatus(t, rec, http.StatusCreated)
	a := decode[article](t, rec)
	if a.Title != "Mill reopens" {
		t.Errorf("title %q, want the explicit one", a.Title)
	}
	if a.Byline != "Mara Oduya" {
		t.Errorf("byline %q, want the extracted one", a.Byline)
	}
	if a.Publication != "The Wexcombe Courier" {
		t.Errorf("publication %q, want the extracted one", a.Publication)
	}
	if a.URL != "" {
		t.Errorf("url %q, want none: base_url is not the article's address", a.URL)
	}
	if strings.Contains(a.Text, "restored wheel") {
		t.Errorf("the dropped caption is in the text %q", a.Text)
	}
	if !strings.Contains(a.Text, "according to the council's report, and the rest") {
		t.Errorf("the linked paragraph is not in the text %q", a.Text)
	}
	if len(a.Blocks) != len(prev.Blocks)-1 {
		t.Errorf("%d blocks, want %d (the preview's less the caption)", len(a.Blocks), len(prev.Blocks)-1)
	}
}

func TestCreateFromURL(t *testing.T) {
	e := newEnv(t, withConfig(allowPrivate))
	srv := pageServer(t)
	rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]any{"url": srv.URL + "/go", "byline": "M. Oduya"})
	wantStatus(t, rec, http.StatusCreated)
	a := decode[article](t, rec)
	if a.URL != srv.URL+"/news/mill" {
		t.Errorf("url %q, want the final URL %q", a.URL, srv.URL+"/news/mill")
	}
	if a.Title != "Tidal mill reopens in Wexcombe" {
		t.Errorf("title %q, want the extracted one", a.Title)
	}
	if a.Byline != "M. Oduya" {
		t.Errorf("byline %q, want the explicit one", a.Byline)
	}
	if a.PublishedAt != "2026-03-04T08:15:00Z" {
		t.Errorf("published_at %q, want the extracted one", a.PublishedAt)
	}
	if !strings.Contains(a.Text, "The trust plans to open the mill to schools") {
		t.Errorf("text %q lacks the last paragraph", a.Text)
	}
}

func TestCreateRefusesBadSources(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"text and html", map[string]any{"title": "T", "text": "Words.", "html": "<p>Words.</p>"}, "html"},
		{"base URL with text", map[string]any{"title": "T", "text": "Words.", "base_url": "https://courier.example/"}, "base_url"},
		{"none", map[string]any{"title": "T"}, "text"},
		{"html without text", map[string]any{"title": "T", "html": "<div><img src=x></div>"}, "html"},
		{"drop out of range", map[string]any{"html": webPage, "drop": []int{99}}, "drop"},
		{"every block dropped", map[string]any{"html": "<p>Only words.</p>", "title": "T", "drop": []int{0}}, "drop"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, "/api/v1/articles", "ed", tc.body), http.StatusBadRequest, "invalid", tc.field)
		})
	}
	rec := e.api(http.MethodGet, "/api/v1/articles", "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	if n := len(decode[struct {
		Articles []article `json:"articles"`
	}](t, rec).Articles); n != 0 {
		t.Errorf("%d articles after refused imports, want 0", n)
	}
}

func TestCreateFromTextKeepsDrop(t *testing.T) {
	e := newEnv(t)
	rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]any{"title": "T", "text": "Keep me.\n\nDrop me.", "drop": []int{1}})
	wantStatus(t, rec, http.StatusCreated)
	if got := decode[article](t, rec).Text; got != "Keep me." {
		t.Errorf("text %q, want %q", got, "Keep me.")
	}
}
