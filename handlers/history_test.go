package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// The history says every event in words: a kind change by the kinds'
// labels (not "date_time → quote"), a party's mark by its words (not
// offsets).
func TestHistoryInWords(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "The Pellmoor council voted 7–2", map[string]any{"kind": "date_time",
		"parties": []map[string]any{{"name": "the council", "role": "organizer"}}})
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"kind": "quote"}), http.StatusOK)
	b := e.loggedIn("ed")
	path := "/claims/" + itoa(c.ID)
	s, end := span(t, a.Text, "Pellmoor council")
	pid := itoa(c.Parties[0].ID)
	doc := wantFragment(t, b.fragment(path+"/parties/"+pid+"/mark", url.Values{"start": {strconv.Itoa(s)}, "end": {strconv.Itoa(end)}}), http.StatusOK)

	var lines []string
	doc.Find(testid("event")).Each(func(_ int, ev *goquery.Selection) {
		text := ev.Find(".field").Text() + " " + ev.Find(testid("event-from")).Text() + " → " + ev.Find(testid("event-to")).Text()
		lines = append(lines, strings.Join(strings.Fields(text), " "))
	})
	want := map[string]bool{
		"Kind Date/time → Quote":                           false,
		"Party marked → the council on “Pellmoor council”": false,
	}
	for _, l := range lines {
		if _, ok := want[l]; ok {
			want[l] = true
		}
	}
	for w, seen := range want {
		if !seen {
			t.Errorf("no history line %q; the history reads %q", w, lines)
		}
	}
}
