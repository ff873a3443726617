package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

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

// doAddComment is the panel's comment form.
func (s *Server) doAddComment(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	in := pages.CommentInput{Body: c.FormValue("body")}
	_, err = s.store.AddComment(c.Request().Context(), id, in.Body, userName(c))
	return s.panelResult(c, id, err, "comment", "Comment posted.", func(p *pages.ClaimPanel) { p.Comment = in })
}

// doEditComment is a comment's edit form in the panel.
func (s *Server) doEditComment(c echo.Context) error {
	id, err := pathID(c, "cid", "Comment")
	if err != nil {
		return err
	}
	in := pages.CommentInput{Body: c.FormValue("body"), Editing: id}
	cm, err := s.store.EditComment(c.Request().Context(), id, in.Body, userName(c))
	if err != nil && model.ErrorCode(err) != model.EINVALID {
		return err
	}
	return s.panelResult(c, cm.ClaimID, err, "comment", "Comment saved.", func(p *pages.ClaimPanel) { p.Comment = in })
}

// doDeleteComment is a comment's delete button in the panel.
func (s *Server) doDeleteComment(c echo.Context) error {
	id, err := pathID(c, "cid", "Comment")
	if err != nil {
		return err
	}
	cm, err := s.store.DeleteComment(c.Request().Context(), id, userName(c))
	if err != nil {
		return err
	}
	return s.panelResult(c, cm.ClaimID, nil, "comment", "Comment deleted; the history keeps it.", nil)
}

// doSetArticleState is the workspace's article state form. A refused move
// answers with the form and every claim that blocks it.
func (s *Server) doSetArticleState(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	state := model.ArticleState(c.FormValue("state"))
	a, err := s.store.AssignArticle(ctx, id, model.ArticleAssignment{State: &state, RequireCheck: s.cfg.RequireSecondCheck}, userName(c))
	var de *model.Error
	switch {
	case err == nil && !isHTMX(c):
		return c.Redirect(http.StatusSeeOther, model.ArticleURL(id))
	case err == nil:
		return s.render(c, http.StatusOK, pages.ArticleStateForm(pages.ArticleStateView{Article: a, Flash: "The article is " + strings.ToLower(a.State.Label()) + "."}))
	case !isHTMX(c) || !errors.As(err, &de) || (de.Code != model.ECONFLICT && de.Code != model.EINVALID):
		return err
	}
	cur, lerr := s.store.Article(ctx, id)
	if lerr != nil {
		return lerr
	}
	blockers, _ := de.Current.([]model.Blocker)
	return s.render(c, statusOf(de.Code), pages.ArticleStateForm(pages.ArticleStateView{Article: cur, Error: de.Message, Blockers: blockers}))
}

// showDashboard is the desk's overview.
func (s *Server) showDashboard(c echo.Context) error {
	d, err := s.store.Dashboard(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.DashboardPage(d))
}

// showDeskClaims lists the claims a number of the dashboard counts:
// ?status=, ?assignee= ("-" for nobody), ?overdue=1, ?awaiting=1.
func (s *Server) showDeskClaims(c echo.Context) error {
	f, title, err := deskFilter(c)
	if err != nil {
		return err
	}
	list, err := s.store.DeskClaims(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.DeskClaimsPage(title, list))
}

// deskFilter reads the desk list's filter from the query and names it.
func deskFilter(c echo.Context) (model.ClaimFilter, string, error) {
	f := model.ClaimFilter{Status: model.Status(c.QueryParam("status")), Assignee: c.QueryParam("assignee"),
		Overdue: c.QueryParam("overdue") == "1", AwaitingCheck: c.QueryParam("awaiting") == "1"}
	title := "Claims"
	if f.Status != "" {
		if !f.Status.Valid() {
			return f, "", model.Invalid("status", "Unknown status %q.", f.Status)
		}
		title += " " + strings.ToLower(f.Status.Label())
	}
	switch f.Assignee {
	case "":
	case "-":
		title += " assigned to nobody"
	default:
		title += " assigned to " + f.Assignee
	}
	if f.Overdue {
		title += ", overdue"
	}
	return f, title, nil
}
