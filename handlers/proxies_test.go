package handlers_test

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/handlers"
)

// failedLoginAddr makes one failed login from the connection address remote
// with the X-Forwarded-For header xff ("" for none) and returns the client
// address the server logged for it.
func failedLoginAddr(t *testing.T, e *env, remote, xff string) string {
	t.Helper()
	var headers []string
	if xff != "" {
		headers = []string{"X-Forwarded-For", xff}
	}
	before := len(e.log.String())
	_, rec := e.loginFrom(remote, "ed", "wrong password", headers...)
	wantStatus(t, rec, http.StatusUnauthorized)
	e.clock.Advance(16 * time.Minute) // the next call starts unthrottled
	logged := e.log.String()[before:]
	i := strings.Index(logged, `msg="login failed"`)
	if i < 0 {
		t.Fatalf("no failed login logged: %s", logged)
	}
	line := logged[i:]
	line = line[:strings.IndexByte(line, '\n')]
	for _, f := range strings.Fields(line) {
		if addr, ok := strings.CutPrefix(f, "addr="); ok {
			return addr
		}
	}
	t.Fatalf("no addr in %q", line)
	return ""
}

// TestTrustedProxies: X-Forwarded-For names the client only when the
// connection comes from a configured proxy; by default only loopback is one.
// A client on the LAN must not pick the address it is throttled (or logged)
// as.
func TestTrustedProxies(t *testing.T) {
	t.Run("by default only loopback", func(t *testing.T) {
		e := newEnv(t)
		for _, tc := range []struct {
			name, remote, xff, want string
		}{
			{"no header", "198.51.100.4", "", "198.51.100.4"},
			{"public client", "198.51.100.4", "192.0.2.99", "198.51.100.4"},
			{"LAN client", "10.1.2.3", "192.0.2.99", "10.1.2.3"},
			{"LAN client (192.168)", "192.168.1.20", "192.0.2.99", "192.168.1.20"},
			{"proxy on loopback", "127.0.0.1", "192.0.2.99", "192.0.2.99"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := failedLoginAddr(t, e, tc.remote, tc.xff); got != tc.want {
					t.Errorf("client address %s, want %s", got, tc.want)
				}
			})
		}
	})
	t.Run("configured ranges", func(t *testing.T) {
		_, lan, _ := net.ParseCIDR("10.0.0.0/8")
		e := newEnv(t, withConfig(func(c *handlers.Config) { c.TrustedProxies = []*net.IPNet{lan} }))
		for _, tc := range []struct {
			name, remote, xff, want string
		}{
			{"from the proxy", "10.0.0.5", "192.0.2.99", "192.0.2.99"},
			// The client may send an X-Forwarded-For of its own, which the
			// proxy appends to: the rightmost address the proxies did not
			// add is the client's.
			{"spoofed hop before the client", "10.0.0.5", "203.0.113.50, 192.0.2.99", "192.0.2.99"},
			{"two proxies", "10.0.0.5", "192.0.2.99, 10.0.0.6", "192.0.2.99"},
			{"loopback is no longer trusted", "127.0.0.1", "192.0.2.99", "127.0.0.1"},
			{"another private range is not trusted", "192.168.1.20", "192.0.2.99", "192.168.1.20"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := failedLoginAddr(t, e, tc.remote, tc.xff); got != tc.want {
					t.Errorf("client address %s, want %s", got, tc.want)
				}
			})
		}
	})
}
