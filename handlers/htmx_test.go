package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPanelAnswersOwnPart checks that a panel form answers with its own
// part of the panel and, after a change, the parts its hx-select-oob
// swaps in out of band; a refused form answers with its part alone.
func TestPanelAnswersOwnPart(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	b := e.loggedIn("ed")
	path := "/claims/" + itoa(c.ID)

	rec := b.fragment(path+"/parties", url.Values{"name": {"Pellmoor council"}, "role": {"subject"}})
	doc := wantFragment(t, rec, http.StatusOK)
	for _, id := range []string{"parties", "head", "flash", "version", "history"} {
		if n := doc.Find("#claim-" + itoa(c.ID) + "-" + id).Length(); n != 1 {
			t.Errorf("the party answer has %d #claim-N-%s, want 1", n, id)
		}
	}
	// A party's change brings the whole text (a removed party's words may
	// be anywhere) and the claim's own entry in the list, not the list.
	if n := doc.Find("#article-text").Length(); n != 1 {
		t.Errorf("the party answer has %d #article-text, want 1", n)
	}
	if n := doc.Find("#claim-item-" + itoa(c.ID) + "[hx-swap-oob]").Length(); n != 1 {
		t.Errorf("the party answer has %d entries of the claim for the list, want 1", n)
	}
	if n := doc.Find("#claim-list").Length(); n != 0 {
		t.Errorf("the party answer has the whole claim list")
	}
	// The other forms are not in the answer: what the editor typed into
	// them stays in the page.
	for _, form := range []string{"details-form", "source-form"} {
		if n := doc.Find(testid(form)).Length(); n != 0 {
			t.Errorf("the party answer holds the %s, which would overwrite the editor's input", form)
		}
	}

	rec = b.fragment(path+"/parties", url.Values{"name": {""}, "role": {"subject"}})
	doc = wantFragment(t, rec, http.StatusBadRequest)
	if got := doc.Find(testid("error-party.name")).Text(); got == "" {
		t.Errorf("the refused party shows no error beside the name")
	}
	if n := doc.Find("#article-text").Length(); n != 0 {
		t.Errorf("a refused form's answer carries the article text")
	}
}

// TestHTMXErrorRetargeted checks that an error that belongs to no field
// answers an htmx request with a fragment aimed at the panel's top.
func TestHTMXErrorRetargeted(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	rec := b.fragment("/claims/9999/edit", url.Values{"status": {"false"}})
	if rec.Code != http.StatusNotFound {
		t.Errorf("status %d, want 404", rec.Code)
	}
	if got := rec.Header().Get("HX-Retarget"); got != "#claim-panel" {
		t.Errorf("HX-Retarget %q, want #claim-panel", got)
	}
	if got := rec.Header().Get("HX-Reswap"); got != "afterbegin" {
		t.Errorf("HX-Reswap %q, want afterbegin", got)
	}
	doc := parseHTML(t, rec)
	if got := doc.Find(testid("panel-error")).Text(); !strings.Contains(got, "9999") {
		t.Errorf("the error fragment reads %q, want the message naming the claim", got)
	}
	// A stale CSRF token too.
	rec = b.post("/claims/9999/edit", url.Values{"status": {"false"}}, "HX-Request", "true", "X-CSRF-Token", "stale")
	if rec.Code != http.StatusForbidden {
		t.Errorf("stale token: status %d, want 403", rec.Code)
	}
	if got := parseHTML(t, rec).Find(testid("panel-error")).Text(); !strings.Contains(got, "security token") {
		t.Errorf("stale token: the fragment reads %q", got)
	}
}

// TestSeveralPartiesAtOnce adds three parties in one submission, and
// checks that a list with a name that is refused adds none.
func TestSeveralPartiesAtOnce(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	b := e.loggedIn("ed")
	path := "/claims/" + itoa(c.ID)

	long := strings.Repeat("x", 5000)
	rec := b.fragment(path+"/parties", url.Values{"name": {"Pellmoor council, " + long}, "role": {"subject"}})
	wantFragment(t, rec, http.StatusBadRequest)
	if got := decode[claim](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "ed", nil)); len(got.Parties) != 0 {
		t.Errorf("a refused list added the parties %+v", got.Parties)
	}

	rec = b.fragment(path+"/parties", url.Values{"name": {"Pellmoor council, the mayor and the port authority"}, "role": {"subject"}})
	doc := wantFragment(t, rec, http.StatusOK)
	if got := doc.Find(testid("flash")).Text(); got != "3 parties added: Pellmoor council; the mayor; the port authority." {
		t.Errorf("flash %q", got)
	}
	got := decode[claim](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "ed", nil))
	want := []string{"Pellmoor council", "the mayor", "the port authority"}
	if len(got.Parties) != len(want) {
		t.Fatalf("parties %+v, want %q", got.Parties, want)
	}
	for i, p := range got.Parties {
		if p.Name != want[i] {
			t.Errorf("party %d is %q, want %q", i, p.Name, want[i])
		}
		if p.Role != "subject" {
			t.Errorf("party %q has role %q, want subject", p.Name, p.Role)
		}
	}
}

// TestNewClaimLastKind checks that ?kind= preselects the kind of a new
// claim, and an unknown kind is ignored.
func TestNewClaimLastKind(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	b := e.loggedIn("ed")
	s, end := span(t, a.Text, "Tickets will cost €4")
	base := "/articles/" + itoa(a.ID) + "/claims/new?start=" + itoa(int64(s)) + "&end=" + itoa(int64(end))
	for _, tc := range []struct{ kind, want string }{{"quote", "quote"}, {"bogus", "other"}, {"", "other"}} {
		doc := parseHTML(t, b.get(base+"&kind="+tc.kind))
		if got := doc.Find(testid("new-kind")+" option[selected]").AttrOr("value", ""); got != tc.want {
			t.Errorf("kind=%q: the form preselects %q, want %q", tc.kind, got, tc.want)
		}
	}
}

// TestSourceDateFormats attaches sources with dates written three ways.
func TestSourceDateFormats(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	b := e.loggedIn("ed")
	for i, tc := range []struct{ typed, order string }{
		{"2004-11-13", "dmy"}, {"November 13, 2004", "dmy"}, {"13/11/2004", "dmy"}, {"11/13/2004", "mdy"},
	} {
		rec := b.fragment("/claims/"+itoa(c.ID)+"/sources", url.Values{"url": {"https://pellmoor.example/fares/" + itoa(int64(i))},
			"title": {"Fare table"}, "relation": {"supports"}, "published_at": {tc.typed}, "date_order": {tc.order}})
		wantFragment(t, rec, http.StatusOK)
	}
	list := decode[struct {
		Sources []struct {
			PublishedAt string `json:"published_at"`
		} `json:"sources"`
	}](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "ed", nil))
	if len(list.Sources) != 4 {
		t.Fatalf("%d sources, want 4", len(list.Sources))
	}
	for i, s := range list.Sources {
		if s.PublishedAt != "2004-11-13" {
			t.Errorf("source %d published %q, want 2004-11-13", i, s.PublishedAt)
		}
	}
	rec := b.fragment("/claims/"+itoa(c.ID)+"/sources", url.Values{"url": {"https://pellmoor.example/x"},
		"title": {"Fare table"}, "relation": {"supports"}, "published_at": {"13/11/2004"}, "date_order": {"mdy"}})
	doc := wantFragment(t, rec, http.StatusBadRequest)
	if got := doc.Find(testid("error-source.published_at")).Text(); !strings.Contains(got, "day/month") {
		t.Errorf("a 13th month reads %q, want a hint to choose day/month", got)
	}
}

// TestLibraryLists checks the source form's library list: each source is a
// button that attaches it.
func TestLibraryLists(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	b := e.loggedIn("ed")
	wantFragment(t, b.fragment("/claims/"+itoa(c.ID)+"/sources", url.Values{"url": {"https://pellmoor.example/fares"},
		"title": {"Fare table"}, "relation": {"supports"}}), http.StatusOK)
	doc := parseHTML(t, b.get("/claims/"+itoa(c.ID)+"/library?q=fare"))
	pick := doc.Find(testid("library-pick"))
	if pick.Length() != 1 {
		t.Fatalf("the library lists %d sources for “fare”, want 1", pick.Length())
	}
	if got := pick.AttrOr("name", ""); got != "source_id" {
		t.Errorf("the entry sends %q, want source_id", got)
	}
	if got := pick.Text(); !strings.Contains(got, "Fare table") {
		t.Errorf("the entry reads %q", got)
	}
	doc = parseHTML(t, b.get("/claims/"+itoa(c.ID)+"/library?q=nothing-like-it"))
	if got := doc.Find(testid("library-empty")).Text(); !strings.Contains(got, "nothing-like-it") {
		t.Errorf("no match reads %q", got)
	}
}

// TestImportDateFormats previews an article whose date is written with the
// month's name: the form shows it back as read; a date it cannot read
// says how to write one.
func TestImportDateFormats(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	form := url.Values{"title": {"Ferry link"}, "text": {storyText}, "action": {"preview"}, "date_order": {"dmy"}, "_csrf": {b.csrf()}}
	form.Set("published_at", "November 13, 2004")
	doc := parseHTML(t, b.post("/articles/new", form))
	if got := doc.Find(testid("import-published")).AttrOr("value", ""); got != "2004-11-13" {
		t.Errorf("the date comes back as %q, want 2004-11-13", got)
	}
	form.Set("published_at", "13/11/2004")
	doc = parseHTML(t, b.post("/articles/new", form))
	if got := doc.Find(testid("import-published")).AttrOr("value", ""); got != "2004-11-13" {
		t.Errorf("13/11/2004 read day first comes back as %q, want 2004-11-13", got)
	}
	form.Set("published_at", "soon")
	rec := b.post("/articles/new", form)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("status %d, want 400", rec.Code)
	}
	if got := parseHTML(t, rec).Find(testid("error-published_at")).Text(); !strings.Contains(got, "November 13, 2004") {
		t.Errorf("the error reads %q, want the ways a date may be written", got)
	}
}
