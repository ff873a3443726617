package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/views/pages"
)

// partyOptionsLimit is how many names the add-party form's completion
// offers.
const partyOptionsLimit = 10

// showParty renders a registry entry's page: every claim involving the
// party, across articles, with its role and status.
func (s *Server) showParty(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	e, claims, err := s.store.PartyEntity(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.PartyPage(pages.PartyView{Entity: e, Claims: claims}))
}

// showPartyOptions answers the add-party form's completion with the
// registry's names that start with the last name typed: the form takes
// several names at once ("Erdogan, the Syrian government"), so what comes
// after the last comma is completed.
func (s *Server) showPartyOptions(c echo.Context) error {
	q, before := c.QueryParam("name"), ""
	if i := strings.LastIndex(q, ","); i >= 0 {
		q, before = q[i+1:], q[:i+1]+" "
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return s.render(c, http.StatusOK, pages.PartyOptions(before, nil))
	}
	list, err := s.store.PartyEntities(c.Request().Context(), q, partyOptionsLimit)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.PartyOptions(before, list))
}
