package handlers

import (
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// Login throttling: password guessing gets slower the more it fails, for
// one account (against guessing one user's password from many addresses)
// and for one client address (against trying a few passwords on many
// accounts). The first throttleFree failures within throttleWindow cost
// nothing; then each failure locks the key for a delay that doubles from
// throttleBase up to throttleMax. Refused attempts are not counted, so a
// locked-out attacker cannot keep the real user out for longer than
// throttleMax after their last real failure, and a successful login clears
// the account's count. An attacker who keeps guessing can still hold an
// account locked; device cookies (device.go) keep the user's own browser
// out of that lock.
const (
	throttleFree   = 5
	throttleWindow = 15 * time.Minute
	throttleBase   = 30 * time.Second
	throttleMax    = 5 * time.Minute
	// throttlePrune is the number of keys above which forgotten ones are
	// dropped, bounding the memory that many made-up names can take.
	throttlePrune = 10000
)

// The same throttle guards the current password on the account page, under
// a key of its own per account ("current-password:NAME"): someone holding a
// session cannot guess it without limit, and cannot lock the account's
// login with it either.

// loginThrottle counts failed logins per key in memory. The Server owns
// one; the counts start afresh on restart, which an attacker cannot cause.
type loginThrottle struct {
	now func() time.Time

	mu   sync.Mutex
	keys map[string]*loginFailures
}

type loginFailures struct {
	count int
	last  time.Time
}

func newLoginThrottle(now func() time.Time) *loginThrottle {
	return &loginThrottle{now: now, keys: map[string]*loginFailures{}}
}

// lockedUntil returns when f's key may try again.
func (f *loginFailures) lockedUntil() time.Time {
	if f.count < throttleFree {
		return time.Time{}
	}
	delay := throttleBase
	for i := throttleFree; i < f.count && delay < throttleMax; i++ {
		delay *= 2
	}
	return f.last.Add(min(delay, throttleMax))
}

// wait returns how long the most locked of keys must wait, or 0.
func (t *loginThrottle) wait(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var longest time.Duration
	for _, k := range keys {
		if f := t.current(k, now); f != nil {
			longest = max(longest, f.lockedUntil().Sub(now))
		}
	}
	return longest
}

// fail records a failed login for each key and returns the highest count.
func (t *loginThrottle) fail(keys ...string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.keys) > throttlePrune {
		for k := range t.keys {
			t.current(k, now)
		}
	}
	highest := 0
	for _, k := range keys {
		f := t.current(k, now)
		if f == nil {
			f = &loginFailures{}
			t.keys[k] = f
		}
		f.count++
		f.last = now
		highest = max(highest, f.count)
	}
	return highest
}

// reset forgets key's failures.
func (t *loginThrottle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, key)
}

// current returns key's failures, forgetting them once the window since the
// last has passed.
func (t *loginThrottle) current(key string, now time.Time) *loginFailures {
	f := t.keys[key]
	if f != nil && now.Sub(f.last) >= throttleWindow {
		delete(t.keys, key)
		return nil
	}
	return f
}

// setRetryAfter puts a throttled request's wait, rounded up to whole
// seconds, into its Retry-After header and returns it.
func setRetryAfter(c echo.Context, wait time.Duration) int {
	secs := int((wait + time.Second - 1) / time.Second)
	c.Response().Header().Set("Retry-After", strconv.Itoa(secs))
	return secs
}
