package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// showReview is a claim's published review: readable without an account,
// since ClaimReview's url sends fact-check aggregators and readers here.
// Only claims with a verdict are published, and only what a reader needs:
// the statement, the verdict and its reason, the words, the parties and the
// sources; notes, assignees and the history stay inside.
func (s *Server) showReview(c echo.Context) error {
	id, err := pathID(c, "id", "Review")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	unpublished := model.Errorf(model.ENOTFOUND, "There is no published review %d.", id)
	cl, err := s.store.Claim(ctx, id)
	if model.ErrorCode(err) == model.ENOTFOUND || err == nil && !cl.Status.IsVerdict() {
		return unpublished
	}
	if err != nil {
		return err
	}
	a, err := s.store.Article(ctx, cl.ArticleID)
	if err != nil {
		return err
	}
	history, err := s.store.History(ctx, id)
	if err != nil {
		return err
	}
	doc := &export.Document{Article: a, Claims: []model.Claim{cl}, History: map[int64][]model.Event{id: history}, Site: s.site(c)}
	jsonLD, err := export.ClaimReviewJSON(doc)
	if err != nil {
		return err
	}
	r := pages.Review{Article: a, Claim: cl, Newsroom: doc.Site.NewsroomName, JSONLD: jsonLD, Reviewed: cl.UpdatedAt.Format("2 January 2006")}
	if ev, ok := export.VerdictEvent(doc, cl); ok {
		r.Reason = ev.Comment
		if !ev.At.IsZero() {
			r.Reviewed = ev.At.Format("2 January 2006")
		}
	}
	if r.Claim.Statement == "" {
		r.Claim.Statement = cl.Quote.Exact
	}
	return s.render(c, http.StatusOK, pages.ReviewPage(r))
}
