package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

const longPassword = "a long password"

// noEnv is a getenv with nothing set.
func noEnv(string) string { return "" }

// runCmd runs the command line with stdin and returns its output.
func runCmd(t *testing.T, getenv func(string) string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func openStore(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestUserAdd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "factmark.db")
	out, _, err := runCmd(t, noEnv, longPassword+"\n", "user", "add", "bob", "--role", "editor", "--password-stdin", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	if out != "created editor user bob\n" {
		t.Errorf("output %q", out)
	}
	d := openStore(t, path)
	u, err := d.UserByName(context.Background(), "bob")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != model.UserEditor {
		t.Errorf("user role %q, want %q", u.Role, model.UserEditor)
	}
	if !auth.CheckPassword(u.PasswordHash, longPassword) {
		t.Error("user password does not match the one from stdin (without its newline)")
	}
	d.Close()

	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		msg   string
	}{
		{"too-short password", "short\n", []string{"user", "add", "carl", "--role", "editor", "--password-stdin", "--db", path}, "at least"},
		{"no password on stdin", "", []string{"user", "add", "carl", "--password-stdin", "--db", path}, "no password"},
		{"password not from stdin", longPassword + "\n", []string{"user", "add", "carl", "--db", path}, "--password-stdin"},
		{"unknown role", longPassword + "\n", []string{"user", "add", "carl", "--role", "owner", "--password-stdin", "--db", path}, "owner"},
		{"bad name", longPassword + "\n", []string{"user", "add", "carl smith", "--password-stdin", "--db", path}, "user name"},
		{"no name", longPassword + "\n", []string{"user", "add", "--password-stdin", "--db", path}, "usage"},
		{"two names", longPassword + "\n", []string{"user", "add", "carl", "dora", "--password-stdin", "--db", path}, "usage"},
		{"existing user", longPassword + "\n", []string{"user", "add", "bob", "--password-stdin", "--db", path}, "already exists"},
		{"user without add", "", []string{"user", "remove", "bob", "--db", path}, "usage"},
		{"unknown flag", longPassword + "\n", []string{"user", "add", "carl", "--admin", "--password-stdin", "--db", path}, "flag"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runCmd(t, noEnv, tc.stdin, tc.args...)
			if err == nil {
				t.Fatal("succeeded")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
			d := openStore(t, path)
			if n, _ := d.CountUsers(context.Background()); n != 1 {
				t.Errorf("%d users, want 1", n)
			}
		})
	}
	t.Run("password with CRLF and no final newline", func(t *testing.T) {
		for name, stdin := range map[string]string{"dora": longPassword + "\r\n", "emil": longPassword} {
			if _, _, err := runCmd(t, noEnv, stdin, "user", "add", name, "--role", "viewer", "--password-stdin", "--db", path); err != nil {
				t.Fatal(err)
			}
			u, err := openStore(t, path).UserByName(context.Background(), name)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if !auth.CheckPassword(u.PasswordHash, longPassword) {
				t.Errorf("%s: password does not match the one from stdin", name)
			}
			if u.Role != model.UserViewer {
				t.Errorf("%s: role %q, want %q", name, u.Role, model.UserViewer)
			}
		}
	})
}

func TestTokenCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "factmark.db")
	if _, _, err := runCmd(t, noEnv, longPassword+"\n", "user", "add", "bob", "--role", "viewer", "--password-stdin", "--db", path); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, noEnv, "", "token", "create", "bob", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Fatalf("output %q, want one line", out)
	}
	token := strings.TrimSpace(out)

	store := openStore(t, path)
	h := handlers.New(slog.New(slog.NewTextHandler(io.Discard, nil)), store, handlers.DefaultConfig())
	get := func(token string) int {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/articles", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := get(token); code != http.StatusOK {
		t.Errorf("GET with the new token: %d, want 200", code)
	}
	if code := get(token + "x"); code != http.StatusUnauthorized {
		t.Errorf("GET with a wrong token: %d, want 401", code)
	}
	t.Run("a viewer's token cannot write", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/articles", strings.NewReader(`{"title":"T","text":"Body."}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("status %d, want 403", rec.Code)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"unknown user", []string{"token", "create", "nobody", "--db", path}, "nobody"},
		{"no name", []string{"token", "create", "--db", path}, "usage"},
		{"unknown token command", []string{"token", "frobnicate", "--db", path}, "usage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(t, noEnv, "", tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.msg)
			}
			if out != "" {
				t.Errorf("printed %q", out)
			}
		})
	}
}

func TestRunCommands(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
		wantOut string
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command", ""},
		{"help", []string{"help"}, "", "usage"},
		{"serve with a bad flag", []string{"serve", "--nope"}, "flag", ""},
		{"serve refuses a memory database", []string{"serve", "--db", ":memory:", "--addr", "127.0.0.1:0"}, "file path", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(t, noEnv, "", tc.args...)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
			} else if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.wantErr)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("output %q does not contain %q", out, tc.wantOut)
			}
		})
	}
}

func TestDBFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	envPath, flagPath := filepath.Join(dir, "from-env.db"), filepath.Join(dir, "from-flag.db")
	getenv := func(name string) string {
		if name == "FACTMARK_DB" {
			return envPath
		}
		return ""
	}
	if _, _, err := runCmd(t, getenv, longPassword+"\n", "user", "add", "bob", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(t, envPath).UserByName(context.Background(), "bob"); err != nil {
		t.Errorf("bob is not in FACTMARK_DB: %v", err)
	}
	if _, _, err := runCmd(t, getenv, "", "token", "create", "bob"); err != nil {
		t.Errorf("token create with FACTMARK_DB: %v", err)
	}
	// The flag wins over the environment.
	if _, _, err := runCmd(t, getenv, longPassword+"\n", "user", "add", "carl", "--password-stdin", "--db", flagPath); err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(t, flagPath).UserByName(context.Background(), "carl"); err != nil {
		t.Errorf("carl is not in the --db file: %v", err)
	}
	if _, err := openStore(t, envPath).UserByName(context.Background(), "carl"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("carl went to FACTMARK_DB: %v", err)
	}
}

func TestServe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "factmark.db")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncWriter
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", path}, noEnv, strings.NewReader(""), &out, &errOut)
	}()
	var addr string
	for range 500 {
		if s := out.String(); strings.Contains(s, "serving http://") {
			addr = strings.Fields(strings.SplitN(s, "serving ", 2)[1])[0]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		sleep()
	}
	if addr == "" {
		cancel()
		t.Fatalf("serve did not start: %q %q", out.String(), errOut.String())
	}
	res, err := http.Get(addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("healthz: %d", res.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel: %v", err)
	}
}

// syncWriter is a buffer the server goroutine writes while the test reads.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func sleep() { time.Sleep(10 * time.Millisecond) }

func TestParseTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{defaultTrustedProxies, "127.0.0.0/8 ::1/128"},
		{"10.0.0.5, 192.168.0.0/16", "10.0.0.5/32 192.168.0.0/16"},
		{"fd00::/8,2001:db8::7", "fd00::/8 2001:db8::7/128"},
		{"none", ""},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseTrustedProxies(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, r := range got {
				s = append(s, r.String())
			}
			if strings.Join(s, " ") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(s, " "), tc.want)
			}
		})
	}
}
