package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

// newDBWithUsers makes a database with the admin ada and the editor bob.
func newDBWithUsers(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "factmark.db")
	for _, u := range [][]string{{"ada", "admin"}, {"bob", "editor"}} {
		if _, _, err := runCmd(t, noEnv, longPassword+"\n", "user", "add", u[0], "--role", u[1], "--password-stdin", "--db", path); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// wantCmdError runs a command that must fail with a message mentioning msg
// and print nothing on stdout.
func wantCmdError(t *testing.T, stdin, msg string, args ...string) {
	t.Helper()
	out, _, err := runCmd(t, noEnv, stdin, args...)
	if err == nil {
		t.Fatalf("%v succeeded: %q", args, out)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("%v: error %q does not mention %q", args, err, msg)
	}
	if out != "" {
		t.Errorf("%v printed %q", args, out)
	}
}

func TestUserList(t *testing.T) {
	path := newDBWithUsers(t)
	out, _, err := runCmd(t, noEnv, "", "user", "list", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want a header and 2 users:\n%s", len(lines), out)
	}
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "NAME DISPLAY NAME ROLE STATUS LAST LOGIN" {
		t.Errorf("header %q", lines[0])
	}
	if got := strings.Join(strings.Fields(lines[1]), " "); got != "ada - admin active never" {
		t.Errorf("ada's line %q", got)
	}
	if got := strings.Join(strings.Fields(lines[2]), " "); got != "bob - editor active never" {
		t.Errorf("bob's line %q", got)
	}
	wantCmdError(t, "", "usage", "user", "list", "extra", "--db", path)
}

func TestUserSet(t *testing.T) {
	path := newDBWithUsers(t)
	out, _, err := runCmd(t, noEnv, "", "user", "set", "bob", "--role", "viewer", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	if out != "bob is now viewer\n" {
		t.Errorf("output %q", out)
	}
	if u, _ := openStore(t, path).UserByName(context.Background(), "bob"); u.Role != model.UserViewer {
		t.Errorf("bob is %s", u.Role)
	}
	wantCmdError(t, "", "owner", "user", "set", "bob", "--role", "owner", "--db", path)
	wantCmdError(t, "", "usage", "user", "set", "bob", "--db", path)
	wantCmdError(t, "", "nobody", "user", "set", "nobody", "--role", "editor", "--db", path)
	wantCmdError(t, "", "last active admin", "user", "set", "ada", "--role", "editor", "--db", path)
	if u, _ := openStore(t, path).UserByName(context.Background(), "ada"); u.Role != model.UserAdmin {
		t.Errorf("ada is %s", u.Role)
	}
}

func TestUserPasswd(t *testing.T) {
	path := newDBWithUsers(t)
	const newPassword = "a fresh password 2"
	out, _, err := runCmd(t, noEnv, newPassword+"\n", "user", "passwd", "bob", "--password-stdin", "--db", path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "changed the password of bob") {
		t.Errorf("output %q", out)
	}
	if u, _ := openStore(t, path).UserByName(context.Background(), "bob"); !auth.CheckPassword(u.PasswordHash, newPassword) {
		t.Error("the new password does not work")
	}
	wantCmdError(t, "short\n", "at least", "user", "passwd", "bob", "--password-stdin", "--db", path)
	wantCmdError(t, "", "no password", "user", "passwd", "bob", "--password-stdin", "--db", path)
	wantCmdError(t, newPassword+"\n", "--password-stdin", "user", "passwd", "bob", "--db", path)
	wantCmdError(t, newPassword+"\n", "nobody", "user", "passwd", "nobody", "--password-stdin", "--db", path)
	if u, _ := openStore(t, path).UserByName(context.Background(), "bob"); !auth.CheckPassword(u.PasswordHash, newPassword) {
		t.Error("a refused passwd changed the password")
	}
}

func TestUserDisableEnable(t *testing.T) {
	path := newDBWithUsers(t)
	token := strings.TrimSpace(mustRun(t, "", "token", "create", "bob", "--db", path))
	store := openStore(t, path)
	h := handlers.New(slog.New(slog.NewTextHandler(io.Discard, nil)), store, handlers.DefaultConfig())
	get := func() int {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/articles", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	if err := store.CreateSession(context.Background(), mustUser(t, path, "bob").ID, "session-hash", time.Hour); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "", "user", "disable", "bob", "--db", path); !strings.Contains(out, "disabled bob") {
		t.Errorf("output %q", out)
	}
	if code := get(); code != http.StatusUnauthorized {
		t.Errorf("bob's token while disabled: %d, want 401", code)
	}
	if _, err := store.SessionUser(context.Background(), "session-hash", 0); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("bob's session while disabled: %v", err)
	}
	if out := mustRun(t, "", "user", "list", "--db", path); !strings.Contains(out, "disabled") {
		t.Errorf("user list does not show bob disabled:\n%s", out)
	}
	if out := mustRun(t, "", "user", "enable", "bob", "--db", path); !strings.Contains(out, "enabled bob") {
		t.Errorf("output %q", out)
	}
	if code := get(); code != http.StatusOK {
		t.Errorf("bob's token after enable: %d, want 200", code)
	}
	wantCmdError(t, "", "last active admin", "user", "disable", "ada", "--db", path)
	wantCmdError(t, "", "nobody", "user", "enable", "nobody", "--db", path)
	wantCmdError(t, "", "usage", "user", "disable", "--db", path)
}

func TestTokenListRevoke(t *testing.T) {
	path := newDBWithUsers(t)
	bobToken := strings.TrimSpace(mustRun(t, "", "token", "create", "bob", "--label", "newsletter", "--read-only", "--db", path))
	mustRun(t, "", "token", "create", "ada", "--db", path)

	out := mustRun(t, "", "token", "list", "--db", path)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("token list:\n%s", out)
	}
	// The creation time aside, which is the clock's.
	if got := withoutField(lines[1], 4); got != "1 bob newsletter read-only never" {
		t.Errorf("bob's token line %q", got)
	}
	if got := withoutField(lines[2], 4); got != "2 ada - read-write never" {
		t.Errorf("ada's token line %q", got)
	}
	out = mustRun(t, "", "token", "list", "bob", "--db", path)
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("token list bob has %d lines, want 2:\n%s", n, out)
	}
	wantCmdError(t, "", "nobody", "token", "list", "nobody", "--db", path)

	store := openStore(t, path)
	_, tok, err := store.TokenUser(context.Background(), auth.HashToken(bobToken))
	if err != nil {
		t.Fatal(err)
	}
	if !tok.ReadOnly {
		t.Error("bob's token is not read-only")
	}
	if tok.Label != "newsletter" {
		t.Errorf("bob's token label %q", tok.Label)
	}
	if out := mustRun(t, "", "token", "revoke", "1", "--db", path); out != "revoked token 1\n" {
		t.Errorf("output %q", out)
	}
	if _, _, err := store.TokenUser(context.Background(), auth.HashToken(bobToken)); model.ErrorCode(err) != model.EUNAUTHORIZED {
		t.Errorf("the revoked token still works: %v", err)
	}
	wantCmdError(t, "", "does not exist", "token", "revoke", "1", "--db", path)
	wantCmdError(t, "", "not a token id", "token", "revoke", "bob", "--db", path)
	wantCmdError(t, "", "usage", "token", "revoke", "--db", path)
	wantCmdError(t, "", "control", "token", "create", "bob", "--label", "a\x1bb", "--db", path)
}

// TestServeFlagsRefused: a setting serve cannot honour is an error at start-up,
// never a silent fallback.
func TestServeFlagsRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		msg  string
	}{
		{"bad idle flag", []string{"--session-idle", "soon"}, nil, "--session-idle"},
		{"bad max age from the environment", nil, map[string]string{"FACTMARK_SESSION_MAX_AGE": "0"}, "--session-max-age"},
		{"negative idle from the environment", nil, map[string]string{"FACTMARK_SESSION_IDLE": "-1h"}, "--session-idle"},
		// Use is recorded at most once a minute: a shorter idle time would
		// end sessions that are in use.
		{"idle time of seconds", []string{"--session-idle", "20s"}, nil, "at least 2m"},
		{"idle time just under 2 minutes", []string{"--session-idle", "119s"}, nil, "at least 2m"},
		{"negative body limit", []string{"--max-body", "-1"}, nil, "--max-body -1: give a positive number of bytes"},
		{"zero body limit", []string{"--max-body", "0"}, nil, "--max-body 0: give a positive number of bytes"},
		{"body limit that is not a number", []string{"--max-body", "4MB"}, nil, "--max-body"},
		{"zero body limit from the environment", nil, map[string]string{"FACTMARK_MAX_BODY": "0"}, "--max-body"},
		{"bad body limit from the environment", nil, map[string]string{"FACTMARK_MAX_BODY": "lots"}, "--max-body"},
		{"trusted proxy that is no address", []string{"--trusted-proxies", "10.0.0.0/8,proxy.lan"}, nil, `--trusted-proxies: "proxy.lan"`},
		{"bad trusted proxy from the environment", nil, map[string]string{"FACTMARK_TRUSTED_PROXIES": "10.0.0.300"}, "--trusted-proxies"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string { return tc.env[k] }
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "f.db")}, tc.args...)
			// A server that starts anyway is stopped after a while.
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			err := run(ctx, args, getenv, strings.NewReader(""), io.Discard, io.Discard)
			if err == nil {
				t.Fatal("serve started")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.msg)
			}
		})
	}
}

// withoutField returns line's fields but the i-th, joined by spaces.
func withoutField(line string, i int) string {
	f := strings.Fields(line)
	if i < len(f) {
		f = append(f[:i], f[i+1:]...)
	}
	return strings.Join(f, " ")
}

func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, _, err := runCmd(t, noEnv, stdin, args...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return out
}

func mustUser(t *testing.T, path, name string) model.User {
	t.Helper()
	u, err := openStore(t, path).UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestCommandsRefuseMissingDatabase: a mistyped --db must not become a new,
// empty database that a command then reports on as if it were the real one.
// Only `user add` creates a database: that is how an install starts.
func TestCommandsRefuseMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"user", "list"},
		{"user", "set", "bob", "--role", "viewer"},
		{"user", "disable", "bob"},
		{"user", "enable", "bob"},
		{"token", "create", "bob"},
		{"token", "list"},
		{"token", "revoke", "1"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			wantCmdError(t, "", "no such database", append(args, "--db", typo)...)
			if _, err := os.Stat(typo); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%v created %s (stat: %v)", args, typo, err)
			}
		})
	}
	t.Run("user passwd", func(t *testing.T) {
		wantCmdError(t, longPassword+"\n", "no such database", "user", "passwd", "bob", "--password-stdin", "--db", typo)
		if _, err := os.Stat(typo); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("created %s (stat: %v)", typo, err)
		}
	})
	t.Run("user add creates a new database", func(t *testing.T) {
		fresh := filepath.Join(dir, "new.db")
		if _, _, err := runCmd(t, noEnv, longPassword+"\n", "user", "add", "ada", "--role", "admin", "--password-stdin", "--db", fresh); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(fresh); err != nil {
			t.Errorf("no database made: %v", err)
		}
	})
}
