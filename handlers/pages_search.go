package handlers

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// showSearch renders the search page: the form with its filters (a GET
// form, so that a search is a URL to bookmark and share), the results
// grouped by kind, and the user's saved searches beside them.
func (s *Server) showSearch(c echo.Context) error {
	v := pages.SearchView{Errors: map[string]string{}}
	status := http.StatusOK
	q, err := model.ParseSearch(c.QueryParams())
	v.Search = q
	ctx := c.Request().Context()
	switch {
	case err != nil:
		if !fieldErr(err, v.Errors) {
			return err
		}
		status = http.StatusBadRequest
		// Keep what was typed in the form, even where it was refused.
		v.Search = model.Search{Q: c.QueryParam("q"), Type: model.SearchType(c.QueryParam("type")), Status: model.Status(c.QueryParam("status")),
			Kind: model.Kind(c.QueryParam("kind")), Party: c.QueryParam("party"), Assignee: c.QueryParam("assignee"),
			Published: model.PublicationState(c.QueryParam("published")), Publication: c.QueryParam("publication"),
			From: c.QueryParam("from"), To: c.QueryParam("to"), Page: 1}
	case !q.IsEmpty():
		res, err := s.store.Search(ctx, q)
		if err != nil {
			return err
		}
		v.Results, v.Searched = res, true
	}
	if err := s.loadSaved(c, &v); err != nil {
		return err
	}
	return s.render(c, status, pages.SearchPage(v))
}

func (s *Server) loadSaved(c echo.Context, v *pages.SearchView) error {
	u, _ := currentUser(c)
	saved, err := s.store.SavedSearches(c.Request().Context(), u.ID)
	v.Saved = saved
	return err
}

// doSaveSearch saves the search it is given (its query string, checked
// like a search) under a name, and goes back to it.
func (s *Server) doSaveSearch(c echo.Context) error {
	u, _ := currentUser(c)
	query := c.FormValue("query")
	vals, err := url.ParseQuery(query)
	var q model.Search
	if err == nil {
		q, err = model.ParseSearch(vals)
	}
	if err == nil && q.IsEmpty() {
		err = model.Invalid("query", "There is no search to save: search for something first.")
	}
	if err == nil {
		_, err = s.store.SaveSearch(c.Request().Context(), u.ID, c.FormValue("name"), q.String())
	}
	if err != nil {
		v := pages.SearchView{Errors: map[string]string{}, Search: q, SaveName: c.FormValue("name")}
		if !fieldErr(err, v.Errors) {
			return err
		}
		// The form shows one field: a problem with the search it carries
		// is shown there too.
		for f, msg := range v.Errors {
			if f != "name" {
				v.Errors = map[string]string{"name": "The search cannot be saved: " + msg}
			}
		}
		if err := s.loadSaved(c, &v); err != nil {
			return err
		}
		return s.render(c, http.StatusBadRequest, pages.SearchPage(v))
	}
	return c.Redirect(http.StatusSeeOther, "/search?"+q.String())
}

// doDeleteSavedSearch deletes one of the user's saved searches.
func (s *Server) doDeleteSavedSearch(c echo.Context) error {
	u, _ := currentUser(c)
	id, err := strconv.ParseInt(c.Param("sid"), 10, 64)
	if err != nil || id <= 0 {
		return model.NotFound("Saved search", 0)
	}
	if err := s.store.DeleteSavedSearch(c.Request().Context(), u.ID, id); err != nil {
		return err
	}
	back := "/search"
	if q := c.FormValue("back"); q != "" {
		if vals, err := url.ParseQuery(q); err == nil {
			if bq, err := model.ParseSearch(vals); err == nil {
				back += "?" + bq.String()
			}
		}
	}
	return c.Redirect(http.StatusSeeOther, back)
}
