package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
)

// runExports measures every export of a long article (issue 11: 10,000
// claims, streamed, under 0.5 s to the last byte) over real HTTP: a
// temporary database gets the article through the JSON import, with every
// fifth claim holding a verdict published, and each export (every format
// and edition), the annotation container and one of its pages is asked
// for requests times by one client, each request followed by the same
// bytes served statically by the same process on the same port (the
// reference). It prints, per export, the median and slowest time to the
// first byte of the body and to the last byte, the reference's, the ratio
// of the medians to the last byte, and the bytes the process allocated per
// request (server and client together).
func runExports(ctx context.Context, words, n, requests, port int, profile string, out io.Writer) error {
	store, token, id, cleanup, err := seedExports(ctx, words, n)
	if err != nil {
		return err
	}
	defer cleanup()
	// The reference serves, under referencePrefix and each target's path,
	// the bytes the app answered it with, from the same listener.
	const referencePrefix = "/__reference"
	bodies := map[string][]byte{}
	h := handlers.New(slog.New(slog.NewTextHandler(io.Discard, nil)), store, handlers.DefaultConfig())
	app, err := listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := strings.CutPrefix(r.URL.RequestURI(), referencePrefix); ok {
			http.ServeContent(w, r, "export", time.Time{}, bytes.NewReader(bodies[p]))
			return
		}
		h.ServeHTTP(w, r)
	}), port)
	if err != nil {
		return err
	}
	defer app.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}, Timeout: 60 * time.Second}

	type target struct{ name, path string }
	var targets []target
	base := "/api/v1/articles/" + strconv.FormatInt(id, 10) + "/export?format="
	for _, f := range export.Formats() {
		switch {
		case f.Editions:
			targets = append(targets, target{f.Name + " public", base + f.Name + "&edition=public"},
				target{f.Name + " internal", base + f.Name + "&edition=internal"})
		default:
			targets = append(targets, target{f.Name, base + f.Name})
		}
	}
	container := "/annotations/" + strconv.FormatInt(id, 10) + "/"
	targets = append(targets, target{"annotation container", container}, target{"annotation page 50", container + "?iris=0&page=50"})

	for _, t := range targets {
		body, err := fetch(client, "http://"+app.addr+t.path, token)
		if err != nil {
			return err
		}
		bodies[t.path] = body
	}
	if profile != "" {
		stop, err := startProfile(profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	fmt.Fprintf(out, "seeded: %d words, %d claims (every fifth verdict published); %d requests per export, 1 client\n\n", words, n, requests)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "export\tbytes\tfirst byte p50\tlast byte p50\tlast byte max\talloc/req\treference first\treference last\tratio\t")
	for _, t := range targets {
		var app1, ref1 timings
		var alloc uint64
		for range requests {
			before := allocatedBytes()
			a, err := timedFetch(client, "http://"+app.addr+t.path, token)
			alloc += allocatedBytes() - before
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			r, err := timedFetch(client, "http://"+app.addr+referencePrefix+t.path, "")
			if err != nil {
				return fmt.Errorf("%s reference: %w", t.name, err)
			}
			if a.bytes != r.bytes {
				return fmt.Errorf("%s: %d bytes, the reference %d", t.name, a.bytes, r.bytes)
			}
			app1.add(a)
			ref1.add(r)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t\n", t.name, megabytes(int64(len(bodies[t.path]))),
			round(app1.median(app1.first)), round(app1.median(app1.last)), round(slices.Max(app1.last)),
			megabytes(int64(alloc/uint64(requests))), round(ref1.median(ref1.first)), round(ref1.median(ref1.last)),
			float64(app1.median(app1.last))/float64(ref1.median(ref1.last)))
	}
	return tw.Flush()
}

// seedExports opens a temporary database holding a user with a token and
// the long article, imported from its JSON export as a newsroom would move
// it, with every fifth claim holding a verdict published.
func seedExports(ctx context.Context, words, n int) (store *db.DB, token string, id int64, cleanup func(), err error) {
	store, cleanup, err = tempStore(ctx)
	if err != nil {
		return nil, "", 0, nil, err
	}
	defer func() {
		if err != nil {
			cleanup()
		}
	}()
	if token, err = loadUser(ctx, store); err != nil {
		return nil, "", 0, nil, err
	}
	a := fixture.Article(words)
	claims := fixture.Claims(a, n)
	var buf bytes.Buffer
	d := &export.Document{Article: a, Claims: claims, History: fixture.History(claims), ExportedAt: time.Now().UTC().Truncate(time.Second)}
	if err = export.JSON(&buf, d); err != nil {
		return nil, "", 0, nil, err
	}
	doc, err := ingest.DecodeExport(&buf)
	if err != nil {
		return nil, "", 0, nil, err
	}
	art, err := store.ImportDocument(ctx, doc)
	if err != nil {
		return nil, "", 0, nil, err
	}
	_, stored, err := store.ArticleWithClaims(ctx, art.ID)
	if err != nil {
		return nil, "", 0, nil, err
	}
	for i, c := range stored {
		if i%5 != 0 || !c.Status.IsVerdict() {
			continue
		}
		if _, err = store.PublishClaim(ctx, c.ID, model.Publish{Rationale: "Checked against the council minutes."}, "load"); err != nil {
			return nil, "", 0, nil, err
		}
	}
	return store, token, art.ID, cleanup, nil
}

// timing is one request's time to the first byte of its body and to its
// last byte.
type timing struct {
	first, last time.Duration
	bytes       int64
}

type timings struct{ first, last []time.Duration }

func (t *timings) add(x timing) {
	t.first = append(t.first, x.first)
	t.last = append(t.last, x.last)
}

func (t *timings) median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// timedFetch GETs url and times its first and last byte.
func timedFetch(client *http.Client, url, token string) (timing, error) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return timing{}, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return timing{}, fmt.Errorf("GET %s: %s", url, res.Status)
	}
	var t timing
	one := make([]byte, 1)
	k, err := io.ReadFull(res.Body, one)
	t.first = time.Since(start)
	if err != nil {
		return timing{}, err
	}
	rest, err := io.Copy(io.Discard, res.Body)
	t.last = time.Since(start)
	t.bytes = int64(k) + rest
	return t, err
}

// allocatedBytes is what the process has allocated since it started.
func allocatedBytes() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

func round(d time.Duration) time.Duration {
	if d > 10*time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Microsecond)
}

func megabytes(n int64) string {
	return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
}

// tempStore opens a database in a new temporary directory, which cleanup
// removes.
func tempStore(ctx context.Context) (*db.DB, func(), error) {
	dir, err := os.MkdirTemp("", "factmark-load-")
	if err != nil {
		return nil, nil, err
	}
	store, err := db.Open(ctx, filepath.Join(dir, "factmark.db"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return store, func() { store.Close(); os.RemoveAll(dir) }, nil
}
