package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/model"
)

// TestPartyRegistryEditing: from the header's Parties list an editor finds
// a party, renames and retypes it, adds an alias (a name another party has
// is refused beside the field), then merges it into another party chosen
// with completion, after a confirmation saying how many claims move; the
// party merged into lists both parties' claims and the history of both.
// Every change but the merge is answered in place, without a page load.
func TestPartyRegistryEditing(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	ctx := h.ctx
	_, c1 := h.seedArticle("Ferry talks", nestedText, outerQuote, "The council invited three neighbours.")
	_, c2 := h.seedArticle("Port strike", "The Veloria foreign ministry said the strike at the port would end on Friday.",
		"the strike at the port would end on Friday", "The port strike ends on Friday")
	if _, err := h.store.AddParty(ctx, c1.ID, model.NewParty{Name: "Veloria FM", Role: model.RoleSpeaker}, adminName); err != nil {
		t.Fatal(err)
	}
	c2s, err := h.store.AddParty(ctx, c2.ID, model.NewParty{Name: "Veloria Foreign Ministry", Role: model.RoleSpeaker}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	target := *c2s.Parties[0].EntityID

	// The header's Parties list finds it by a part of its name.
	h.open("/")
	h.click("Parties in the header", `[data-testid="nav-parties"]`)
	h.waitUntil("the list of parties", `() => location.pathname === "/parties" && document.querySelector('[data-testid="parties-q"]')`)
	h.typeText(`[data-testid="parties-q"]`, "fm")
	h.do("searching", chromedp.SendKeys(`[data-testid="parties-q"]`, "\r"))
	h.waitUntil("the list found by “fm”", `() => location.search.includes("q=fm") && document.querySelectorAll('[data-testid="parties-row"]').length === 1`)
	h.click("Veloria FM", `[data-testid="parties-row-link"]`)
	h.waitUntil("the party's page", `() => document.querySelector('[data-testid="party-entity-name"]')?.textContent === "Veloria FM"`)

	// Changes are answered in place: the marker set now survives them.
	markPage := func() {
		evalJS[bool](h, "marking the page", `() => (window.e2eSamePage = true)`)
	}
	samePage := func(what string) {
		if !evalJS[bool](h, "reading the marker", `() => window.e2eSamePage === true`) {
			t.Errorf("%s loaded a new page; want the answer swapped in", what)
		}
	}
	markPage()
	h.typeText(`[data-testid="party-name"]`, "Veloria Foreign Office")
	h.choose(`[data-testid="party-type"]`, "organization")
	h.click("Save", `[data-testid="party-save"]`)
	h.waitUntil("the renamed party", `() => document.querySelector('[data-testid="notice"]')?.textContent === "The party is saved."`)
	if got := h.text(`[data-testid="party-entity-name"]`); got != "Veloria Foreign Office" {
		t.Errorf("name %q after the rename", got)
	}
	if got := h.text(`[data-testid="party-entity-type"]`); got != "organization" {
		t.Errorf("type %q after the retype", got)
	}
	samePage("saving")

	h.typeText(`[data-testid="alias-input"]`, "VFO")
	h.click("Add alias", `[data-testid="add-alias"]`)
	h.waitUntil("the alias added", `() => document.querySelector('[data-testid="notice"]')?.textContent === "The alias is added."`)
	if diff := cmp.Diff([]string{"VFO", "Veloria FM"}, h.texts(`[data-testid="party-alias"] > span`)); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
	h.typeText(`[data-testid="alias-input"]`, "veloria foreign ministry")
	h.click("Add alias", `[data-testid="add-alias"]`)
	h.waitUntil("the refusal beside the alias field", `() => document.querySelector('[data-testid="error-alias"]')`)
	if got, want := h.text(`[data-testid="error-alias"]`), fmt.Sprintf("\"veloria foreign ministry\" is already party %d (Veloria Foreign Ministry); merge the two parties instead.", target); got != want {
		t.Errorf("the refusal reads %q, want %q", got, want)
	}
	if got := h.value(`[data-testid="alias-input"]`); got != "veloria foreign ministry" {
		t.Errorf("the alias field after the refusal holds %q", got)
	}
	samePage("adding aliases")

	// Merge: completion offers the other party, the page asks first.
	h.typeText(`[data-testid="merge-into"]`, "veloria for")
	h.waitUntil("the registry's names", `() => document.querySelector('[data-testid="merge-names"] option')`)
	if diff := cmp.Diff([]string{"Veloria Foreign Ministry"}, evalJS[[]string](h, "reading the options",
		`() => Array.from(document.querySelectorAll('[data-testid="merge-names"] option'), (o) => o.value)`)); diff != "" {
		t.Errorf("completion offers (-want +got):\n%s", diff)
	}
	h.typeText(`[data-testid="merge-into"]`, "Veloria Foreign Ministry")
	h.click("Merge…", `[data-testid="merge"]`)
	h.waitUntil("the confirmation", `() => document.querySelector('[data-testid="merge-confirm"]')`)
	if got, want := h.text(`[data-testid="merge-claims"]`), "The 1 claim that involves “Veloria Foreign Office” will list “Veloria Foreign Ministry” (its history records the merge)."; got != want {
		t.Errorf("the confirmation says %q, want %q", got, want)
	}
	samePage("asking to merge")
	h.click("Merge into Veloria Foreign Ministry", `[data-testid="confirm-merge"]`)
	h.waitUntil("the page of the party merged into", `(id) => location.pathname === "/parties/" + id && document.querySelector('[data-testid="notice"]')`, target)
	if got := h.text(`[data-testid="notice"]`); got != "“Veloria Foreign Office” is merged into this party." {
		t.Errorf("notice %q", got)
	}
	ids := evalJS[[]string](h, "reading the claims", `() => Array.from(document.querySelectorAll('[data-testid="party-claim"]'), (r) => r.dataset.claimId)`)
	if diff := cmp.Diff([]string{fmt.Sprint(c2.ID), fmt.Sprint(c1.ID)}, ids); diff != "" {
		t.Errorf("claims on the merged-into page (-want +got):\n%s", diff)
	}
	wantHistory := []string{
		"Renamed from “Veloria FM” to “Veloria Foreign Office”.",
		"Type changed from other to organization.",
		"Alias “VFO” added.",
		"“Veloria Foreign Office” merged into “Veloria Foreign Ministry”: 1 claim moved.",
	}
	if diff := cmp.Diff(wantHistory, h.texts(`[data-testid="party-event-words"]`)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	// The store agrees with the page.
	c, err := h.store.Claim(ctx, c1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := *c.Parties[0].EntityID; got != target {
		t.Errorf("claim %d's party links to entry %d, want %d", c1.ID, got, target)
	}
}
