package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

// searchAPI answers GET /api/v1/search: the results grouped by kind, each
// with its snippet as text and the matched words as code-point ranges.
func (s *Server) searchAPI(c echo.Context) error {
	q, err := model.ParseSearch(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := s.store.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, searchAnswer{Query: q.String(), SearchResults: res})
}

// searchAnswer is the API's search result: the search as a query string
// (without the page) and the groups.
type searchAnswer struct {
	Query string `json:"query"`
	model.SearchResults
}
