package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// TestPartyRegistryInWorkspace: typing a party's first letters offers the
// registry's name, the added party's name links to its page, and the page
// lists the claims that involve it.
func TestPartyRegistryInWorkspace(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, c := h.seedArticle("Ferry talks", nestedText, outerQuote, "The council invited three neighbours.")
	if _, err := h.store.AddParty(h.ctx, c.ID, model.NewParty{Name: "Veloria Foreign Ministry", Role: model.RoleSpeaker}, adminName); err != nil {
		t.Fatal(err)
	}
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)
	h.typeText(`[data-testid="party-name-input"]`, "velo")
	h.waitUntil("the registry's names", `() => document.querySelector('[data-testid="party-names"] option')`)
	if got := evalJS[string](h, "reading the option", `() => document.querySelector('[data-testid="party-names"] option').value`); got != "Veloria Foreign Ministry" {
		t.Errorf("completion offers %q, want Veloria Foreign Ministry", got)
	}
	href := evalJS[string](h, "reading the party link", `() => document.querySelector('[data-testid="party-link"]').getAttribute('href')`)
	if !strings.HasPrefix(href, "/parties/") {
		t.Fatalf("party link %q, want /parties/{id}", href)
	}
	h.open(href)
	h.waitUntil("the party page", `() => document.querySelector('[data-testid="party-page"]')`)
	if n := h.count(`[data-testid="party-claim"]`); n != 1 {
		t.Errorf("the party page lists %d claims, want 1", n)
	}
}
