package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

// getSimilar answers GET /api/v1/claims/{id}/similar: up to five claims of
// other articles that may be the same claim ("checked before").
func (s *Server) getSimilar(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	list, err := s.store.SimilarClaims(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"similar": list})
}

type linkRequest struct {
	ClaimID int64 `json:"claim_id"`
}

// linkSame answers POST /api/v1/claims/{id}/same {claim_id}: link the two
// as the same claim.
func (s *Server) linkSame(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	var req linkRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.ClaimID <= 0 {
		return model.Invalid("claim_id", "claim_id must name the claim (its id) to link as the same claim.")
	}
	cl, err := s.store.LinkClaims(c.Request().Context(), id, req.ClaimID, userName(c))
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusOK, cl)
}

// unlinkSame answers DELETE /api/v1/claims/{id}/same/{other}.
func (s *Server) unlinkSame(c echo.Context) error {
	id, other, err := claimChildIDs(c, "other", "Claim")
	if err != nil {
		return err
	}
	if _, err := s.store.UnlinkClaims(c.Request().Context(), id, other, userName(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type copySourcesRequest struct {
	From int64 `json:"from"`
}

// copySources answers POST /api/v1/claims/{id}/sources/copy {from}: every
// source of claim from, with its excerpt, relation and note, attached in
// one step.
func (s *Server) copySources(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	var req copySourcesRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.From <= 0 {
		return model.Invalid("from", "from must name the claim (its id) whose sources to copy.")
	}
	cl, n, err := s.store.CopySources(c.Request().Context(), id, req.From, userName(c))
	if err != nil {
		return err
	}
	setETag(c, cl.Version)
	return c.JSON(http.StatusOK, map[string]any{"copied": n, "claim": cl})
}
