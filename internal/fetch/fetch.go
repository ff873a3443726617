// Package fetch gets web pages (articles and source snapshots) for
// factmark without letting a user reach what the server can reach and
// they cannot: it is a server-side request forgery guard as much as an
// HTTP client.
//
// Every address a connection is made to is checked when the socket is
// about to connect, by a net.Dialer Control function, so that a host name
// that resolves to a public address for a check and to an internal one for
// the request (DNS rebinding), and a redirect to an internal address, are
// both refused. Proxies from the environment are not used: the proxy's
// address would be the one checked, not the page's.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/factmark/factmark/internal/extract"
	"github.com/factmark/factmark/internal/model"
)

// Defaults of a Fetcher's zero fields.
const (
	DefaultMaxBytes       = 5 << 20
	DefaultConnectTimeout = 5 * time.Second
	DefaultTimeout        = 15 * time.Second
	DefaultMaxRedirects   = 5
	DefaultUserAgent      = "Mozilla/5.0 (compatible; factmark; +https://github.com/factmark/factmark)"
)

// field is the input every error is about.
const field = "url"

// Fetcher gets web pages. Its zero value is ready to use, with the
// defaults above; it is safe for concurrent use once its fields are set.
type Fetcher struct {
	// AllowPrivate lets the fetcher connect to loopback, private,
	// link-local and other non-public addresses: for an intranet, and for
	// tests.
	AllowPrivate bool
	// MaxBytes is the largest body accepted, after decompression.
	MaxBytes int64
	// ConnectTimeout bounds each connection (and TLS handshake); Timeout
	// the whole fetch, redirects and body included.
	ConnectTimeout, Timeout time.Duration
	// MaxRedirects is how many redirects are followed; a negative value
	// follows none.
	MaxRedirects int
	UserAgent    string

	// public, when set, is asked first whether an address is public. It
	// lets a test play a public server with a local one while the real
	// check stays in force for every other address.
	public func(netip.AddrPort) bool
	// now is the clock (time.Now when nil).
	now func() time.Time
}

// Page is a fetched page.
type Page struct {
	// URL is the page's final address, after redirects.
	URL string
	// ContentType is the Content-Type header as the server sent it.
	ContentType string
	// Body is the body's bytes as received (after any Content-Encoding is
	// undone), not decoded from its charset: the evidence of what the page
	// said, and what SHA256 is computed over.
	Body      []byte
	SHA256    string // hex
	FetchedAt time.Time
	// Charset is the name of the encoding of the body, as the header, a
	// byte-order mark or the page's <meta> declare it, or as sniffed
	// (see extract.DetectCharset).
	Charset string
}

// Get fetches rawURL. Every error that the user can act on (an address
// factmark refuses, a page too large, not HTML, too slow, an error status)
// is an EINVALID *model.Error about the field "url" whose message says
// what happened. When ctx itself ends, its error is returned, wrapped.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (Page, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return Page{}, err
	}
	timeout := orDefault(f.Timeout, DefaultTimeout)
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	req, err := http.NewRequestWithContext(tctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Page{}, model.Invalid(field, "The address is not a valid URL")
	}
	req.Header.Set("User-Agent", orDefault(f.UserAgent, DefaultUserAgent))
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")

	client := f.client()
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return Page{}, f.explain(ctx, tctx, u, err)
	}
	defer resp.Body.Close()

	page, err := f.read(resp)
	if err != nil {
		if ctxErr := f.explainTimeout(ctx, tctx, err); ctxErr != nil {
			return Page{}, ctxErr
		}
		return Page{}, err
	}
	return page, nil
}

// read checks the response and reads its body.
func (f *Fetcher) read(resp *http.Response) (Page, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Page{}, model.Invalid(field, "The address answered %s, not a page", resp.Status)
	}
	maxBytes := orDefault(f.MaxBytes, DefaultMaxBytes)
	tooLarge := model.Invalid(field, "The page is larger than %s", formatSize(maxBytes))
	if resp.ContentLength > maxBytes {
		return Page{}, tooLarge
	}
	contentType := resp.Header.Get("Content-Type")
	if contentType != "" {
		if err := checkContentType(contentType); err != nil {
			return Page{}, err
		}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		// Get reports a timeout first; any other error here is the
		// server's doing.
		return Page{}, &model.Error{Code: model.EINVALID, Field: field,
			Message: "The connection broke before the whole page was read"}
	}
	if int64(len(body)) > maxBytes {
		return Page{}, tooLarge
	}
	if contentType == "" {
		// No type given: accept what a browser would render as HTML.
		if err := checkContentType(http.DetectContentType(body)); err != nil {
			return Page{}, err
		}
	}
	sum := sha256.Sum256(body)
	now := time.Now
	if f.now != nil {
		now = f.now
	}
	return Page{
		URL:         resp.Request.URL.String(),
		ContentType: contentType,
		Body:        body,
		SHA256:      hex.EncodeToString(sum[:]),
		FetchedAt:   now().UTC(),
		Charset:     extract.DetectCharset(body, contentType),
	}, nil
}

// checkURL parses rawURL and refuses what factmark does not fetch.
func checkURL(rawURL string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, model.Invalid(field, "The address is not a valid URL")
	}
	if err := checkTarget(u); err != nil {
		return nil, err
	}
	return u, nil
}

// checkTarget refuses a URL that is not http or https, has no host, or
// carries a user name or password. Credentials are refused rather than
// dropped: sent, they would go to whatever site the page redirects to,
// and stored with the article, they would show in its exports.
func checkTarget(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return model.Invalid(field, "The address must start with http:// or https://")
		}
		return model.Invalid(field, "factmark fetches only http and https addresses, not %s", u.Scheme)
	}
	if u.Hostname() == "" {
		return model.Invalid(field, "The address has no host name")
	}
	if u.User != nil {
		return model.Invalid(field, "Remove the user name and password from the address: factmark does not send credentials")
	}
	return nil
}

// checkContentType accepts the HTML media types only.
func checkContentType(contentType string) error {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return model.Invalid(field, "The address answered with an unreadable content type (%q), not a web page", contentType)
	}
	switch mediaType {
	case "text/html", "application/xhtml+xml":
		return nil
	}
	return model.Invalid(field, "The address answered with %s, not a web page", mediaType)
}

// client returns an HTTP client that connects only through f's checks.
func (f *Fetcher) client() *http.Client {
	connect := orDefault(f.ConnectTimeout, DefaultConnectTimeout)
	dialer := &net.Dialer{Timeout: connect, Control: f.control}
	transport := &http.Transport{
		Proxy:               nil, // not from the environment: the proxy's address would be the one checked
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: connect,
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        1,
		IdleConnTimeout:     time.Second,
	}
	maxRedirects := f.MaxRedirects
	if maxRedirects == 0 {
		maxRedirects = DefaultMaxRedirects
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return &redirectError{max(maxRedirects, 0)}
			}
			return checkTarget(req.URL)
		},
	}
}

// redirectError is returned when a page redirects too many times.
type redirectError struct{ max int }

func (e *redirectError) Error() string {
	return fmt.Sprintf("stopped after %d redirects", e.max)
}

// control is the dialer's Control function: it runs with the resolved
// address of every connection, just before it is made.
func (f *Fetcher) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return &blockedError{address: address, reason: "not an IP address"}
	}
	if f.AllowPrivate {
		return nil
	}
	if f.public != nil && f.public(ap) {
		return nil
	}
	if reason := nonPublic(ap.Addr()); reason != "" {
		return &blockedError{address: ap.Addr().String(), reason: reason}
	}
	return nil
}

// blockedError is the Control function's refusal of an address.
type blockedError struct{ address, reason string }

func (e *blockedError) Error() string {
	return fmt.Sprintf("refused to connect to %s (%s)", e.address, e.reason)
}

// explain turns an error of http.Client.Do into the error Get returns.
func (f *Fetcher) explain(parent, tctx context.Context, u *url.URL, err error) error {
	var (
		blocked  *blockedError
		redirect *redirectError
		invalid  *model.Error
		dnsErr   *net.DNSError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &blocked):
		return model.Invalid(field, "factmark does not fetch private addresses (%s, %s): give the page's public address, or start factmark with --fetch-allow-private to fetch from an intranet", blocked.address, blocked.reason)
	case errors.As(err, &redirect):
		return model.Invalid(field, "The address redirected more than %d times", redirect.max)
	case errors.As(err, &invalid):
		return invalid // a redirect to an address factmark does not fetch
	}
	if ctxErr := f.explainTimeout(parent, tctx, err); ctxErr != nil {
		return ctxErr
	}
	switch {
	case errors.As(err, &dnsErr):
		return model.Invalid(field, "The host name %s could not be found", u.Hostname())
	case errors.As(err, &netErr) && netErr.Timeout():
		return model.Invalid(field, "The server at %s did not accept a connection within %s", u.Hostname(), formatDuration(orDefault(f.ConnectTimeout, DefaultConnectTimeout)))
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return model.Invalid(field, "Could not connect to %s", u.Host)
	}
	return model.Invalid(field, "Could not fetch the page: %s", userMessage(err))
}

// explainTimeout returns the error for an err caused by the end of a
// context: the caller's own (returned wrapped as it is, since nobody is
// waiting for a message) or the fetch's timeout. It returns nil for any
// other error.
func (f *Fetcher) explainTimeout(parent, tctx context.Context, err error) error {
	if parent.Err() != nil {
		return fmt.Errorf("fetch: %w", parent.Err())
	}
	// Only the fetch's own deadline counts: a connect timeout is also
	// errors.Is context.DeadlineExceeded, and has a message of its own.
	if tctx.Err() != nil {
		return model.Invalid(field, "The page did not answer within %s", formatDuration(orDefault(f.Timeout, DefaultTimeout)))
	}
	return nil
}

// userMessage returns the innermost message of err, without the method
// and URL that url.Error adds.
func userMessage(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// formatSize writes n bytes as the largest whole unit: 5 MB, 64 KB, 10 bytes.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// formatDuration writes d in seconds when it is a whole number of them
// (15 s), as Go does otherwise (250ms).
func formatDuration(d time.Duration) string {
	if d >= time.Second && d%time.Second == 0 {
		return fmt.Sprintf("%d s", d/time.Second)
	}
	return d.String()
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
