package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/ingest"
)

// importAnnotations creates a claim from each W3C annotation of the body
// (an AnnotationCollection, a page, an array or a single annotation, from
// factmark, Hypothesis or any W3C client), each anchored in the article's
// text as ingest.W3CAnnotation.Anchor says.
//
// Each annotation is imported whole, with its parties and sources, or not
// at all; one that cannot be (its words are not in the article, it is
// about another document, it is invalid, or it was imported here before:
// a claim already has its id as via) is reported in failed with its index,
// id and the reason, and the others are still created, as an editor
// importing a colleague's 40 annotations expects 37 claims and the list of
// the 3 to redo by hand. Every annotation is read and anchored first, and
// de-duplicated against the article's claims and the rest of the import
// (ingest.PlanW3CImport, which also writes the report); the claims are
// then created in one transaction (db.CreateClaims): when
// the store fails, or the client goes away, none is, and the answer is the
// error alone, never a report of claims half saved.
//
// The answer is 201 with {"created": [...], "failed": [...]} when at least
// one claim was created; 400 with the same lists and an error when none
// could be; 200 with two empty lists for an empty collection. A body that
// is not annotations at all is a plain 400.
func (s *Server) importAnnotations(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	if err := requireJSON(c); err != nil {
		return err
	}
	items, err := ingest.DecodeW3C(c.Request().Body)
	if err != nil {
		return err // a body over the limit comes back wrapped, for toDomain's 413
	}
	ctx := c.Request().Context()
	a, existing, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	plan := ingest.PlanW3CImport(s.site(c).BaseURL, a, existing, items)
	claims, errs, err := s.store.CreateClaims(ctx, id, plan.NewClaims, userName(c))
	if err != nil {
		return err
	}
	report := plan.Report(claims, errs)
	switch {
	case len(report.Created) > 0:
		return c.JSON(http.StatusCreated, report)
	case report.Error != nil:
		return c.JSON(http.StatusBadRequest, report)
	}
	return c.JSON(http.StatusOK, report)
}
