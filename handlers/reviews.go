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
// It shows only what was published: the verdict and public rationale as an
// editor last published them (a later status change stays internal until
// published again), with a dated notice for each correction; the
// statement, the words, the parties and the sources. Notes, status
// comments, assignees, the history and unpublished verdicts stay inside.
// A review never published is not found (404); a withdrawn one is gone
// (410), with a page that says when and why.
func (s *Server) showReview(c echo.Context) error {
	id, err := pathID(c, "id", "Review")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	unpublished := model.Errorf(model.ENOTFOUND, "There is no published review %d.", id)
	cl, err := s.store.Claim(ctx, id)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return unpublished
	}
	if err != nil {
		return err
	}
	a, err := s.store.Article(ctx, cl.ArticleID)
	if err != nil {
		return err
	}
	site := s.site(c)
	// The statement, parties and sources as published: an edit since is
	// internal until the review is published again.
	cl = model.PublicView(cl)
	switch cl.Publication.State {
	case model.Published:
	case model.Withdrawn:
		return s.render(c, http.StatusGone, pages.WithdrawnReviewPage(pages.NewReview(a, cl, site.NewsroomName, nil)))
	default:
		return unpublished
	}
	// Only what the public page shows goes into the markup: no history.
	doc := &export.Document{Article: a, Claims: []model.Claim{cl}, Site: site}
	jsonLD, err := export.ClaimReviewJSON(doc)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.ReviewPage(pages.NewReview(a, cl, site.NewsroomName, jsonLD)))
}
