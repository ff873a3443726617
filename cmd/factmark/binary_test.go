package main

// Tests of the real factmark binary, built once per test run: a server
// killed with SIGKILL under load, a backup taken under load, and start-up
// on storage the server may not write.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binaryDir holds the binary built for the tests; TestMain removes it.
var binaryDir = sync.OnceValues(func() (string, error) { return os.MkdirTemp("", "factmark-bin-") })

// builtBinary is the factmark binary, built on first use.
var builtBinary = sync.OnceValues(func() (string, error) {
	dir, err := binaryDir()
	if err != nil {
		return "", err
	}
	// Readable by the unprivileged user that some tests run it as.
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "factmark")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := binaryDir(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// factmarkBinary returns the path of the built binary.
func factmarkBinary(t *testing.T) string {
	t.Helper()
	bin, err := builtBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// cli runs the binary with args and stdin and returns its standard output.
func cli(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(factmarkBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("factmark %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// process is a running `factmark serve`.
type process struct {
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:PORT
	stderr *syncWriter
	done   chan error
}

// startServer starts the binary's server on a free loopback port and waits
// until it listens.
func startServer(t *testing.T, dbPath string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(factmarkBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}, args...)...)
	p := &process{cmd: cmd, stderr: &syncWriter{}, done: make(chan error, 1)}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "serving "); ok {
				urls <- strings.Fields(rest)[0]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { p.done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.done
	})
	select {
	case p.url = <-urls:
		return p
	case err := <-p.done:
		p.done <- err
		t.Fatalf("server exited: %v\n%s", err, p.stderr)
	case <-time.After(10 * time.Second):
		t.Fatalf("server did not start\n%s", p.stderr)
	}
	return nil
}

// kill ends the server with SIGKILL, as a power cut or the OOM killer
// would: no shutdown, no checkpoint, no closing of the database.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
	p.done <- nil // for the cleanup
}

// apiClient calls the JSON API with a bearer token.
type apiClient struct {
	http  *http.Client
	base  string
	token string
}

func newAPIClient(base, token string) *apiClient {
	return &apiClient{http: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 32}}, base: base, token: token}
}

// do sends a JSON request and decodes a JSON answer into out when the
// status is want.
func (c *apiClient) do(method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: status %d: %s", method, path, res.StatusCode, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// ack is a claim the server acknowledged with 201.
type ack struct {
	id        int64
	statement string
}

// writers creates claims on an article from n goroutines until stop is
// closed, and records every claim acknowledged.
type writers struct {
	mu     sync.Mutex
	acks   []ack
	errors int
	wg     sync.WaitGroup
	stop   chan struct{}
}

func startWriters(c *apiClient, articleID int64, n int) *writers {
	w := &writers{stop: make(chan struct{})}
	for i := range n {
		w.wg.Go(func() {
			for j := 0; ; j++ {
				select {
				case <-w.stop:
					return
				default:
				}
				statement := fmt.Sprintf("Writer %d, claim %d.", i, j)
				var got struct {
					ID int64 `json:"id"`
				}
				err := c.do(http.MethodPost, fmt.Sprintf("/api/v1/articles/%d/claims", articleID), map[string]any{"start": 0, "end": 7, "statement": statement}, http.StatusCreated, &got)
				w.mu.Lock()
				if err == nil {
					w.acks = append(w.acks, ack{got.ID, statement})
				} else {
					w.errors++
				}
				w.mu.Unlock()
				if err != nil {
					// The server is gone (killed) or failing: a writer
					// that retried at once would only spin.
					time.Sleep(5 * time.Millisecond)
				}
			}
		})
	}
	return w
}

// acked returns a copy of the claims acknowledged so far.
func (w *writers) acked() []ack {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]ack(nil), w.acks...)
}

func (w *writers) halt() {
	close(w.stop)
	w.wg.Wait()
}

// setUpServer creates a database with an admin and a token through the
// CLI, starts the server on it and creates an article through the API.
func setUpServer(t *testing.T) (dbPath string, p *process, c *apiClient, articleID int64) {
	t.Helper()
	dbPath = filepath.Join(t.TempDir(), "factmark.db")
	cli(t, longPassword+"\n", "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", dbPath)
	token := strings.TrimSpace(cli(t, "", "token", "create", "admin", "--db", dbPath))
	p = startServer(t, dbPath)
	c = newAPIClient(p.url, token)
	var a struct {
		ID int64 `json:"id"`
	}
	if err := c.do(http.MethodPost, "/api/v1/articles", map[string]string{"title": "Ferry", "text": "Harbour council backs ferry link.\n\nTickets will cost 4 euros."}, http.StatusCreated, &a); err != nil {
		t.Fatal(err)
	}
	return dbPath, p, c, a.ID
}

// exported is the JSON export's claims, each with its history.
type exported struct {
	Claims []struct {
		ID        int64  `json:"id"`
		Statement string `json:"statement"`
		History   []struct {
			Field string `json:"field"`
			To    string `json:"to"`
		} `json:"history"`
	} `json:"claims"`
}

// missing returns the acknowledged claims that are absent from doc or lack
// their creation event, one line each.
func missing(acks []ack, doc exported) []string {
	type stored struct {
		statement string
		created   bool
	}
	byID := map[int64]stored{}
	for _, c := range doc.Claims {
		s := stored{statement: c.Statement}
		for _, e := range c.History {
			if e.Field == "claim" && e.To == "created" {
				s.created = true
			}
		}
		byID[c.ID] = s
	}
	var out []string
	for _, a := range acks {
		s, ok := byID[a.id]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("claim %d (%q) is missing", a.id, a.statement))
		case s.statement != a.statement:
			out = append(out, fmt.Sprintf("claim %d has statement %q, want %q", a.id, s.statement, a.statement))
		case !s.created:
			out = append(out, fmt.Sprintf("claim %d has no creation event in its history", a.id))
		}
	}
	return out
}

// TestCrashLosesNoAcknowledgedClaim kills the server with SIGKILL while 16
// writers create claims, restarts it on the same file, and checks that
// every claim it acknowledged is there with its history: a 201 means the
// claim is on disk.
func TestCrashLosesNoAcknowledgedClaim(t *testing.T) {
	dbPath, p, c, articleID := setUpServer(t)
	const nWriters = 16
	start := time.Now()
	w := startWriters(c, articleID, nWriters)
	time.Sleep(time.Second)
	if len(w.acked()) == 0 {
		t.Fatal("no claim acknowledged in a second")
	}
	p.kill(t) // mid-run: the writers have requests in flight
	ran := time.Since(start)
	w.halt()
	acks := w.acked()

	// The file the crash left passes the full check before the restart.
	if out := cli(t, "", "check", "--db", dbPath); out != "ok\n" {
		t.Errorf("check after kill -9: %q", out)
	}
	restart := time.Now()
	p2 := startServer(t, dbPath)
	restartTook := time.Since(restart)
	c2 := newAPIClient(p2.url, c.token)
	var doc exported
	if err := c2.do(http.MethodGet, fmt.Sprintf("/api/v1/articles/%d/export?format=json", articleID), nil, http.StatusOK, &doc); err != nil {
		t.Fatal(err)
	}
	lost := missing(acks, doc)
	for _, m := range lost {
		t.Error(m)
	}
	t.Logf("crash test: %d writers, %d claims acknowledged in %s before kill -9 (%.0f/s), %d lost, %d stored in all (%d committed without an answer), restart in %s",
		nWriters, len(acks), ran.Round(time.Millisecond), float64(len(acks))/ran.Seconds(), len(lost), len(doc.Claims), len(doc.Claims)-len(acks), restartTook.Round(time.Millisecond))
}

// TestBackupUnderLoad takes a backup with `factmark backup` while 8 writers
// create claims, and checks that the copy passes `factmark check` and holds
// every claim acknowledged before the backup started.
func TestBackupUnderLoad(t *testing.T) {
	dbPath, _, c, articleID := setUpServer(t)
	const nWriters = 8
	w := startWriters(c, articleID, nWriters)
	time.Sleep(500 * time.Millisecond)
	before := w.acked()
	out := filepath.Join(t.TempDir(), "backup.db")
	start := time.Now()
	printed := cli(t, "", "backup", "--db", dbPath, out)
	took := time.Since(start)
	during := len(w.acked()) - len(before)
	time.Sleep(200 * time.Millisecond)
	w.halt()
	total := len(w.acked())

	if got := cli(t, "", "check", "--db", out); got != "ok\n" {
		t.Errorf("check of the backup: %q", got)
	}
	// The backup is served as it would be after a restore.
	restored := filepath.Join(t.TempDir(), "factmark.db")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored, data, 0o600); err != nil {
		t.Fatal(err)
	}
	p := startServer(t, restored)
	var doc exported
	if err := newAPIClient(p.url, c.token).do(http.MethodGet, fmt.Sprintf("/api/v1/articles/%d/export?format=json", articleID), nil, http.StatusOK, &doc); err != nil {
		t.Fatal(err)
	}
	lost := missing(before, doc)
	for _, m := range lost {
		t.Error(m)
	}
	if w.errors > 0 {
		t.Errorf("%d writes failed while the backup ran", w.errors)
	}
	t.Logf("backup under load: %d writers; %d claims acknowledged before the backup, %d while it ran (%s), %d in all; the copy holds %d claims, %d of those acknowledged before it missing; factmark backup said: %s",
		nWriters, len(before), during, took.Round(time.Millisecond), total, len(doc.Claims), len(lost), strings.TrimSpace(printed))
}

// TestServeRefusesStorageItCannotWrite starts the binary on a database it
// may not write. Permission bits do not stop root, so when the tests run as
// root the server runs as nobody; and as root, a read-only bind mount in a
// private mount namespace gives a real read-only file system (EROFS), which
// stops root too. Today's server started on each, then failed every save
// with a 500.
func TestServeRefusesStorageItCannotWrite(t *testing.T) {
	bin := factmarkBinary(t)
	uid, gid := os.Getuid(), os.Getgid()
	asRoot := uid == 0
	if asRoot {
		uid, gid = 65534, 65534 // nobody
	}
	type testCase struct {
		name            string
		dirMode, dbMode os.FileMode
		readOnlyMount   bool
		refused         bool
		wantInMessage   string
	}
	cases := []testCase{
		{name: "writable (the control)", dirMode: 0o755, dbMode: 0o644},
		{name: "read-only file", dirMode: 0o755, dbMode: 0o444, refused: true, wantInMessage: "permission denied"},
		{name: "read-only directory", dirMode: 0o555, dbMode: 0o644, refused: true, wantInMessage: "permission denied"},
	}
	if asRoot && exec.Command("unshare", "-m", "true").Run() == nil {
		cases = append(cases, testCase{name: "read-only file system", dirMode: 0o755, dbMode: 0o644, readOnlyMount: true, refused: true, wantInMessage: "read-only file system"})
	} else {
		t.Log("the read-only file system case needs root and unshare(1); the read-only file and directory cases cover the rest")
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base, err := os.MkdirTemp("", "factmark-ro-")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				filepath.WalkDir(base, func(p string, _ os.DirEntry, _ error) error { return os.Chmod(p, 0o700) })
				os.RemoveAll(base)
			})
			if err := os.Chmod(base, 0o755); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(base, "data")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			dbPath := filepath.Join(dir, "factmark.db")
			cli(t, longPassword+"\n", "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", dbPath)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var cmd *exec.Cmd
			if tc.readOnlyMount {
				cmd = exec.CommandContext(ctx, "unshare", "-m", "--propagation", "private", "sh", "-c",
					`mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && exec "$2" serve --addr 127.0.0.1:0 --db "$3"`, "sh", dir, bin, dbPath)
			} else {
				for _, p := range []string{dir, dbPath} {
					if err := os.Lchown(p, uid, gid); err != nil {
						t.Fatal(err)
					}
				}
				cmd = exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0", "--db", dbPath)
				if asRoot {
					cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
				}
			}
			if err := os.Chmod(dbPath, tc.dbMode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tc.dirMode); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr syncWriter
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			if !tc.refused {
				waitFor(t, func() bool { return strings.Contains(stdout.String(), "serving") })
				cmd.Process.Signal(syscall.SIGTERM)
				if err := <-done; err != nil {
					t.Errorf("the server on writable storage: %v\n%s", err, stderr.String())
				}
				return
			}
			err = <-done
			if strings.Contains(stdout.String(), "serving") {
				t.Fatalf("the server started on storage it cannot write:\n%s", stdout.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit code %d (%v), want 1\n%s", code, err, stderr.String())
			}
			msg := stderr.String()
			for _, want := range []string{tc.wantInMessage, "write permission", dbPath} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not say %q", msg, want)
				}
			}
		})
	}
}
