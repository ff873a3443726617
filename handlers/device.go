package handlers

import (
	"crypto/hmac"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/auth"
)

// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device
// Cookies"). Throttling logins per account stops guessing from many
// addresses, but it also lets anyone keep the real user out: one wrong
// guess every few minutes holds the account locked. So a browser that has
// logged in to an account gets a long-lived cookie naming a random device
// id, signed (an HMAC keyed by the server secret, as the CSRF tokens are)
// together with the account's name. A login to that account from a browser
// presenting a valid one is throttled by that device's own failures only,
// not by the account's or the address's: an attacker elsewhere cannot lock
// out the user's own browser, and one who steals the cookie still gets only
// a device's few guesses. Logins without it keep the per-account and
// per-address limits. The cookie is no credential: it never logs anyone
// in, and logging out keeps it.

const (
	deviceCookie = "factmark_device"
	// deviceMaxAge is how long a browser stays known, in seconds: a
	// year, renewed at every login.
	deviceMaxAge = 365 * 24 * 60 * 60
)

// trustedDevice returns the device id of the request's device cookie if
// it is valid for the account called name.
func (s *Server) trustedDevice(c echo.Context, name string) (string, bool) {
	value, ok := s.readCookie(c, deviceCookie)
	if !ok {
		return "", false
	}
	id, mac, ok := strings.Cut(value, ".")
	if !ok || id == "" || mac == "" {
		return "", false
	}
	want, err := s.deviceMAC(c, name, id)
	if err != nil || !hmac.Equal([]byte(mac), []byte(want)) {
		return "", false
	}
	return id, true
}

// rememberDevice gives the browser a new device cookie for the account
// called name, replacing any it had (for this account or another).
func (s *Server) rememberDevice(c echo.Context, name string) error {
	id, err := auth.NewToken()
	if err != nil {
		return err
	}
	mac, err := s.deviceMAC(c, name, id)
	if err != nil {
		return err
	}
	c.SetCookie(s.cookie(c, deviceCookie, id+"."+mac, deviceMaxAge))
	return nil
}

// deviceMAC signs a device id for the account called name. A user name
// cannot hold the separator, so no other pair signs the same.
func (s *Server) deviceMAC(c echo.Context, name, id string) (string, error) {
	return s.csrfToken(c.Request().Context(), "device", name+"\x00"+id)
}
