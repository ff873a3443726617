package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// cors lets scripts from the configured origins (Config.CORSOrigins) call
// the JSON API and the annotation server: it answers their preflight
// requests, Authorization header included, and exposes the headers above.
// With no origin configured it does nothing: Echo's CORS middleware would
// otherwise allow every origin.
//
// Cross-origin calls authenticate with a bearer token: credentials
// (cookies) are not allowed across origins, so a page elsewhere can never
// act with an editor's session. A request that is not a preflight (an
// OPTIONS without Access-Control-Request-Method, which Echo's middleware
// would answer itself) goes on to the handlers, which describe the
// resource.
func (s *Server) cors() echo.MiddlewareFunc {
	if len(s.cfg.CORSOrigins) == 0 {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	return middleware.CORSWithConfig(middleware.CORSConfig{
		Skipper: func(c echo.Context) bool {
			req := c.Request()
			if !isAPI(c) {
				return true
			}
			return req.Method == http.MethodOptions && req.Header.Get(echo.HeaderAccessControlRequestMethod) == ""
		},
		AllowOrigins: s.cfg.CORSOrigins,
		AllowMethods: []string{http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
		AllowHeaders: []string{"Authorization", "Content-Type", "Accept", "Prefer", "If-Match", "If-None-Match", "Slug"},
		// A script on another origin may read the headers the Web Annotation
		// Protocol needs: the ETag for If-Match, the Link types, the new
		// annotation's Location...
		ExposeHeaders: []string{"ETag", "Allow", "Vary", "Link", "Content-Type", "Location", "Content-Location", "Prefer", "Preference-Applied", "Accept-Post", "X-Factmark-Edition", "X-Factmark-Unreviewed-Claims", "X-Factmark-SHA256"},
		MaxAge:        600,
	})
}

// annotationServiceLink advertises an article's annotation container on
// its page and its API resource (Web Annotation Protocol §4.4).
func (s *Server) annotationServiceLink(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if id, err := pathID(c, "id", "Article"); err == nil {
			c.Response().Header().Add("Link", "<"+s.containerIRI(c, id)+`>; rel="http://www.w3.org/ns/oa#annotationService"`)
		}
		return next(c)
	}
}
