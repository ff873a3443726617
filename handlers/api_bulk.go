package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// bulkRequest is the body of POST /api/v1/articles/{id}/claims/bulk: the
// selected claims and the one change they all get.
type bulkRequest struct {
	ClaimIDs []int64       `json:"claim_ids"`
	Assignee *string       `json:"assignee"`
	Due      *string       `json:"due"`
	Status   *model.Status `json:"status"`
}

// bulkUpdateClaims assigns (or sets the status of) several claims of an
// article at once, in one transaction: all of them change or, with a 400
// naming the claim refused, none does.
func (s *Server) bulkUpdateClaims(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	var req bulkRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	claims, err := s.store.BulkUpdateClaims(c.Request().Context(), id, model.BulkClaimUpdate{ClaimIDs: req.ClaimIDs,
		Assignee: req.Assignee, Due: req.Due, Status: req.Status}, userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"claims": claims})
}

// bulkForm is the claim list's bulk form for article id, empty.
func (s *Server) bulkForm(ctx context.Context, articleID int64) (pages.BulkForm, error) {
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return pages.BulkForm{}, err
	}
	return pages.BulkForm{ArticleID: articleID, Users: users}, nil
}

// doBulkClaims is the claim list's bulk form: the ticked claims get the
// assignee, due date or status chosen ("" keeps each as it is). It answers
// with the form, a refusal beside its field, and on success the claim list
// and the article text as they now are.
func (s *Server) doBulkClaims(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, err := s.bulkForm(ctx, id)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	var ids []int64
	for _, v := range form["claim_ids"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return model.Invalid("claim_ids", "%q is not a claim id: tick claims in the list.", v)
		}
		ids = append(ids, n)
	}
	b := model.BulkClaimUpdate{ClaimIDs: ids, Assignee: chosen(form.Get("assignee")), Due: chosen(form.Get("due"))}
	if st := form.Get("status"); st != "" {
		status := model.Status(st)
		b.Status = &status
	}
	changed, err := s.store.BulkUpdateClaims(ctx, id, b, userName(c))
	var de *model.Error
	if errors.As(err, &de) && de.Code == model.EINVALID {
		f.Errors = map[string]string{bulkField(de.Field): de.Message}
		return s.render(c, http.StatusBadRequest, pages.BulkClaims(f))
	}
	if err != nil {
		return err
	}
	a, claims, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	f.Done = fmt.Sprintf("%d claims changed.", len(changed))
	if len(changed) == 1 {
		f.Done = "1 claim changed."
	}
	return s.render(c, http.StatusOK, pages.BulkAnswer(f, claims, s.articleText(a, claims).Drawing(a.ID)))
}

// chosen is a form's choice: nil for "" (keep as it is).
func chosen(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// bulkField is where the bulk form shows a refusal: beside its field, or
// beside the selection when it names no field of the form.
func bulkField(field string) string {
	switch field {
	case "assignee", "due", "status":
		return field
	}
	return "claim_ids"
}
