package handlers

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

// desk reports whether a PATCH of an article sets the desk's fields.
func (p articlePatch) desk() bool { return p.Assignee != nil || p.Due != nil || p.State != nil }

// metadata reports whether a PATCH of an article sets its metadata.
func (p articlePatch) metadata() bool {
	return p.Title != nil || p.Byline != nil || p.Publication != nil || p.URL != nil || p.PublishedAt != nil || p.Lang != nil || p.Dir != nil
}

// patchArticleDesk is PATCH /api/v1/articles/{id} with the desk's fields:
// it assigns the article and sets its due date, each change an event of
// the article's history. Metadata in the same request is refused rather
// than written in a second transaction, which a failure could leave half
// done.
func (s *Server) patchArticleDesk(c echo.Context, id int64, version int, req articlePatch) error {
	if req.metadata() {
		return model.Invalid("assignee", "Send the assignee, due date and state in a PATCH of their own, apart from the title, byline and other metadata.")
	}
	a, err := s.store.AssignArticle(c.Request().Context(), id, model.ArticleAssignment{Assignee: req.Assignee, Due: req.Due, State: req.State,
		RequireCheck: s.cfg.RequireSecondCheck, IfVersion: version}, userName(c))
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

// requirePublisher lets through only those who may publish reviews and
// approve second checks: admins and the editors an admin marked as
// publishers.
func requirePublisher(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u, ok := currentUser(c); !ok || !u.CanPublish() {
			return model.Errorf(model.EFORBIDDEN, "Only publishers and admins may publish reviews and approve second checks: ask an admin to mark you as a publisher.")
		}
		return next(c)
	}
}

// checkRequest is the body of POST /api/v1/claims/{id}/check-request.
type checkRequest struct {
	Comment   string `json:"comment"`
	Rationale string `json:"rationale"`
}

// checkDecision is the body of POST /api/v1/claims/{id}/approve and
// /send-back.
type checkDecision struct {
	Comment string `json:"comment"`
}

// requestCheck asks for a second check of a claim's verdict.
func (s *Server) requestCheck(c echo.Context) error {
	return writeClaimOptional(s, c, func(ctx context.Context, id int64, version int, req checkRequest) (model.Claim, error) {
		return s.store.RequestCheck(ctx, id, model.CheckRequest{Comment: req.Comment, Rationale: req.Rationale, IfVersion: version}, userName(c))
	})
}

// approveCheck approves the second check a claim awaits.
func (s *Server) approveCheck(c echo.Context) error {
	return writeClaimOptional(s, c, func(ctx context.Context, id int64, version int, req checkDecision) (model.Claim, error) {
		return s.store.ApproveCheck(ctx, id, model.CheckDecision{Comment: req.Comment, IfVersion: version}, userName(c))
	})
}

// sendBackCheck sends a claim back to its checker with a comment.
func (s *Server) sendBackCheck(c echo.Context) error {
	return writeClaimOptional(s, c, func(ctx context.Context, id int64, version int, req checkDecision) (model.Claim, error) {
		return s.store.SendBackCheck(ctx, id, model.CheckDecision{Comment: req.Comment, IfVersion: version}, userName(c))
	})
}

// writeClaimOptional is writeClaim for a body that may be left out
// altogether: a request without one (no Content-Type, no length) acts as
// if it sent {}.
func writeClaimOptional[Req any](s *Server, c echo.Context, write func(ctx context.Context, id int64, version int, req Req) (model.Claim, error)) error {
	r := c.Request()
	if r.ContentLength != 0 || r.Header.Get("Content-Type") != "" {
		return writeClaim(s, c, write)
	}
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req Req
	cl, err := write(r.Context(), id, version, req)
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusOK, cl)
}

// listCheckQueue answers with the claims awaiting a second check, oldest
// request first.
func (s *Server) listCheckQueue(c echo.Context) error {
	q, err := s.store.CheckQueue(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"checks": q})
}

// getDashboard answers with the desk's counts (see model.Dashboard).
func (s *Server) getDashboard(c echo.Context) error {
	d, err := s.store.Dashboard(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}
