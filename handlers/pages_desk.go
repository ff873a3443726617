package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/views/pages"
)

// showMyWork is the My work page: what is assigned to the current user.
func (s *Server) showMyWork(c echo.Context) error {
	w, err := s.store.Work(c.Request().Context(), userName(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.MyWork(w))
}
