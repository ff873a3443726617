package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/layout"
	"github.com/factmark/factmark/views/pages"
)

const (
	sessionCookie = "factmark_session"
	userKey       = "user"
	// sessionEndedKey marks a request whose session cookie names a session
	// that has ended (idle, too old, logged out elsewhere, or its user
	// deactivated): a write from it was typed while logged in.
	sessionEndedKey = "session_ended"
)

// errLoggedOut answers a write from a page whose session ended meanwhile:
// the page still holds what the user typed, so they should log in beside
// it rather than reload it.
func errLoggedOut() error {
	return model.Errorf(model.EUNAUTHORIZED, "You were logged out (your session ended): log in again in another tab, then save again here. What you typed is still on this page.")
}

// sessionEnded reports whether the request came with a session that ended.
func sessionEnded(c echo.Context) bool {
	ended, _ := c.Get(sessionEndedKey).(bool)
	return ended
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:]), true
	}
	return "", false
}

// authenticate finds the user of a bearer token or a session cookie. A
// request with a bearer header is judged by it alone: a bad token is an
// error even when a session cookie is there too.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		var (
			u   model.User
			err error
			ok  bool
		)
		if token, isBearer := bearerToken(req); isBearer {
			var t model.APIToken
			u, t, err = s.store.TokenUser(req.Context(), auth.HashToken(token))
			if err != nil {
				return err
			}
			if t.ReadOnly && req.Method != http.MethodGet && req.Method != http.MethodHead && !readOnlyPOST(c) {
				return model.Errorf(model.EFORBIDDEN, "This API token is read-only: it may only make GET and HEAD requests (and ask for party suggestions). Use a token made without the read-only option to change anything.")
			}
			ok = true
		} else if value, has := s.readCookie(c, sessionCookie); has {
			hash := auth.HashToken(value)
			u, err = s.store.SessionUser(req.Context(), hash, s.cfg.SessionIdle)
			switch model.ErrorCode(err) {
			case "":
				ok = true
				c.Set(sessionHashKey, hash)
			case model.EUNAUTHORIZED: // expired or ended: carry on as anonymous
				c.Set(sessionEndedKey, true)
			default:
				return err
			}
		}
		if ok {
			c.Set(userKey, u)
			c.SetRequest(req.WithContext(layout.WithUser(req.Context(), u)))
		}
		return next(c)
	}
}

// currentUser returns the logged-in user.
func currentUser(c echo.Context) (model.User, bool) {
	u, ok := c.Get(userKey).(model.User)
	return u, ok
}

// requireUser refuses anonymous requests: pages redirect to the setup page
// while there is no account and to the login page after that.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := currentUser(c); ok {
			return next(c)
		}
		if !isRead(c.Request().Method) && sessionEnded(c) {
			return errLoggedOut()
		}
		if !isAPI(c) && isRead(c.Request().Method) {
			n, err := s.store.CountUsers(c.Request().Context())
			if err != nil {
				return err
			}
			if n == 0 {
				return c.Redirect(http.StatusSeeOther, "/setup")
			}
		}
		return model.Errorf(model.EUNAUTHORIZED, "Log in first, or send an API token as Authorization: Bearer.")
	}
}

// requireWriter refuses users who may only read.
func requireWriter(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u, ok := currentUser(c); !ok || !u.Role.CanWrite() {
			return model.Errorf(model.EFORBIDDEN, "Your account can read and export but not change anything: ask an admin for the editor role.")
		}
		return next(c)
	}
}

func (s *Server) showSetup(c echo.Context) error {
	n, err := s.store.CountUsers(c.Request().Context())
	if err != nil {
		return err
	}
	if n > 0 {
		return c.Redirect(http.StatusSeeOther, "/login")
	}
	if err := s.startPreSession(c); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.Setup(pages.SetupForm{}))
}

func (s *Server) doSetup(c echo.Context) error {
	f := pages.SetupForm{Name: strings.TrimSpace(c.FormValue("name")), DisplayName: strings.TrimSpace(c.FormValue("display_name")), Errors: map[string]string{}}
	password := c.FormValue("password")
	if err := auth.CheckPasswordStrength(password); err != nil {
		f.Errors["password"] = capitalize(err.Error()) + "."
	} else if password != c.FormValue("password2") {
		f.Errors["password2"] = "The two passwords differ."
	}
	if len(f.Errors) > 0 {
		return s.render(c, http.StatusBadRequest, pages.Setup(f))
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u, err := s.store.CreateUser(c.Request().Context(), model.User{Name: f.Name, DisplayName: f.DisplayName, Role: model.UserAdmin, PasswordHash: hash}, true)
	if err != nil {
		var de *model.Error
		if errors.As(err, &de) && de.Code != model.EINTERNAL {
			field := de.Field
			if field == "" {
				field = "form"
			}
			f.Errors[field] = de.Message
			return s.render(c, statusOf(de.Code), pages.Setup(f))
		}
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}

func (s *Server) showLogin(c echo.Context) error {
	if _, ok := currentUser(c); ok {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	n, err := s.store.CountUsers(c.Request().Context())
	if err != nil {
		return err
	}
	if n == 0 {
		return c.Redirect(http.StatusSeeOther, "/setup")
	}
	if err := s.startPreSession(c); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.Login(pages.LoginForm{Next: safeNext(c.QueryParam("next"))}))
}

func (s *Server) doLogin(c echo.Context) error {
	f := pages.LoginForm{Name: strings.TrimSpace(c.FormValue("name")), Next: safeNext(c.FormValue("next"))}
	password := c.FormValue("password")
	addr := c.RealIP()
	account := "account:" + strings.ToLower(f.Name)
	keys := []string{account, "addr:" + addr}
	// A browser that logged in to this account before is throttled by its
	// own failures only (device.go).
	device, known := s.trustedDevice(c, f.Name)
	if known {
		keys = []string{"device:" + device}
	}
	if wait := s.throttle.wait(keys...); wait > 0 {
		secs := setRetryAfter(c, wait)
		s.log.Warn("login throttled", "user", f.Name, "addr", addr, "device", known, "retry_after_s", secs)
		f.Error = fmt.Sprintf("Too many failed logins for this account or from this address: wait %s and try again.", waitText(secs))
		return s.render(c, http.StatusTooManyRequests, pages.Login(f))
	}
	u, err := s.store.UserByName(c.Request().Context(), f.Name)
	switch {
	case model.ErrorCode(err) == model.ENOTFOUND:
		auth.DummyCheck(password)
	case err != nil:
		return err
	case auth.CheckPassword(u.PasswordHash, password):
		s.throttle.reset(keys[0]) // the account's count, or the device's
		if !u.Active {
			s.log.Warn("login to a deactivated account", "user", u.Name, "addr", addr)
			f.Error = "This account is deactivated: ask an admin to reactivate it."
			return s.render(c, http.StatusForbidden, pages.Login(f))
		}
		if err := s.startSession(c, u); err != nil {
			if code := model.ErrorCode(err); code == model.EUNAVAILABLE || code == model.EFULL {
				// Keep the form: the user should see why, and try again later.
				f.Error = "You could not be logged in. " + model.ErrorMessage(err)
				return s.render(c, statusOf(code), pages.Login(f))
			}
			return err
		}
		if err := s.rememberDevice(c, u.Name); err != nil {
			return err
		}
		s.log.Info("login", "user", u.Name, "addr", addr, "device", known)
		return c.Redirect(http.StatusSeeOther, f.Next)
	}
	n := s.throttle.fail(keys...)
	s.log.Warn("login failed", "user", f.Name, "addr", addr, "device", known, "failures", n)
	f.Error = "The user name or the password is wrong."
	return s.render(c, http.StatusUnauthorized, pages.Login(f))
}

// waitText says how long secs seconds is, for the login page.
func waitText(secs int) string {
	switch {
	case secs < 60:
		return fmt.Sprintf("%d seconds", secs)
	case secs < 120:
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}

func (s *Server) doLogout(c echo.Context) error {
	if value, ok := s.readCookie(c, sessionCookie); ok {
		if err := s.store.DeleteSession(c.Request().Context(), auth.HashToken(value)); err != nil {
			return err
		}
	}
	c.SetCookie(s.cookie(c, sessionCookie, "", -1))
	return c.Redirect(http.StatusSeeOther, "/login")
}

// startSession logs u in with a new session cookie.
func (s *Server) startSession(c echo.Context, u model.User) error {
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	if err := s.store.CreateSession(c.Request().Context(), u.ID, auth.HashToken(token), s.cfg.SessionTTL); err != nil {
		return err
	}
	c.SetCookie(s.cookie(c, sessionCookie, token, int(s.cfg.SessionTTL.Seconds())))
	// The form tokens are the session's from now on; the pre-session's
	// token must not outlive the login.
	c.SetCookie(s.cookie(c, preSessionCookie, "", -1))
	return nil
}

// cookie returns a cookie the page's scripts cannot read, that other sites
// cannot send, and that travels only over TLS when the server is behind it.
func (s *Server) cookie(c echo.Context, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: s.cookieName(c, name), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c)}
}

// secureCookies reports whether this request's cookies are Secure.
func (s *Server) secureCookies(c echo.Context) bool { return s.cfg.SecureCookies || c.IsTLS() }

// cookieName returns the name of one of factmark's cookies. Secure ones
// get the __Host- prefix: a browser then takes such a cookie only from
// factmark's own host, Secure, with Path=/ and no Domain, so that a sibling
// subdomain cannot plant one (a session of its own, say) for factmark.
func (s *Server) cookieName(c echo.Context, name string) string {
	if s.secureCookies(c) {
		return "__Host-" + name
	}
	return name
}

// readCookie returns the value of one of factmark's cookies, if set.
func (s *Server) readCookie(c echo.Context, name string) (string, bool) {
	ck, err := c.Cookie(s.cookieName(c, name))
	if err != nil || ck.Value == "" {
		return "", false
	}
	return ck.Value, true
}

// safeNext keeps a post-login redirect on this site: a plain path, with no
// scheme, host, backslash or control character (browsers drop tabs and
// newlines, so "/\t/evil.example" would become "//evil.example").
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.ContainsAny(next, "\\") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || unicode.IsSpace(r) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || strings.HasPrefix(u.Path, "//") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
