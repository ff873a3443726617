package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/testkit"
)

// epoch is the fixed time the store's clock starts at.
var epoch = testkit.Epoch()

// password is every test user's password.
const password = "correct horse battery"

// passwordHash is computed once: bcrypt is slow on purpose.
var passwordHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(password)
	if err != nil {
		panic(err)
	}
	return h
})

// syncBuffer collects the server's log.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// env is the real router on a real database file, with a fixed clock, and
// users ada (admin), ed (editor) and vi (viewer), each with an API token.
type env struct {
	tb     testing.TB
	db     *db.DB
	path   string // the database file
	clock  *testkit.Clock
	h      http.Handler
	log    *syncBuffer
	users  map[string]model.User
	tokens map[string]string
	// serverErrorsWanted is set by a test that makes the store fail on
	// purpose, so that the errors logged do not fail it.
	serverErrorsWanted bool
}

type envOption func(*envOptions)

type envOptions struct {
	cfg     handlers.Config
	noUsers bool
}

func withConfig(f func(*handlers.Config)) envOption {
	return func(o *envOptions) { f(&o.cfg) }
}

func withoutUsers(o *envOptions) { o.noUsers = true }

// newEnv builds the router on a new database. A server error logged during
// the test fails it: bad input must never be a 500.
func newEnv(tb testing.TB, opts ...envOption) *env {
	tb.Helper()
	o := envOptions{cfg: handlers.DefaultConfig()}
	// The tests written before the second check publish without one; the
	// desk's tests turn it on (withConfig).
	o.cfg.RequireSecondCheck = false
	for _, opt := range opts {
		opt(&o)
	}
	ctx := context.Background()
	path := filepath.Join(tb.TempDir(), "factmark.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	clk := testkit.NewClock()
	d.Now = clk.Now
	logs := &syncBuffer{}
	if o.cfg.Clock == nil {
		o.cfg.Clock = clk.Now
	}
	e := &env{tb: tb, db: d, path: path, clock: clk, log: logs, users: map[string]model.User{}, tokens: map[string]string{},
		h: handlers.New(slog.New(slog.NewTextHandler(logs, nil)), d, o.cfg)}
	tb.Cleanup(func() {
		if !e.serverErrorsWanted && strings.Contains(logs.String(), "level=ERROR") {
			tb.Errorf("the server logged an error:\n%s", logs.String())
		}
	})
	if !o.noUsers {
		for name, role := range map[string]model.UserRole{"ada": model.UserAdmin, "ed": model.UserEditor, "vi": model.UserViewer} {
			e.addUser(name, role)
		}
		// ed publishes reviews, as editors did before publishers (issue 9).
		e.setPublisher("ed", true)
	}
	return e
}

// setPublisher marks or unmarks user as a publisher.
func (e *env) setPublisher(user string, on bool) {
	e.tb.Helper()
	u, err := e.db.UpdateUser(context.Background(), user, model.UserChange{Publisher: &on})
	if err != nil {
		e.tb.Fatal(err)
	}
	e.users[user] = u
}

// addUser creates a user with the test password and an API token.
func (e *env) addUser(name string, role model.UserRole) {
	e.tb.Helper()
	ctx := context.Background()
	u, err := e.db.CreateUser(ctx, model.User{Name: name, DisplayName: strings.ToUpper(name[:1]) + name[1:], Role: role, PasswordHash: passwordHash()}, false)
	if err != nil {
		e.tb.Fatal(err)
	}
	token, err := auth.NewToken()
	if err != nil {
		e.tb.Fatal(err)
	}
	if err := e.db.CreateToken(ctx, name, auth.HashToken(token)); err != nil {
		e.tb.Fatal(err)
	}
	e.users[name], e.tokens[name] = u, token
}

func (e *env) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

// api sends a JSON API request as user (by name; "" for none). body is sent
// as is when it is a string or []byte and as JSON otherwise; headers come in
// name, value pairs.
func (e *env) api(method, path, user string, body any, headers ...string) *httptest.ResponseRecorder {
	e.tb.Helper()
	req := httptest.NewRequest(method, path, jsonBody(e.tb, body))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return e.serve(req)
}

func jsonBody(tb testing.TB, body any) io.Reader {
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	case io.Reader:
		return b
	}
	data, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.NewReader(data)
}

// decode parses a JSON response into v.
func decode[T any](tb testing.TB, rec *httptest.ResponseRecorder) T {
	tb.Helper()
	var v T
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Fatalf("Content-Type %q, want JSON; body %s", ct, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		tb.Fatalf("decode %s: %v", rec.Body, err)
	}
	return v
}

// apiError is the JSON error body of docs/DESIGN.md §3.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
	Current json.RawMessage `json:"current"`
}

// wantStatus fails unless rec has status.
func wantStatus(tb testing.TB, rec *httptest.ResponseRecorder, status int) {
	tb.Helper()
	if rec.Code != status {
		tb.Fatalf("status %d, want %d; body: %s", rec.Code, status, rec.Body)
	}
}

// wantError checks an API error response: its status, its JSON body's code
// and field, and that the message mentions each of msg.
func wantError(tb testing.TB, rec *httptest.ResponseRecorder, status int, code, field string, msg ...string) apiError {
	tb.Helper()
	wantStatus(tb, rec, status)
	got := decode[apiError](tb, rec)
	if got.Error.Code != code || got.Error.Field != field || got.Error.Message == "" {
		tb.Errorf("error %+v, want code %q field %q and a message", got.Error, code, field)
	}
	for _, m := range msg {
		if !strings.Contains(got.Error.Message, m) {
			tb.Errorf("message %q does not say %q", got.Error.Message, m)
		}
	}
	return got
}

// article is the API's article.
type article struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	Byline      string `json:"byline"`
	Publication string `json:"publication"`
	URL         string `json:"url"`
	PublishedAt string `json:"published_at"`
	Text        string `json:"text"`
	Blocks      []struct {
		Kind  string `json:"kind"`
		Level int    `json:"level"`
		Start int    `json:"start"`
		End   int    `json:"end"`
	} `json:"blocks"`
	Version   int    `json:"version"`
	CreatedAt string `json:"created_at"`
	CreatedBy string `json:"created_by"`
}

// storyText is invented: a short news story with emoji, accents and CJK so
// that code-point offsets differ from byte and UTF-16 offsets.
const storyText = "Harbour council backs ferry link 🚢\n\n" +
	"The Pellmoor council voted 7–2 on Tuesday to fund a ferry between Pellmoor and Astrid Bay, the mayor said. " +
	"Tickets will cost €4 and the first boat 🌊 sails in May.\n\n" +
	"Officials from the port authority were not invited to the meeting, according to two attendees. " +
	"A café owner, 李明, said the council had ignored the fishermen 🎣 for years."

// storyURL is where the annotation tests' story is published: the article
// URL that annotations made on its page target.
const storyURL = "https://ledger.example/ferry"

// createArticle creates an article through the API as ed.
func (e *env) createArticle(title, text string) article {
	e.tb.Helper()
	return e.createArticleAt(title, text, "")
}

// createArticleAt creates an article published at url through the API as
// ed.
func (e *env) createArticleAt(title, text, url string) article {
	e.tb.Helper()
	rec := e.api(http.MethodPost, "/api/v1/articles", "ed", map[string]string{"title": title, "text": text, "publication": "The Pellmoor Ledger", "url": url})
	wantStatus(e.tb, rec, http.StatusCreated)
	return decode[article](e.tb, rec)
}

// claim is the API's claim.
type claim struct {
	ID        int64  `json:"id"`
	ArticleID int64  `json:"article_id"`
	Number    int    `json:"number"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Statement string `json:"statement"`
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	Note      string `json:"note"`
	Quote     struct {
		Exact  string `json:"exact"`
		Prefix string `json:"prefix"`
		Suffix string `json:"suffix"`
	} `json:"quote"`
	Parties []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Role string `json:"role"`
	} `json:"parties"`
	Sources []struct {
		ID       int64  `json:"id"`
		URL      string `json:"url"`
		Title    string `json:"title"`
		Relation string `json:"relation"`
	} `json:"sources"`
	Version   int    `json:"version"`
	UpdatedBy string `json:"updated_by"`
}

// partyRoles lists the roles of c's parties, in order.
func partyRoles(c claim) []string {
	var roles []string
	for _, p := range c.Parties {
		roles = append(roles, p.Role)
	}
	return roles
}

// createClaim creates a claim on the first occurrence of sub through the
// API as ed.
func (e *env) createClaim(a article, sub string, extra map[string]any) claim {
	e.tb.Helper()
	s, end := span(e.tb, a.Text, sub)
	body := map[string]any{"start": s, "end": end}
	for k, v := range extra {
		body[k] = v
	}
	rec := e.api(http.MethodPost, "/api/v1/articles/"+itoa(a.ID)+"/claims", "ed", body)
	wantStatus(e.tb, rec, http.StatusCreated)
	return decode[claim](e.tb, rec)
}

// span returns the code-point offsets of the first occurrence of sub in s.
func span(tb testing.TB, s, sub string) (int, int) {
	tb.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		tb.Fatalf("%q not in %q", sub, s)
	}
	start := len([]rune(s[:i]))
	return start, start + len([]rune(sub))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// browser is a user agent with a cookie jar, for the pages and their forms.
type browser struct {
	e   *env
	jar map[string]*http.Cookie
}

func (e *env) browser() *browser { return &browser{e: e, jar: map[string]*http.Cookie{}} }

// loggedIn returns a browser with a session for user, made in the store as
// the login form would.
func (e *env) loggedIn(user string) *browser {
	e.tb.Helper()
	token, err := auth.NewToken()
	if err != nil {
		e.tb.Fatal(err)
	}
	if err := e.db.CreateSession(context.Background(), e.users[user].ID, auth.HashToken(token), time.Hour); err != nil {
		e.tb.Fatal(err)
	}
	b := e.browser()
	b.jar["factmark_session"] = &http.Cookie{Name: "factmark_session", Value: token}
	return b
}

// do sends req with the jar's cookies and keeps the cookies it sets.
func (b *browser) do(req *http.Request) *httptest.ResponseRecorder {
	for _, c := range b.jar {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	rec := b.e.serve(req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.jar, c.Name)
		} else {
			b.jar[c.Name] = c
		}
	}
	return rec
}

func (b *browser) get(path string) *httptest.ResponseRecorder {
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// csrf returns the CSRF token a page of this browser carries: the home
// page's when it has a session, the login (or setup) page's otherwise.
func (b *browser) csrf() string {
	b.e.tb.Helper()
	path := "/login"
	if _, ok := b.jar["factmark_session"]; ok {
		path = "/"
	}
	rec := b.get(path)
	for i := 0; i < 2 && rec.Code == http.StatusSeeOther; i++ {
		rec = b.get(rec.Header().Get("Location"))
	}
	token := parseHTML(b.e.tb, rec).Find(`meta[name="csrf-token"]`).AttrOr("content", "")
	if token == "" {
		b.e.tb.Fatalf("no CSRF token in the page of GET %s (status %d)", path, rec.Code)
	}
	return token
}

// post submits a form; headers come in name, value pairs.
func (b *browser) post(path string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

// fragment submits a form as the workspace's script does: asking for a
// fragment, with the CSRF token in a header.
func (b *browser) fragment(path string, form url.Values) *httptest.ResponseRecorder {
	return b.post(path, form, "HX-Request", "true", "X-CSRF-Token", b.csrf())
}

// html parses an HTML response.
func parseHTML(tb testing.TB, rec *httptest.ResponseRecorder) *goquery.Document {
	tb.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		tb.Fatalf("Content-Type %q, want HTML; body %s", ct, rec.Body)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// testid selects elements by data-testid.
func testid(id string) string { return `[data-testid="` + id + `"]` }

// cookieIn returns the cookie called name that rec sets.
func cookieIn(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
