package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The party page lists every claim involving the party across articles,
// with roles and statuses; the claim panel links each linked party name
// to it; a viewer may read it.
func TestPartyPage(t *testing.T) {
	e := newEnv(t)
	a1 := e.createArticle("Talks", registryText)
	a2 := e.createArticle("Talks again", "The U.S. were left out of the talks in Astana.")
	c1 := e.createClaim(a1, "Officials from the U.S. were not invited", map[string]any{"status": "false"})
	c2 := e.createClaim(a2, "The U.S. were left out", nil)
	us := e.addPartyID(c1.ID, "U.S.", "excluded")
	e.addPartyID(c2.ID, "US", "excluded")

	b := e.loggedIn("vi")
	rec := b.get("/parties/" + itoa(us))
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	if got := doc.Find(testid("party-entity-name")).Text(); got != "U.S." {
		t.Errorf("name %q, want U.S.", got)
	}
	rows := doc.Find(testid("party-claim"))
	if rows.Length() != 2 {
		t.Fatalf("%d claims listed, want 2", rows.Length())
	}
	// Newest article first: c1, in the first article, is second.
	if id, _ := rows.Eq(1).Attr("data-claim-id"); id != itoa(c1.ID) {
		t.Errorf("second row is claim %s, want %d", id, c1.ID)
	}
	if got := strings.TrimSpace(rows.Eq(1).Find(testid("party-claim-status")).Text()); got != "False" {
		t.Errorf("status %q, want False", got)
	}
	if got := rows.Eq(1).Find(testid("party-claim-role")).AttrOr("data-role", ""); got != "excluded" {
		t.Errorf("role %q, want excluded", got)
	}

	rec = b.get("/parties/424242")
	wantStatus(t, rec, http.StatusNotFound)

	ed := e.loggedIn("ed")
	rec = ed.getFragment("/claims/" + itoa(c1.ID) + "/panel")
	wantStatus(t, rec, http.StatusOK)
	link := parseHTML(t, rec).Find(testid("party-link"))
	if href, _ := link.Attr("href"); href != "/parties/"+itoa(us) {
		t.Errorf("party link %q, want /parties/%d", href, us)
	}
}

// Completion offers the registry's names for what follows the last
// comma, keeping the names typed before it.
func TestPartyOptions(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", registryText)
	c := e.createClaim(a, "Officials from the U.S. were not invited", nil)
	e.addPartyID(c.ID, "United States", "excluded")
	b := e.loggedIn("ed")
	rec := b.getFragment("/parties/options?name=" + url.QueryEscape("Erdogan, unit"))
	wantStatus(t, rec, http.StatusOK)
	opt := parseHTML(t, rec).Find(testid("party-option"))
	if opt.Length() != 1 {
		t.Fatalf("%d options, want 1: %s", opt.Length(), rec.Body.String())
	}
	if v, _ := opt.Attr("value"); v != "Erdogan, United States" {
		t.Errorf("option %q, want Erdogan, United States", v)
	}
	rec = b.getFragment("/parties/options?name=zz")
	wantStatus(t, rec, http.StatusOK)
	if n := parseHTML(t, rec).Find(testid("party-option")).Length(); n != 0 {
		t.Errorf("%d options for zz, want 0", n)
	}
}
