package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
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

// showCheckQueue is the reviewers' queue: the claims awaiting a second
// check.
func (s *Server) showCheckQueue(c echo.Context) error {
	q, err := s.store.CheckQueue(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.CheckQueue(q))
}

// doRequestCheck is the panel's "Request check" form.
func (s *Server) doRequestCheck(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	in := pages.CheckInput{Comment: c.FormValue("comment"), Rationale: c.FormValue("rationale")}
	version, _ := strconv.Atoi(c.FormValue("version"))
	_, err = s.store.RequestCheck(c.Request().Context(), id, model.CheckRequest{Comment: in.Comment, Rationale: in.Rationale, IfVersion: version}, userName(c))
	return s.panelResult(c, id, checkFormError(err), "check", "Second check requested: it is in the reviewers' queue.", func(p *pages.ClaimPanel) { p.Check = in })
}

// doApproveCheck is the panel's "Approve" button of a second check.
func (s *Server) doApproveCheck(c echo.Context) error {
	return s.decideCheckForm(c, s.store.ApproveCheck, "Approved: the review may be published.")
}

// doSendBackCheck is the panel's "Send back" button of a second check.
func (s *Server) doSendBackCheck(c echo.Context) error {
	return s.decideCheckForm(c, s.store.SendBackCheck, "Sent back to the checker with your comment.")
}

// decideCheckForm runs one decision of the panel's second-check form.
func (s *Server) decideCheckForm(c echo.Context, decide func(context.Context, int64, model.CheckDecision, string) (model.Claim, error), flash string) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	in := pages.CheckInput{Comment: c.FormValue("comment")}
	version, _ := strconv.Atoi(c.FormValue("version"))
	_, err = decide(c.Request().Context(), id, model.CheckDecision{Comment: in.Comment, IfVersion: version}, userName(c))
	return s.panelResult(c, id, checkFormError(err), "check", flash, func(p *pages.ClaimPanel) { p.Check = in })
}

// checkFormError shows an error of the second-check form beside its
// comment, unless it names the rationale.
func checkFormError(err error) error {
	var de *model.Error
	if errors.As(err, &de) && de.Field == "rationale" {
		return err
	}
	return formError(err, "comment")
}

// doSetPublisher is the admin's "Make publisher" and "Not a publisher"
// buttons: publishers, with admins, publish reviews and approve second
// checks.
func (s *Server) doSetPublisher(c echo.Context) error {
	var on bool
	switch c.FormValue("publisher") {
	case "1":
		on = true
	case "0":
	default:
		return model.Invalid("publisher", "Send publisher=1 to make the user a publisher, publisher=0 to stop.")
	}
	done := "publisher"
	if !on {
		done = "not-publisher"
	}
	return s.changeUser(c, model.UserChange{Publisher: &on}, done)
}
