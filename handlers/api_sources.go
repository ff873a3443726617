package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

type attachRequest struct {
	SourceID    int64          `json:"source_id"`
	URL         string         `json:"url"`
	Reference   string         `json:"reference"`
	Title       string         `json:"title"`
	Publisher   string         `json:"publisher"`
	PublishedAt string         `json:"published_at"`
	AccessedAt  string         `json:"accessed_at"`
	Excerpt     string         `json:"excerpt"`
	Relation    model.Relation `json:"relation"`
	Note        string         `json:"note"`
}

// attachment turns the request into a library pick (source_id) or a new
// source (any of the describing fields).
func (r attachRequest) attachment() model.Attachment {
	a := model.Attachment{SourceID: r.SourceID, Excerpt: r.Excerpt, Relation: r.Relation, Note: r.Note}
	if r.URL != "" || r.Reference != "" || r.Title != "" || r.Publisher != "" || r.PublishedAt != "" || r.AccessedAt != "" || r.SourceID == 0 {
		a.Source = &model.NewSource{URL: r.URL, Reference: r.Reference, Title: r.Title, Publisher: r.Publisher,
			PublishedAt: r.PublishedAt, AccessedAt: r.AccessedAt}
	}
	return a
}

func (s *Server) attachSource(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	var req attachRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	cl, err := s.store.AttachSource(c.Request().Context(), id, req.attachment(), userName(c))
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusCreated, cl)
}

func (s *Server) detachSource(c echo.Context) error {
	id, sid, err := claimChildIDs(c, "sid", "Source")
	if err != nil {
		return err
	}
	if _, err := s.store.DetachSource(c.Request().Context(), id, sid, userName(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) searchSources(c echo.Context) error {
	limit := 50
	if l := c.QueryParam("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 200 {
			return model.Invalid("limit", "limit must be a whole number from 1 to 200.")
		}
		limit = n
	}
	list, err := s.store.SearchSources(c.Request().Context(), c.QueryParam("q"), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"sources": list})
}
