package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/layout"
)

// CSRF defence (README, "Security"). A cookie is no proof of where a
// request came from: a page on another port of the same host, or on a
// sibling subdomain, is "same-site", its requests carry factmark's
// SameSite=Lax cookies, and it can set cookies of its own for factmark's
// host. So nothing a cookie alone says is trusted:
//
//   - The token a form or script must send is an HMAC, keyed by a secret
//     kept in the database, of the session's token hash: it cannot be
//     computed without the secret nor from any cookie an attacker can plant,
//     and it dies with the session.
//   - Before login (the login and setup forms) it is an HMAC of a random
//     pre-session cookie. An attacker can get such a pair for themselves and
//     plant it, so these forms, like every other write, are also judged by
//     where the request comes from: a browser's Sec-Fetch-Site must be
//     same-origin (or none, which only the user's own action such as a
//     bookmark can produce, never a page), and without Fetch Metadata the
//     Origin (else the Referer) must be factmark's own.
//
// Bearer-token calls carry no ambient credential and skip both checks; they
// are for the API and the annotation server, and the pages' forms refuse
// them (so do the account and admin pages, even to read: sessionOnly).

const (
	preSessionCookie = "factmark_presession"
	sessionHashKey   = "session_hash"
	csrfSecretName   = "csrf"
)

// csrfStaleMessage is what a user sees when a form's token is missing or
// belongs to another session.
const csrfStaleMessage = "The form's security token is missing or stale: reload the page and try again."

func errCSRFToken() error {
	return &model.Error{Code: model.EFORBIDDEN, Message: csrfStaleMessage}
}

// csrfRefusal says why a write's CSRF token (got) was refused, as the one
// who sent it can fix it.
func csrfRefusal(c echo.Context, got string) error {
	switch p := c.Request().URL.Path; {
	case sessionEnded(c) && p != "/login" && p != "/setup":
		// The page's token was its session's, and the session is gone.
		return errLoggedOut()
	case isAPI(c) && got == "":
		return model.Errorf(model.EFORBIDDEN, "A write with the session cookie needs the X-CSRF-Token header, set to the token of the page's <meta name=\"csrf-token\">; or call with an API token (Authorization: Bearer) instead.")
	case isAPI(c):
		return model.Errorf(model.EFORBIDDEN, "The X-CSRF-Token header is stale or belongs to another session: reload the page and send the token of its <meta name=\"csrf-token\">.")
	}
	return errCSRFToken()
}

func errTokenOnPage() error {
	return model.Errorf(model.EFORBIDDEN, "The pages' forms take a logged-in browser session, not an API token: with a token, use the JSON API under /api/v1.")
}

func errCrossOrigin(from string) error {
	return model.Errorf(model.EFORBIDDEN, "This request came from another site (%s): factmark accepts changes only from its own pages. Open factmark and try again there.", from)
}

// csrf checks every mutating request that a browser could have been made to
// send (see above), and puts the token the page's forms must send into the
// request's context for the views.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if _, isBearer := bearerToken(req); isBearer {
			if !isAPI(c) && !isSafeMethod(req.Method) {
				// The pages' forms are a browser's: a token (a leaked one,
				// say) has the API and no business with them.
				return errTokenOnPage()
			}
			return next(c)
		}
		_, loggedIn := currentUser(c)
		if isAPI(c) && !loggedIn {
			// No credential a forged request could borrow: requireUser
			// answers it with 401.
			return next(c)
		}
		// Pages carry a token tied to this browser's session: keep them out
		// of shared caches.
		c.Response().Header().Add(echo.HeaderVary, echo.HeaderCookie)
		want, err := s.expectedCSRF(c)
		if err != nil {
			return err
		}
		if want != "" {
			c.SetRequest(req.WithContext(layout.WithCSRF(req.Context(), want)))
		}
		if isSafeMethod(req.Method) {
			return next(c)
		}
		if err := s.checkOrigin(c); err != nil {
			return err
		}
		if !loggedIn && req.URL.Path == "/logout" {
			return next(c) // nothing to log out of, nothing to protect
		}
		got := req.Header.Get(echo.HeaderXCSRFToken)
		if got == "" {
			got = c.FormValue("_csrf")
		}
		if want == "" || got == "" || !hmac.Equal([]byte(got), []byte(want)) {
			return csrfRefusal(c, got)
		}
		return next(c)
	}
}

func isSafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions || m == http.MethodTrace
}

// expectedCSRF returns the token this request's forms carry: the session's,
// else the pre-session cookie's, else "" (no token can be right).
func (s *Server) expectedCSRF(c echo.Context) (string, error) {
	if h, ok := c.Get(sessionHashKey).(string); ok {
		return s.csrfToken(c.Request().Context(), "session", h)
	}
	if value, ok := s.readCookie(c, preSessionCookie); ok {
		return s.csrfToken(c.Request().Context(), "pre-session", auth.HashToken(value))
	}
	return "", nil
}

// csrfToken derives the token for one session or pre-session from the
// server's secret.
func (s *Server) csrfToken(ctx context.Context, kind, id string) (string, error) {
	key, err := s.csrfKey(ctx)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(kind + "\x00" + id))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// csrfKey returns the secret the tokens are derived from, read from the
// store once.
func (s *Server) csrfKey(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.csrfSecret != nil {
		return s.csrfSecret, nil
	}
	key, err := s.store.Secret(ctx, csrfSecretName)
	if err != nil {
		return nil, err
	}
	s.csrfSecret = key
	return key, nil
}

// startPreSession gives a browser without a session the cookie its login or
// setup form's token is derived from, keeping one it already has.
func (s *Server) startPreSession(c echo.Context) error {
	if _, ok := c.Get(sessionHashKey).(string); ok {
		return nil
	}
	if _, ok := s.readCookie(c, preSessionCookie); ok {
		return nil // its token is in the context already
	}
	value, err := auth.NewToken()
	if err != nil {
		return err
	}
	c.SetCookie(s.cookie(c, preSessionCookie, value, preSessionMaxAge))
	token, err := s.csrfToken(c.Request().Context(), "pre-session", auth.HashToken(value))
	if err != nil {
		return err
	}
	req := c.Request()
	c.SetRequest(req.WithContext(layout.WithCSRF(req.Context(), token)))
	return nil
}

// preSessionMaxAge is how long a login page may stay open, in seconds.
const preSessionMaxAge = 24 * 60 * 60

// checkOrigin refuses a mutating request that a browser says another
// origin made: by Fetch Metadata where the browser sends it, else by Origin
// or Referer. A request with none of them (curl, an old browser) is left to
// the token check.
func (s *Server) checkOrigin(c echo.Context) error {
	h := c.Request().Header
	switch site := h.Get(echo.HeaderSecFetchSite); site {
	case "same-origin", "none":
		return nil
	case "":
	default:
		return errCrossOrigin("Sec-Fetch-Site: " + site)
	}
	from := h.Get(echo.HeaderOrigin)
	if from == "" {
		from = h.Get("Referer")
	}
	if from == "" || s.isOwnOrigin(c, from) {
		return nil
	}
	return errCrossOrigin(from)
}

// isOwnOrigin reports whether the URL or origin raw is factmark's: the
// origin the request was sent to, or the configured base URL's (behind a
// proxy the two differ).
func (s *Server) isOwnOrigin(c echo.Context, raw string) bool {
	o := originOf(raw)
	if o == "" {
		return false // "null", or not a URL
	}
	if o == originOf(c.Scheme()+"://"+c.Request().Host) {
		return true
	}
	return s.cfg.BaseURL != "" && o == originOf(s.cfg.BaseURL)
}

// originOf returns scheme://host[:port] of an absolute http(s) URL, in
// lower case and without a default port; "" for anything else.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	switch {
	case scheme == "http":
		host = strings.TrimSuffix(host, ":80")
	case scheme == "https":
		host = strings.TrimSuffix(host, ":443")
	default:
		return ""
	}
	return scheme + "://" + host
}
