package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

// articleDeskPatch is the desk's part of PATCH /api/v1/articles/{id}: who
// is responsible for the article and by when. Absent and null fields stay
// as they are; "" clears.
type articleDeskPatch struct {
	Assignee *string `json:"assignee"`
	Due      *string `json:"due"`
}

// patchArticleDesk assigns an article and sets its due date, each change an
// event of the article's history.
func (s *Server) patchArticleDesk(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req articleDeskPatch
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := s.store.AssignArticle(c.Request().Context(), id, model.ArticleAssignment{Assignee: req.Assignee, Due: req.Due, IfVersion: version}, userName(c))
	if err != nil {
		return err
	}
	setETag(c, a.Version)
	return c.JSON(http.StatusOK, a)
}

// getArticleEvents answers with the history of an article's own desk
// fields: assignee, due date.
func (s *Server) getArticleEvents(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	events, err := s.store.ArticleEvents(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"events": events})
}

// getMyWork answers with what is assigned to the current user and still to
// do, grouped by article, due and overdue first.
func (s *Server) getMyWork(c echo.Context) error {
	w, err := s.store.Work(c.Request().Context(), userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, w)
}
