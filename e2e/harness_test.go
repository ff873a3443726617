package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
)

const (
	// testTimeout bounds each test's browser tab, so that a hang fails the
	// test instead of stalling the run.
	testTimeout = 60 * time.Second
	// stepTimeout bounds one action or one wait.
	stepTimeout = 15 * time.Second
)

// harness is one test's server and browser tab.
type harness struct {
	t     testing.TB
	ctx   context.Context // the tab, ending at the test's deadline
	base  string          // the server's URL, without a trailing slash
	store *db.DB
	// browser is the browser's context, for a test that opens a second
	// tab or browser context (see secondBrowser).
	browser context.Context
	// path, configure and stop are the server's file, settings and
	// stopping, for restart.
	path      string
	configure []func(*handlers.Config)
	stop      func()

	mu       sync.Mutex
	jsErrors []string // uncaught exceptions in the page
	dialogs  []string // the types of the dialogs the page opened, all accepted
}

// newHarness starts the real router on a fresh database and a headless
// Chromium with a fresh profile, each stopped when the test ends. configure
// changes the server's settings (a test that fetches from a local server
// allows private addresses).
func newHarness(t testing.TB, configure ...func(*handlers.Config)) *harness {
	t.Helper()
	return newHarnessFor(t, testTimeout, configure...)
}

// newHarnessFor is newHarness with the tab's deadline given: a benchmark
// that seeds thousands of claims and measures several page loads needs
// longer than a test.
func newHarnessFor(t testing.TB, timeout time.Duration, configure ...func(*handlers.Config)) *harness {
	t.Helper()
	chromium := chromiumPath(t)
	path := filepath.Join(t.TempDir(), "factmark.db")
	store, base, stop := serveFile(t, path, configure...)

	// The browser lives a little longer than the tab's deadline, so that a
	// failing test can still take its screenshot.
	life, stopLife := context.WithTimeout(context.Background(), timeout+20*time.Second)
	t.Cleanup(stopLife)
	allocCtx, stopAlloc := chromedp.NewExecAllocator(life,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	t.Cleanup(stopAlloc)
	browserCtx, stopBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(stopBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}

	h := &harness{t: t, base: base, store: store, browser: browserCtx, path: path, configure: configure, stop: stop}
	tab, stopTab := context.WithTimeout(browserCtx, timeout)
	t.Cleanup(stopTab)
	h.ctx = tab
	if err := chromedp.Listen(browserCtx, h.onEvent); err != nil {
		t.Fatalf("listening to the page: %v", err)
	}
	h.do("setting the viewport", chromedp.EmulateViewport(1400, 1000))

	// Runs before the browser stops: keep evidence of a failure, and fail
	// on an uncaught exception in the app's scripts.
	t.Cleanup(func() {
		h.mu.Lock()
		errs := h.jsErrors
		h.mu.Unlock()
		for _, e := range errs {
			t.Errorf("uncaught exception in the page: %s", e)
		}
		if t.Failed() {
			ctx, cancel := context.WithTimeout(browserCtx, 5*time.Second)
			defer cancel()
			if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				h.saveArtifact("failure-"+t.Name()+".png", png)
			}
		}
	})
	return h
}

// restart stops the server and closes its store, which checkpoints the
// write-ahead log, then opens the same file and serves it again, as an
// operator's restart does: every cache of the store and of the server
// starts empty. The browser keeps its session: cookies belong to the host,
// not the port.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.store, h.base, h.stop = serveFile(h.t, h.path, h.configure...)
}

// onEvent records the page's uncaught exceptions and logs its console
// errors. It runs on chromedp's reading goroutine, so it only records, and
// leaves accepting a dialog (a page left with unsaved input asks first) to
// a goroutine of its own: an open dialog would stall every later step.
func (h *harness) onEvent(ev any) {
	switch ev := ev.(type) {
	case *page.EventJavascriptDialogOpening:
		h.mu.Lock()
		h.dialogs = append(h.dialogs, string(ev.Type))
		h.mu.Unlock()
		go func() {
			_ = chromedp.Do(h.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
				return err
			}))
		}()
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		h.mu.Lock()
		h.jsErrors = append(h.jsErrors, msg)
		h.mu.Unlock()
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, string(a.Value))
				}
			}
			h.t.Logf("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	}
}

// chromiumPath finds the browser: $FACTMARK_CHROMIUM, else a Chromium or
// Chrome on $PATH. Without one the test is skipped, except on CI, where a
// missing browser must not pass as a green run.
func chromiumPath(t testing.TB) string {
	t.Helper()
	names := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}
	if p := os.Getenv("FACTMARK_CHROMIUM"); p != "" {
		names = []string{p}
	}
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("no Chromium found (looked for %s); set FACTMARK_CHROMIUM", strings.Join(names, ", "))
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// serveFile serves the real router over HTTP on 127.0.0.1 with the
// database at path (created when new) until the test ends or stop is
// called. Server faults (logged at error level) fail the test: bad input
// must never be a 500.
//
// The tests written before the second check publish without one; the
// desk's tests turn it on with configure.
func serveFile(t testing.TB, path string, configure ...func(*handlers.Config)) (store *db.DB, base string, stop func()) {
	t.Helper()
	store, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("opening the database: %v", err)
	}
	log := slog.New(&failOnError{t: t, Handler: slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})})
	cfg := handlers.DefaultConfig()
	cfg.RequireSecondCheck = false
	for _, f := range configure {
		f(&cfg)
	}
	srv := httptest.NewServer(handlers.New(log, store, cfg))
	var once sync.Once
	stop = func() {
		once.Do(func() {
			srv.Close()
			if err := store.Close(); err != nil {
				t.Errorf("closing the database: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return store, srv.URL, stop
}

// testWriter sends the server's log lines to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// failOnError fails the test on every record at error level.
type failOnError struct {
	slog.Handler
	t testing.TB
}

func (h *failOnError) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.t.Errorf("server logged an error: %s", r.Message)
	}
	return h.Handler.Handle(ctx, r)
}

func (h *failOnError) WithAttrs(as []slog.Attr) slog.Handler {
	return &failOnError{Handler: h.Handler.WithAttrs(as), t: h.t}
}

func (h *failOnError) WithGroup(name string) slog.Handler {
	return &failOnError{Handler: h.Handler.WithGroup(name), t: h.t}
}

// artifactDir is where screenshots go: $FACTMARK_E2E_ARTIFACTS, or a
// directory under the system's temporary directory.
func artifactDir() string {
	if d := os.Getenv("FACTMARK_E2E_ARTIFACTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "factmark-e2e")
}

func (h *harness) saveArtifact(name string, data []byte) string {
	dir := artifactDir()
	name = strings.NewReplacer("/", "_", " ", "_").Replace(name)
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		h.t.Logf("saving %s: %v", name, err)
		return ""
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		h.t.Logf("saving %s: %v", name, err)
		return ""
	}
	h.t.Logf("saved %s", path)
	return path
}

// openedDialogs returns the types of the dialogs the page opened so far
// ("beforeunload", "confirm", …), each accepted.
func (h *harness) openedDialogs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.dialogs...)
}

// --- running actions -------------------------------------------------------

// do runs browser actions, failing the test with what when one fails or
// takes longer than stepTimeout.
func (h *harness) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		h.t.Fatalf("%s: %v\n%s", what, err, h.pageSummary())
	}
}

// sendKeys types s into the empty field sel. Right after a navigation,
// DevTools may answer a node id that chromedp took from the page before
// its DOM was rebuilt with "Could not find node with given id"; nothing
// was typed then, so the field is looked up again and the keys sent
// again (at most three times). Seen only on a loaded machine, on the
// first field typed into after a page load.
func (h *harness) sendKeys(sel, s string) {
	h.t.Helper()
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
		err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(sel), s))
		cancel()
		if err == nil {
			return
		}
		if attempt == 3 || !strings.Contains(err.Error(), "Could not find node with given id") || h.value(sel) != "" {
			h.t.Fatalf("typing into %s: %v\n%s", sel, err, h.pageSummary())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// jsCall returns the expression that calls the JavaScript function fn with
// args, each encoded as JSON.
func jsCall(fn string, args ...any) string {
	enc := make([]string, len(args))
	for i, a := range args {
		b, err := json.Marshal(a)
		if err != nil {
			panic(err)
		}
		enc[i] = string(b)
	}
	return "(" + fn + ")(" + strings.Join(enc, ", ") + ")"
}

// evalJS calls the JavaScript function fn with args in the page, awaits
// its result if it is a promise, and decodes it into a T.
func evalJS[T any](h *harness, what, fn string, args ...any) T {
	h.t.Helper()
	return evalJSWithin[T](h, stepTimeout, what, fn, args...)
}

// evalJSWithin is evalJS with its own time limit, for a benchmark's slow
// steps.
func evalJSWithin[T any](h *harness, limit time.Duration, what, fn string, args ...any) T {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, limit)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](jsCall(fn, args...), chromedp.EvalAwaitPromise))
	if err != nil {
		h.t.Fatalf("%s: %v\n%s", what, err, h.pageSummary())
	}
	return v
}

// waitUntil polls the JavaScript predicate fn(args...) until it is truthy.
// It survives navigations, which makes it the way to wait for a new page.
func (h *harness) waitUntil(what, fn string, args ...any) {
	h.t.Helper()
	// A page still being parsed has its first elements and not the rest
	// (the workspace's container before its text, on a loaded machine):
	// nothing is asked of it until it is parsed whole.
	expr := "document.readyState !== 'loading' && Promise.resolve(" + jsCall(fn, args...) + ").then((v) => !!v)"
	deadline := time.Now().Add(stepTimeout)
	var last error
	for {
		ctx, cancel := context.WithTimeout(h.ctx, 3*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise))
		cancel()
		if err == nil && ok {
			return
		}
		if err != nil {
			last = err // a navigation destroys the context: try again
		}
		if time.Now().After(deadline) || h.ctx.Err() != nil {
			h.t.Fatalf("timed out waiting until %s (last error: %v)\n%s", what, last, h.pageSummary())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// pageSummary describes the page for a failure message.
func (h *harness) pageSummary() string {
	ctx, cancel := context.WithTimeout(h.ctx, 2*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`location.href + "\n" + (document.querySelector("main") ? document.querySelector("main").innerText : document.body.innerText).slice(0, 1500)`))
	if err != nil {
		return "(page unavailable: " + err.Error() + ")"
	}
	return "page: " + s
}

// --- small page actions ----------------------------------------------------

// open navigates to path on the server and waits for the load event.
func (h *harness) open(path string) {
	h.t.Helper()
	h.do("opening "+path, chromedp.Navigate(h.base+path))
}

// click sends a real mouse click to the centre of the first element sel
// matches, once it is visible.
func (h *harness) click(what, sel string) {
	h.t.Helper()
	h.do("clicking "+what, chromedp.Click(chromedp.CSS(sel)))
}

// clickAt sends a real mouse click at viewport coordinates.
func (h *harness) clickAt(what string, x, y float64) {
	h.t.Helper()
	h.do("clicking "+what, chromedp.MouseClickXY(x, y))
}

// typeText empties the input or textarea sel and types s into it, key by
// key.
func (h *harness) typeText(sel, s string) {
	h.t.Helper()
	evalJS[chromedp.Void](h, "emptying "+sel, `(sel) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element " + sel);
		el.value = "";
		el.dispatchEvent(new Event("input", { bubbles: true }));
	}`, sel)
	if s != "" {
		h.sendKeys(sel, s)
	}
	if got := h.value(sel); got != s {
		h.t.Fatalf("typing into %s: value is %q, want %q", sel, got, s)
	}
}

// paste focuses the textarea sel, empties it and inserts s as one input,
// the way a paste does.
func (h *harness) paste(sel, s string) {
	h.t.Helper()
	evalJS[chromedp.Void](h, "focusing "+sel, `(sel) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element " + sel);
		el.value = "";
		el.focus();
	}`, sel)
	h.do("pasting into "+sel, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: s})
		return err
	}))
	if got := h.value(sel); got != s {
		h.t.Fatalf("pasting into %s: value is %q, want %q", sel, got, s)
	}
}

// choose picks the option with value v in the select sel, firing the
// events a user's choice fires.
func (h *harness) choose(sel, v string) {
	h.t.Helper()
	evalJS[chromedp.Void](h, "choosing "+v+" in "+sel, `(sel, v) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element " + sel);
		if (!Array.from(el.options).some((o) => o.value === v)) throw new Error("no option " + v + " in " + sel);
		el.focus();
		el.value = v;
		el.dispatchEvent(new Event("input", { bubbles: true }));
		el.dispatchEvent(new Event("change", { bubbles: true }));
	}`, sel, v)
}

// value returns the value of the form control sel.
func (h *harness) value(sel string) string {
	h.t.Helper()
	return evalJS[string](h, "reading the value of "+sel, `(sel) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element " + sel);
		return el.value;
	}`, sel)
}

// text returns the text content of the element sel, or fails.
func (h *harness) text(sel string) string {
	h.t.Helper()
	return evalJS[string](h, "reading the text of "+sel, `(sel) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element " + sel);
		return el.textContent;
	}`, sel)
}

// texts returns the trimmed text content of every element sel matches.
func (h *harness) texts(sel string) []string {
	h.t.Helper()
	return evalJS[[]string](h, "reading the texts of "+sel,
		`(sel) => Array.from(document.querySelectorAll(sel), (el) => el.textContent.trim())`, sel)
}

// count returns how many elements sel matches.
func (h *harness) count(sel string) int {
	h.t.Helper()
	return evalJS[int](h, "counting "+sel, `(sel) => document.querySelectorAll(sel).length`, sel)
}

// screenshot saves a PNG of the viewport and returns its path.
func (h *harness) screenshot(name string) string {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		h.t.Fatalf("screenshot: %v", err)
	}
	return h.saveArtifact(name, png)
}
