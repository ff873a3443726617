package handlers

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/suggest"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/views/pages"
)

// The workspace's suggested parties (internal/suggest): chips in the new
// claim form, ticked to add with the claim, and chips in an open claim's
// parties section, each adding its party through the add-party form's
// path. Both are htmx fragments loaded when their part of the panel shows.

// suggestedParties runs the rules on words, which start at code point
// offset of the article's text; anchored says whether the words are there,
// so that each party can be marked on its own.
func suggestedParties(words string, offset int, anchored bool) []pages.SuggestedParty {
	found := suggest.Parties(words)
	rs := []rune(words)
	out := make([]pages.SuggestedParty, 0, len(found))
	for _, f := range found {
		p := pages.SuggestedParty{Name: f.Name, Role: f.Role, Words: string(rs[f.Start:f.End]), Reason: f.Reason}
		if anchored {
			start, end := offset+f.Start, offset+f.End
			p.Start, p.End = &start, &end
		}
		out = append(out, p)
	}
	return out
}

// spanSuggestions returns the suggestions for the span [start, end) of
// article id's text, trimmed as the new-claim form and the claim trim it.
func (s *Server) spanSuggestions(c echo.Context, id int64, start, end int) ([]pages.SuggestedParty, error) {
	a, err := s.store.Article(c.Request().Context(), id)
	if err != nil {
		return nil, err
	}
	ix := text.NewIndex(a.Text)
	if !ix.InRange(start, end) {
		return nil, model.Invalid("start", "Select some of the article's text first.")
	}
	start, end = ix.TrimSpan(start, end)
	if start == end {
		return nil, model.Invalid("start", "Select some of the article's text first.")
	}
	return suggestedParties(ix.Slice(start, end), start, true), nil
}

// showNewClaimSuggestions answers the new-claim form's chips for
// ?start=&end= of article id; ?accepted= keys come ticked.
func (s *Server) showNewClaimSuggestions(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	start, err1 := strconv.Atoi(c.QueryParam("start"))
	end, err2 := strconv.Atoi(c.QueryParam("end"))
	if err1 != nil || err2 != nil {
		return model.Invalid("start", "Select some of the article's text first.")
	}
	parties, err := s.spanSuggestions(c, id, start, end)
	if err != nil {
		return err
	}
	accepted := map[string]bool{}
	for _, k := range c.QueryParams()["accepted"] {
		accepted[k] = true
	}
	return s.render(c, http.StatusOK, pages.NewClaimSuggestionList(pages.NewClaimSuggestions{Parties: parties, Accepted: accepted}))
}

// acceptedSuggestions returns the parties the new-claim form ticked among
// its suggestions, each marked on its words, and the keys ticked. The
// suggestions are made again from the stored text: only the choice comes
// from the browser.
func (s *Server) acceptedSuggestions(c echo.Context, articleID int64, start, end int) ([]model.NewParty, []string, error) {
	form, err := c.FormParams()
	if err != nil {
		return nil, nil, err
	}
	keys := form["suggested"]
	if len(keys) == 0 {
		return nil, nil, nil
	}
	offered, err := s.spanSuggestions(c, articleID, start, end)
	if err != nil {
		return nil, keys, err
	}
	var out []model.NewParty
	for _, k := range keys {
		i := slices.IndexFunc(offered, func(p pages.SuggestedParty) bool { return p.Key() == k })
		if i < 0 {
			_, name, _ := strings.Cut(k, "|")
			return nil, keys, model.Invalid("suggested", "“%s” is not among the parties these words suggest: close the new claim and select the words again.", name)
		}
		p := offered[i]
		out = append(out, model.NewParty{Name: p.Name, Role: p.Role, Start: p.Start, End: p.End})
	}
	return out, keys, nil
}

// showClaimSuggestions answers an open claim's chips: the parties its
// words suggest that it does not have yet in that role.
func (s *Server) showClaimSuggestions(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	cl, err := s.store.Claim(c.Request().Context(), id)
	if err != nil {
		return err
	}
	// An orphan's words are no longer in the text: its suggestions cannot
	// be marked there.
	all := suggestedParties(cl.Quote.Exact, cl.Start, !cl.Orphan)
	var fresh []pages.SuggestedParty
	for _, p := range all {
		if !hasParty(cl, p.Name, p.Role) {
			fresh = append(fresh, p)
		}
	}
	return s.render(c, http.StatusOK, pages.ClaimSuggestionList(pages.ClaimSuggestions{Claim: cl, Parties: fresh}))
}

// hasParty reports whether cl has a party called name (whatever the case)
// in role.
func hasParty(cl model.Claim, name string, role model.Role) bool {
	return slices.ContainsFunc(cl.Parties, func(p model.Party) bool {
		return p.Role == role && strings.EqualFold(p.Name, name)
	})
}
