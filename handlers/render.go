package handlers

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/renderbuf"
)

// render renders a component into a buffer first, so that a failing render
// becomes a clean error response instead of half a page. The buffers are
// kept from one render to the next (renderbuf).
func (s *Server) render(c echo.Context, status int, comp templ.Component) error {
	buf := renderbuf.Get()
	defer renderbuf.Put(buf)
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}
