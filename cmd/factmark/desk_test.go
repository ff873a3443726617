package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeRequireSecondCheck runs the binary: publishing a review without
// a second check's approval is a 409 by default, and goes ahead with
// --require-second-check=false or FACTMARK_REQUIRE_SECOND_CHECK=false.
func TestServeRequireSecondCheck(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "factmark.db")
	cli(t, longPassword+"\n", "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", dbPath)
	token := strings.TrimSpace(cli(t, "", "token", "create", "admin", "--db", dbPath))

	for i, tc := range []struct {
		name string
		env  string
		args []string
		want int
	}{
		{"default", "", nil, http.StatusConflict},
		{"flag", "", []string{"--require-second-check=false"}, http.StatusOK},
		{"environment", "false", nil, http.StatusOK},
		{"flag over the environment", "false", []string{"--require-second-check=true"}, http.StatusConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("FACTMARK_REQUIRE_SECOND_CHECK", tc.env)
			p := startServer(t, dbPath, tc.args...)
			c := newAPIClient(p.url, token)
			var a struct {
				ID int64 `json:"id"`
			}
			if err := c.do(http.MethodPost, "/api/v1/articles", map[string]string{"title": fmt.Sprint("Quay ", i), "text": "The north quay reopened on Friday."}, http.StatusCreated, &a); err != nil {
				t.Fatal(err)
			}
			var cl struct {
				ID int64 `json:"id"`
			}
			if err := c.do(http.MethodPost, fmt.Sprintf("/api/v1/articles/%d/claims", a.ID), map[string]any{"quote": map[string]string{"exact": "reopened on Friday"}, "status": "verified"}, http.StatusCreated, &cl); err != nil {
				t.Fatal(err)
			}
			if err := c.do(http.MethodPost, fmt.Sprintf("/api/v1/claims/%d/publish", cl.ID), map[string]string{"rationale": "The port said so."}, tc.want, nil); err != nil {
				t.Error(err)
			}
		})
	}
	t.Run("a value that is no boolean", func(t *testing.T) {
		args := []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "f.db"), "--require-second-check", "sometimes"}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		err := run(ctx, args, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--require-second-check") {
			t.Errorf("err = %v, want one naming --require-second-check", err)
		}
	})
}
