// Package handlers is factmark's HTTP layer: the Echo router, its
// middleware, and one file per resource for the JSON API and the pages. It
// turns requests into calls on the store and renders the views; the domain
// rules live in internal/ and db.
package handlers

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/factmark/factmark/internal/fetch"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Config is what the HTTP layer needs to know about its deployment.
type Config struct {
	// SecureCookies marks cookies Secure even on plain HTTP requests, for a
	// server behind a TLS-terminating proxy. Requests that arrive over TLS
	// always get Secure cookies.
	SecureCookies bool
	// MaxBodyBytes limits every request body; a larger one gets 413.
	MaxBodyBytes int64
	// SessionTTL is how long a login lasts at most.
	SessionTTL time.Duration
	// SessionIdle ends a session unused for this long (0: never).
	SessionIdle time.Duration
	// BaseURL is factmark's public base URL ("https://factcheck.example.org"),
	// which annotation and review IRIs start with; empty means the URL the
	// request came to.
	BaseURL string
	// NewsroomName and NewsroomURL name the fact-checking organization in
	// the standards exports (ClaimReview's author).
	NewsroomName string
	NewsroomURL  string
	// CORSOrigins lists the origins whose scripts may call the API and the
	// annotation server ("https://client.example.org").
	CORSOrigins []string
	// AnnotationPageSize is how many annotations a page of an annotation
	// container holds.
	AnnotationPageSize int
	// TrustedProxies are the addresses of the reverse proxies whose
	// X-Forwarded-For is believed: the client's address (for login
	// throttling and the log) is the rightmost one in that header that is
	// not a trusted proxy. A request from anywhere else is judged by its
	// connection's address. Empty: no proxy is trusted.
	TrustedProxies []*net.IPNet
	// FetchAllowPrivate lets article import fetch URLs on loopback,
	// private and link-local addresses: for an intranet, and for tests.
	// Off, such addresses are refused, so that a user cannot make factmark
	// probe the network it runs in.
	FetchAllowPrivate bool
	// RequireSecondCheck makes publishing a review wait for a second
	// check: another editor than the verdict's author approves it first
	// (--require-second-check, on by default).
	RequireSecondCheck bool
	// Clock is the time login throttling reads; nil means time.Now. Tests
	// set it to move time on.
	Clock func() time.Time
}

// DefaultConfig returns the settings used when nothing is configured.
func DefaultConfig() Config {
	return Config{MaxBodyBytes: 4 << 20, SessionTTL: 14 * 24 * time.Hour, SessionIdle: 12 * time.Hour, AnnotationPageSize: defaultAnnotationPage,
		TrustedProxies: LoopbackProxies(), RequireSecondCheck: true}
}

// LoopbackProxies returns the loopback ranges, the proxies trusted by
// default: a proxy on the same machine.
func LoopbackProxies() []*net.IPNet {
	return []*net.IPNet{
		{IP: net.IPv4(127, 0, 0, 0).To4(), Mask: net.CIDRMask(8, 32)},
		{IP: net.IPv6loopback, Mask: net.CIDRMask(128, 128)},
	}
}

// clientIPExtractor believes X-Forwarded-For only from the trusted proxies:
// Echo's own defaults would also trust every private and link-local
// address, letting anyone on the LAN pick the address they are throttled
// and logged as.
func clientIPExtractor(trusted []*net.IPNet) echo.IPExtractor {
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, r := range trusted {
		opts = append(opts, echo.TrustIPRange(r))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// Store is what the handlers need from storage; *db.DB implements it.
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	CreateUser(ctx context.Context, u model.User, firstOnly bool) (model.User, error)
	UserByName(ctx context.Context, name string) (model.User, error)
	ListUsers(ctx context.Context) ([]model.User, error)
	CreateSession(ctx context.Context, userID int64, tokenHash string, ttl time.Duration) error
	SessionUser(ctx context.Context, tokenHash string, idle time.Duration) (model.User, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	TokenUser(ctx context.Context, tokenHash string) (model.User, model.APIToken, error)
	Secret(ctx context.Context, name string) ([]byte, error)
	UpdateUser(ctx context.Context, name string, ch model.UserChange) (model.User, error)
	ChangePassword(ctx context.Context, userID int64, passwordHash, keepSession string) error
	CreateAPIToken(ctx context.Context, nt model.NewToken, tokenHash string) (model.APIToken, error)
	ListTokens(ctx context.Context, name string) ([]model.APIToken, error)
	RevokeToken(ctx context.Context, id, ownerID int64) error

	CreateArticle(ctx context.Context, na model.NewArticle, by string) (model.Article, error)
	Article(ctx context.Context, id int64) (model.Article, error)
	ListArticles(ctx context.Context) ([]model.ArticleSummary, error)
	ListArticlesPage(ctx context.Context, limit int, before int64, state model.ArticleState) ([]model.ArticleSummary, int64, error)
	DeleteArticle(ctx context.Context, id int64, ifVersion int) error
	UpdateArticle(ctx context.Context, id int64, u model.ArticleUpdate, by string) (model.Article, error)
	// Revisions (db/revisions.go).
	AddRevision(ctx context.Context, id int64, nr model.NewRevision, by string) (model.RevisionResult, error)
	Revisions(ctx context.Context, articleID int64) ([]model.Revision, error)
	Revision(ctx context.Context, articleID int64, version int) (model.Revision, error)
	FetchedPage(ctx context.Context, articleID int64, version int) (model.FetchedPage, error)
	ClaimsAtRevision(ctx context.Context, articleID int64, version int) ([]model.Claim, error)
	StorePendingPage(ctx context.Context, p model.FetchedPage) (model.FetchedPage, error)
	ReattachClaim(ctx context.Context, id int64, start, end, ifVersion int, by string) (model.Claim, error)
	DismissOrphan(ctx context.Context, id int64, ifVersion int, by string) (model.Claim, error)
	ImportDocument(ctx context.Context, doc *model.ImportedArticle) (model.Article, error)

	CreateClaim(ctx context.Context, articleID int64, nc model.NewClaim, by string) (model.Claim, error)
	CreateClaims(ctx context.Context, articleID int64, ncs []model.NewClaim, by string) ([]model.Claim, []error, error)
	Claim(ctx context.Context, id int64) (model.Claim, error)
	ClaimsByArticle(ctx context.Context, articleID int64) ([]model.Claim, error)
	ArticleWithClaims(ctx context.Context, articleID int64) (model.Article, []model.Claim, error)
	UpdateClaim(ctx context.Context, id int64, u model.ClaimUpdate, by string) (model.Claim, error)
	// EditClaim saves the workspace's details form in one transaction.
	EditClaim(ctx context.Context, id int64, e model.ClaimEdit, by string) (model.Claim, []model.FieldConflict, error)
	ReplaceClaim(ctx context.Context, id int64, r model.ClaimReplacement, by string) (model.Claim, error)
	DeleteClaim(ctx context.Context, id int64, ifVersion int) error
	AddParty(ctx context.Context, claimID int64, p model.NewParty, by string) (model.Claim, error)
	AddParties(ctx context.Context, claimID int64, ps []model.NewParty, by string) (model.Claim, error)
	// The party registry (db/party_registry.go).
	PartyEntities(ctx context.Context, q string, limit int) ([]model.PartyEntity, error)
	PartyEntity(ctx context.Context, id int64) (model.PartyEntity, []model.PartyClaim, error)
	UpdatePartyEntity(ctx context.Context, id int64, p model.PartyEntityPatch, by string) (model.PartyEntity, error)
	MergePartyEntities(ctx context.Context, from, into int64, by string) (model.PartyEntity, error)
	MatchPartyEntity(ctx context.Context, name string) (*int64, error)
	// The party registry's pages (pages_parties_edit.go).
	PartyHistory(ctx context.Context, id int64) ([]model.PartyEvent, error)
	AddPartyAlias(ctx context.Context, id int64, alias, by string) (model.PartyEntity, error)
	RemovePartyAlias(ctx context.Context, id int64, alias, by string) (model.PartyEntity, error)
	PartyList(ctx context.Context, q string, offset, limit int) ([]model.PartyEntity, int, error)
	RemoveParty(ctx context.Context, claimID, partyID int64, by string) (model.Claim, error)
	MarkParty(ctx context.Context, claimID, partyID int64, start, end *int, by string) (model.Claim, error)
	AttachSource(ctx context.Context, claimID int64, att model.Attachment, by string) (model.Claim, error)
	DetachSource(ctx context.Context, claimID, sourceID int64, by string) (model.Claim, error)
	SearchSources(ctx context.Context, q string, limit int) ([]model.Source, error)
	History(ctx context.Context, claimID int64) ([]model.Event, error)
	ArticleHistory(ctx context.Context, articleID int64) (map[int64][]model.Event, error)

	// Publication (issue 6 §1): a verdict reaches readers only when an
	// editor publishes its review.
	PublishClaim(ctx context.Context, id int64, p model.Publish, by string) (model.Claim, error)
	UnpublishClaim(ctx context.Context, id int64, u model.Unpublish, by string) (model.Claim, error)

	// Source snapshots (issue 8 §3): a source's page archived, with its
	// hash, so that an excerpt can be checked against what the page said.
	Source(ctx context.Context, id int64) (model.Source, error)
	ArchiveSource(ctx context.Context, ns model.NewSnapshot, by string) (model.Snapshot, error)
	Snapshots(ctx context.Context, sourceID int64) ([]model.Snapshot, error)
	SnapshotRaw(ctx context.Context, sourceID, snapID int64) (model.Snapshot, []byte, error)
	// The import page (issue 8 §1): a page fetched or uploaded for a
	// preview, read back for the save that attaches it.
	PendingPage(ctx context.Context, id int64) (model.FetchedPage, error)
	// The desk (issue 9): assignment, my work, second check.
	AssignArticle(ctx context.Context, id int64, as model.ArticleAssignment, by string) (model.Article, error)
	ArticleEvents(ctx context.Context, articleID int64) ([]model.Event, error)
	Work(ctx context.Context, user string) (model.Work, error)
	RequestCheck(ctx context.Context, id int64, r model.CheckRequest, by string) (model.Claim, error)
	ApproveCheck(ctx context.Context, id int64, dec model.CheckDecision, by string) (model.Claim, error)
	SendBackCheck(ctx context.Context, id int64, dec model.CheckDecision, by string) (model.Claim, error)
	CheckQueue(ctx context.Context) ([]model.CheckQueueItem, error)
	Comments(ctx context.Context, claimID int64) ([]model.Comment, error)
	AddComment(ctx context.Context, claimID int64, body, by string) (model.Comment, error)
	EditComment(ctx context.Context, id int64, body, by string) (model.Comment, error)
	DeleteComment(ctx context.Context, id int64, by string) (model.Comment, error)
	Notifications(ctx context.Context, user string, limit int) ([]model.Notification, error)
	UnreadCount(ctx context.Context, user string) (int, error)
	MarkRead(ctx context.Context, user string, id int64) error
	SetFeedToken(ctx context.Context, user, tokenHash string) error
	RevokeFeedToken(ctx context.Context, user string) error
	HasFeedToken(ctx context.Context, user string) (bool, error)
	FeedUser(ctx context.Context, tokenHash string) (string, error)
	Dashboard(ctx context.Context) (model.Dashboard, error)
	DeskClaims(ctx context.Context, f model.ClaimFilter) ([]model.DeskClaim, error)
	// Bulk changes of the workspace's claim list (db/claim_bulk.go).
	BulkUpdateClaims(ctx context.Context, articleID int64, b model.BulkClaimUpdate, by string) ([]model.Claim, error)
	// Search and "checked before" (issue 10 §1, §2: db/search.go,
	// db/saved_searches.go, db/similar.go).
	Search(ctx context.Context, s model.Search) (model.SearchResults, error)
	SaveSearch(ctx context.Context, userID int64, name, query string) (model.SavedSearch, error)
	SavedSearches(ctx context.Context, userID int64) ([]model.SavedSearch, error)
	DeleteSavedSearch(ctx context.Context, userID, id int64) error
	SimilarClaims(ctx context.Context, id int64) ([]model.SimilarClaim, error)
	LinkClaims(ctx context.Context, id, other int64, by string) (model.Claim, error)
	UnlinkClaims(ctx context.Context, id, other int64, by string) (model.Claim, error)
	CopySources(ctx context.Context, id, from int64, by string) (model.Claim, int, error)
	// Exports (issue 11: db/article_record.go): everything an export
	// writes, from one snapshot.
	ArticleRecord(ctx context.Context, articleID int64, withHistory bool) (model.ArticleRecord, error)

	// ArticleWithClaimsNear reads an article with only the claims near a
	// span of its text, for a save's answer (handlers/pages_chunks.go).
	ArticleWithClaimsNear(ctx context.Context, articleID int64, start, end int) (model.Article, []model.Claim, error)
	// TextIndex returns the code-point index of an article's text as the
	// store returned it, kept per revision (db/text_cache.go).
	TextIndex(a model.Article) *text.Index
}

// Server holds the handlers' dependencies.
type Server struct {
	log   *slog.Logger
	store Store
	cfg   Config
	now   func() time.Time

	secretMu   sync.Mutex
	csrfSecret []byte // see csrfKey

	throttle *loginThrottle

	fetcher *fetch.Fetcher // gets the pages articles are imported from and sources archived from

	memos *memoCache // the workspace pages of recently read articles
}

// New returns the configured router.
func New(log *slog.Logger, store Store, cfg Config) *echo.Echo {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultConfig().MaxBodyBytes
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultConfig().SessionTTL
	}
	if cfg.AnnotationPageSize <= 0 {
		cfg.AnnotationPageSize = DefaultConfig().AnnotationPageSize
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	s := &Server{log: log, store: store, cfg: cfg, now: time.Now, throttle: newLoginThrottle(cfg.Clock),
		fetcher: newFetcher(cfg), memos: newMemoCache(memoCacheBytes)}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// A client's address, for login throttling and the log.
	e.IPExtractor = clientIPExtractor(cfg.TrustedProxies)
	e.HTTPErrorHandler = s.handleError
	e.Pre(routeHeadAsGet) // head.go
	e.Use(restoreHead)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableErrorHandler: false, LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		log.Error("panic", "err", err, "path", c.Request().URL.Path, "stack", string(stack))
		return err
	}}))
	e.Use(s.logRequests)
	e.Use(securityHeaders)
	e.Use(s.limitBody)
	e.Use(s.cors())
	s.routes(e)
	return e
}

// logRequests logs every request with slog.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		req := c.Request()
		s.log.LogAttrs(req.Context(), slog.LevelInfo, "request",
			slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("status", c.Response().Status), slog.Int64("bytes", c.Response().Size),
			slog.Duration("duration", time.Since(start)))
		return nil
	}
}

// securityHeaders sets headers that make the browser refuse injected
// scripts, framing and content sniffing, as a second line behind escaping.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		return next(c)
	}
}

// limitBody refuses bodies over the limit with 413 before reading them when
// Content-Length says so, and while reading them otherwise.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength > s.cfg.MaxBodyBytes {
			return &http.MaxBytesError{Limit: s.cfg.MaxBodyBytes}
		}
		if req.Body != nil {
			req.Body = http.MaxBytesReader(c.Response(), req.Body, s.cfg.MaxBodyBytes)
		}
		return next(c)
	}
}
