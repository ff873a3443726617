//go:build linux

package fetch

import (
	"context"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// fullListener returns the address of a real socket on the loopback
// interface that listens with a backlog of zero and never accepts: once
// its queue holds the connections made here, Linux drops further SYNs,
// so a new connection neither succeeds nor fails until it times out.
func fullListener(t *testing.T) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(sa.(*syscall.SockaddrInet4).Port))
	// Fill the queue until a connection hangs.
	for range 8 {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			return addr
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Fatal("the listener's queue never filled")
	return ""
}

func TestGetConnectTimeout(t *testing.T) {
	addr := fullListener(t)
	f := &Fetcher{AllowPrivate: true, ConnectTimeout: 150 * time.Millisecond, Timeout: 5 * time.Second}
	start := time.Now()
	_, err := f.Get(context.Background(), "http://"+addr+"/")
	wantInvalid(t, err, "The server at 127.0.0.1 did not accept a connection within 150ms")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v, want about 150ms", d)
	}
}
