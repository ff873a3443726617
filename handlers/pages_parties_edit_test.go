package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/model"
)

// partyPageEnv is a store with two claims, one involving "U.S." and one
// "United States" (two entries), and one involving "UN".
type partyPageEnv struct {
	*env
	us, states, un int64
	c1, c2         claim
}

func newPartyPageEnv(t *testing.T) partyPageEnv {
	e := newEnv(t)
	a := e.createArticle("Talks", registryText)
	c1 := e.createClaim(a, "Officials from the U.S. were not invited", nil)
	c2 := e.createClaim(a, "The United States hosted the talks", nil)
	return partyPageEnv{env: e, c1: c1, c2: c2,
		us:     e.addPartyID(c1.ID, "U.S.", "excluded"),
		states: e.addPartyID(c2.ID, "United States", "organizer"),
		un:     e.addPartyID(c2.ID, "UN", "mentioned"),
	}
}

// form is a page form's fields with the browser's CSRF token.
func (b *browser) form(kv ...string) url.Values {
	v := url.Values{"_csrf": {b.csrf()}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// partyState is what the party page shows of an entry.
type partyState struct {
	Name, Type, Aliases string
	History             []string
}

func (e *env) partyState(b *browser, id int64) partyState {
	e.tb.Helper()
	rec := b.get("/parties/" + itoa(id))
	wantStatus(e.tb, rec, http.StatusOK)
	doc := parseHTML(e.tb, rec)
	s := partyState{Name: doc.Find(testid("party-entity-name")).Text(), Type: doc.Find(testid("party-entity-type")).Text(),
		Aliases: doc.Find(testid("party-entity-aliases")).Text()}
	doc.Find(testid("party-event-words")).Each(func(_ int, ev *goquery.Selection) {
		s.History = append(s.History, ev.Text())
	})
	return s
}

// A viewer reads the party page without any form, and cannot post them.
func TestPartyPageViewerHasNoForms(t *testing.T) {
	e := newPartyPageEnv(t)
	vi := e.loggedIn("vi")
	rec := vi.get("/parties/" + itoa(e.us))
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	if n := doc.Find(testid("party-edit")).Length(); n != 0 {
		t.Errorf("a viewer sees %d edit sections, want none", n)
	}
	if n := doc.Find("form[action^='/parties/']").Length(); n != 0 {
		t.Errorf("a viewer sees %d party forms, want none", n)
	}
	rec = vi.post("/parties/"+itoa(e.us)+"/edit", vi.form("name", "USA", "type", "place"))
	wantStatus(t, rec, http.StatusForbidden)
	if got := e.partyState(vi, e.us).Name; got != "U.S." {
		t.Errorf("name after a viewer's post %q, want U.S.", got)
	}
	ed := e.loggedIn("ed")
	if n := parseHTML(t, ed.get("/parties/"+itoa(e.us))).Find(testid("party-edit-form")).Length(); n != 1 {
		t.Errorf("an editor sees %d edit forms, want 1", n)
	}
}

// An editor renames, retypes, adds and removes an alias from the page's
// forms, without JavaScript: each answers with a redirect to the page and
// its notice, and each change is in the page's history.
func TestPartyPageEdits(t *testing.T) {
	e := newPartyPageEnv(t)
	b := e.loggedIn("ed")
	path := "/parties/" + itoa(e.us)
	steps := []struct {
		what, action string
		form         []string
		notice       string
	}{
		{"rename and retype", "/edit", []string{"name", "  United States of America ", "type", "place"}, "The party is saved."},
		{"add an alias", "/aliases", []string{"alias", "USA"}, "The alias is added."},
		{"remove an alias", "/aliases/remove", []string{"alias", "usa"}, "The alias is removed."},
	}
	for _, s := range steps {
		rec := b.post(path+s.action, b.form(s.form...))
		wantStatus(t, rec, http.StatusSeeOther)
		to := rec.Header().Get("Location")
		if !strings.HasPrefix(to, path+"?done=") {
			t.Fatalf("%s: redirect to %q, want the party's page", s.what, to)
		}
		if got := parseHTML(t, b.get(to)).Find(testid("notice")).Text(); got != s.notice {
			t.Errorf("%s: notice %q, want %q", s.what, got, s.notice)
		}
	}
	got := e.partyState(b, e.us)
	want := partyState{Name: "United States of America", Type: "place", Aliases: "U.S.", History: []string{
		"Renamed from “U.S.” to “United States of America”.",
		"Type changed from other to place.",
		"Alias “USA” added.",
		"Alias “USA” removed.",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the page after the changes (-want +got):\n%s", diff)
	}
	// The API reads the same history.
	rec := e.api(http.MethodGet, "/api/v1/parties/"+itoa(e.us), "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	if n := len(decode[struct {
		History []model.PartyEvent `json:"history"`
	}](t, rec).History); n != 4 {
		t.Errorf("the API's history has %d events, want 4", n)
	}
}

// Each bad input answers 4xx with the page, its message beside the field,
// the field refilled, and nothing changed.
func TestPartyPageBadInput(t *testing.T) {
	e := newPartyPageEnv(t)
	b := e.loggedIn("ed")
	path := "/parties/" + itoa(e.us)
	before := e.partyState(b, e.us)
	for _, tc := range []struct {
		what, action string
		form         []string
		status       int
		field, msg   string
	}{
		{"an empty name", "/edit", []string{"name", "  ", "type", "other"}, http.StatusBadRequest, "name", "Give the party a name"},
		{"another entry's name", "/edit", []string{"name", "united states", "type", "other"}, http.StatusConflict, "name", "merge the two parties instead"},
		{"an unknown type", "/edit", []string{"name", "U.S.", "type", "country"}, http.StatusBadRequest, "type", "Choose a type"},
		{"an empty alias", "/aliases", []string{"alias", " "}, http.StatusBadRequest, "alias", "Type the alias"},
		{"another entry's alias", "/aliases", []string{"alias", "U.N."}, http.StatusConflict, "alias", "merge the two parties instead"},
		{"an alias it has", "/aliases", []string{"alias", "us"}, http.StatusConflict, "alias", "already matches this party"},
		{"removing the name", "/aliases/remove", []string{"alias", "U.S."}, http.StatusBadRequest, "remove_alias", "rename the party first"},
		{"removing an unknown alias", "/aliases/remove", []string{"alias", "USA"}, http.StatusBadRequest, "remove_alias", "is not an alias"},
		{"merging into nothing", "/merge", []string{"into", ""}, http.StatusBadRequest, "into", "Type the name of the party"},
		{"merging into an unknown name", "/merge", []string{"into", "Atlantis"}, http.StatusBadRequest, "into", "No party in the registry is called “Atlantis”"},
		{"merging into itself", "/merge", []string{"into", "us"}, http.StatusBadRequest, "into", "is this party"},
		{"a confirmation without a party", "/merge", []string{"confirm", "1", "into_id", "x"}, http.StatusBadRequest, "into", "Choose the party to merge into again"},
		{"a confirmation into itself", "/merge", []string{"confirm", "1", "into_id", itoa(e.us)}, http.StatusBadRequest, "into", "Choose another party"},
		{"a confirmation into a party gone", "/merge", []string{"confirm", "1", "into_id", "4242"}, http.StatusBadRequest, "into", "There is no party 4242"},
	} {
		t.Run(tc.what, func(t *testing.T) {
			rec := b.post(path+tc.action, b.form(tc.form...))
			wantStatus(t, rec, tc.status)
			doc := parseHTML(t, rec)
			msg := doc.Find(testid("error-" + tc.field)).Text()
			if !strings.Contains(msg, tc.msg) {
				t.Errorf("message beside %s %q, want it to say %q", tc.field, msg, tc.msg)
			}
			if n := doc.Find(".field-error").Length(); n != 1 {
				t.Errorf("%d messages on the page, want 1", n)
			}
			control := map[string]string{"name": "party-name", "type": "party-type", "alias": "alias-input", "into": "merge-into"}[tc.field]
			if _, focused := doc.Find(testid(control)).Attr("autofocus"); control != "" && !focused {
				t.Errorf("the field %s does not take the focus", control)
			}
			if tc.field == "name" {
				if got := doc.Find(testid("party-name")).AttrOr("value", ""); got != tc.form[1] {
					t.Errorf("the name field refilled with %q, want %q", got, tc.form[1])
				}
			}
			if got := e.partyState(b, e.us); !cmp.Equal(before, got) {
				t.Errorf("the party changed: %s", cmp.Diff(before, got))
			}
		})
	}
	rec := b.post("/parties/4242/edit", b.form("name", "X", "type", "other"))
	wantStatus(t, rec, http.StatusNotFound)
}

// A form without the CSRF token is refused.
func TestPartyPageNeedsCSRF(t *testing.T) {
	e := newPartyPageEnv(t)
	b := e.loggedIn("ed")
	for _, action := range []string{"/edit", "/aliases", "/aliases/remove", "/merge"} {
		rec := b.post("/parties/"+itoa(e.us)+action, url.Values{"name": {"USA"}, "type": {"place"}, "alias": {"USA"}, "into": {"UN"}})
		if rec.Code != http.StatusForbidden {
			t.Errorf("%s without a token: status %d, want 403", action, rec.Code)
		}
	}
	if got := e.partyState(b, e.us); got.Name != "U.S." {
		t.Errorf("name %q after refused posts, want U.S.", got.Name)
	}
}

// Merging asks first, saying how many claims move and which names become
// aliases; the confirmation merges, and the page of the party merged into
// lists the claims of both.
func TestPartyPageMerge(t *testing.T) {
	e := newPartyPageEnv(t)
	b := e.loggedIn("ed")
	path := "/parties/" + itoa(e.us)
	if _, err := e.db.AddPartyAlias(context.Background(), e.us, "US of A", "ed"); err != nil {
		t.Fatal(err)
	}
	// The notice of a merge names what the history says, never what an
	// address says.
	if n := parseHTML(t, b.get("/parties/"+itoa(e.states)+"?done=merged&from=Evil")).Find(testid("notice")).Length(); n != 0 {
		t.Errorf("a notice of a merge that never was shows %d times", n)
	}
	rec := b.post(path+"/merge", b.form("into", "united states"))
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	confirm := doc.Find(testid("merge-confirm"))
	if confirm.Length() != 1 {
		t.Fatalf("no confirmation: %s", rec.Body)
	}
	if got, want := strings.TrimSpace(confirm.Find(testid("merge-claims")).Text()), "The 1 claim that involves “U.S.” will list “United States” (its history records the merge)."; got != want {
		t.Errorf("the confirmation says %q, want %q", got, want)
	}
	if !strings.Contains(confirm.Text(), "“U.S.” and its aliases US of A become aliases of “United States”") {
		t.Errorf("the confirmation does not name the aliases: %q", confirm.Text())
	}
	if _, focused := confirm.Find(testid("confirm-merge")).Attr("autofocus"); !focused {
		t.Errorf("the confirmation's button does not take the focus")
	}
	if got := e.partyState(b, e.us).Name; got != "U.S." {
		t.Fatalf("asking merged already: the party reads %q", got)
	}
	form := b.form()
	confirm.Find("form input[type=hidden]").Each(func(_ int, in *goquery.Selection) {
		if n := in.AttrOr("name", ""); n != "_csrf" {
			form.Set(n, in.AttrOr("value", ""))
		}
	})
	rec = b.post(path+"/merge", form)
	wantStatus(t, rec, http.StatusSeeOther)
	to := rec.Header().Get("Location")
	if want := "/parties/" + itoa(e.states) + "?done=merged"; to != want {
		t.Errorf("redirect to %q, want %q", to, want)
	}
	doc = parseHTML(t, b.get(to))
	if got := doc.Find(testid("notice")).Text(); got != "“U.S.” is merged into this party." {
		t.Errorf("notice %q", got)
	}
	var ids []string
	doc.Find(testid("party-claim")).Each(func(_ int, r *goquery.Selection) { ids = append(ids, r.AttrOr("data-claim-id", "")) })
	if diff := cmp.Diff([]string{itoa(e.c1.ID), itoa(e.c2.ID)}, ids); diff != "" {
		t.Errorf("claims on the merged-into page (-want +got):\n%s", diff)
	}
	if got := doc.Find(testid("party-entity-aliases")).Text(); got != "U.S., US of A" {
		t.Errorf("aliases %q, want U.S., US of A", got)
	}
	var history []string
	doc.Find(testid("party-event-words")).Each(func(_ int, ev *goquery.Selection) { history = append(history, ev.Text()) })
	wantHistory := []string{"Alias “US of A” added.", "“U.S.” merged into “United States”: 1 claim moved."}
	if diff := cmp.Diff(wantHistory, history); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	wantStatus(t, b.get(path), http.StatusNotFound)
}

// With htmx, a change answers the page's content (no layout) with its
// notice, a refusal the content with the message and a 4xx, and a merge a
// full load of the party merged into.
func TestPartyPageHTMX(t *testing.T) {
	e := newPartyPageEnv(t)
	b := e.loggedIn("ed")
	path := "/parties/" + itoa(e.us)
	htmx := func(action string, kv ...string) *httptest.ResponseRecorder {
		return b.post(path+action, b.form(kv...), "HX-Request", "true", "X-CSRF-Token", b.csrf())
	}
	rec := htmx("/aliases", "alias", "USA")
	wantStatus(t, rec, http.StatusOK)
	if strings.Contains(rec.Body.String(), "<html") {
		t.Errorf("htmx got a whole page, want the party's content")
	}
	doc := parseHTML(t, rec)
	if got := doc.Find("#party-page " + testid("notice")).Text(); got != "The alias is added." {
		t.Errorf("notice %q", got)
	}
	rec = htmx("/aliases", "alias", "USA")
	wantStatus(t, rec, http.StatusConflict)
	if got := parseHTML(t, rec).Find("#party-page " + testid("error-alias")).Text(); !strings.Contains(got, "already matches") {
		t.Errorf("message %q", got)
	}
	rec = htmx("/merge", "confirm", "1", "into_id", itoa(e.un))
	wantStatus(t, rec, http.StatusOK)
	if got, want := rec.Header().Get("HX-Redirect"), fmt.Sprintf("/parties/%d?done=merged", e.un); got != want {
		t.Errorf("HX-Redirect %q, want %q", got, want)
	}
	// An error that belongs to no field goes to the page's error slot.
	rec = b.post("/parties/4242/aliases", b.form("alias", "X"), "HX-Request", "true", "X-CSRF-Token", b.csrf())
	wantStatus(t, rec, http.StatusNotFound)
	if got := rec.Header().Get("HX-Retarget"); got != "#party-error" {
		t.Errorf("HX-Retarget %q, want #party-error", got)
	}
}

// The registry's list: every entry by name with its claims, found by a
// part of a name or alias, a page at a time; linked from the header and
// from each party's page.
func TestPartiesList(t *testing.T) {
	e := newPartyPageEnv(t)
	b := e.loggedIn("vi")
	rec := b.get("/parties")
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	var names []string
	doc.Find(testid("parties-row-link")).Each(func(_ int, a *goquery.Selection) { names = append(names, a.Text()) })
	if diff := cmp.Diff([]string{"UN", "United States", "U.S."}, names); diff != "" {
		t.Errorf("the list (-want +got):\n%s", diff)
	}
	if href := doc.Find(testid("nav-parties")).AttrOr("href", ""); href != "/parties" {
		t.Errorf("the header's Parties link %q", href)
	}
	if href := parseHTML(t, b.get("/parties/"+itoa(e.us))).Find(testid("parties-link")).AttrOr("href", ""); href != "/parties" {
		t.Errorf("the party page's link to the list %q", href)
	}

	doc = parseHTML(t, b.get("/parties?q="+url.QueryEscape("u.s")))
	names = nil
	doc.Find(testid("parties-row-link")).Each(func(_ int, a *goquery.Selection) { names = append(names, a.Text()) })
	if diff := cmp.Diff([]string{"U.S."}, names); diff != "" {
		t.Errorf("u.s finds (-want +got):\n%s", diff)
	}
	if got := doc.Find(testid("parties-total")).Text(); got != "1 party match “u.s”." {
		t.Errorf("total reads %q", got)
	}

	// 51 more entries make two pages of 50.
	var many []model.NewParty
	for i := range 51 {
		many = append(many, model.NewParty{Name: fmt.Sprintf("Harbour board %02d", i), Role: model.RoleMentioned})
	}
	if _, err := e.db.AddParties(context.Background(), e.c1.ID, many, "ed"); err != nil {
		t.Fatal(err)
	}
	doc = parseHTML(t, b.get("/parties?q=harbour"))
	if n := doc.Find(testid("parties-row")).Length(); n != 50 {
		t.Errorf("first page %d rows, want 50", n)
	}
	next := doc.Find(testid("next-page")).AttrOr("href", "")
	if next != "/parties?page=2&q=harbour" {
		t.Fatalf("next page link %q", next)
	}
	doc = parseHTML(t, b.get(next))
	if got := doc.Find(testid("parties-row-link")).Text(); got != "Harbour board 50" {
		t.Errorf("second page lists %q, want Harbour board 50", got)
	}
	for _, bad := range []string{"0", "x", "10001"} {
		rec := b.get("/parties?page=" + bad)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("page=%s: status %d, want 400", bad, rec.Code)
		}
	}
}

// The merge form's completion offers whole names (commas are no
// separators there) and never the party itself.
func TestPartyOptionsForMerge(t *testing.T) {
	e := newPartyPageEnv(t)
	b := e.loggedIn("ed")
	rec := b.getFragment("/parties/options?except=" + itoa(e.us) + "&into=" + url.QueryEscape("u"))
	wantStatus(t, rec, http.StatusOK)
	var got []string
	parseHTML(t, rec).Find(testid("party-option")).Each(func(_ int, o *goquery.Selection) { got = append(got, o.AttrOr("value", "")) })
	if diff := cmp.Diff([]string{"UN", "United States"}, got); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
}
