package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/views/pages"
)

// partyOptionsLimit is how many names the add-party form's completion
// offers.
const partyOptionsLimit = 10

// showPartyOptions answers the add-party form's completion with the
// registry's names that start with the last name typed: the form takes
// several names at once ("Erdogan, the Syrian government"), so what comes
// after the last comma is completed. The party page's merge form sends
// into= instead, one whole name, and except= its own entry, which is no
// party to merge into.
func (s *Server) showPartyOptions(c echo.Context) error {
	q, before := c.QueryParam("name"), ""
	if c.QueryParams().Has("into") {
		q = c.QueryParam("into")
	} else if i := strings.LastIndex(q, ","); i >= 0 {
		q, before = q[i+1:], q[:i+1]+" "
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return s.render(c, http.StatusOK, pages.PartyOptions(before, nil))
	}
	list, err := s.store.PartyEntities(c.Request().Context(), q, partyOptionsLimit+1)
	if err != nil {
		return err
	}
	except, _ := strconv.ParseInt(c.QueryParam("except"), 10, 64)
	kept := list[:0]
	for _, e := range list {
		if e.ID != except {
			kept = append(kept, e)
		}
	}
	if len(kept) > partyOptionsLimit {
		kept = kept[:partyOptionsLimit]
	}
	return s.render(c, http.StatusOK, pages.PartyOptions(before, kept))
}
