package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

// partyListLimit is how many entries completion returns unless ?limit=
// says otherwise.
const partyListLimit = 20

// listParties answers GET /api/v1/parties?q=: the registry entries whose
// name or an alias starts with q (folded), most used first.
func (s *Server) listParties(c echo.Context) error {
	limit := partyListLimit
	if l := c.QueryParam("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 200 {
			return model.Invalid("limit", "limit must be a whole number from 1 to 200.")
		}
		limit = n
	}
	list, err := s.store.PartyEntities(c.Request().Context(), c.QueryParam("q"), limit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"parties": list})
}

// partyDetailJSON is a registry entry with every claim that involves it
// and its history.
type partyDetailJSON struct {
	model.PartyEntity
	ClaimList []model.PartyClaim `json:"claim_list"`
	History   []model.PartyEvent `json:"history"`
}

// getParty answers GET /api/v1/parties/{id}.
func (s *Server) getParty(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	e, claims, err := s.store.PartyEntity(c.Request().Context(), id)
	if err != nil {
		return err
	}
	history, err := s.store.PartyHistory(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, partyDetailJSON{PartyEntity: e, ClaimList: claims, History: history})
}

// partyPatchRequest is the body of PATCH /api/v1/parties/{id}: absent keys
// stay as they are; aliases replaces the aliases.
type partyPatchRequest struct {
	Name    *string          `json:"name"`
	Type    *model.PartyType `json:"type"`
	Aliases *[]string        `json:"aliases"`
}

// patchParty renames, retypes or re-aliases a registry entry.
func (s *Server) patchParty(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	var req partyPatchRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	e, err := s.store.UpdatePartyEntity(c.Request().Context(), id, model.PartyEntityPatch{Name: req.Name, Type: req.Type, Aliases: req.Aliases}, userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, e)
}

// partyMergeRequest is the body of POST /api/v1/parties/{id}/merge.
type partyMergeRequest struct {
	Into int64 `json:"into"`
}

// mergeParty merges the entry in the path into the entry `into`, and
// answers with the merged entry.
func (s *Server) mergeParty(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	var req partyMergeRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.Into <= 0 {
		return model.Invalid("into", "Give the id of the party to merge into.")
	}
	e, err := s.store.MergePartyEntities(c.Request().Context(), id, req.Into, userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, e)
}

// matchParty is the id of the registry's party whose name or alias folds
// like name, or nil: a suggestion names the entry it would link to.
func (s *Server) matchParty(ctx context.Context, name string) (*int64, error) {
	return s.store.MatchPartyEntity(ctx, name)
}
