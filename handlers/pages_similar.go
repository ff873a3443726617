package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// showSimilar renders the claim panel's "Checked before" section, which
// the panel loads after it is shown.
func (s *Server) showSimilar(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	v, err := s.similarView(c, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.SimilarSection(v))
}

func (s *Server) similarView(c echo.Context, id int64) (pages.SimilarView, error) {
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, id)
	if err != nil {
		return pages.SimilarView{}, err
	}
	list, err := s.store.SimilarClaims(ctx, id)
	return pages.SimilarView{Claim: cl, Similar: list}, err
}

// formClaimID reads a claim id from the form field name.
func formClaimID(c echo.Context, name string) (int64, error) {
	n, err := strconv.ParseInt(c.FormValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, model.Invalid(name, "Pick a claim from the list.")
	}
	return n, nil
}

func (s *Server) doLinkSame(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	other, err := formClaimID(c, "claim_id")
	if err == nil {
		_, err = s.store.LinkClaims(c.Request().Context(), id, other, userName(c))
	}
	return s.similarResult(c, id, err, "Linked as the same claim.")
}

func (s *Server) doUnlinkSame(c echo.Context) error {
	id, other, err := claimChildIDs(c, "other", "Claim")
	if err != nil {
		return err
	}
	_, err = s.store.UnlinkClaims(c.Request().Context(), id, other, userName(c))
	return s.similarResult(c, id, err, "Unlinked.")
}

func (s *Server) doCopySources(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	from, err := formClaimID(c, "from")
	n := 0
	if err == nil {
		_, n, err = s.store.CopySources(c.Request().Context(), id, from, userName(c))
	}
	return s.similarResult(c, id, err, copiedText(n))
}

// similarResult answers the link and copy forms: on success the panel's
// sources, head, version and history, the article and claim list, and the
// section; on a refusal, the section with the reason (and the sources
// section unchanged, the forms' target).
func (s *Server) similarResult(c echo.Context, id int64, err error, flash string) error {
	status := http.StatusOK
	msg := ""
	if err != nil {
		if model.ErrorCode(err) == model.EINTERNAL {
			return err
		}
		status, msg, flash = statusOf(model.ErrorCode(err)), model.ErrorMessage(err), ""
	}
	p, err := s.loadPanel(c, id, func(p *pages.ClaimPanel) { p.Flash = flash })
	if err != nil {
		return err
	}
	a := pages.Answer{Panel: p, Part: pages.PartSources, OK: status == http.StatusOK}
	if a.OK {
		if a.Text, a.Claims, err = s.workspaceParts(c, p.Claim.ArticleID); err != nil {
			return err
		}
	}
	v, err := s.similarView(c, id)
	if err != nil {
		return err
	}
	v.Flash, v.Error = flash, msg
	return s.render(c, status, pages.SimilarAnswerView(pages.SimilarAnswer{Answer: a, Similar: v}))
}

// copiedText says how many sources were copied.
func copiedText(n int) string {
	if n == 1 {
		return "Copied 1 source with its excerpt."
	}
	return "Copied " + strconv.Itoa(n) + " sources with their excerpts."
}
