package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// codeStatus pairs a domain error code with its HTTP status.
type codeStatus struct {
	code   string
	status int
}

// codeStatuses is the one table between domain error codes and HTTP
// statuses, read both ways: statusOf takes the first row with a code,
// codeOf the first row with a status. A code may have extra rows below its
// own, for statuses from outside the domain that mean the same to a client
// (a 405 from Echo's router is "not found" here).
func codeStatuses() [13]codeStatus {
	return [...]codeStatus{
		{model.EINVALID, http.StatusBadRequest},
		{model.EUNAUTHORIZED, http.StatusUnauthorized},
		{model.EFORBIDDEN, http.StatusForbidden},
		{model.ENOTFOUND, http.StatusNotFound},
		{model.ECONFLICT, http.StatusConflict},
		{model.EPRECONDITION, http.StatusPreconditionFailed},
		{model.ETOOLARGE, http.StatusRequestEntityTooLarge},
		{model.EUNSUPPORTED, http.StatusUnsupportedMediaType},
		{model.ENOTACCEPTABLE, http.StatusNotAcceptable},
		{model.EUNAVAILABLE, http.StatusServiceUnavailable},
		{model.EFULL, http.StatusInsufficientStorage},
		{model.EINTERNAL, http.StatusInternalServerError},
		{model.ENOTFOUND, http.StatusMethodNotAllowed},
	}
}

// statusOf maps a domain error code to its HTTP status; an unknown code is
// a 500.
func statusOf(code string) int {
	for _, r := range codeStatuses() {
		if r.code == code {
			return r.status
		}
	}
	return http.StatusInternalServerError
}

// codeOf maps an HTTP status from outside the domain (Echo's router, its
// middleware) back to a domain code; an unknown status is EINTERNAL.
func codeOf(status int) string {
	for _, r := range codeStatuses() {
		if r.status == status {
			return r.code
		}
	}
	return model.EINTERNAL
}

// apiError is the JSON error body of docs/DESIGN.md §3.
type apiError struct {
	Error   *model.Error `json:"error"`
	Current any          `json:"current,omitempty"`
	// Blockers lists, with a 409 on an article's state, each claim that
	// keeps it from moving and why.
	Blockers []model.Blocker `json:"blockers,omitempty"`
}

// toDomain turns any error into a user-safe *model.Error and its status. It
// is the one place that turns a body over the limit (*http.MaxBytesError,
// from http.MaxBytesReader or limitBody) into a 413: readers of bodies
// return it wrapped.
func toDomain(err error) (*model.Error, int) {
	var (
		de  *model.Error
		he  *echo.HTTPError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &de):
		return de, statusOf(de.Code)
	case errors.As(err, &mbe):
		return model.Errorf(model.ETOOLARGE, "The request body is larger than the limit of %d bytes.", mbe.Limit), http.StatusRequestEntityTooLarge
	case errors.As(err, &he):
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && he.Code < 500 {
			msg = m
		}
		if he.Code == http.StatusRequestEntityTooLarge {
			msg = "The request body is too large."
		}
		return &model.Error{Code: codeOf(he.Code), Message: msg}, he.Code
	}
	return &model.Error{Code: model.EINTERNAL, Message: "Internal error."}, http.StatusInternalServerError
}

// handleError renders every error the handlers return: as JSON for the API,
// as a fragment for the workspace's scripts, and as a page otherwise. Only
// server faults are logged; bad input is the client's to fix.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if errors.Is(err, context.Canceled) && c.Request().Context().Err() != nil {
		// The client went away (a newer request replaced this one, the
		// tab closed): no fault of the server's, and nobody to answer.
		s.log.Info("client went away", "method", c.Request().Method, "path", c.Request().URL.Path)
		return
	}
	de, status := toDomain(err)
	if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	var rerr error
	switch {
	case isAPI(c):
		blockers, isBlockers := de.Current.([]model.Blocker)
		switch {
		case status == http.StatusPreconditionFailed && de.Current != nil:
			rerr = c.JSON(status, apiError{Error: de, Current: de.Current})
		case isBlockers:
			rerr = c.JSON(status, apiError{Error: de, Blockers: blockers})
		default:
			rerr = c.JSON(status, apiError{Error: de})
		}
	case isHTMX(c):
		// Shown at the top of the claim panel (the import form's error
		// slot on the import page, the party page's on a party's),
		// whatever the form's target: the error belongs to no field.
		h := c.Response().Header()
		h.Set("HX-Retarget", htmxErrorTarget(c))
		h.Set("HX-Reswap", "afterbegin")
		rerr = s.render(c, status, pages.PanelError(de.Message))
	case isFragment(c):
		rerr = c.String(status, de.Message)
	case status == http.StatusUnauthorized && isRead(c.Request().Method):
		rerr = c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
	default:
		rerr = s.render(c, status, pages.ErrorPage(status, de.Message))
	}
	if rerr != nil {
		s.log.Error("rendering error response", "err", rerr)
	}
}

// isAPI reports whether the request is for the JSON API or the annotation
// server, which answer errors in JSON and never redirect to a page.
func isAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/annotations/")
}

// htmxErrorTarget is where an htmx request's error that belongs to no
// field is shown.
func htmxErrorTarget(c echo.Context) string {
	if c.Path() == "/articles/new" {
		return "#import-error"
	}
	if strings.HasPrefix(c.Path(), "/parties/:id") {
		return "#party-error"
	}
	return "#claim-panel"
}

// isHTMX reports whether htmx sent the request (the workspace's forms and
// fragments).
func isHTMX(c echo.Context) bool {
	return c.Request().Header.Get("HX-Request") == "true"
}

// isFragment reports whether a script asked for a fragment with fetch(),
// which shows an error's text as it is.
func isFragment(c echo.Context) bool {
	return c.Request().Header.Get("X-Requested-With") == "fetch"
}
