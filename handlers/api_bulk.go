package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

// bulkRequest is the body of POST /api/v1/articles/{id}/claims/bulk: the
// selected claims and the one change they all get.
type bulkRequest struct {
	ClaimIDs []int64       `json:"claim_ids"`
	Assignee *string       `json:"assignee"`
	Due      *string       `json:"due"`
	Status   *model.Status `json:"status"`
}

// bulkUpdateClaims assigns (or sets the status of) several claims of an
// article at once, in one transaction: all of them change or, with a 400
// naming the claim refused, none does.
func (s *Server) bulkUpdateClaims(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	var req bulkRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	claims, err := s.store.BulkUpdateClaims(c.Request().Context(), id, model.BulkClaimUpdate{ClaimIDs: req.ClaimIDs,
		Assignee: req.Assignee, Due: req.Due, Status: req.Status}, userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"claims": claims})
}
