// Command factmark-load is a bounded load run against a real factmark server
// on loopback. It seeds a temporary database with a 10,000-word article and
// 500 claims, starts the server, and measures, in the same run:
//
//   - GET of the annotation workspace page,
//   - GET of the same bytes served as a static file (the reference: what the
//     machine does when the app does no work at all),
//   - POST of a new claim (history and two parties included) with 1 and with
//     16 clients,
//   - the same rows inserted straight into SQLite through the same driver
//     with one writer (the reference: what the database does when the app
//     does no work at all).
//
// Each figure is printed beside its reference and their ratio. With -db it
// measures an existing large database instead (made by factmark-gen, see
// runBig and bigPages): the home page, a workspace, search, My work, the
// dashboard and "checked before", each at 1 client and at -clients. Every request goes to 127.0.0.1 and every phase stops after
// -duration.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/gctune"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

func main() {
	// The server is measured as cmd/factmark runs it.
	gctune.Apply()
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "factmark-load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("factmark-load", flag.ContinueOnError)
	duration := fs.Duration("duration", 3*time.Second, "how long each phase runs")
	words := fs.Int("words", 10000, "words in the seeded article")
	nClaims := fs.Int("claims", 500, "claims on the seeded article")
	port := fs.Int("port", 0, "first of the two loopback ports to listen on (the app, then the static reference); 0 for any free ports")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured phases (not the seeding) to this file")
	mutexProfile := fs.String("mutexprofile", "", "with -db, write a profile of the contention on Go mutexes during the measured phases to this file")
	bigDB := fs.String("db", "", "measure this existing database (made by factmark-gen) instead of seeding one: start-up, memory, size per claim, home page and a workspace")
	clients := fs.Int("clients", 8, "clients for the pages of -db (each is also measured at 1 client)")
	only := fs.String("pages", "", "with -db, measure only the pages whose name holds one of these comma-separated words (e.g. search,work)")
	exports := fs.Bool("exports", false, "measure every export of a long article instead (-export-words, -export-claims), each beside the same bytes served statically")
	exportWords := fs.Int("export-words", 100000, "words in the article of -exports")
	exportClaims := fs.Int("export-claims", 10000, "claims on the article of -exports")
	exportRequests := fs.Int("export-requests", 5, "requests per export with -exports")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *exports {
		return runExports(ctx, *exportWords, *exportClaims, *exportRequests, *port, *cpuProfile, out)
	}
	if *bigDB != "" {
		if *cpuProfile != "" {
			stop, err := startProfile(*cpuProfile)
			if err != nil {
				return err
			}
			defer stop()
		}
		if *mutexProfile != "" {
			stop, err := startMutexProfile(*mutexProfile)
			if err != nil {
				return err
			}
			defer stop()
		}
		return runBig(ctx, *bigDB, *duration, *clients, *port, *only, out)
	}
	dir, err := os.MkdirTemp("", "factmark-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := db.Open(ctx, filepath.Join(dir, "factmark.db"))
	if err != nil {
		return err
	}
	defer store.Close()

	token, article, err := seed(ctx, store, *words, *nClaims)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	bare, err := openBareInsert(ctx, dir, text.Document{Text: article.Text, Blocks: article.Blocks})
	if err != nil {
		return fmt.Errorf("bare insert reference: %w", err)
	}
	defer bare.Close()
	app, err := listen(handlers.New(slog.New(slog.NewTextHandler(io.Discard, nil)), store, handlers.DefaultConfig()), *port)
	if err != nil {
		return err
	}
	defer app.Close()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	page := fmt.Sprintf("http://%s/articles/%d", app.addr, article.ID)
	body, err := fetch(client, page, token)
	if err != nil {
		return err
	}
	ref, err := listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "workspace.html", time.Time{}, bytes.NewReader(body))
	}), portAfter(*port, 1))
	if err != nil {
		return err
	}
	defer ref.Close()

	getPage := func(url string) func(int) error {
		return func(int) error { _, err := fetch(client, url, token); return err }
	}
	createClaim := func(i int) error {
		start := (i * 7) % 2000
		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("http://%s/api/v1/articles/%d/claims", app.addr, article.ID),
			bytes.NewReader(fmt.Appendf(nil, `{"start":%d,"end":%d,"kind":"number","parties":[{"name":"Load","role":"mentioned"},{"name":"Other","role":"mentioned"}]}`, start, start+12)))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		return do(client, req, http.StatusCreated)
	}
	phases := []phase{
		{name: "GET workspace", clients: 4, fn: getPage(page), refName: "same bytes, static", ref: getPage("http://" + ref.addr + "/")},
		{name: "POST claim", clients: 1, fn: createClaim, refName: "bare insert, same rows", ref: bare.insert, groups: store.WriteGroups},
		{name: "POST claim", clients: 16, fn: createClaim, refName: "bare insert, same rows", ref: bare.insert, groups: store.WriteGroups},
	}
	if *cpuProfile != "" {
		stop, err := startProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	fmt.Fprintf(out, "seeded: %d words, %d claims; workspace page %d bytes; %d s per phase\n\n", *words, *nClaims, len(body), int(duration.Seconds()))
	return runPhases(out, *duration, phases)
}

// phase is one figure and its reference, measured one after the other with
// the same number of clients.
type phase struct {
	name    string
	clients int
	fn      func(int) error
	refName string
	ref     func(int) error
	// groups, when set, counts the store's commits and the writes they
	// held, so that the phase says how many writes each commit took.
	groups func() (commits, writes int64)
}

// runPhases measures each phase and its reference and prints them side by
// side with their ratio (figure rate / reference rate).
func runPhases(out io.Writer, d time.Duration, phases []phase) error {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tclients\treq/s\tp50\tp99\terrors\treference\tref req/s\tref p99\tratio\t")
	var notes []string
	for _, p := range phases {
		var commits, writes int64
		if p.groups != nil {
			commits, writes = p.groups()
		}
		r, ref := measurePair(d, p.clients, p.fn, p.ref)
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%d\t%s\t%.0f\t%s\t%.2f\t\n", p.name, p.clients, r.rate(),
			r.pct(50).Round(10*time.Microsecond), r.pct(99).Round(10*time.Microsecond), r.errors+ref.errors,
			p.refName, ref.rate(), ref.pct(99).Round(10*time.Microsecond), r.rate()/ref.rate())
		if p.groups != nil {
			c, w := p.groups()
			if c > commits {
				notes = append(notes, fmt.Sprintf("%s, %s: %d writes in %d commits, %.2f per commit (group commit)",
					p.name, clientsOf(p.clients), w-writes, c-commits, float64(w-writes)/float64(c-commits)))
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(notes) > 0 {
		fmt.Fprintln(out)
	}
	for _, n := range notes {
		fmt.Fprintln(out, n)
	}
	return nil
}

// rounds is how many slices each phase and its reference are measured in,
// alternately, so that a burst of load from elsewhere on a shared machine
// weighs on both rather than on one.
const rounds = 4

// measurePair measures fn and ref for d each, alternating in slices.
func measurePair(d time.Duration, clients int, fn, ref func(int) error) (result, result) {
	var a, b result
	for range rounds {
		a = a.merge(measure(d/rounds, clients, fn))
		b = b.merge(measure(d/rounds, clients, ref))
	}
	return a, b
}

func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// startMutexProfile records every contended Go mutex (the SQLite driver's
// mutexes are Go mutexes) until stop writes the profile to path.
func startMutexProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	runtime.SetMutexProfileFraction(1)
	return func() {
		pprof.Lookup("mutex").WriteTo(f, 0)
		runtime.SetMutexProfileFraction(0)
		f.Close()
	}, nil
}

// seed creates a user with a token and the benchmark article with its claims.
func seed(ctx context.Context, store *db.DB, words, n int) (token string, article model.Article, err error) {
	if token, err = loadUser(ctx, store); err != nil {
		return "", model.Article{}, err
	}
	a := fixture.Article(words)
	created, err := store.CreateArticle(ctx, model.NewArticle{Title: a.Title, Byline: a.Byline, Publication: a.Publication,
		URL: a.URL, PublishedAt: a.PublishedAt, Doc: text.Document{Text: a.Text, Blocks: a.Blocks}}, "load")
	if err != nil {
		return "", model.Article{}, err
	}
	for _, c := range fixture.Claims(a, n) {
		cl, err := store.CreateClaim(ctx, created.ID, fixture.NewClaim(c), "load")
		if err != nil {
			return "", model.Article{}, err
		}
		for _, s := range c.Sources {
			att := model.Attachment{Excerpt: s.Excerpt, Relation: s.Relation, Note: s.Note,
				Source: &model.NewSource{URL: s.URL, Reference: s.Reference, Title: s.Title, Publisher: s.Publisher, PublishedAt: s.PublishedAt}}
			if _, err := store.AttachSource(ctx, cl.ID, att, "load"); err != nil {
				return "", model.Article{}, err
			}
		}
	}
	return token, created, nil
}

// loadUser creates the editor "load", a publisher, with an API token.
func loadUser(ctx context.Context, store *db.DB) (string, error) {
	hash, err := auth.HashPassword("load-test-password")
	if err != nil {
		return "", err
	}
	if _, err := store.CreateUser(ctx, model.User{Name: "load", Role: model.UserEditor, Publisher: true, PasswordHash: hash}, false); err != nil {
		return "", err
	}
	token, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	return token, store.CreateToken(ctx, "load", auth.HashToken(token))
}

type server struct {
	addr string
	srv  *http.Server
}

func (s server) Close() { s.srv.Close() }

func listen(h http.Handler, port int) (server, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return server{}, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return server{addr: ln.Addr().String(), srv: srv}, nil
}

func fetch(client *http.Client, url, token string) ([]byte, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", url, res.Status)
	}
	return body, err
}

func do(client *http.Client, req *http.Request, want int) error {
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != want {
		return errors.New(res.Status)
	}
	return nil
}

type result struct {
	n, errors int
	elapsed   time.Duration
	latencies []time.Duration
}

// merge adds o's requests and time to r's.
func (r result) merge(o result) result {
	r.n += o.n
	r.errors += o.errors
	r.elapsed += o.elapsed
	r.latencies = append(r.latencies, o.latencies...)
	slices.Sort(r.latencies)
	return r
}

func (r result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

func (r result) pct(p int) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[(len(r.latencies)-1)*p/100]
}

// measure runs fn from the given number of clients until d has passed.
func measure(d time.Duration, clients int, fn func(int) error) result {
	var (
		mu  sync.Mutex
		res result
		wg  sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs := 0
			for i := c; time.Now().Before(deadline); i += clients {
				t := time.Now()
				if err := fn(i); err != nil {
					errs++
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.errors += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.n = len(res.latencies)
	slices.Sort(res.latencies)
	return res
}

func clientsOf(n int) string {
	if n == 1 {
		return "1 client"
	}
	return fmt.Sprintf("%d clients", n)
}
