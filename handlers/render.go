package handlers

import (
	"bytes"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
)

// renderBuffers keeps the buffers pages are rendered into, for the next
// render to reuse. A page is rendered whole before it is sent; in a fresh
// buffer, the 1.7 MB workspace of a 10,000-claim article grew it eleven
// times, and each growth took new memory from the system, page by page:
// the first workspace after the server started spent three times as long
// rendering as one in a reused buffer.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxKeptBuffer bounds the buffers kept: one grown by a rare large page
// (an export) is left to the collector rather than held.
const maxKeptBuffer = 4 << 20

// render renders a component into a buffer first, so that a failing render
// becomes a clean error response instead of half a page.
func (s *Server) render(c echo.Context, status int, comp templ.Component) error {
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxKeptBuffer {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}
