package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

// runBig measures factmark on an existing large database (made by
// factmark-gen): the time Open takes beside a bare open and query of the
// same file, the memory in use once open, the size per claim, and each page
// of bigPages (those only names, when given) at one client and at the given
// number of clients, beside the same bytes served statically. It only reads: the database is left as it was, but
// for a user and a token it adds to log in with.
func runBig(ctx context.Context, path string, d time.Duration, clients, port int, only string, out io.Writer) error {
	// Names only: a filter that keeps no page is refused before the long
	// checks of the file rather than measuring nothing after them.
	if len(pageFilter(bigPages(1, 1), only)) == 0 {
		var names []string
		for _, p := range bigPages(1, 1) {
			names = append(names, p.name)
		}
		return fmt.Errorf("-pages %q names no page; the pages are: %s", only, strings.Join(names, "; "))
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	refStart := time.Now()
	bare, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	var nClaims, nArticles int64
	err = bare.QueryRow(`SELECT (SELECT count(*) FROM sqlite_master)`).Scan(new(int))
	refOpen := time.Since(refStart)
	if err == nil {
		err = bare.QueryRow(`SELECT (SELECT max(id) FROM claims), (SELECT max(id) FROM articles)`).Scan(&nClaims, &nArticles)
	}
	bare.Close()
	if err != nil {
		return fmt.Errorf("bare open: %w", err)
	}
	start := time.Now()
	store, err := db.Open(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	app, err := listen(handlers.New(slog.New(slog.NewTextHandler(io.Discard, nil)), store, handlers.DefaultConfig()), port)
	if err != nil {
		return err
	}
	opened := time.Since(start)
	defer app.Close()
	checked := time.Now()
	checkErr := <-store.BackgroundCheck(ctx)
	background := time.Since(checked)
	runtime.GC()
	rss := residentBytes()

	token, err := bigUser(ctx, store)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 60 * time.Second}
	tokens := map[string]string{"": token}
	var phases []phase
	var refs []server
	defer func() {
		for _, r := range refs {
			r.Close()
		}
	}()
	for i, p := range pageFilter(bigPages(nArticles, nClaims), only) {
		tok, ok := tokens[p.user]
		if !ok {
			if tok, err = tokenFor(ctx, store, p.user); err != nil {
				return err
			}
			tokens[p.user] = tok
		}
		url := "http://" + app.addr + p.path
		body, err := fetch(client, url, tok)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %d bytes\n", p.name, len(body))
		ref, err := listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.ServeContent(w, r, "page.html", time.Time{}, bytes.NewReader(body))
		}), portAfter(port, i+1))
		if err != nil {
			return err
		}
		refs = append(refs, ref)
		get := func(url string) func(int) error {
			return func(int) error { _, err := fetch(client, url, tok); return err }
		}
		// p50 at one client is the cost of a request; p99 at many is what
		// a newsroom waits for.
		for _, n := range []int{1, clients} {
			phases = append(phases, phase{name: p.name, clients: n, fn: get(url), refName: "same bytes, static", ref: get("http://" + ref.addr + "/")})
		}
	}
	fmt.Fprintf(out, "%s: %d articles, %d claims, %.0f MB, %.0f bytes per claim\n", path, nArticles, nClaims,
		float64(info.Size())/1e6, float64(info.Size())/float64(max(nClaims, 1)))
	fmt.Fprintf(out, "start-up (db.Open with its checks and migrations, and the router): %s; reference, a bare open and schema read: %s\n",
		opened.Round(time.Millisecond), refOpen.Round(time.Millisecond))
	fmt.Fprintf(out, "background quick_check: %s (%v)\n", background.Round(time.Millisecond), orOK(checkErr))
	fmt.Fprintf(out, "memory once open (resident, this process): %.0f MB\n", float64(rss)/1e6)
	fmt.Fprintf(out, "%s per phase; load average before: %s\n\n", d, loadAverage())
	if err := runPhases(out, d, phases); err != nil {
		return err
	}
	now, peak := procStatus("VmRSS:"), procStatus("VmHWM:")
	fmt.Fprintf(out, "\nmemory after the phases (this process, the load's clients and static references included): resident %.0f MB, peak %.0f MB\n",
		float64(now)/1e6, float64(peak)/1e6)
	return nil
}

func orOK(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

// portAfter is the port i after p, or 0 (any free port) when p is 0.
func portAfter(p, i int) int {
	if p == 0 {
		return 0
	}
	return p + i
}

// bigUser adds an editor with a token to the database, once.
func bigUser(ctx context.Context, store *db.DB) (string, error) {
	hash, err := auth.HashPassword("load-test-password")
	if err != nil {
		return "", err
	}
	name := "load-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, err := store.CreateUser(ctx, model.User{Name: name, Role: model.UserEditor, PasswordHash: hash}, false); err != nil {
		return "", err
	}
	token, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	return token, store.CreateToken(ctx, name, auth.HashToken(token))
}

// residentBytes is the process's resident set size (Linux), or the Go
// runtime's view of its memory elsewhere.
func residentBytes() uint64 {
	if n := procStatus("VmRSS:"); n > 0 {
		return n
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Sys
}

// procStatus reads a size from /proc/self/status (Linux: "VmRSS:" the
// resident set, "VmHWM:" its peak), in bytes; 0 elsewhere.
func procStatus(field string) uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == field {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// loadAverage is the machine's load average (Linux), which says how far
// other work on a shared machine weighs on the figures.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(data))[:3], " ")
}
