package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"
)

// getFragment loads a fragment as the workspace's script does.
func (b *browser) getFragment(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("X-Requested-With", "fetch")
	return b.do(req)
}

// detailsForm returns the details form of a panel as the browser would
// submit it untouched: every named field with its value.
// details are the fields of the details form that these tests change.
type details struct{ Statement, Note, Status string }

func detailsOf(c claim) details { return details{c.Statement, c.Note, c.Status} }

func detailsForm(t *testing.T, doc *goquery.Document) url.Values {
	t.Helper()
	form := doc.Find(testid("details-form"))
	if form.Length() != 1 {
		t.Fatalf("no details form in the panel")
	}
	v := url.Values{}
	form.Find("input[name], textarea[name], select[name]").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch {
		case s.Is("textarea"):
			v.Set(name, s.Text())
		case s.Is("select"):
			v.Set(name, s.Find("option[selected]").AttrOr("value", s.Find("option").First().AttrOr("value", "")))
		default:
			v.Set(name, s.AttrOr("value", ""))
		}
	})
	v.Del("_csrf")
	return v
}

func TestWorkspaceOpensOnlyItsClaims(t *testing.T) {
	e := newEnv(t)
	a1 := e.createArticle("Ferry link", storyText)
	a2 := e.createArticle("Ferry link, again", storyText)
	c1 := e.createClaim(a1, "Tickets will cost €4", nil)
	c2 := e.createClaim(a2, "Tickets will cost €4", nil)
	b := e.loggedIn("ed")

	for _, tc := range []struct {
		name, query, want string
	}{
		{"its own claim", "?claim=" + itoa(c1.ID), itoa(c1.ID)},
		{"another article's claim", "?claim=" + itoa(c2.ID), "0"},
		{"an unknown claim", "?claim=9999", "0"},
		{"no number", "?claim=x", "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := b.get("/articles/" + itoa(a1.ID) + tc.query)
			wantStatus(t, rec, http.StatusOK)
			if got := parseHTML(t, rec).Find(testid("workspace")).AttrOr("data-open-claim", ""); got != tc.want {
				t.Errorf("data-open-claim = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("panel asked for by another article", func(t *testing.T) {
		rec := b.getFragment("/claims/" + itoa(c2.ID) + "/panel?article=" + itoa(a1.ID))
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "panel-claim") {
			t.Errorf("status %d, want 404 without the panel; body %s", rec.Code, rec.Body)
		}
	})
	t.Run("panel asked for by its article", func(t *testing.T) {
		doc := wantFragment(t, b.getFragment("/claims/"+itoa(c2.ID)+"/panel?article="+itoa(a2.ID)), http.StatusOK)
		if got := doc.Find(testid("panel-claim")).AttrOr("data-article-id", ""); got != itoa(a2.ID) {
			t.Errorf("the panel names article %q, want %d", got, a2.ID)
		}
	})
}

func TestEditConflict(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	b := e.loggedIn("ed")

	t.Run("fields changed meanwhile are shown", func(t *testing.T) {
		c := e.createClaim(a, "Tickets will cost €4", map[string]any{"statement": "Tickets cost €4."})
		loaded := detailsForm(t, wantFragment(t, b.getFragment("/claims/"+itoa(c.ID)+"/panel"), http.StatusOK))
		// Ada saves a new statement and a note while Ed edits.
		wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ada",
			map[string]any{"statement": "Adult tickets cost €4.", "note": "Fare table, page 2."}), http.StatusOK)

		// Ed leaves the statement, types a note and changes the status.
		mine := url.Values{}
		for k, v := range loaded {
			mine[k] = v
		}
		mine.Set("note", "Ed's note")
		mine.Set("status", "in_progress")
		rec := b.fragment("/claims/"+itoa(c.ID)+"/edit", mine)
		doc := wantFragment(t, rec, http.StatusPreconditionFailed)
		for field, want := range map[string]string{
			"statement": "Changed by Ada meanwhile — now: “Adult tickets cost €4.”; yours: “Tickets cost €4.”",
			"note":      "Changed by Ada meanwhile — now: “Fare table, page 2.”; yours: “Ed's note”",
		} {
			if got := doc.Find(testid("conflict-" + field)).Text(); got != want {
				t.Errorf("conflict-%s reads %q, want %q", field, got, want)
			}
		}
		// The status is Ed's change alone: no conflict.
		if n := doc.Find(`[data-testid^="conflict-"]`).Length(); n != 2 {
			t.Errorf("%d conflicts shown, want the statement's and the note's:\n%s", n, rec.Body)
		}
		if doc.Find(testid("error-details.form")).Length() != 1 {
			t.Errorf("no message above the form")
		}
		again := detailsForm(t, doc)
		edsInput := details{"Tickets cost €4.", "Ed's note", "in_progress"}
		if diff := cmp.Diff(edsInput, details{again.Get("statement"), again.Get("note"), again.Get("status")}); diff != "" {
			t.Errorf("the form came back without Ed's input (-want +got):\n%s", diff)
		}
		if doc.Find(testid("details-form")).AttrOr("data-unsaved", "-") == "-" {
			t.Errorf("the form holding refused input is not marked unsaved")
		}
		if diff := cmp.Diff(details{"Adult tickets cost €4.", "Fare table, page 2.", "unchecked"}, detailsOf(e.getClaim(c.ID))); diff != "" {
			t.Errorf("the stale save changed the claim (-want +got):\n%s", diff)
		}

		// Having seen it, Ed saves again: his version applies.
		wantFragment(t, b.fragment("/claims/"+itoa(c.ID)+"/edit", again), http.StatusOK)
		if diff := cmp.Diff(edsInput, detailsOf(e.getClaim(c.ID))); diff != "" {
			t.Errorf("the second save did not store Ed's input (-want +got):\n%s", diff)
		}
	})
	t.Run("a party added meanwhile is no conflict", func(t *testing.T) {
		c := e.createClaim(a, "the first boat", map[string]any{"statement": "The first boat sails in May."})
		loaded := detailsForm(t, wantFragment(t, b.getFragment("/claims/"+itoa(c.ID)+"/panel"), http.StatusOK))
		wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/parties", "ada", map[string]any{"name": "Ferry operator", "role": "subject"}), http.StatusCreated)
		loaded.Set("note", "Ed's note")
		doc := wantFragment(t, b.fragment("/claims/"+itoa(c.ID)+"/edit", loaded), http.StatusOK)
		if doc.Find(testid("flash")).Text() != "Saved." {
			t.Errorf("no flash after the save")
		}
		got := e.getClaim(c.ID)
		if got.Note != "Ed's note" {
			t.Errorf("note %q, want Ed's", got.Note)
		}
		if len(got.Parties) != 1 {
			t.Errorf("parties %+v, want Ada's one", got.Parties)
		}
	})
	t.Run("without the loaded values every differing field is shown", func(t *testing.T) {
		c := e.createClaim(a, "Astrid Bay", map[string]any{"statement": "The ferry goes to Astrid Bay."})
		wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ada", map[string]any{"note": "Checked the map."}), http.StatusOK)
		rec := b.fragment("/claims/"+itoa(c.ID)+"/edit", url.Values{"statement": {"The ferry sails to Astrid Bay."}, "kind": {"other"},
			"status": {"unchecked"}, "version": {"1"}})
		doc := wantFragment(t, rec, http.StatusPreconditionFailed)
		for _, f := range []string{"statement", "note"} {
			if doc.Find(testid("conflict-"+f)).Length() != 1 {
				t.Errorf("no conflict shown for %s:\n%s", f, rec.Body)
			}
		}
	})
}

func TestPanelFragment(t *testing.T) {
	e := newEnv(t)
	// A claim in another article first, so that the claims' ids (2, 3)
	// are not their numbers in this article (1, 2).
	e.createClaim(e.createArticle("Elsewhere", storyText), "Tickets will cost €4", nil)
	a := e.createArticle("Ferry link", storyText)
	first := e.createClaim(a, "Tickets will cost €4", nil)
	c := e.createClaim(a, "The Pellmoor council voted 7–2", map[string]any{"parties": []map[string]any{
		{"name": "Pellmoor council", "role": "organizer"}, {"name": "Astrid Bay", "role": "excluded"}}})
	b := e.loggedIn("ed")
	path := "/claims/" + itoa(c.ID)

	t.Run("named by number", func(t *testing.T) {
		if c.Number != 2 {
			t.Fatalf("the claim's number is %d, want 2", c.Number)
		}
		doc := wantFragment(t, b.getFragment(path+"/panel"), http.StatusOK)
		want := "Claim #2 "
		if got := strings.TrimSpace(doc.Find(testid("panel-heading")).Text()); !strings.HasPrefix(got, want) {
			t.Errorf("the heading reads %q, want %q", got, want)
		}
		if got := doc.Find(testid("panel-heading")).AttrOr("tabindex", ""); got != "-1" {
			t.Errorf("the heading cannot take the focus: tabindex %q", got)
		}
		if got := doc.Find(testid("confirm-delete-form")).Text(); !strings.Contains(got, "Delete claim #2 ") {
			t.Errorf("the delete confirmation reads %q", got)
		}
		list := parseHTML(t, b.get("/articles/"+itoa(a.ID)))
		var nums []string
		list.Find(testid("claim-item") + " .num").Each(func(_ int, s *goquery.Selection) { nums = append(nums, s.Text()) })
		if got, want := strings.Join(nums, " "), "#2 #1"; got != want {
			t.Errorf("the list names the claims %q, want %q: by number, in text order", got, want)
		}
		if first.Number != 1 {
			t.Errorf("the first claim's number is %d, want 1", first.Number)
		}
	})
	t.Run("roles in words, the last one offered", func(t *testing.T) {
		doc := wantFragment(t, b.getFragment(path+"/panel"), http.StatusOK)
		var roles []string
		doc.Find(testid("party-role")).Each(func(_ int, s *goquery.Selection) { roles = append(roles, s.Text()) })
		if strings.Join(roles, ",") != "Organizer,Excluded" {
			t.Errorf("the parties' roles read %q", roles)
		}
		sel := doc.Find(testid("party-role-input") + " option[selected]")
		if sel.AttrOr("value", "") != "excluded" || sel.Text() != "Excluded" {
			t.Errorf("the role offered is %q (%q), want the last party's, excluded", sel.AttrOr("value", ""), sel.Text())
		}
		if got := doc.Find(testid("source-relation-input") + " option[selected]").Text(); got != "Supports" {
			t.Errorf("the relation offered reads %q", got)
		}
	})
	t.Run("a refused party keeps its box ticked", func(t *testing.T) {
		rec := b.fragment(path+"/parties", url.Values{"name": {"Ferry operator"}, "role": {"subject"}, "use_selection": {"1"}, "start": {""}, "end": {""}})
		doc := wantFragment(t, rec, http.StatusBadRequest)
		form := doc.Find(testid("party-form"))
		if _, ok := form.Find(testid("party-use-selection")).Attr("checked"); !ok {
			t.Errorf("“mark the selected text” came back unticked")
		}
		if got := form.Find(testid("party-name-input")).AttrOr("value", ""); got != "Ferry operator" {
			t.Errorf("the name came back as %q", got)
		}
		if got := form.Find(testid("party-role-input")+" option[selected]").AttrOr("value", ""); got != "subject" {
			t.Errorf("the role came back as %q", got)
		}
		if _, ok := form.Attr("data-unsaved"); !ok {
			t.Errorf("the refused form is not marked unsaved")
		}
	})
	t.Run("a comment confirming the status", func(t *testing.T) {
		form := detailsForm(t, wantFragment(t, b.getFragment(path+"/panel"), http.StatusOK))
		form.Set("comment", "Still waiting for the minutes.")
		doc := wantFragment(t, b.fragment(path+"/edit", form), http.StatusOK)
		ev := doc.Find(testid("event")).Last()
		if got := strings.Join(strings.Fields(ev.Find(testid("event-confirmed")).Text()+" "+ev.Find(testid("event-to")).Text()), " "); got != "Status confirmed: Unchecked" {
			t.Errorf("the event reads %q, want “Status confirmed: Unchecked”", strings.Join(strings.Fields(ev.Text()), " "))
		}
		if n := ev.Find(testid("event-from")).Length(); n != 0 {
			t.Errorf("the event shows %d from-statuses, want none: %q", n, strings.Join(strings.Fields(ev.Text()), " "))
		}
		if got, want := ev.Find(testid("event-comment")).Text(), "Still waiting for the minutes."; got != want {
			t.Errorf("the event comment = %q, want %q", got, want)
		}
	})
	t.Run("a reader sees no empty fields", func(t *testing.T) {
		v := e.loggedIn("vi")
		doc := wantFragment(t, v.getFragment(path+"/panel"), http.StatusOK)
		var terms []string
		doc.Find(testid("details-view") + " dt").Each(func(_ int, s *goquery.Selection) { terms = append(terms, s.Text()) })
		if strings.Join(terms, ",") != "Statement,Kind" {
			t.Errorf("a claim without assignee or note shows %q", terms)
		}
		wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"note": "Minutes due Friday.", "assignee": "ed"}), http.StatusOK)
		doc = wantFragment(t, v.getFragment(path+"/panel"), http.StatusOK)
		if got := doc.Find(testid("view-note")).Text(); got != "Minutes due Friday." {
			t.Errorf("the note reads %q", got)
		}
		if got := doc.Find(testid("view-assignee")).Text(); got != "Ed" {
			t.Errorf("the assignee reads %q, want Ed", got)
		}
	})
}
