package handlers

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/db"
)

// lockedBuffer is a log destination the server's goroutines may write to
// while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// streamServer serves write through Server.stream at /stream, behind the
// real router's middleware (recover, logging, security headers), on a real
// loopback connection.
func streamServer(t *testing.T, write func(io.Writer) error) (*httptest.Server, *lockedBuffer) {
	t.Helper()
	store, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "factmark.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	e := New(log, store, DefaultConfig())
	s := &Server{log: log}
	e.GET("/stream", func(c echo.Context) error { return s.stream(c, "text/plain; charset=utf-8", write) })
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv, logs
}

// TestStreamSendsBeforeTheEnd checks that a streamed answer reaches the
// client while the handler is still writing it: the handler writes 100 KB,
// then waits until the client has read the first 64 KiB before writing the
// rest. An answer buffered until the handler returns would never arrive.
func TestStreamSendsBeforeTheEnd(t *testing.T) {
	received := make(chan struct{})
	chunk := bytes.Repeat([]byte("claim "), 100000/6)
	srv, _ := streamServer(t, func(w io.Writer) error {
		if _, err := w.Write(chunk); err != nil {
			return err
		}
		select {
		case <-received:
		case <-time.After(10 * time.Second):
			return errors.New("the client got nothing while the handler was writing")
		}
		_, err := w.Write([]byte("the end\n"))
		return err
	})
	res, err := http.Get(srv.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", res.StatusCode)
	}
	first := make([]byte, streamFlushBytes)
	if _, err := io.ReadFull(res.Body, first); err != nil {
		t.Fatal(err)
	}
	close(received)
	rest, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(first)+len(rest), len(chunk)+len("the end\n"); got != want {
		t.Errorf("received %d bytes, want %d", got, want)
	}
	if !strings.HasSuffix(string(rest), "the end\n") {
		t.Errorf("the answer ends %q, want the handler's last words", rest[max(0, len(rest)-20):])
	}
}

// TestStreamAbortsOnLateError checks what a failure after the first byte
// does: the status is sent, so the error is logged and the connection
// aborted, and the client gets a transfer that breaks rather than a body
// that ends early and looks whole.
func TestStreamAbortsOnLateError(t *testing.T) {
	srv, logs := streamServer(t, func(w io.Writer) error {
		if _, err := w.Write(bytes.Repeat([]byte("x"), 100000)); err != nil {
			return err
		}
		return errors.New("the encoder failed")
	})
	res, err := http.Get(srv.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200 (sent before the failure)", res.StatusCode)
	}
	body, err := io.ReadAll(res.Body)
	if err == nil {
		t.Errorf("the body (%d bytes) ended cleanly, want a broken transfer", len(body))
	}
	if got := logs.String(); !strings.Contains(got, "level=ERROR") || !strings.Contains(got, "the encoder failed") {
		t.Errorf("log %q, want the failure logged as an error", got)
	}
}

// TestStreamEarlyErrorIsAnAnswer checks that an encoder failing before its
// first bytes reached the client still gets the error handler's answer: a
// 500 in JSON, not a download.
func TestStreamEarlyErrorIsAnAnswer(t *testing.T) {
	srv, logs := streamServer(t, func(w io.Writer) error {
		if _, err := w.Write([]byte("a few bytes, kept in the buffer")); err != nil {
			return err
		}
		return errors.New("the encoder failed early")
	})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/stream", nil)
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", res.StatusCode)
	}
	if strings.Contains(string(body), "a few bytes") {
		t.Errorf("body %q holds the failed answer's bytes", body)
	}
	if got := logs.String(); !strings.Contains(got, "the encoder failed early") {
		t.Errorf("log %q, want the failure", got)
	}
}
