package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// HEAD (RFC 9110 §9.3.2) is GET without the body, and must answer wherever
// GET does: monitors and link checkers use it. Echo routes HEAD only where a
// HEAD route is registered, so routeHeadAsGet has the router see a GET, and
// restoreHead gives the handlers back the HEAD they were sent, so that
// net/http (which looks at the request's method when it writes) sends the
// headers a GET would get, Content-Length included, and no body. Handlers
// that build a body only to measure it (sendBytes) skip it for HEAD.

const headKey = "head_as_get"

// routeHeadAsGet is a Pre middleware: it runs before the router, which
// reads the method from the same *http.Request.
func routeHeadAsGet(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if req := c.Request(); req.Method == http.MethodHead {
			req.Method = http.MethodGet
			c.Set(headKey, true)
		}
		return next(c)
	}
}

// restoreHead runs first after the router: see routeHeadAsGet.
func restoreHead(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if head, _ := c.Get(headKey).(bool); head {
			c.Request().Method = http.MethodHead
		}
		return next(c)
	}
}

// isRead reports whether m only reads: GET, or HEAD which is GET without
// the body.
func isRead(m string) bool { return m == http.MethodGet || m == http.MethodHead }
