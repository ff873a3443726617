package handlers_test

// The Web Annotation Protocol server, checked point by point against the
// list in shared/conformance/README.md ("What the protocol server test
// checks"), through the real router on a real database file; then the W3C
// export and import of the JSON API.

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/model"
)

const (
	annoType     = `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`
	testBase     = "http://example.com" // httptest's host: the base URL when none is configured
	preferPrefix = `return=representation;include="`
	minimalIRI   = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
	irisIRI      = "http://www.w3.org/ns/oa#PreferContainedIRIs"
	descsIRI     = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
)

// annoEnv is an env with an article of five claims, published at
// storyURL, and annotation pages of two.
type annoEnv struct {
	*env
	article article
	claims  []claim
}

func newAnnoEnv(t *testing.T, opts ...envOption) *annoEnv {
	t.Helper()
	opts = append([]envOption{withConfig(func(c *handlers.Config) { c.AnnotationPageSize = 2 })}, opts...)
	e := newEnv(t, opts...)
	a := e.createArticleAt("Harbour council backs ferry link", storyText, storyURL)
	ae := &annoEnv{env: e, article: a}
	for _, sub := range []string{"voted 7–2 on Tuesday", "Tickets will cost €4", "the first boat 🌊 sails in May",
		"were not invited to the meeting", "A café owner, 李明"} {
		ae.claims = append(ae.claims, e.createClaim(a, sub, map[string]any{"kind": "event"}))
	}
	return ae
}

// container is the article's container path.
func (ae *annoEnv) container() string { return "/annotations/" + itoa(ae.article.ID) + "/" }

// annoPath is the path of a claim's annotation.
func (ae *annoEnv) annoPath(id int64) string { return ae.container() + itoa(id) }

// pathOf turns a served IRI into a path to request.
func pathOf(t *testing.T, iri string) string {
	t.Helper()
	if !strings.HasPrefix(iri, testBase+"/") {
		t.Fatalf("IRI %q is not under %s", iri, testBase)
	}
	return strings.TrimPrefix(iri, testBase)
}

// ld sends a request as user, with headers in name, value pairs; a body is
// sent as JSON-LD.
func (ae *annoEnv) ld(method, path, user string, body any, headers ...string) *httptest.ResponseRecorder {
	ae.tb.Helper()
	if body != nil {
		headers = append([]string{"Content-Type", annoType}, headers...)
	}
	return ae.api(method, path, user, body, headers...)
}

// jsonld decodes a JSON-LD response into a map.
func jsonld(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("decode %s: %v", rec.Body, err)
	}
	return m
}

// headerList joins every value of a header, split at commas.
func headerList(rec *httptest.ResponseRecorder, name string) []string {
	var out []string
	for _, v := range rec.Header().Values(name) {
		for _, p := range strings.Split(v, ",") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

func wantHeaderHas(t *testing.T, rec *httptest.ResponseRecorder, name string, want ...string) {
	t.Helper()
	got := headerList(rec, name)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s: %v, want it to include %q", name, got, w)
		}
	}
}

func wantHeaderLacks(t *testing.T, rec *httptest.ResponseRecorder, name string, unwanted ...string) {
	t.Helper()
	got := headerList(rec, name)
	for _, w := range unwanted {
		if slices.Contains(got, w) {
			t.Errorf("%s: %v, want it without %q", name, got, w)
		}
	}
}

// wantLink checks that a Link header names target with rel.
func wantLink(t *testing.T, rec *httptest.ResponseRecorder, target, rel string) {
	t.Helper()
	want := "<" + target + `>; rel="` + rel + `"`
	if !slices.Contains(headerList(rec, "Link"), want) {
		t.Errorf("Link: %q, want %s", rec.Header().Values("Link"), want)
	}
}

func types(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// Container: its IRI ends in "/"; GET, HEAD and OPTIONS succeed with the
// headers the protocol requires; the body is a BasicContainer and an
// AnnotationCollection whose id is the Content-Location.
func TestAnnotationContainer(t *testing.T) {
	ae := newAnnoEnv(t)

	t.Run("IRI ends in a slash and is advertised", func(t *testing.T) {
		rec := ae.api(http.MethodGet, "/api/v1/articles/"+itoa(ae.article.ID), "ed", nil)
		wantStatus(t, rec, http.StatusOK)
		wantLink(t, rec, testBase+ae.container(), "http://www.w3.org/ns/oa#annotationService")
		if !strings.HasSuffix(ae.container(), "/") {
			t.Errorf("container %q does not end in /", ae.container())
		}
		// Without the slash, the client is sent to the container.
		rec = ae.ld(http.MethodGet, strings.TrimSuffix(ae.container(), "/"), "ed", nil)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != testBase+ae.container() {
			t.Errorf("GET without slash: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
	})

	t.Run("GET", func(t *testing.T) {
		rec := ae.ld(http.MethodGet, ae.container(), "ed", nil, "Accept", annoType)
		wantStatus(t, rec, http.StatusOK)
		if ct := rec.Header().Get("Content-Type"); ct != annoType {
			t.Errorf("Content-Type %q, want %q", ct, annoType)
		}
		wantHeaderHas(t, rec, "Allow", "GET", "HEAD", "OPTIONS", "POST")
		wantLink(t, rec, "http://www.w3.org/ns/ldp#BasicContainer", "type")
		wantLink(t, rec, "http://www.w3.org/TR/annotation-protocol/", "http://www.w3.org/ns/ldp#constrainedBy")
		wantHeaderHas(t, rec, "Vary", "Accept", "Prefer")
		if rec.Header().Get("ETag") == "" {
			t.Error("no ETag")
		}
		wantHeaderHas(t, rec, "Accept-Post", annoType)
		body := jsonld(t, rec)
		if ts := types(body["type"]); !slices.Contains(ts, "BasicContainer") || !slices.Contains(ts, "AnnotationCollection") {
			t.Errorf("type %v, want BasicContainer and AnnotationCollection", ts)
		}
		id, _ := body["id"].(string)
		if cl := rec.Header().Get("Content-Location"); cl == "" || cl != id {
			t.Errorf("Content-Location %q, body id %q: want them equal", cl, id)
		}
		if !strings.HasPrefix(id, testBase+ae.container()) {
			t.Errorf("id %q is not the container's", id)
		}
		if ctx := types(body["@context"]); !slices.Contains(ctx, "http://www.w3.org/ns/anno.jsonld") {
			t.Errorf("@context %v", body["@context"])
		}
		if total, _ := body["total"].(float64); total != 5 {
			t.Errorf("total %v, want 5", body["total"])
		}

		// The same representation again has the same ETag, and If-None-Match
		// gets 304; a change to a claim changes it.
		again := ae.ld(http.MethodGet, ae.container(), "ed", nil, "Accept", annoType)
		if again.Header().Get("ETag") != rec.Header().Get("ETag") {
			t.Error("the ETag changed without a change")
		}
		if r := ae.ld(http.MethodGet, ae.container(), "ed", nil, "If-None-Match", rec.Header().Get("ETag")); r.Code != http.StatusNotModified {
			t.Errorf("If-None-Match: %d, want 304", r.Code)
		}
		ae.api(http.MethodPatch, "/api/v1/claims/"+itoa(ae.claims[0].ID), "ed", map[string]any{"status": "verified"})
		if r := ae.ld(http.MethodGet, ae.container(), "ed", nil); r.Header().Get("ETag") == rec.Header().Get("ETag") {
			t.Error("the ETag did not change with a claim")
		}
	})

	t.Run("HEAD", func(t *testing.T) {
		get := ae.ld(http.MethodGet, ae.container(), "ed", nil)
		rec := ae.ld(http.MethodHead, ae.container(), "ed", nil)
		wantStatus(t, rec, http.StatusOK)
		if rec.Body.Len() != 0 {
			t.Errorf("HEAD has a body of %d bytes", rec.Body.Len())
		}
		for _, h := range []string{"Content-Type", "ETag", "Allow", "Content-Location", "Content-Length"} {
			if rec.Header().Get(h) == "" || rec.Header().Get(h) != get.Header().Get(h) {
				t.Errorf("HEAD %s = %q, GET's %q", h, rec.Header().Get(h), get.Header().Get(h))
			}
		}
		wantLink(t, rec, "http://www.w3.org/ns/ldp#BasicContainer", "type")
	})

	t.Run("OPTIONS", func(t *testing.T) {
		for _, user := range []string{"ed", ""} {
			rec := ae.ld(http.MethodOptions, ae.container(), user, nil)
			wantStatus(t, rec, http.StatusOK)
			wantHeaderHas(t, rec, "Allow", "GET", "HEAD", "OPTIONS", "POST")
			wantLink(t, rec, "http://www.w3.org/ns/ldp#BasicContainer", "type")
			wantHeaderHas(t, rec, "Vary", "Accept", "Prefer")
		}
	})

	t.Run("a viewer may not POST", func(t *testing.T) {
		rec := ae.ld(http.MethodGet, ae.container(), "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		wantHeaderHas(t, rec, "Allow", "GET", "HEAD", "OPTIONS")
		wantHeaderLacks(t, rec, "Allow", "POST")
	})

	t.Run("no such article", func(t *testing.T) {
		wantError(t, ae.ld(http.MethodGet, "/annotations/999/", "ed", nil), http.StatusNotFound, model.ENOTFOUND, "")
		wantError(t, ae.ld(http.MethodGet, "/annotations/x/", "ed", nil), http.StatusNotFound, model.ENOTFOUND, "")
	})
}

// Paging: the first page (embedded) has partOf and next, the last has
// prev, total is given, and following next gives every annotation once, in
// position order.
func TestAnnotationPaging(t *testing.T) {
	ae := newAnnoEnv(t)
	rec := ae.ld(http.MethodGet, ae.container(), "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	body := jsonld(t, rec)
	first, ok := body["first"].(map[string]any)
	if !ok {
		t.Fatalf("first is %T, want an embedded AnnotationPage", body["first"])
	}
	if first["type"] != "AnnotationPage" || first["partOf"] == nil || first["next"] == nil {
		t.Errorf("first page: type %v, partOf %v, next %v", first["type"], first["partOf"], first["next"])
	}
	if first["prev"] != nil {
		t.Errorf("the first page has prev %v", first["prev"])
	}
	last, _ := body["last"].(string)
	if last == "" {
		t.Fatal("no last")
	}

	var ids []string
	collect := func(page map[string]any) {
		for _, it := range page["items"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
	}
	collect(first)
	var lastSeen map[string]any
	for next, _ := first["next"].(string); next != ""; next, _ = lastSeen["next"].(string) {
		rec := ae.ld(http.MethodGet, pathOf(t, next), "ed", nil)
		wantStatus(t, rec, http.StatusOK)
		if ct := rec.Header().Get("Content-Type"); ct != annoType {
			t.Errorf("page Content-Type %q", ct)
		}
		wantHeaderHas(t, rec, "Allow", "GET", "HEAD", "OPTIONS")
		wantHeaderHas(t, rec, "Vary", "Accept")
		if rec.Header().Get("ETag") == "" {
			t.Error("page without ETag")
		}
		lastSeen = jsonld(t, rec)
		if lastSeen["id"] != next || lastSeen["type"] != "AnnotationPage" || lastSeen["prev"] == nil {
			t.Errorf("page %s: id %v type %v prev %v", next, lastSeen["id"], lastSeen["type"], lastSeen["prev"])
		}
		partOf, _ := lastSeen["partOf"].(map[string]any)
		if partOf["id"] != body["id"] {
			t.Errorf("page %s: partOf.id = %v, want the container %v", next, partOf["id"], body["id"])
		}
		if partOf["total"] != float64(5) {
			t.Errorf("page %s: partOf.total = %v, want 5", next, partOf["total"])
		}
		collect(lastSeen)
		if len(ids) > 10 {
			t.Fatal("the pages do not end")
		}
	}
	if lastSeen["id"] != last {
		t.Errorf("following next ends at %v, want last %v", lastSeen["id"], last)
	}
	var want []string
	for _, c := range ae.claims {
		want = append(want, testBase+ae.annoPath(c.ID))
	}
	if !slices.Equal(ids, want) {
		t.Errorf("annotations over the pages:\n%v\nwant\n%v", ids, want)
	}
	wantError(t, ae.ld(http.MethodGet, ae.container()+"?iris=0&page=3", "ed", nil), http.StatusNotFound, model.ENOTFOUND, "")
	wantError(t, ae.ld(http.MethodGet, ae.container()+"?iris=0&page=-1", "ed", nil), http.StatusNotFound, model.ENOTFOUND, "")
}

// The three Prefer choices: the minimal container embeds no page; IRIs and
// descriptions choose what the pages hold, and the Content-Location (the
// body's id) says which. No preference gives descriptions.
func TestAnnotationPrefer(t *testing.T) {
	ae := newAnnoEnv(t)
	get := func(prefer string) (*httptest.ResponseRecorder, map[string]any) {
		var headers []string
		if prefer != "" {
			headers = []string{"Prefer", preferPrefix + prefer + `"`}
		}
		rec := ae.ld(http.MethodGet, ae.container(), "ed", nil, headers...)
		wantStatus(t, rec, http.StatusOK)
		body := jsonld(t, rec)
		if rec.Header().Get("Content-Location") != body["id"] {
			t.Errorf("Prefer %q: Content-Location %q, id %v", prefer, rec.Header().Get("Content-Location"), body["id"])
		}
		return rec, body
	}
	itemsOf := func(t *testing.T, body map[string]any) []any {
		t.Helper()
		first, ok := body["first"].(map[string]any)
		if !ok {
			t.Fatalf("first is %T, want an embedded page", body["first"])
		}
		return first["items"].([]any)
	}

	t.Run("minimal", func(t *testing.T) {
		rec, body := get(minimalIRI)
		if _, embedded := body["first"].(map[string]any); embedded {
			t.Errorf("the minimal container embeds its first page: first %v", body["first"])
		}
		for _, k := range []string{"items", "contains"} {
			if body[k] != nil {
				t.Errorf("the minimal container embeds annotations: %s = %v, want none", k, body[k])
			}
		}
		if first, _ := body["first"].(string); first == "" || body["last"] == nil || body["total"] != float64(5) {
			t.Errorf("minimal container: first %v last %v total %v, want links and the total", body["first"], body["last"], body["total"])
		}
		if rec.Header().Get("Preference-Applied") != "return=representation" {
			t.Errorf("Preference-Applied %q", rec.Header().Get("Preference-Applied"))
		}
		// The linked page follows the descriptions default.
		page := jsonld(t, ae.ld(http.MethodGet, pathOf(t, body["first"].(string)), "ed", nil))
		if _, ok := page["items"].([]any)[0].(map[string]any); !ok {
			t.Errorf("the minimal container's first page holds %T", page["items"].([]any)[0])
		}
	})
	t.Run("minimal with IRIs", func(t *testing.T) {
		_, body := get(minimalIRI + " " + irisIRI)
		first, _ := body["first"].(string)
		if !strings.Contains(first, "iris=1") {
			t.Errorf("first %q, want the IRIs page", first)
		}
		page := jsonld(t, ae.ld(http.MethodGet, pathOf(t, first), "ed", nil))
		if _, ok := page["items"].([]any)[0].(string); !ok {
			t.Errorf("the page holds %T, want IRIs", page["items"].([]any)[0])
		}
	})
	t.Run("IRIs", func(t *testing.T) {
		_, body := get(irisIRI)
		items := itemsOf(t, body)
		for i, it := range items {
			if s, ok := it.(string); !ok || s != testBase+ae.annoPath(ae.claims[i].ID) {
				t.Errorf("items[%d] = %v, want the IRI of claim %d", i, it, ae.claims[i].ID)
			}
		}
		if !strings.Contains(body["id"].(string), "iris=1") {
			t.Errorf("id %v does not say IRIs", body["id"])
		}
	})
	for _, prefer := range []string{descsIRI, ""} {
		t.Run("descriptions "+prefer, func(t *testing.T) {
			_, body := get(prefer)
			items := itemsOf(t, body)
			if len(items) != 2 {
				t.Fatalf("%d items on the first page, want 2", len(items))
			}
			for _, it := range items {
				a, ok := it.(map[string]any)
				if !ok {
					t.Errorf("item %v is a %T, not a full annotation", it, it)
					continue
				}
				if a["type"] != "Annotation" {
					t.Errorf("item %v: type = %v, want Annotation", a["id"], a["type"])
				}
				if a["target"] == nil {
					t.Errorf("item %v has no target", a["id"])
				}
			}
			if !strings.Contains(body["id"].(string), "iris=0") {
				t.Errorf("id %v does not say descriptions", body["id"])
			}
		})
	}
}

// Annotation: GET, HEAD and OPTIONS succeed; Allow has PUT and DELETE for
// those who may use them; Link type Resource, ETag (the claim's version),
// Vary: Accept, the JSON-LD type.
func TestAnnotationResource(t *testing.T) {
	ae := newAnnoEnv(t)
	c := ae.claims[1]
	path := ae.annoPath(c.ID)
	rec := ae.ld(http.MethodGet, path, "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); ct != annoType {
		t.Errorf("Content-Type %q", ct)
	}
	wantLink(t, rec, "http://www.w3.org/ns/ldp#Resource", "type")
	wantHeaderHas(t, rec, "Allow", "GET", "HEAD", "OPTIONS", "PUT", "DELETE")
	wantHeaderHas(t, rec, "Vary", "Accept")
	if etag := rec.Header().Get("ETag"); etag != `"`+strconv.Itoa(c.Version)+`"` {
		t.Errorf("ETag %q, want the version %d", etag, c.Version)
	}
	body := jsonld(t, rec)
	if body["id"] != testBase+path {
		t.Errorf("annotation id = %v, want %q", body["id"], testBase+path)
	}
	if body["type"] != "Annotation" {
		t.Errorf("annotation type = %v, want Annotation", body["type"])
	}
	if body["@context"] == nil {
		t.Error("annotation has no @context")
	}
	target := body["target"].(map[string]any)
	sels := target["selector"].([]any)
	quote, pos := sels[0].(map[string]any), sels[1].(map[string]any)
	if quote["exact"] != "Tickets will cost €4" {
		t.Errorf("quote selector exact = %v, want %q", quote["exact"], "Tickets will cost €4")
	}
	if pos["start"] != float64(c.Start) {
		t.Errorf("position selector start = %v, want %d", pos["start"], c.Start)
	}
	if pos["end"] != float64(c.End) {
		t.Errorf("position selector end = %v, want %d", pos["end"], c.End)
	}
	if target["source"] != storyURL {
		t.Errorf("target source %v, want the article's URL", target["source"])
	}

	head := ae.ld(http.MethodHead, path, "ed", nil)
	wantStatus(t, head, http.StatusOK)
	if n := head.Body.Len(); n != 0 {
		t.Errorf("HEAD: %d body bytes, want 0", n)
	}
	for _, h := range []string{"ETag", "Content-Length"} {
		if got, want := head.Header().Get(h), rec.Header().Get(h); got != want {
			t.Errorf("HEAD: %s = %q, want GET's %q", h, got, want)
		}
	}
	wantLink(t, head, "http://www.w3.org/ns/ldp#Resource", "type")

	for _, user := range []string{"ed", ""} {
		opt := ae.ld(http.MethodOptions, path, user, nil)
		wantStatus(t, opt, http.StatusOK)
		wantHeaderHas(t, opt, "Allow", "GET", "HEAD", "OPTIONS", "PUT", "DELETE")
		wantHeaderHas(t, opt, "Vary", "Accept")
	}

	viewer := ae.ld(http.MethodGet, path, "vi", nil)
	wantStatus(t, viewer, http.StatusOK)
	wantHeaderLacks(t, viewer, "Allow", "PUT", "DELETE")
	wantError(t, ae.ld(http.MethodDelete, path, "vi", nil), http.StatusForbidden, model.EFORBIDDEN, "")

	// A claim is only found in its own article's container.
	other := ae.createArticle("Other", "Some other text.")
	wantError(t, ae.ld(http.MethodGet, "/annotations/"+itoa(other.ID)+"/"+itoa(c.ID), "ed", nil), http.StatusNotFound, model.ENOTFOUND, "")
	wantError(t, ae.ld(http.MethodGet, ae.annoPath(9999), "ed", nil), http.StatusNotFound, model.ENOTFOUND, "")

	// An article without a URL is targeted by its page in factmark.
	oc := ae.createClaim(other, "other text", nil)
	got := jsonld(t, ae.ld(http.MethodGet, "/annotations/"+itoa(other.ID)+"/"+itoa(oc.ID), "ed", nil))
	if src := got["target"].(map[string]any)["source"]; src != testBase+"/articles/"+itoa(other.ID) {
		t.Errorf("target source %v, want factmark's article page (the article has no URL)", src)
	}
}

// Content negotiation: JSON-LD with the annotation profile, or plain JSON;
// 406 for what neither satisfies.
func TestAnnotationNegotiation(t *testing.T) {
	ae := newAnnoEnv(t)
	path := ae.annoPath(ae.claims[0].ID)
	tests := []struct {
		accept, want string
	}{
		{"", annoType},
		{annoType, annoType},
		{"application/ld+json", annoType},
		{"*/*", annoType},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", annoType},
		{"application/json", "application/json"},
		{"application/json, application/ld+json;q=0.5", "application/json"},
		{"application/ld+json, application/json;q=0.5", annoType},
		{"text/turtle", ""},
		{`application/ld+json; profile="http://www.w3.org/ns/activitystreams"`, ""},
		{"application/json;q=0", ""},
	}
	for _, tt := range tests {
		for _, p := range []string{path, ae.container()} {
			rec := ae.ld(http.MethodGet, p, "ed", nil, "Accept", tt.accept)
			if tt.want == "" {
				wantError(t, rec, http.StatusNotAcceptable, model.ENOTACCEPTABLE, "")
				continue
			}
			wantStatus(t, rec, http.StatusOK)
			if ct := rec.Header().Get("Content-Type"); ct != tt.want {
				t.Errorf("GET %s, Accept %q: Content-Type %q, want %q", p, tt.accept, ct, tt.want)
			}
		}
	}
}

// postAnno is an annotation as a W3C client sends it, on words of the
// story, made on its page (storyURL).
func postAnno(exact string, extra map[string]any) map[string]any {
	a := map[string]any{
		"@context": "http://www.w3.org/ns/anno.jsonld",
		"type":     "Annotation",
		"body": []any{
			map[string]any{"type": "TextualBody", "value": "The vote was not unanimous.", "purpose": "commenting"},
			map[string]any{"type": "TextualBody", "value": "number", "purpose": "tagging"},
		},
		"target": map[string]any{
			"source":   storyURL,
			"selector": map[string]any{"type": "TextQuoteSelector", "exact": exact},
		},
	}
	for k, v := range extra {
		a[k] = v
	}
	return a
}

// POST creates: 201, Location = the new id, inside the container; canonical
// is kept, the client's id becomes via.
func TestAnnotationPost(t *testing.T) {
	ae := newAnnoEnv(t)
	rec := ae.ld(http.MethodPost, ae.container(), "ed", postAnno("Pellmoor and Astrid Bay", map[string]any{
		"id":        "https://client.example/annos/17",
		"canonical": "urn:uuid:0b7a5a4e-7d0c-4c8e-9d47-3c3b1e0c9f21",
	}))
	wantStatus(t, rec, http.StatusCreated)
	body := jsonld(t, rec)
	loc := rec.Header().Get("Location")
	if loc != body["id"] {
		t.Errorf("Location %q, want the new annotation's id %v", loc, body["id"])
	}
	if container := testBase + ae.container(); !strings.HasPrefix(loc, container) || len(loc) == len(container) {
		t.Errorf("Location %q, want an annotation inside %s", loc, container)
	}
	if body["canonical"] != "urn:uuid:0b7a5a4e-7d0c-4c8e-9d47-3c3b1e0c9f21" || body["via"] != "https://client.example/annos/17" {
		t.Errorf("canonical %v, via %v", body["canonical"], body["via"])
	}
	if rec.Header().Get("ETag") != `"1"` || rec.Header().Get("Content-Type") != annoType {
		t.Errorf("ETag %q, Content-Type %q", rec.Header().Get("ETag"), rec.Header().Get("Content-Type"))
	}
	wantLink(t, rec, "http://www.w3.org/ns/ldp#Resource", "type")

	// The claim is what the annotation says, and the GET gives it back the same.
	got := ae.ld(http.MethodGet, pathOf(t, loc), "ed", nil)
	wantStatus(t, got, http.StatusOK)
	if !bytes.Equal(got.Body.Bytes(), rec.Body.Bytes()) {
		t.Errorf("GET gives\n%s\nPOST gave\n%s", got.Body, rec.Body)
	}
	id, _ := strconv.ParseInt(loc[strings.LastIndex(loc, "/")+1:], 10, 64)
	cl := decode[claim](t, ae.api(http.MethodGet, "/api/v1/claims/"+itoa(id), "ed", nil))
	want := claimWords{Exact: "Pellmoor and Astrid Bay", Statement: "The vote was not unanimous.", Kind: "number", Status: "unchecked"}
	if diff := cmp.Diff(want, wordsOf(cl)); diff != "" {
		t.Errorf("claim (-want +got):\n%s", diff)
	}

	t.Run("refused", func(t *testing.T) {
		wantError(t, ae.ld(http.MethodPost, ae.container(), "ed", postAnno("not in the story", nil)), http.StatusBadRequest, model.EINVALID, "target", "does not occur")
		wantError(t, ae.ld(http.MethodPost, ae.container(), "ed", map[string]any{"type": "Annotation", "target": storyURL}), http.StatusBadRequest, model.EINVALID, "target")
		wantError(t, ae.ld(http.MethodPost, ae.container(), "ed", `{"type": "Annotation",`), http.StatusBadRequest, model.EINVALID, "")
		wantError(t, ae.api(http.MethodPost, ae.container(), "ed", "<anno/>", "Content-Type", "text/xml"), http.StatusUnsupportedMediaType, model.EUNSUPPORTED, "")
		wantError(t, ae.ld(http.MethodPost, ae.container(), "vi", postAnno("Astrid Bay", nil)), http.StatusForbidden, model.EFORBIDDEN, "")
		wantError(t, ae.ld(http.MethodPost, ae.container(), "", postAnno("Astrid Bay", nil)), http.StatusUnauthorized, model.EUNAUTHORIZED, "")
		wantError(t, ae.ld(http.MethodPost, "/annotations/999/", "ed", postAnno("Astrid Bay", nil)), http.StatusNotFound, model.ENOTFOUND, "")
	})
}

// PUT with If-Match replaces what the annotation says; a stale If-Match
// gets 412 with the current annotation; DELETE answers 204.
func TestAnnotationPutDelete(t *testing.T) {
	ae := newAnnoEnv(t)
	c := ae.claims[0]
	path := ae.annoPath(c.ID)
	get := ae.ld(http.MethodGet, path, "ed", nil)
	etag := get.Header().Get("ETag")
	anno := jsonld(t, get)
	anno["body"] = []any{
		map[string]any{"type": "TextualBody", "purpose": "describing", "value": "The council voted 7 to 2 for the ferry."},
		map[string]any{"type": "TextualBody", "purpose": "assessing", "value": "Verified", "factmark:status": "verified"},
		map[string]any{"type": "TextualBody", "purpose": "classifying", "value": "Number", "factmark:kind": "number"},
		map[string]any{"type": "TextualBody", "purpose": "identifying", "value": "Pellmoor council", "factmark:role": "organizer"},
		map[string]any{"type": "SpecificResource", "purpose": "linking", "source": map[string]any{"id": "https://pellmoor.example/minutes"},
			"selector": map[string]any{"type": "TextQuoteSelector", "exact": "Carried, 7 votes to 2."}, "factmark:relation": "supports"},
		map[string]any{"type": "TextualBody", "purpose": "commenting", "value": "Minutes checked."},
	}
	rec := ae.ld(http.MethodPut, path, "ed", anno, "If-Match", etag)
	wantStatus(t, rec, http.StatusOK)
	if newTag := rec.Header().Get("ETag"); newTag == etag || newTag != `"`+strconv.Itoa(c.Version+1)+`"` {
		t.Errorf("ETag after PUT %q (before %q), want the next version", newTag, etag)
	}
	cl := decode[claim](t, ae.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "ed", nil))
	type claimFields struct {
		Statement, Status, Kind, Note string
		Roles, SourceURLs             []string
	}
	want := claimFields{Statement: "The council voted 7 to 2 for the ferry.", Status: "verified", Kind: "number", Note: "Minutes checked.",
		Roles: []string{"organizer"}, SourceURLs: []string{"https://pellmoor.example/minutes"}}
	gotFields := claimFields{Statement: cl.Statement, Status: cl.Status, Kind: cl.Kind, Note: cl.Note, Roles: partyRoles(cl)}
	for _, s := range cl.Sources {
		gotFields.SourceURLs = append(gotFields.SourceURLs, s.URL)
	}
	if diff := cmp.Diff(want, gotFields); diff != "" {
		t.Errorf("claim after PUT (-want +got):\n%s", diff)
	}
	history := decode[struct {
		Events []struct{ Field, From, To string }
	}](t, ae.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID)+"/history", "ed", nil))
	var fields []string
	for _, ev := range history.Events {
		fields = append(fields, ev.Field)
	}
	for _, f := range []string{"status", "statement", "kind", "note", "party", "source"} {
		if !slices.Contains(fields, f) {
			t.Errorf("history %v has no %s event", fields, f)
		}
	}

	// The same PUT again changes nothing and keeps the version.
	same := ae.ld(http.MethodPut, path, "ed", anno, "If-Match", rec.Header().Get("ETag"))
	wantStatus(t, same, http.StatusOK)
	if same.Header().Get("ETag") != rec.Header().Get("ETag") {
		t.Errorf("an unchanged PUT moved the ETag from %s to %s", rec.Header().Get("ETag"), same.Header().Get("ETag"))
	}

	// A stale If-Match: 412 and the current annotation.
	stale := ae.ld(http.MethodPut, path, "ed", anno, "If-Match", etag)
	got := wantError(t, stale, http.StatusPreconditionFailed, model.EPRECONDITION, "")
	var current map[string]any
	if err := json.Unmarshal(got.Current, &current); err != nil {
		t.Errorf("412 current = %s: %v", got.Current, err)
	}
	if current["id"] != testBase+path {
		t.Errorf("412 current id = %v, want %q", current["id"], testBase+path)
	}
	if current["type"] != "Annotation" {
		t.Errorf("412 current type = %v, want Annotation", current["type"])
	}

	// A PUT cannot move the annotation to other words, nor change canonical.
	moved := jsonld(t, ae.ld(http.MethodGet, path, "ed", nil))
	moved["target"] = map[string]any{"source": storyURL, "selector": map[string]any{"type": "TextQuoteSelector", "exact": "Astrid Bay"}}
	wantError(t, ae.ld(http.MethodPut, path, "ed", moved), http.StatusConflict, model.ECONFLICT, "target")
	// Nor to words of another page, even the same words.
	elsewhere := jsonld(t, ae.ld(http.MethodGet, path, "ed", nil))
	elsewhere["target"].(map[string]any)["source"] = "https://other.example/page"
	wantError(t, ae.ld(http.MethodPut, path, "ed", elsewhere), http.StatusBadRequest, model.EINVALID, "target", "not this article")

	wantError(t, ae.ld(http.MethodDelete, path, "ed", nil, "If-Match", etag), http.StatusPreconditionFailed, model.EPRECONDITION, "")
	del := ae.ld(http.MethodDelete, path, "ed", nil, "If-Match", rec.Header().Get("ETag"))
	wantStatus(t, del, http.StatusNoContent)
	wantError(t, ae.ld(http.MethodGet, path, "ed", nil), http.StatusNotFound, model.ENOTFOUND, "")
	if total := jsonld(t, ae.ld(http.MethodGet, ae.container(), "ed", nil))["total"]; total != float64(4) {
		t.Errorf("total after DELETE %v, want 4", total)
	}
}

// A canonical IRI, once set, cannot change by PUT.
func TestAnnotationCanonicalKept(t *testing.T) {
	ae := newAnnoEnv(t)
	rec := ae.ld(http.MethodPost, ae.container(), "ed", postAnno("Astrid Bay", map[string]any{"canonical": "urn:uuid:11111111-2222-3333-4444-555555555555"}))
	wantStatus(t, rec, http.StatusCreated)
	anno := jsonld(t, rec)
	anno["canonical"] = "urn:uuid:99999999-2222-3333-4444-555555555555"
	wantError(t, ae.ld(http.MethodPut, pathOf(t, rec.Header().Get("Location")), "ed", anno), http.StatusConflict, model.ECONFLICT, "canonical")
	delete(anno, "canonical")
	put := ae.ld(http.MethodPut, pathOf(t, rec.Header().Get("Location")), "ed", anno)
	wantStatus(t, put, http.StatusOK)
	if jsonld(t, put)["canonical"] != "urn:uuid:11111111-2222-3333-4444-555555555555" {
		t.Errorf("canonical lost by a PUT without it: %s", put.Body)
	}
}

// Authentication as for the API: reads need a login, writes an editor; a
// session cookie works with the CSRF header, and not without it.
func TestAnnotationAuth(t *testing.T) {
	ae := newAnnoEnv(t)
	rec := ae.ld(http.MethodGet, ae.container(), "", nil)
	wantError(t, rec, http.StatusUnauthorized, model.EUNAUTHORIZED, "")
	wantError(t, ae.ld(http.MethodGet, ae.annoPath(ae.claims[0].ID), "", nil), http.StatusUnauthorized, model.EUNAUTHORIZED, "")
	wantError(t, ae.ld(http.MethodGet, ae.container(), "", nil, "Authorization", "Bearer wrong"), http.StatusUnauthorized, model.EUNAUTHORIZED, "")

	b := ae.loggedIn("ed")
	if rec := b.get(ae.container()); rec.Code != http.StatusOK {
		t.Errorf("GET with a session: %d", rec.Code)
	}
	post := func(headers ...string) *httptest.ResponseRecorder {
		data, _ := json.Marshal(postAnno("Astrid Bay", nil))
		req := httptest.NewRequest(http.MethodPost, ae.container(), bytes.NewReader(data))
		req.Header.Set("Content-Type", annoType)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return b.do(req)
	}
	wantError(t, post(), http.StatusForbidden, model.EFORBIDDEN, "")
	wantStatus(t, post("X-CSRF-Token", b.csrf()), http.StatusCreated)
}

// CORS for the configured origins on the annotation server and the API: a
// preflight with Authorization succeeds, responses expose the protocol's
// headers; other origins get nothing, and nothing is allowed when no origin
// is configured.
func TestAnnotationCORS(t *testing.T) {
	const origin = "https://client.example.org"
	ae := newAnnoEnv(t, withConfig(func(c *handlers.Config) { c.CORSOrigins = []string{origin} }))
	exposed := []string{"ETag", "Allow", "Vary", "Link", "Content-Type", "Location", "Content-Location", "Prefer", "X-Factmark-Edition", "X-Factmark-Unreviewed-Claims"}
	preflight := func(env *env, path, from, method string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodOptions, path, nil)
		req.Header.Set("Origin", from)
		req.Header.Set("Access-Control-Request-Method", method)
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type, if-match, prefer")
		return env.serve(req)
	}
	for _, p := range []struct{ path, method string }{
		{ae.container(), http.MethodPost}, {ae.annoPath(ae.claims[0].ID), http.MethodPut},
		{ae.annoPath(ae.claims[0].ID), http.MethodDelete}, {"/api/v1/articles", http.MethodPost},
		{"/api/v1/claims/" + itoa(ae.claims[0].ID), http.MethodPatch},
	} {
		rec := preflight(ae.env, p.path, origin, p.method)
		if rec.Code/100 != 2 || rec.Header().Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("preflight %s %s: %d, allow-origin %q", p.method, p.path, rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
		}
		wantHeaderHas(t, rec, "Access-Control-Allow-Methods", p.method)
		allowed := strings.ToLower(rec.Header().Get("Access-Control-Allow-Headers"))
		for _, h := range []string{"authorization", "content-type", "if-match", "prefer"} {
			if !strings.Contains(allowed, h) {
				t.Errorf("preflight %s: Access-Control-Allow-Headers %q lacks %s", p.path, allowed, h)
			}
		}
		if rec.Header().Get("Access-Control-Allow-Credentials") != "" {
			t.Error("credentials are allowed across origins")
		}
	}

	for _, path := range []string{ae.container(), ae.annoPath(ae.claims[0].ID), "/api/v1/articles"} {
		rec := ae.ld(http.MethodGet, path, "ed", nil, "Origin", origin)
		wantStatus(t, rec, http.StatusOK)
		if rec.Header().Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("GET %s: allow-origin %q", path, rec.Header().Get("Access-Control-Allow-Origin"))
		}
		wantHeaderHas(t, rec, "Access-Control-Expose-Headers", exposed...)
	}
	post := ae.ld(http.MethodPost, ae.container(), "ed", postAnno("Astrid Bay", nil), "Origin", origin)
	wantStatus(t, post, http.StatusCreated)
	wantHeaderHas(t, post, "Access-Control-Expose-Headers", "Location", "ETag")

	// Another origin: no CORS headers, so the browser keeps the response
	// from its script.
	if rec := preflight(ae.env, ae.container(), "https://evil.example", http.MethodPost); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin allowed: %q", rec.Header().Get("Access-Control-Allow-Origin"))
	}
	if rec := ae.ld(http.MethodGet, ae.container(), "ed", nil, "Origin", "https://evil.example"); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("GET from another origin allowed")
	}
	// Pages of the app are not for other origins.
	if rec := preflight(ae.env, "/articles/"+itoa(ae.article.ID), origin, http.MethodGet); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS on an HTML page")
	}

	// Without configured origins, no CORS at all.
	plain := newEnv(t)
	a := plain.createArticle("T", "Some text.")
	if rec := preflight(plain, "/annotations/"+itoa(a.ID)+"/", origin, http.MethodPost); rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS allowed with no origin configured")
	}
}

// A new user posts an annotation from a W3C client to the container; the
// workspace then shows it highlighted.
func TestAnnotationPostShowsInWorkspace(t *testing.T) {
	ae := newAnnoEnv(t)
	ae.addUser("nora", model.UserEditor)
	rec := ae.ld(http.MethodPost, ae.container(), "nora", postAnno("the council had ignored the fishermen 🎣", nil))
	wantStatus(t, rec, http.StatusCreated)
	loc := rec.Header().Get("Location")
	id := loc[strings.LastIndex(loc, "/")+1:]

	page := ae.loggedIn("nora").get("/articles/" + itoa(ae.article.ID))
	wantStatus(t, page, http.StatusOK)
	doc := parseHTML(t, page)
	var text string
	doc.Find("mark[data-claims]").Each(func(_ int, m *goquery.Selection) {
		if slices.Contains(strings.Fields(m.AttrOr("data-claims", "")), id) {
			text += m.Text()
		}
	})
	if text != "the council had ignored the fishermen 🎣" {
		t.Errorf("marks of claim %s hold %q", id, text)
	}
	wantLink(t, page, testBase+ae.container(), "http://www.w3.org/ns/oa#annotationService")
}

// The W3C export is served as JSON-LD, and its annotations' ids are the
// annotation server's.
func TestExportW3C(t *testing.T) {
	ae := newAnnoEnv(t)
	rec := ae.api(http.MethodGet, "/api/v1/articles/"+itoa(ae.article.ID)+"/export?format=w3c", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); ct != annoType {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, ".jsonld") {
		t.Errorf("Content-Disposition %q", cd)
	}
	body := jsonld(t, rec)
	if body["type"] != "AnnotationCollection" || body["id"] != testBase+ae.container() || body["total"] != float64(5) {
		t.Errorf("collection id %v type %v total %v", body["id"], body["type"], body["total"])
	}
	items := body["first"].(map[string]any)["items"].([]any)
	for i, it := range items {
		id := it.(map[string]any)["id"].(string)
		get := ae.ld(http.MethodGet, pathOf(t, id), "vi", nil)
		wantStatus(t, get, http.StatusOK)
		if served := jsonld(t, get); served["id"] != id {
			t.Errorf("items[%d] %s is served as %v", i, id, served["id"])
		}
	}
}

// claimWords are the fields of a claim an editor reads.
type claimWords struct{ Exact, Statement, Kind, Status, Note string }

func wordsOf(c claim) claimWords {
	return claimWords{c.Quote.Exact, c.Statement, c.Kind, c.Status, c.Note}
}

// importReport is the answer to an annotation import.
type importReport struct {
	Error *struct {
		Code, Message string
	} `json:"error"`
	Created []struct {
		Index      int    `json:"index"`
		ID         string `json:"id"`
		Annotation string `json:"annotation"`
		Claim      claim  `json:"claim"`
	} `json:"created"`
	Failed []struct {
		Index  int    `json:"index"`
		ID     string `json:"id"`
		Reason string `json:"reason"`
		Field  string `json:"field"`
	} `json:"failed"`
}

// Importing an article's W3C export into a copy of the article recreates
// its claims; the good annotations of a mixed batch are created and the
// others reported one by one; importing again creates nothing twice.
func TestImportAnnotations(t *testing.T) {
	ae := newAnnoEnv(t)
	first := ae.claims[0]
	ae.api(http.MethodPatch, "/api/v1/claims/"+itoa(first.ID), "ed", map[string]any{"status": "misleading", "note": "Seven, not six.", "statement": "The vote was 7–2."})
	ae.api(http.MethodPost, "/api/v1/claims/"+itoa(first.ID)+"/parties", "ed", map[string]any{"name": "Pellmoor council", "role": "organizer"})
	ae.api(http.MethodPost, "/api/v1/claims/"+itoa(first.ID)+"/sources", "ed", map[string]any{"url": "https://pellmoor.example/minutes", "title": "Minutes",
		"excerpt": "Carried, 7 votes to 2.", "relation": "supports", "note": "page 3"})
	export := ae.api(http.MethodGet, "/api/v1/articles/"+itoa(ae.article.ID)+"/export?format=w3c", "ed", nil)
	wantStatus(t, export, http.StatusOK)

	copyOf := ae.createArticleAt("Copy", storyText, storyURL) // the same article, as /api/v1/import makes it
	importPath := "/api/v1/articles/" + itoa(copyOf.ID) + "/annotations/import"
	rec := ae.ld(http.MethodPost, importPath, "ed", export.Body.Bytes())
	wantStatus(t, rec, http.StatusCreated)
	rep := decode[importReport](t, rec)
	if rep.Error != nil {
		t.Errorf("error %+v, want none", rep.Error)
	}
	if len(rep.Failed) != 0 {
		t.Errorf("failed %+v, want none", rep.Failed)
	}
	if len(rep.Created) != 5 {
		t.Fatalf("%d created, want 5", len(rep.Created))
	}
	src := decode[claim](t, ae.api(http.MethodGet, "/api/v1/claims/"+itoa(first.ID), "ed", nil))
	got := rep.Created[0].Claim
	if diff := cmp.Diff(wordsOf(src), wordsOf(got)); diff != "" {
		t.Errorf("imported claim (-source +imported):\n%s", diff)
	}
	if got.Start != src.Start {
		t.Errorf("start %d, want %d", got.Start, src.Start)
	}
	if got.End != src.End {
		t.Errorf("end %d, want %d", got.End, src.End)
	}
	type party struct{ Name, Role string }
	var parties []party
	for _, p := range got.Parties {
		parties = append(parties, party{p.Name, p.Role})
	}
	if diff := cmp.Diff([]party{{"Pellmoor council", "organizer"}}, parties); diff != "" {
		t.Errorf("parties (-want +got):\n%s", diff)
	}
	type source struct{ URL, Relation string }
	var sources []source
	for _, s := range got.Sources {
		sources = append(sources, source{s.URL, s.Relation})
	}
	if diff := cmp.Diff([]source{{"https://pellmoor.example/minutes", "supports"}}, sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if c := rep.Created[0]; c.Index != 0 {
		t.Errorf("created[0].index = %d, want 0", c.Index)
	}
	if c := rep.Created[0]; c.ID != testBase+ae.annoPath(first.ID) {
		t.Errorf("created[0].id = %q, want %q", c.ID, testBase+ae.annoPath(first.ID))
	}
	if c := rep.Created[0]; !strings.HasPrefix(c.Annotation, testBase+"/annotations/"+itoa(copyOf.ID)+"/") {
		t.Errorf("created[0].annotation = %q, want one in the copy's container", c.Annotation)
	}

	// Again: every annotation was imported before, so nothing is created.
	again := ae.ld(http.MethodPost, importPath, "ed", export.Body.Bytes())
	rep = decode[importReport](t, again)
	wantStatus(t, again, http.StatusBadRequest)
	if len(rep.Created) != 0 {
		t.Errorf("second import created %+v, want nothing", rep.Created)
	}
	if rep.Error == nil {
		t.Error("second import: no error, want one")
	}
	if len(rep.Failed) != 5 {
		t.Fatalf("second import: %d failed, want 5", len(rep.Failed))
	}
	if !strings.Contains(rep.Failed[0].Reason, "imported before") {
		t.Errorf("second import: reason %q, want it imported before", rep.Failed[0].Reason)
	}

	// A mixed batch: the good ones are created, the others reported.
	mixed := []any{
		postAnno("Astrid Bay", nil),
		postAnno("a sentence that is not there", map[string]any{"id": "https://client.example/annos/2"}),
		map[string]any{"type": "Annotation", "id": "https://client.example/annos/3", "target": storyURL},
		"https://client.example/annos/4",
		postAnno("fund a ferry", map[string]any{"body": map[string]any{"type": "TextualBody", "purpose": "assessing", "value": "False"}}),
	}
	rec = ae.ld(http.MethodPost, importPath, "ed", mixed)
	wantStatus(t, rec, http.StatusCreated)
	rep = decode[importReport](t, rec)
	type created struct {
		Index  int
		Status string
	}
	var gotCreated []created
	for _, c := range rep.Created {
		gotCreated = append(gotCreated, created{c.Index, c.Claim.Status})
	}
	if diff := cmp.Diff([]created{{0, "unchecked"}, {4, "false"}}, gotCreated); diff != "" {
		t.Errorf("created (-want +got):\n%s", diff)
	}
	wantFailed := []struct {
		index  int
		id     string
		reason string
	}{{1, "https://client.example/annos/2", "does not occur"}, {2, "https://client.example/annos/3", "TextQuoteSelector"}, {3, "https://client.example/annos/4", "IRI"}}
	if len(rep.Failed) != len(wantFailed) {
		t.Fatalf("failed %+v", rep.Failed)
	}
	for i, w := range wantFailed {
		f := rep.Failed[i]
		if f.Index != w.index {
			t.Errorf("failed[%d].index = %d, want %d", i, f.Index, w.index)
		}
		if f.ID != w.id {
			t.Errorf("failed[%d].id = %q, want %q", i, f.ID, w.id)
		}
		if !strings.Contains(f.Reason, w.reason) {
			t.Errorf("failed[%d].reason = %q, want one about %q", i, f.Reason, w.reason)
		}
	}

	// A Hypothesis annotation: selectors in a target array, a comment and a tag.
	hyp := `{"id": "https://hypothes.is/a/abc", "type": "Annotation", "body": [{"type": "TextualBody", "value": "Which attendees?"}, {"type": "TextualBody", "value": "attribution", "purpose": "tagging"}],
	  "target": [{"source": "` + storyURL + `", "selector": [{"type": "TextPositionSelector", "start": 0, "end": 5},
	  {"type": "TextQuoteSelector", "exact": "according to two attendees", "prefix": "the meeting, "}]}]}`
	rec = ae.ld(http.MethodPost, importPath, "ed", hyp)
	wantStatus(t, rec, http.StatusCreated)
	rep = decode[importReport](t, rec)
	if len(rep.Created) != 1 {
		t.Fatalf("hypothesis import created %+v, want one claim", rep.Created)
	}
	want := claimWords{Exact: "according to two attendees", Statement: "Which attendees?", Kind: "attribution", Status: "unchecked"}
	if diff := cmp.Diff(want, wordsOf(rep.Created[0].Claim)); diff != "" {
		t.Errorf("hypothesis claim (-want +got):\n%s", diff)
	}

	// Not annotations at all; an empty collection; the body limits.
	wantError(t, ae.ld(http.MethodPost, importPath, "ed", `"text"`), http.StatusBadRequest, model.EINVALID, "")
	wantError(t, ae.ld(http.MethodPost, importPath, "ed", `{"type": "AnnotationCollection", "total": 9, "first": "https://x.example/p0"}`), http.StatusBadRequest, model.EINVALID, "first")
	empty := ae.ld(http.MethodPost, importPath, "ed", `{"type": "AnnotationCollection", "total": 0}`)
	wantStatus(t, empty, http.StatusOK)
	wantError(t, ae.api(http.MethodPost, importPath, "ed", "x", "Content-Type", "text/plain"), http.StatusUnsupportedMediaType, model.EUNSUPPORTED, "")
	wantError(t, ae.ld(http.MethodPost, importPath, "vi", mixed), http.StatusForbidden, model.EFORBIDDEN, "")
	wantError(t, ae.ld(http.MethodPost, "/api/v1/articles/999/annotations/import", "ed", mixed), http.StatusNotFound, model.ENOTFOUND, "")
}

// An annotation is anchored only by a target on this article: its URL,
// its page in factmark or its container, but for trivial differences. One
// made on another page is refused with the reason, even where its words
// occur here, whether it is posted or imported.
func TestAnnotationTargetSource(t *testing.T) {
	ae := newAnnoEnv(t)
	on := func(source any) map[string]any {
		return postAnno("Astrid Bay", map[string]any{"target": map[string]any{"source": source,
			"selector": map[string]any{"type": "TextQuoteSelector", "exact": "Astrid Bay"}}})
	}
	for _, source := range []any{storyURL, "HTTPS://Ledger.EXAMPLE/ferry/", map[string]any{"id": storyURL, "type": "Text"},
		testBase + "/articles/" + itoa(ae.article.ID), testBase + ae.container()} {
		wantStatus(t, ae.ld(http.MethodPost, ae.container(), "ed", on(source)), http.StatusCreated)
	}
	before := jsonld(t, ae.ld(http.MethodGet, ae.container(), "ed", nil))["total"]
	for _, source := range []string{"https://other.example/page", "https://ledger.example/ferry-2", testBase + "/articles/999"} {
		wantError(t, ae.ld(http.MethodPost, ae.container(), "ed", on(source)), http.StatusBadRequest, model.EINVALID, "target",
			"its target is "+source+", not this article ("+storyURL+")")
	}
	// No source: the selectors alone are about this article.
	noSource := postAnno("Astrid Bay", map[string]any{"target": map[string]any{"selector": map[string]any{"type": "TextQuoteSelector", "exact": "Astrid Bay"}}})
	wantStatus(t, ae.ld(http.MethodPost, ae.container(), "ed", noSource), http.StatusCreated)

	importPath := "/api/v1/articles/" + itoa(ae.article.ID) + "/annotations/import"
	rec := ae.ld(http.MethodPost, importPath, "ed", []any{on(storyURL), on("https://other.example/page"), noSource})
	wantStatus(t, rec, http.StatusCreated)
	rep := decode[importReport](t, rec)
	var created, failed []int
	for _, c := range rep.Created {
		created = append(created, c.Index)
	}
	for _, f := range rep.Failed {
		failed = append(failed, f.Index)
	}
	if diff := cmp.Diff([]int{0, 2}, created); diff != "" {
		t.Errorf("report's created indexes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1}, failed); diff != "" {
		t.Errorf("report's failed indexes (-want +got):\n%s", diff)
	}
	if len(rep.Failed) == 1 {
		if got := rep.Failed[0].Field; got != "target" {
			t.Errorf("report's failure field = %q, want %q", got, "target")
		}
		if got, want := rep.Failed[0].Reason, "its target is https://other.example/page, not this article"; !strings.Contains(got, want) {
			t.Errorf("report's failure reason = %q, want it to say %q", got, want)
		}
	}
	if total := jsonld(t, ae.ld(http.MethodGet, ae.container(), "ed", nil))["total"]; total != before.(float64)+3 {
		t.Errorf("total %v, want %v and the 3 annotations on this article", total, before)
	}

	// Another article with the same words does not take this one's export.
	export := ae.api(http.MethodGet, "/api/v1/articles/"+itoa(ae.article.ID)+"/export?format=w3c", "ed", nil)
	other := ae.createArticleAt("Same words, another page", storyText, "https://ledger.example/ferry-copy")
	rec = ae.ld(http.MethodPost, "/api/v1/articles/"+itoa(other.ID)+"/annotations/import", "ed", export.Body.Bytes())
	rep = decode[importReport](t, rec)
	wantStatus(t, rec, http.StatusBadRequest)
	if len(rep.Created) != 0 {
		t.Errorf("import into another article created %+v", rep.Created)
	}
	if len(rep.Failed) == 0 {
		t.Fatal("import into another article: nothing failed")
	}
	if want := "its target is " + storyURL + ", not this article"; !strings.Contains(rep.Failed[0].Reason, want) {
		t.Errorf("import into another article: reason %q, want %q", rep.Failed[0].Reason, want)
	}
}

// execSQL runs a statement on the test database through a connection of
// its own, behind the store's back.
func (e *env) execSQL(query string) {
	e.tb.Helper()
	conn, err := sql.Open("sqlite", "file:"+e.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		e.tb.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(query); err != nil {
		e.tb.Fatalf("%s: %v", query, err)
	}
}

// An import saves its claims in one transaction: when the store fails
// partway, none is created and the answer is the error, not a report of
// claims half saved. What fails for one annotation alone is still reported
// with its index while the others are created.
func TestImportAnnotationsAllOrNothing(t *testing.T) {
	ae := newAnnoEnv(t)
	importPath := "/api/v1/articles/" + itoa(ae.article.ID) + "/annotations/import"
	total := func() any { return jsonld(t, ae.ld(http.MethodGet, ae.container(), "ed", nil))["total"] }
	before := total()
	described := func(exact, statement string) map[string]any {
		return postAnno(exact, map[string]any{"body": map[string]any{"type": "TextualBody", "purpose": "describing", "value": statement}})
	}
	batch := []any{described("Astrid Bay", "One."), described("fund a ferry", "Two."), described("the mayor said", "boom"), described("ignored the fishermen", "Four.")}

	// The database fails on the third claim.
	ae.serverErrorsWanted = true
	ae.execSQL(`CREATE TRIGGER fail_boom BEFORE INSERT ON claims WHEN NEW.statement = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
	rec := ae.ld(http.MethodPost, importPath, "ed", batch)
	wantError(t, rec, http.StatusInternalServerError, model.EINTERNAL, "")
	if got := total(); got != before {
		t.Errorf("%v annotations after a failed import, want %v: the claims before the failure were kept", got, before)
	}
	ae.execSQL(`DROP TRIGGER fail_boom`)

	// The same batch, but for an annotation that cites one page twice,
	// which only the store finds, and one that repeats another's id.
	twice := described("the first boat 🌊 sails in May", "Twice.")
	page := map[string]any{"type": "SpecificResource", "purpose": "linking", "source": "https://port.example/timetable"}
	twice["body"] = []any{twice["body"], page, page}
	batch[2] = twice
	batch = append(batch, postAnno("Tickets will cost €4", map[string]any{"id": "https://client.example/annos/9"}),
		postAnno("Tickets will cost €4", map[string]any{"id": "https://client.example/annos/9"}))
	rec = ae.ld(http.MethodPost, importPath, "ed", batch)
	wantStatus(t, rec, http.StatusCreated)
	rep := decode[importReport](t, rec)
	var created []int
	for _, c := range rep.Created {
		created = append(created, c.Index)
	}
	if diff := cmp.Diff([]int{0, 1, 3, 4}, created); diff != "" {
		t.Fatalf("created indexes (-want +got):\n%s", diff)
	}
	type failure struct {
		Index  int
		Field  string
		Reason bool // the reason says what it must
	}
	var failed []failure
	reasons := []string{"already attached", "imported before: it is claim " + itoa(rep.Created[3].Claim.ID)}
	for i, f := range rep.Failed {
		failed = append(failed, failure{f.Index, f.Field, i < len(reasons) && strings.Contains(f.Reason, reasons[i])})
	}
	if diff := cmp.Diff([]failure{{2, "sources[1].source_id", true}, {5, "", true}}, failed); diff != "" {
		t.Errorf("failed (-want +got):\n%s\nreasons: %+v", diff, rep.Failed)
	}
	if got := total(); got != before.(float64)+4 {
		t.Errorf("%v annotations, want %v", got, before.(float64)+4)
	}
	if lib := decode[struct{ Sources []any }](t, ae.api(http.MethodGet, "/api/v1/sources?q=timetable", "ed", nil)); len(lib.Sources) != 0 {
		t.Errorf("the library has %v from the annotation that could not be imported", lib.Sources)
	}
}

func TestImportAnnotationsTooLarge(t *testing.T) {
	ae := newAnnoEnv(t, withConfig(func(c *handlers.Config) { c.MaxBodyBytes = 2048 }))
	big := postAnno("Astrid Bay", map[string]any{"bodyValue": strings.Repeat("x", 4000)})
	data, _ := json.Marshal(big)
	for _, path := range []string{"/api/v1/articles/" + itoa(ae.article.ID) + "/annotations/import", ae.container()} {
		req := httptest.NewRequest(http.MethodPost, path, struct{ *bytes.Reader }{bytes.NewReader(data)}) // no Content-Length
		req.Header.Set("Content-Type", annoType)
		req.Header.Set("Authorization", "Bearer "+ae.tokens["ed"])
		wantError(t, ae.serve(req), http.StatusRequestEntityTooLarge, model.ETOOLARGE, "")
	}
}

// A PUT writes only the differences: a party or source that stays keeps
// its id, a changed attachment is updated in place, and what is gone is
// removed, each change with its history event.
func TestAnnotationPutDiff(t *testing.T) {
	ae := newAnnoEnv(t)
	c := ae.claims[3]
	base := "/api/v1/claims/" + itoa(c.ID)
	ae.api(http.MethodPost, base+"/parties", "ed", map[string]any{"name": "port authority", "role": "excluded"})
	ae.api(http.MethodPost, base+"/parties", "ed", map[string]any{"name": "two attendees", "role": "speaker"})
	ae.api(http.MethodPost, base+"/sources", "ed", map[string]any{"url": "https://port.example/statement", "title": "Statement", "excerpt": "We were not asked.", "relation": "supports"})
	ae.api(http.MethodPost, base+"/sources", "ed", map[string]any{"reference": "Call with the harbour master, 3 March", "title": "Harbour master"})
	before := decode[claim](t, ae.api(http.MethodGet, base, "ed", nil))
	path := ae.annoPath(c.ID)
	get := ae.ld(http.MethodGet, path, "ed", nil)
	anno := jsonld(t, get)
	var bodies []any
	for _, b := range anno["body"].([]any) {
		m := b.(map[string]any)
		switch {
		case m["value"] == "two attendees": // the speaker goes
			continue
		case m["purpose"] == "linking" && m["source"].(map[string]any)["id"] == "https://port.example/statement":
			m["factmark:relation"] = "contradicts"
		}
		bodies = append(bodies, m)
	}
	anno["body"] = bodies
	rec := ae.ld(http.MethodPut, path, "ed", anno, "If-Match", get.Header().Get("ETag"))
	wantStatus(t, rec, http.StatusOK)
	after := decode[claim](t, ae.api(http.MethodGet, base, "ed", nil))
	if len(after.Parties) != 1 {
		t.Errorf("%d parties %+v, want the port authority alone", len(after.Parties), after.Parties)
	} else if got, want := after.Parties[0].ID, before.Parties[0].ID; got != want {
		t.Errorf("party id %d, want the port authority kept with id %d", got, want)
	}
	if len(after.Sources) != 2 {
		t.Errorf("%d sources %+v, want both kept", len(after.Sources), after.Sources)
	} else {
		for i := range after.Sources {
			if got, want := after.Sources[i].ID, before.Sources[i].ID; got != want {
				t.Errorf("source %d id %d, want %d kept", i, got, want)
			}
		}
		if got := after.Sources[0].Relation; got != "contradicts" {
			t.Errorf("source 0 relation %q, want %q", got, "contradicts")
		}
	}
	if after.Version != before.Version+1 {
		t.Errorf("version %d → %d, want one more", before.Version, after.Version)
	}
	if diff := cmp.Diff(wordsOf(before), wordsOf(after)); diff != "" {
		t.Errorf("claim changed (-before +after):\n%s", diff)
	}
	history := decode[struct {
		Events []struct{ Field, From, To string }
	}](t, ae.api(http.MethodGet, base+"/history", "ed", nil))
	var last []string
	for _, ev := range history.Events[len(history.Events)-2:] {
		last = append(last, ev.Field+": "+ev.From+" → "+ev.To)
	}
	want := []string{"party: two attendees (speaker) → ", "source_relation: supports → contradicts"}
	if !slices.Equal(last, want) {
		t.Errorf("last events %q, want %q", last, want)
	}
}

// An orphan, whose words are gone from the text, is served with its quote
// alone and can still be updated by PUT.
func TestAnnotationOrphan(t *testing.T) {
	ae := newAnnoEnv(t)
	exp := ae.api(http.MethodGet, "/api/v1/articles/"+itoa(ae.article.ID)+"/export?format=json", "ed", nil)
	var doc map[string]any
	if err := json.Unmarshal(exp.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c0 := doc["claims"].([]any)[0].(map[string]any)
	c0["orphan"] = true
	c0["quote"] = map[string]any{"exact": "a sentence the editors later removed", "prefix": "", "suffix": ""}
	data, _ := json.Marshal(doc)
	imp := ae.api(http.MethodPost, "/api/v1/import", "ed", data)
	wantStatus(t, imp, http.StatusCreated)
	a := decode[article](t, imp)
	claims := decode[struct{ Claims []claim }](t, ae.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/claims", "ed", nil)).Claims
	var orphan claim
	for _, c := range claims {
		if c.Quote.Exact == "a sentence the editors later removed" {
			orphan = c
		}
	}
	if orphan.ID == 0 {
		t.Fatalf("no orphan among %+v", claims)
	}
	path := "/annotations/" + itoa(a.ID) + "/" + itoa(orphan.ID)
	get := ae.ld(http.MethodGet, path, "ed", nil)
	wantStatus(t, get, http.StatusOK)
	anno := jsonld(t, get)
	sels := anno["target"].(map[string]any)["selector"].([]any)
	if len(sels) != 1 {
		t.Errorf("%d orphan selectors %v, want the quote alone", len(sels), sels)
	} else if typ := sels[0].(map[string]any)["type"]; typ != "TextQuoteSelector" {
		t.Errorf("orphan selector type %v, want TextQuoteSelector", typ)
	}
	anno["body"] = []any{map[string]any{"type": "TextualBody", "purpose": "assessing", "value": "Unverifiable"}}
	put := ae.ld(http.MethodPut, path, "ed", anno, "If-Match", get.Header().Get("ETag"))
	wantStatus(t, put, http.StatusOK)
	if got := decode[claim](t, ae.api(http.MethodGet, "/api/v1/claims/"+itoa(orphan.ID), "ed", nil)); got.Status != "unverifiable" {
		t.Errorf("status %s after PUT", got.Status)
	}
}
