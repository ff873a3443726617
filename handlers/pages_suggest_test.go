package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/model"
)

// talksStory is invented: the sentence in a short article, with an
// emoji in the heading so that the span's offsets are not byte offsets.
const talksStory = "Ceasefire talks resume 🕊️\n\n" +
	"Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan. " +
	"The new proposal does not involve the U.S. and U.N."

const putinSentence = "Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan."

// chipLabels lists the suggestion chips' labels of a fragment.
func chipLabels(doc *goquery.Document) []string {
	var out []string
	doc.Find(testid("suggestion-label")).Each(func(_ int, s *goquery.Selection) { out = append(out, s.Text()) })
	return out
}

var putinChips = []string{"Erdogan — invited", "the Syrian government — invited", "the Syrian opposition — invited"}

func TestNewClaimSuggestions(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", talksStory)
	b := e.loggedIn("ed")
	start, end := span(t, a.Text, putinSentence)
	base := "/articles/" + itoa(a.ID)

	t.Run("the new claim form loads its chips", func(t *testing.T) {
		rec := b.getFragment(base + "/claims/new?start=" + itoa(int64(start)) + "&end=" + itoa(int64(end)))
		wantStatus(t, rec, http.StatusOK)
		slot := parseHTML(t, rec).Find(testid("new-claim-form") + " " + testid("suggestions-slot"))
		want := base + "/suggestions?end=" + itoa(int64(end)) + "&start=" + itoa(int64(start))
		if got := slot.AttrOr("hx-get", ""); got != want {
			t.Errorf("slot hx-get %q, want %q", got, want)
		}
		// The form around the slot targets the whole panel and syncs on
		// itself: the slot must say its own, or its chips replace the panel.
		for attr, want := range map[string]string{"hx-select-oob": "unset", "hx-target": "this", "hx-swap": "outerHTML", "hx-sync": "this:replace"} {
			if got := slot.AttrOr(attr, ""); got != want {
				t.Errorf("slot %s %q, want %q", attr, got, want)
			}
		}
	})
	t.Run("chips", func(t *testing.T) {
		rec := b.getFragment(base + "/suggestions?start=" + itoa(int64(start)) + "&end=" + itoa(int64(end)) + "&accepted=" + url.QueryEscape("invited|Erdogan"))
		wantStatus(t, rec, http.StatusOK)
		doc := parseHTML(t, rec)
		if diff := cmp.Diff(putinChips, chipLabels(doc)); diff != "" {
			t.Errorf("chips (-want +got):\n%s", diff)
		}
		boxes := doc.Find(testid("suggestion-accept"))
		if got := boxes.First().AttrOr("value", ""); got != "invited|Erdogan" {
			t.Errorf("first chip's value %q", got)
		}
		if _, checked := boxes.First().Attr("checked"); !checked {
			t.Errorf("the chip named in ?accepted= is not ticked")
		}
		if _, checked := boxes.Eq(1).Attr("checked"); checked {
			t.Errorf("a chip not accepted is ticked")
		}
	})
	t.Run("words with no party", func(t *testing.T) {
		s, en := span(t, a.Text, "Ceasefire talks resume")
		rec := b.getFragment(base + "/suggestions?start=" + itoa(int64(s)) + "&end=" + itoa(int64(en)))
		wantStatus(t, rec, http.StatusOK)
		if n := parseHTML(t, rec).Find(testid("suggestions-none")).Length(); n != 1 {
			t.Errorf("%d 'no party' notes, want 1", n)
		}
	})
	t.Run("a bad span", func(t *testing.T) {
		for _, q := range []string{"?start=x&end=3", "?start=3&end=3", "?start=0&end=99999", "?start=9&end=10"} {
			if rec := b.getFragment(base + "/suggestions" + q); rec.Code != http.StatusBadRequest {
				t.Errorf("GET suggestions%s: %d, want 400", q, rec.Code)
			}
		}
	})
	t.Run("viewers get no chips", func(t *testing.T) {
		rec := e.loggedIn("vi").getFragment(base + "/suggestions?start=" + itoa(int64(start)) + "&end=" + itoa(int64(end)))
		wantStatus(t, rec, http.StatusForbidden)
	})
}

// TestNewClaimWithSuggestedParties: the ticked chips are added with the
// claim, each marked on its own words; an unknown choice adds nothing.
func TestNewClaimWithSuggestedParties(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", talksStory)
	b := e.loggedIn("ed")
	start, end := span(t, a.Text, putinSentence)
	form := url.Values{"start": {itoa(int64(start))}, "end": {itoa(int64(end))}, "statement": {"Putin invited three parties."},
		"kind": {"participation"}, "status": {"unchecked"}, "suggested": {"invited|Erdogan", "invited|the Syrian opposition"}}

	t.Run("an unknown suggestion", func(t *testing.T) {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad["suggested"] = []string{"invited|Erdogan", "organizer|Putin"}
		rec := b.fragment("/articles/"+itoa(a.ID)+"/claims", bad)
		wantStatus(t, rec, http.StatusBadRequest)
		doc := parseHTML(t, rec)
		if msg := doc.Find(`.field-error[data-field="suggested"]`).Text(); !strings.Contains(msg, "Putin") {
			t.Errorf("error beside the chips %q, want it to name Putin", msg)
		}
		// The choice survives: the chips load again with it ticked.
		slot := doc.Find(testid("suggestions-slot")).AttrOr("hx-get", "")
		if !strings.Contains(slot, "accepted=invited%7CErdogan") {
			t.Errorf("slot %q does not keep the ticked chip", slot)
		}
		if n := len(e.listClaims(a.ID)); n != 0 {
			t.Errorf("%d claims after a refused save, want 0", n)
		}
	})
	t.Run("ticked chips come with the claim", func(t *testing.T) {
		rec := b.fragment("/articles/"+itoa(a.ID)+"/claims", form)
		wantStatus(t, rec, http.StatusCreated)
		claims := e.listClaims(a.ID)
		if len(claims) != 1 {
			t.Fatalf("%d claims, want 1", len(claims))
		}
		cl, err := e.db.Claim(context.Background(), claims[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		type marked struct{ Name, Role, Exact string }
		var got []marked
		for _, p := range cl.Parties {
			got = append(got, marked{p.Name, string(p.Role), p.Exact})
		}
		want := []marked{{"Erdogan", "invited", "Erdogan"}, {"the Syrian opposition", "invited", "opposition"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("parties (-want +got):\n%s", diff)
		}
	})
}

// TestClaimSuggestions: an open claim's chips are its suggestions not yet
// among its parties, and each adds its party, marked, through the add-party
// form's path.
func TestClaimSuggestions(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", talksStory)
	c := e.createClaim(a, putinSentence, nil)
	b := e.loggedIn("ed")
	path := "/claims/" + itoa(c.ID)

	rec := b.getFragment(path + "/suggestions")
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	if diff := cmp.Diff(putinChips, chipLabels(doc)); diff != "" {
		t.Fatalf("chips (-want +got):\n%s", diff)
	}
	// The panel's parties section loads them.
	panel := parseHTML(t, b.getFragment(path+"/panel"))
	slot := panel.Find(testid("parties") + " " + testid("suggestions-slot"))
	if got := slot.AttrOr("hx-get", ""); got != path+"/suggestions" {
		t.Errorf("parties section's slot loads %q", got)
	}
	if got := slot.AttrOr("hx-target", ""); got != "this" {
		t.Errorf("parties section's slot targets %q, want this", got)
	}

	// Accept the second chip as the browser would: its form, as it is.
	chip := doc.Find(testid("suggestion")).Eq(1)
	if got := chip.AttrOr("hx-post", ""); got != path+"/parties" {
		t.Fatalf("chip posts to %q, want the add-party path", got)
	}
	values := url.Values{}
	chip.Find("input[name]").Each(func(_ int, s *goquery.Selection) {
		if name := s.AttrOr("name", ""); name != "_csrf" {
			values.Set(name, s.AttrOr("value", ""))
		}
	})
	rec = b.fragment(path+"/parties", values)
	wantStatus(t, rec, http.StatusOK)
	cl, err := e.db.Claim(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cl.Parties) != 1 {
		t.Fatalf("%d parties, want 1", len(cl.Parties))
	}
	if got := cl.Parties[0].Name; got != "the Syrian government" {
		t.Errorf("party %q, want the Syrian government", got)
	}
	if got := cl.Parties[0].Exact; got != "the Syrian government" {
		t.Errorf("party marked on %q, want its words", got)
	}

	// The chip is gone once its party is there.
	rec = b.getFragment(path + "/suggestions")
	want := []string{putinChips[0], putinChips[2]}
	if diff := cmp.Diff(want, chipLabels(parseHTML(t, rec))); diff != "" {
		t.Errorf("chips after adding one (-want +got):\n%s", diff)
	}
	t.Run("viewers get no chips", func(t *testing.T) {
		wantStatus(t, e.loggedIn("vi").getFragment(path+"/suggestions"), http.StatusForbidden)
	})
	t.Run("an unknown claim", func(t *testing.T) {
		wantStatus(t, b.getFragment("/claims/9999/suggestions"), http.StatusNotFound)
	})
}

// listClaims returns article id's claims from the store.
func (e *env) listClaims(id int64) []model.Claim {
	e.tb.Helper()
	claims, err := e.db.ClaimsByArticle(context.Background(), id)
	if err != nil {
		e.tb.Fatal(err)
	}
	return claims
}
