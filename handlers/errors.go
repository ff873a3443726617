package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// statusOf maps a domain error code to its HTTP status: the one place that
// does.
func statusOf(code string) int {
	switch code {
	case model.EINVALID:
		return http.StatusBadRequest
	case model.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case model.EFORBIDDEN:
		return http.StatusForbidden
	case model.ENOTFOUND:
		return http.StatusNotFound
	case model.ECONFLICT:
		return http.StatusConflict
	case model.EPRECONDITION:
		return http.StatusPreconditionFailed
	case model.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case model.EUNSUPPORTED:
		return http.StatusUnsupportedMediaType
	case model.ENOTACCEPTABLE:
		return http.StatusNotAcceptable
	case model.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case model.EFULL:
		return http.StatusInsufficientStorage
	}
	return http.StatusInternalServerError
}

// codeOf maps an HTTP status from outside the domain (Echo's router, its
// middleware) back to a domain code.
func codeOf(status int) string {
	switch status {
	case http.StatusBadRequest:
		return model.EINVALID
	case http.StatusUnauthorized:
		return model.EUNAUTHORIZED
	case http.StatusForbidden:
		return model.EFORBIDDEN
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return model.ENOTFOUND
	case http.StatusConflict:
		return model.ECONFLICT
	case http.StatusPreconditionFailed:
		return model.EPRECONDITION
	case http.StatusRequestEntityTooLarge:
		return model.ETOOLARGE
	case http.StatusUnsupportedMediaType:
		return model.EUNSUPPORTED
	case http.StatusNotAcceptable:
		return model.ENOTACCEPTABLE
	case http.StatusServiceUnavailable:
		return model.EUNAVAILABLE
	case http.StatusInsufficientStorage:
		return model.EFULL
	}
	return model.EINTERNAL
}

// apiError is the JSON error body of DESIGN.md §3.
type apiError struct {
	Error   *model.Error `json:"error"`
	Current any          `json:"current,omitempty"`
}

// toDomain turns any error into a user-safe *model.Error and its status.
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
		return tooLarge(mbe.Limit).(*model.Error), http.StatusRequestEntityTooLarge
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
	de, status := toDomain(err)
	if status >= 500 {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	var rerr error
	switch {
	case isAPI(c):
		if status == http.StatusPreconditionFailed && de.Current != nil {
			rerr = c.JSON(status, apiError{Error: de, Current: de.Current})
		} else {
			rerr = c.JSON(status, apiError{Error: de})
		}
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

// isFragment reports whether the workspace's script asked for a fragment.
func isFragment(c echo.Context) bool {
	return c.Request().Header.Get("X-Requested-With") == "fetch"
}
