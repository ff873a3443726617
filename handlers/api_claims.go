package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
)

type partyRequest struct {
	Name  string     `json:"name"`
	Role  model.Role `json:"role"`
	Start *int       `json:"start"`
	End   *int       `json:"end"`
	// Type is the party registry type for a name new to the registry.
	Type model.PartyType `json:"type"`
}

func (p partyRequest) toModel() model.NewParty {
	return model.NewParty{Name: p.Name, Role: p.Role, Start: p.Start, End: p.End, Type: p.Type}
}

type claimRequest struct {
	Start     *int           `json:"start"`
	End       *int           `json:"end"`
	Quote     *anchor.Quote  `json:"quote"`
	Statement string         `json:"statement"`
	Kind      model.Kind     `json:"kind"`
	Status    model.Status   `json:"status"`
	Note      string         `json:"note"`
	Assignee  string         `json:"assignee"`
	Parties   []partyRequest `json:"parties"`
}

// claimPatch is a partial update: absent and null fields stay as they are.
type claimPatch struct {
	Statement *string       `json:"statement"`
	Kind      *model.Kind   `json:"kind"`
	Status    *model.Status `json:"status"`
	Note      *string       `json:"note"`
	Assignee  *string       `json:"assignee"`
	Due       *string       `json:"due"`
	Comment   string        `json:"comment"`
}

func (s *Server) listClaims(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	claims, err := s.store.ClaimsByArticle(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if claims == nil {
		claims = []model.Claim{}
	}
	return c.JSON(http.StatusOK, map[string]any{"claims": claims})
}

func (s *Server) createClaim(c echo.Context) error {
	articleID, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	var req claimRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	nc := model.NewClaim{Start: req.Start, End: req.End, Quote: req.Quote, Statement: req.Statement, Kind: req.Kind,
		Status: req.Status, Note: req.Note, Assignee: req.Assignee}
	for _, p := range req.Parties {
		nc.Parties = append(nc.Parties, p.toModel())
	}
	cl, err := s.store.CreateClaim(c.Request().Context(), articleID, nc, userName(c))
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusCreated, cl)
}

// sendClaim answers with a claim, its version as ETag and, on creation, its
// location.
func (s *Server) sendClaim(c echo.Context, status int, cl model.Claim) error {
	setETag(c, cl.Version)
	if status == http.StatusCreated {
		c.Response().Header().Set("Location", "/api/v1/claims/"+strconv.FormatInt(cl.ID, 10))
	}
	return c.JSON(status, cl)
}

func (s *Server) getClaim(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	cl, err := s.store.Claim(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusOK, cl)
}

func (s *Server) patchClaim(c echo.Context) error {
	return writeClaim(s, c, func(ctx context.Context, id int64, version int, req claimPatch) (model.Claim, error) {
		return s.store.UpdateClaim(ctx, id, model.ClaimUpdate{Statement: req.Statement, Kind: req.Kind,
			Status: req.Status, Note: req.Note, Assignee: req.Assignee, Due: req.Due, Comment: req.Comment, IfVersion: version}, userName(c))
	})
}

// writeClaim reads what every JSON write to one claim needs (the claim's id
// from the path, the If-Match version and the body, decoded strictly into
// Req), applies write, and answers with the claim and its new ETag.
func writeClaim[Req any](s *Server, c echo.Context, write func(ctx context.Context, id int64, version int, req Req) (model.Claim, error)) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req Req
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	cl, err := write(c.Request().Context(), id, version, req)
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusOK, cl)
}

func (s *Server) deleteClaim(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteClaim(c.Request().Context(), id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) getHistory(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	events, err := s.store.History(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"events": events})
}

func (s *Server) addParty(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	var req partyRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	cl, err := s.store.AddParty(c.Request().Context(), id, req.toModel(), userName(c))
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusCreated, cl)
}

func (s *Server) removeParty(c echo.Context) error {
	id, pid, err := claimChildIDs(c, "pid", "Party")
	if err != nil {
		return err
	}
	if _, err := s.store.RemoveParty(c.Request().Context(), id, pid, userName(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
