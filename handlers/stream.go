package handlers

// Streaming a long answer (the exports of an article of thousands of
// claims): the status and headers go first, then the body as the encoder
// writes it, flushed every streamFlushBytes, so that the client gets its
// first bytes while the rest is written and the server never holds the
// whole document. Everything that can fail for the request's sake (its
// parameters, the article, reading the store) is checked before the
// status is sent. An encoder that fails after that cannot become a 4xx or
// a 500 anymore: the failure is logged and the connection aborted
// (http.ErrAbortHandler), so that the client sees a broken transfer rather
// than a file that ends early and looks whole (docs/DESIGN.md §3).

import (
	"bufio"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"
)

// streamFlushBytes is how much of a streamed answer is written between two
// flushes to the client.
const streamFlushBytes = 64 << 10

// stream answers 200 with contentType and the body write writes, flushing
// as it goes. The response's other headers must be set before. A HEAD
// request gets the headers only: the body is not written at all.
//
// The status goes out with the first bytes, so that a failure before them
// (within the first 32 KiB the encoder writes) is still returned as an
// error, which the error handler answers as usual, without the download's
// Content-Disposition. A failure after them is logged and the handler
// panics with http.ErrAbortHandler, which net/http answers by closing the
// connection without ending the body (the recover middleware lets it
// through).
func (s *Server) stream(c echo.Context, contentType string, write func(io.Writer) error) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, contentType)
	req := c.Request()
	if req.Method == http.MethodHead {
		res.WriteHeader(http.StatusOK)
		return nil
	}
	fw := &flushWriter{w: res, rc: http.NewResponseController(res.Writer)}
	bw := bufio.NewWriterSize(fw, 32<<10)
	err := write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		if !res.Committed {
			res.WriteHeader(http.StatusOK) // an empty body
		}
		return nil
	}
	if !res.Committed {
		res.Header().Del("Content-Disposition")
		return err
	}
	if req.Context().Err() != nil {
		s.log.Info("client went away during a streamed answer", "method", req.Method, "path", req.URL.Path, "bytes", res.Size, "err", err)
	} else {
		s.log.Error("streamed answer failed after its first byte: connection aborted", "method", req.Method, "path", req.URL.Path, "bytes", res.Size, "err", err)
	}
	panic(http.ErrAbortHandler)
}

// flushWriter writes to the response and flushes it to the client every
// streamFlushBytes. A response writer that cannot flush (a test recorder)
// is written to all the same.
type flushWriter struct {
	w       io.Writer
	rc      *http.ResponseController
	pending int
}

func (f *flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	f.pending += n
	if err != nil || f.pending < streamFlushBytes {
		return n, err
	}
	f.pending = 0
	if err := f.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return n, err
	}
	return n, nil
}
