package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const (
	scriptXSS = `<script>alert(1)</script>`
	imgXSS    = `<img src=x onerror=alert(1)>`
)

// assertNoInjectedMarkup fails when the page has a script other than the
// module scripts served from /static/, or an element with an event handler
// attribute.
func assertNoInjectedMarkup(t *testing.T, doc *goquery.Document, wantScripts int) {
	t.Helper()
	scripts := doc.Find("script")
	if scripts.Length() != wantScripts {
		t.Errorf("%d script elements, want %d", scripts.Length(), wantScripts)
	}
	scripts.Each(func(_ int, s *goquery.Selection) {
		src, _ := s.Attr("src")
		if typ, _ := s.Attr("type"); typ != "module" || !strings.HasPrefix(src, "/static/") || strings.TrimSpace(s.Text()) != "" {
			t.Errorf("unexpected script: type %q src %q text %q", typ, src, s.Text())
		}
	})
	if doc.Find("img").Length() != 0 {
		t.Errorf("the page has an img element")
	}
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, n := range s.Nodes {
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("<%s> has an event handler attribute %s=%q", n.Data, a.Key, a.Val)
				}
			}
		}
	})
}

func TestPagesEscapeUserText(t *testing.T) {
	e := newEnv(t)
	title := "Ferry " + scriptXSS + " vote " + imgXSS
	body := "The council met " + scriptXSS + " on Tuesday.\n\nA reader wrote " + imgXSS + " in the comments 🚢."
	a := e.createArticle(title, body)
	c := e.createClaim(a, scriptXSS, map[string]any{"statement": "It says " + imgXSS, "parties": []map[string]any{{"name": scriptXSS, "role": "subject"}}})
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/sources", "ed",
		map[string]any{"url": "https://x.example/?q=<script>", "title": imgXSS, "excerpt": scriptXSS}), http.StatusCreated)
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"status": "false", "comment": imgXSS, "note": scriptXSS}), http.StatusOK)

	for _, user := range []string{"ed", "vi"} {
		b := e.loggedIn(user)
		t.Run("home as "+user, func(t *testing.T) {
			rec := b.get("/")
			wantStatus(t, rec, http.StatusOK)
			doc := parseHTML(t, rec)
			assertNoInjectedMarkup(t, doc, 1) // the header's search shortcut
			row := doc.Find(testid("article-row"))
			if n := row.Length(); n != 1 {
				t.Fatalf("article rows: %d, want 1", n)
			}
			if got, want := row.AttrOr("data-article-id", ""), itoa(a.ID); got != want {
				t.Fatalf("article row data-article-id = %q, want %q", got, want)
			}
			if got := row.Find("a").First().Text(); got != title {
				t.Errorf("title shown as %q, want %q", got, title)
			}
			if got := row.Find(testid("claim-total")).Text(); got != "1" {
				t.Errorf("claim total %q", got)
			}
			for _, markup := range []string{scriptXSS, imgXSS} {
				if strings.Contains(rec.Body.String(), markup) {
					t.Errorf("the page holds %q unescaped", markup)
				}
			}
		})
		t.Run("workspace as "+user, func(t *testing.T) {
			rec := b.get("/articles/" + itoa(a.ID))
			wantStatus(t, rec, http.StatusOK)
			doc := parseHTML(t, rec)
			assertNoInjectedMarkup(t, doc, 2) // the header's search shortcut, the workspace
			for _, markup := range []string{scriptXSS, imgXSS} {
				if strings.Contains(rec.Body.String(), markup) {
					t.Errorf("the page holds %q unescaped", markup)
				}
			}
			if got := doc.Find(testid("article-title")).Text(); got != title {
				t.Errorf("article title %q, want %q", got, title)
			}
			if got := doc.Find("title").Text(); !strings.HasPrefix(got, title) {
				t.Errorf("<title> %q", got)
			}
			got := doc.Find(testid("article-text")).Text()
			for _, markup := range []string{scriptXSS, imgXSS} {
				if !strings.Contains(got, markup) {
					t.Errorf("article text %q does not show %q literally", got, markup)
				}
			}
			if got := doc.Find(testid("claim-item")).Find(".statement").Text(); got != "It says "+imgXSS {
				t.Errorf("claim statement %q", got)
			}
			if doc.Find(testid("selection-bar")).Length() != map[string]int{"ed": 1, "vi": 0}[user] {
				t.Errorf("selection bar shown to %s: %d", user, doc.Find(testid("selection-bar")).Length())
			}
		})
		t.Run("panel as "+user, func(t *testing.T) {
			rec := b.get("/claims/" + itoa(c.ID) + "/panel")
			wantStatus(t, rec, http.StatusOK)
			doc := parseHTML(t, rec)
			assertNoInjectedMarkup(t, doc, 0)
			for id, want := range map[string]string{"panel-quote": scriptXSS, "party-name": scriptXSS, "source-excerpt": scriptXSS, "event-comment": imgXSS} {
				if got := doc.Find(testid(id)).First().Text(); got != want {
					t.Errorf("%s = %q, want %q", id, got, want)
				}
			}
			if got := doc.Find(testid("source-link")).Text(); got != imgXSS {
				t.Errorf("source link text %q", got)
			}
		})
	}
}

// wantFragment checks a workspace fragment response and parses it.
func wantFragment(t *testing.T, rec *httptest.ResponseRecorder, status int) *goquery.Document {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	if strings.Contains(strings.ToLower(body), "<html") {
		t.Errorf("a fragment holds a whole page")
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(body), ctx)
	if err != nil {
		t.Fatal(err)
	}
	root := &html.Node{Type: html.DocumentNode}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return goquery.NewDocumentFromNode(root)
}

func TestWorkspaceFragments(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	b := e.loggedIn("ed")
	s, end := span(t, a.Text, "Tickets will cost €4")
	form := url.Values{"start": {strconv.Itoa(s)}, "end": {strconv.Itoa(end)}, "statement": {"Tickets cost €4."}, "kind": {"number"}, "status": {"unchecked"}}

	t.Run("create needs the CSRF header", func(t *testing.T) {
		rec := b.post("/articles/"+itoa(a.ID)+"/claims", form, "X-Requested-With", "fetch")
		if rec.Code < 400 || rec.Code >= 500 {
			t.Errorf("status %d, want 4xx", rec.Code)
		}
		if n := claimCount(t, e, a.ID); n != 0 {
			t.Errorf("%d claims created", n)
		}
	})
	var claimID string
	t.Run("create", func(t *testing.T) {
		rec := b.fragment("/articles/"+itoa(a.ID)+"/claims", form)
		doc := wantFragment(t, rec, http.StatusCreated)
		panel := doc.Find(testid("panel-claim"))
		if n := panel.Length(); n != 1 {
			t.Fatalf("claim panels = %d, want 1:\n%s", n, rec.Body)
		}
		if got, want := doc.Find(testid("flash")).Text(), "Claim saved."; got != want {
			t.Fatalf("flash = %q, want %q", got, want)
		}
		if got, want := doc.Find(testid("panel-quote")).Text(), "Tickets will cost €4"; got != want {
			t.Fatalf("panel quote = %q, want %q", got, want)
		}
		claimID = panel.AttrOr("data-claim-id", "")
		// The panel's version field and head carry the claim's version and
		// status, and every answer replaces them.
		if got := doc.Find(testid("panel-version")).AttrOr("value", ""); got != "1" {
			t.Errorf("panel version %q, want 1", got)
		}
		if got := doc.Find(testid("panel-head")).AttrOr("data-status", ""); got != "unchecked" {
			t.Errorf("panel status %q, want unchecked", got)
		}
		// The answer brings the chunk of the text holding the new claim and
		// the claim list, which are swapped in out of band.
		if got := doc.Find(".chunk[hx-swap-oob] mark[data-claim=\"" + claimID + "\"]").Text(); got != "Tickets will cost €4" {
			t.Errorf("the answer's article text highlights %q, want the new claim's words", got)
		}
		if n := doc.Find("#claim-list " + testid("claim-item")).Length(); n != 1 {
			t.Errorf("the answer's claim list has %d claims, want 1", n)
		}
	})
	t.Run("create with a bad span", func(t *testing.T) {
		bad := url.Values{"start": {"5"}, "end": {"5"}, "statement": {"Typed text"}, "kind": {"number"}, "status": {"unchecked"}}
		rec := b.fragment("/articles/"+itoa(a.ID)+"/claims", bad)
		doc := wantFragment(t, rec, http.StatusBadRequest)
		if n := doc.Find(testid("error-end")).Length(); n != 1 {
			t.Errorf("end errors = %d, want 1:\n%s", n, rec.Body)
		}
		if got, want := doc.Find(testid("new-statement")).Text(), "Typed text"; got != want {
			t.Errorf("new-claim statement = %q, want %q (the typed text)", got, want)
		}
	})
	t.Run("edit with a bad status", func(t *testing.T) {
		before := e.getClaim(mustInt(t, claimID))
		rec := b.fragment("/claims/"+claimID+"/edit", url.Values{"statement": {"My typed statement 🚢"}, "kind": {"number"}, "status": {"bogus"},
			"note": {"typed note"}, "comment": {"typed comment"}, "version": {"1"}})
		doc := wantFragment(t, rec, http.StatusBadRequest)
		errEl := doc.Find(testid("error-details.status"))
		if n := errEl.Length(); n != 1 {
			t.Errorf("status errors = %d, want 1:\n%s", n, rec.Body)
		}
		if got := errEl.Text(); !strings.Contains(got, "bogus") {
			t.Errorf("status error = %q, want it to name %q", got, "bogus")
		}
		if got := doc.Find(testid("statement")).Text(); got != "My typed statement 🚢" {
			t.Errorf("statement field %q: the typed text was lost", got)
		}
		if got := doc.Find(testid("note")).Text(); got != "typed note" {
			t.Errorf("note field %q", got)
		}
		after := e.getClaim(mustInt(t, claimID))
		if after.Version != before.Version {
			t.Errorf("a refused edit changed the version: %d → %d", before.Version, after.Version)
		}
		if after.Statement != before.Statement {
			t.Errorf("a refused edit changed the statement: %q → %q", before.Statement, after.Statement)
		}
	})
	t.Run("edit", func(t *testing.T) {
		rec := b.fragment("/claims/"+claimID+"/edit", url.Values{"statement": {"Adult tickets cost €4."}, "kind": {"number"}, "status": {"verified"},
			"comment": {"fare table"}, "version": {"1"}})
		doc := wantFragment(t, rec, http.StatusOK)
		if got := doc.Find(testid("panel-head")).AttrOr("data-status", ""); got != "verified" {
			t.Errorf("after edit the panel's head has status %q, want verified", got)
		}
		if got := doc.Find(testid("flash")).Text(); got != "Saved." {
			t.Errorf("after edit the flash reads %q, want Saved.", got)
		}
		// A status change brings the public review's section along.
		if n := doc.Find(testid("publication")).Length(); n != 1 {
			t.Errorf("after a status change the answer has %d review sections, want 1", n)
		}
		if got := doc.Find(testid("event-comment")).Text(); got != "fare table" {
			t.Errorf("history comment %q", got)
		}
	})
	t.Run("edit with a stale version", func(t *testing.T) {
		rec := b.fragment("/claims/"+claimID+"/edit", url.Values{"statement": {"Someone else's edit"}, "kind": {"number"}, "status": {"verified"}, "version": {"1"}})
		if rec.Code != http.StatusPreconditionFailed {
			t.Errorf("status %d, want 412; body %s", rec.Code, rec.Body)
		}
		if got := e.getClaim(mustInt(t, claimID)); got.Statement != "Adult tickets cost €4." {
			t.Errorf("a stale edit overwrote the statement: %q", got.Statement)
		}
	})
	for _, tc := range []struct {
		name, url, errID string
	}{
		{"ftp source", "ftp://x", "error-source.url"},
		{"javascript source", "javascript:alert(1)", "error-source.url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := b.fragment("/claims/"+claimID+"/sources", url.Values{"url": {tc.url}, "title": {"Typed title"}, "relation": {"supports"}})
			doc := wantFragment(t, rec, http.StatusBadRequest)
			if doc.Find(testid(tc.errID)).Length() != 1 {
				t.Errorf("no %s:\n%s", tc.errID, rec.Body)
			}
			if got := doc.Find(testid("source-title-input")).AttrOr("value", ""); got != "Typed title" {
				t.Errorf("typed title lost: %q", got)
			}
			if n := len(e.getClaim(mustInt(t, claimID)).Sources); n != 0 {
				t.Errorf("%d sources attached", n)
			}
		})
	}
	t.Run("attach a source", func(t *testing.T) {
		rec := b.fragment("/claims/"+claimID+"/sources", url.Values{"url": {"https://pellmoor.example/fares"}, "title": {"Fare table"}, "relation": {"supports"}})
		doc := wantFragment(t, rec, http.StatusOK)
		if n := doc.Find(testid("source")).Length(); n != 1 {
			t.Errorf("sources after attach = %d, want 1:\n%s", n, rec.Body)
		}
		if got, want := doc.Find(testid("flash")).Text(), "Source attached."; got != want {
			t.Errorf("flash after attach = %q, want %q", got, want)
		}
	})
	t.Run("viewer may not edit", func(t *testing.T) {
		v := e.loggedIn("vi")
		rec := v.fragment("/claims/"+claimID+"/edit", url.Values{"statement": {"x"}, "kind": {"number"}, "status": {"false"}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("status %d, want 403", rec.Code)
		}
		if got := e.getClaim(mustInt(t, claimID)); got.Status != "verified" {
			t.Errorf("a viewer changed the status to %q", got.Status)
		}
	})
	t.Run("unknown claim", func(t *testing.T) {
		rec := b.fragment("/claims/9999/edit", url.Values{"status": {"false"}})
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "<html") {
			t.Errorf("status %d body %s", rec.Code, rec.Body)
		}
	})
	t.Run("delete", func(t *testing.T) {
		cur := e.getClaim(mustInt(t, claimID))
		rec := b.fragment("/claims/"+claimID+"/delete", url.Values{"version": {strconv.Itoa(cur.Version)}})
		doc := wantFragment(t, rec, http.StatusOK)
		if doc.Find(testid("claim-deleted")).Length() != 1 {
			t.Errorf("after delete:\n%s", rec.Body)
		}
		wantError(t, e.api(http.MethodGet, "/api/v1/claims/"+claimID, "vi", nil), http.StatusNotFound, "not_found", "")
	})
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

func TestUnknownRoutes(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	paths := []struct{ method, path string }{
		{http.MethodGet, "/nope"},
		{http.MethodGet, "/articles/" + itoa(a.ID) + "/nope"},
		{http.MethodGet, "/articles/9999"},
		{http.MethodGet, "/claims/9999/panel"},
		{http.MethodPost, "/nope"},
		{http.MethodGet, "/api/v1/nope"},
		{http.MethodGet, "/api/v1"},
		{http.MethodPost, "/api/v1"},
		{http.MethodGet, "/api/v1/"},
		{http.MethodGet, "/api/v2/articles"},
		{http.MethodPost, "/api/v1/nope"},
		{http.MethodDelete, "/api/v1/sources"},
		{http.MethodGet, "/static/nope.js"},
	}
	viewer := e.loggedIn("vi")
	for _, who := range []string{"anonymous", "viewer session", "viewer token"} {
		for _, p := range paths {
			t.Run(who+" "+p.method+" "+p.path, func(t *testing.T) {
				req := httpRequest(p.method, p.path, "")
				var rec interface{ Result() *http.Response }
				switch who {
				case "anonymous":
					rec = e.serve(req)
				case "viewer session":
					req.Header.Set("X-CSRF-Token", viewer.csrf())
					rec = viewer.do(req)
				case "viewer token":
					req.Header.Set("Authorization", "Bearer "+e.tokens["vi"])
					rec = e.serve(req)
				}
				res := rec.Result()
				// A missing page behind the login may send an anonymous
				// visitor to log in first; nothing else is acceptable.
				if res.StatusCode == http.StatusSeeOther && who == "anonymous" && strings.HasPrefix(res.Header.Get("Location"), "/login") &&
					(strings.HasPrefix(p.path, "/articles/") || strings.HasPrefix(p.path, "/claims/")) {
					return
				}
				if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed {
					t.Errorf("status %d, want 404", res.StatusCode)
				}
				if strings.HasPrefix(p.path, "/api/") && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
					t.Errorf("API 404 as %q", res.Header.Get("Content-Type"))
				}
			})
		}
	}
}
