package handlers

import (
	"context"
	"errors"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// publishRequest is the body of POST /api/v1/claims/{id}/publish.
type publishRequest struct {
	Rationale string `json:"rationale"`
}

// unpublishRequest is the body of POST /api/v1/claims/{id}/unpublish.
type unpublishRequest struct {
	Reason string `json:"reason"`
}

// publishClaim publishes a claim's review: its current verdict with the
// public rationale given, which readers then see at /reviews/{id} and in
// ClaimReview.
func (s *Server) publishClaim(c echo.Context) error {
	return writeClaim(s, c, func(ctx context.Context, id int64, version int, req publishRequest) (model.Claim, error) {
		return s.store.PublishClaim(ctx, id, model.Publish{Rationale: req.Rationale, IfVersion: version, RequireCheck: s.cfg.RequireSecondCheck}, userName(c))
	})
}

// unpublishClaim withdraws a claim's published review with a reason that
// its page then gives readers.
func (s *Server) unpublishClaim(c echo.Context) error {
	return writeClaim(s, c, func(ctx context.Context, id int64, version int, req unpublishRequest) (model.Claim, error) {
		return s.store.UnpublishClaim(ctx, id, model.Unpublish{Reason: req.Reason, IfVersion: version}, userName(c))
	})
}

// doPublish is the panel's "Publish review…" form.
func (s *Server) doPublish(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	in := pages.PublishInput{Rationale: c.FormValue("rationale"), Open: true}
	version, _ := strconv.Atoi(c.FormValue("version"))
	_, err = s.store.PublishClaim(c.Request().Context(), id, model.Publish{Rationale: in.Rationale, IfVersion: version, RequireCheck: s.cfg.RequireSecondCheck}, userName(c))
	return s.panelResult(c, id, formError(err, "rationale"), "publish", "Review published: readers now see it.", func(p *pages.ClaimPanel) { p.Publish = in })
}

// doUnpublish is the panel's "Withdraw review…" form.
func (s *Server) doUnpublish(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	in := pages.WithdrawInput{Reason: c.FormValue("reason"), Open: true}
	version, _ := strconv.Atoi(c.FormValue("version"))
	_, err = s.store.UnpublishClaim(c.Request().Context(), id, model.Unpublish{Reason: in.Reason, IfVersion: version}, userName(c))
	return s.panelResult(c, id, formError(err, "reason"), "withdraw", "Review withdrawn: its page now says why.", func(p *pages.ClaimPanel) { p.Withdraw = in })
}

// formError puts an error that names no field of a panel form (a conflict,
// a stale version) beside the form's one field, so that it shows there.
func formError(err error, field string) error {
	var de *model.Error
	if !errors.As(err, &de) || de.Code == model.ENOTFOUND || de.Code == model.EINTERNAL || de.Field == field {
		return err
	}
	return &model.Error{Code: de.Code, Field: field, Message: de.Message}
}
