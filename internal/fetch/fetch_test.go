package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// page is an invented article in Latin-1: "café" is one byte 0xE9.
const page = "<!doctype html><html><head><title>Harbour caf\xe9 reopens</title></head><body><p>The caf\xe9 on Quay Street reopened on Monday.</p></body></html>"

// server starts a real HTTP server on the loopback interface and counts
// the requests it answers.
func server(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

func htmlPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
	fmt.Fprint(w, page)
}

// wantInvalid checks that err is an EINVALID *model.Error about the url
// whose message holds want.
func wantInvalid(t *testing.T, err error, want string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) {
		t.Fatalf("error %v (%T), want a *model.Error", err, err)
	}
	if me.Code != model.EINVALID {
		t.Errorf("code %q, want %q", me.Code, model.EINVALID)
	}
	if me.Field != "url" {
		t.Errorf("field %q, want url", me.Field)
	}
	if !strings.Contains(me.Message, want) {
		t.Errorf("message %q, want it to say %q", me.Message, want)
	}
}

func TestGetAllowPrivate(t *testing.T) {
	var userAgent atomic.Value
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		userAgent.Store(r.UserAgent())
		htmlPage(w, r)
	})
	at := time.Date(2026, 5, 4, 10, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	f := &Fetcher{AllowPrivate: true, now: func() time.Time { return at }}
	p, err := f.Get(context.Background(), s.URL+"/news/cafe")
	if err != nil {
		t.Fatal(err)
	}
	if want := s.URL + "/news/cafe"; p.URL != want {
		t.Errorf("URL %q, want %q", p.URL, want)
	}
	if want := "text/html; charset=ISO-8859-1"; p.ContentType != want {
		t.Errorf("ContentType %q, want %q", p.ContentType, want)
	}
	if string(p.Body) != page {
		t.Errorf("Body %q, want the raw bytes %q", p.Body, page)
	}
	sum := sha256.Sum256([]byte(page))
	if want := hex.EncodeToString(sum[:]); p.SHA256 != want {
		t.Errorf("SHA256 %s, want %s", p.SHA256, want)
	}
	if want := at.UTC(); !p.FetchedAt.Equal(want) || p.FetchedAt.Location() != time.UTC {
		t.Errorf("FetchedAt %v, want %v in UTC", p.FetchedAt, want)
	}
	// The WHATWG encoding standard reads ISO-8859-1 as windows-1252.
	if p.Charset != "windows-1252" {
		t.Errorf("Charset %q, want windows-1252", p.Charset)
	}
	if got := userAgent.Load(); got != DefaultUserAgent {
		t.Errorf("User-Agent %q, want %q", got, DefaultUserAgent)
	}
}

func TestGetCharset(t *testing.T) {
	tests := []struct {
		name, contentType, body, want string
	}{
		{"from the header", "text/html; charset=Shift_JIS", "<p>x</p>", "shift_jis"},
		{"from a meta", "text/html", `<meta charset="koi8-r"><p>x</p>`, "koi8-r"},
		{"from a byte-order mark", "text/html", "\ufeff<p>caf\u00e9</p>", "utf-8"},
		{"sniffed UTF-8", "text/html", "<p>caf\u00e9</p>", "utf-8"},
		{"nothing said, not UTF-8", "text/html", "<p>caf\xe9</p>", "windows-1252"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				fmt.Fprint(w, tt.body)
			})
			p, err := (&Fetcher{AllowPrivate: true}).Get(context.Background(), s.URL)
			if err != nil {
				t.Fatal(err)
			}
			if p.Charset != tt.want {
				t.Errorf("Charset %q, want %q", p.Charset, tt.want)
			}
		})
	}
}

func TestGetRefusesLoopback(t *testing.T) {
	s, hits := server(t, htmlPage)
	_, err := (&Fetcher{}).Get(context.Background(), s.URL)
	wantInvalid(t, err, "factmark does not fetch private addresses (127.0.0.1, a loopback address)")
	wantInvalid(t, err, "--fetch-allow-private")

	// A host name is checked by the address it resolves to, when the
	// connection is made.
	_, err = (&Fetcher{}).Get(context.Background(), strings.Replace(s.URL, "127.0.0.1", "localhost", 1))
	wantInvalid(t, err, "a loopback address")
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server answered %d requests, want none", n)
	}
}

// publicPort makes a local server play a public one: the fetcher treats
// 127.0.0.1 on that server's port as public, every other address as the
// real check says.
func publicPort(s *httptest.Server) func(netip.AddrPort) bool {
	ap := netip.MustParseAddrPort(s.Listener.Addr().String())
	return func(a netip.AddrPort) bool { return a == ap }
}

func TestGetRefusesRedirectToLoopback(t *testing.T) {
	internal, internalHits := server(t, htmlPage)
	public, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/here" {
			htmlPage(w, r)
			return
		}
		http.Redirect(w, r, internal.URL+"/admin", http.StatusFound)
	})
	f := &Fetcher{public: publicPort(public)}

	// The stand-in for a public server is fetched...
	if _, err := f.Get(context.Background(), public.URL+"/here"); err != nil {
		t.Fatalf("the public stand-in: %v", err)
	}
	// ...but its redirect to a loopback server is refused at connect time.
	_, err := f.Get(context.Background(), public.URL+"/away")
	wantInvalid(t, err, "factmark does not fetch private addresses (127.0.0.1, a loopback address)")
	if n := internalHits.Load(); n != 0 {
		t.Errorf("the loopback server answered %d requests, want none", n)
	}
}

// redirector redirects /n to /n+1 until /stop, which is a page.
func redirector(stop int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/%d", &n)
		if n >= stop {
			htmlPage(w, r)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/%d", n+1), http.StatusMovedPermanently)
	}
}

func TestGetRedirects(t *testing.T) {
	s, _ := server(t, redirector(5))
	f := &Fetcher{AllowPrivate: true}
	p, err := f.Get(context.Background(), s.URL+"/0")
	if err != nil {
		t.Fatalf("5 redirects: %v", err)
	}
	if want := s.URL + "/5"; p.URL != want {
		t.Errorf("final URL %q, want %q", p.URL, want)
	}

	s6, hits := server(t, redirector(6))
	_, err = f.Get(context.Background(), s6.URL+"/0")
	wantInvalid(t, err, "The address redirected more than 5 times")
	if n := hits.Load(); n != 6 {
		t.Errorf("%d requests made, want 6 (the first and 5 redirects)", n)
	}

	_, err = (&Fetcher{AllowPrivate: true, MaxRedirects: 2}).Get(context.Background(), s.URL+"/0")
	wantInvalid(t, err, "The address redirected more than 2 times")
}

func TestGetRefusesRedirectElsewhere(t *testing.T) {
	tests := []struct{ name, location, want string }{
		{"to another scheme", "ftp://files.example.org/a.html", "factmark fetches only http and https addresses, not ftp"},
		{"with credentials", "http://editor:secret@127.0.0.1/", "Remove the user name and password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, tt.location, http.StatusFound)
			})
			_, err := (&Fetcher{AllowPrivate: true}).Get(context.Background(), s.URL)
			wantInvalid(t, err, tt.want)
		})
	}
}

func TestGetTooLarge(t *testing.T) {
	const limit = 1024
	body := "<p>" + strings.Repeat("a", limit) + "</p>"
	tests := []struct {
		name    string
		handler http.HandlerFunc
	}{
		{"with Content-Length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			fmt.Fprint(w, body)
		}},
		{"chunked, without Content-Length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			for i := range len(body) / 100 {
				fmt.Fprint(w, body[i*100:(i+1)*100])
				w.(http.Flusher).Flush()
			}
			fmt.Fprint(w, body[len(body)/100*100:])
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := server(t, tt.handler)
			_, err := (&Fetcher{AllowPrivate: true, MaxBytes: limit}).Get(context.Background(), s.URL)
			wantInvalid(t, err, "The page is larger than 1 KB")
		})
	}

	// A page of exactly the limit is accepted.
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body[:limit])
	})
	p, err := (&Fetcher{AllowPrivate: true, MaxBytes: limit}).Get(context.Background(), s.URL)
	if err != nil {
		t.Fatalf("a page of exactly MaxBytes: %v", err)
	}
	if len(p.Body) != limit {
		t.Errorf("%d bytes read, want %d", len(p.Body), limit)
	}
}

// The cap is on the bytes after decompression: a small compressed body
// that inflates past it is refused.
func TestGetTooLargeCompressed(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte("<p>" + strings.Repeat("0", 64<<10) + "</p>"))
	zw.Close()
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(zipped.Bytes())
	})
	if zipped.Len() >= 4<<10 {
		t.Fatalf("the compressed body has %d bytes, want it under the cap", zipped.Len())
	}
	_, err := (&Fetcher{AllowPrivate: true, MaxBytes: 4 << 10}).Get(context.Background(), s.URL)
	wantInvalid(t, err, "The page is larger than 4 KB")
}

func TestGetContentType(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		want                    string // "" for accepted
	}{
		{"an image", "image/png", "\x89PNG\r\n\x1a\n", "The address answered with image/png, not a web page"},
		{"JSON", "application/json; charset=utf-8", `{"a":1}`, "The address answered with application/json, not a web page"},
		{"XHTML", "application/xhtml+xml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>x</p></body></html>", ""},
		{"no type, HTML inside", "", "<!DOCTYPE html><p>x</p>", ""},
		{"no type, not HTML", "", "%PDF-1.7 binary", "The address answered with application/pdf, not a web page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType == "" {
					w.Header()["Content-Type"] = nil // no sniffing by the server
				} else {
					w.Header().Set("Content-Type", tt.contentType)
				}
				fmt.Fprint(w, tt.body)
			})
			_, err := (&Fetcher{AllowPrivate: true}).Get(context.Background(), s.URL)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantInvalid(t, err, tt.want)
		})
	}
}

func TestGetErrorStatus(t *testing.T) {
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusNotFound)
	})
	_, err := (&Fetcher{AllowPrivate: true}).Get(context.Background(), s.URL)
	wantInvalid(t, err, "The address answered 404 Not Found")
}

func TestGetTimeout(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	s, _ := server(t, slow)
	f := &Fetcher{AllowPrivate: true, Timeout: 200 * time.Millisecond}
	start := time.Now()
	_, err := f.Get(context.Background(), s.URL)
	wantInvalid(t, err, "The page did not answer within 200ms")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %v, want about 200ms", d)
	}

	// A body that stops half way is the same timeout.
	stalls, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>The first half")
		w.(http.Flusher).Flush()
		slow(w, r)
	})
	_, err = f.Get(context.Background(), stalls.URL)
	wantInvalid(t, err, "The page did not answer within 200ms")
}

func TestGetBrokenConnection(t *testing.T) {
	s, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "1000")
		fmt.Fprint(w, "<p>The first half")
		w.(http.Flusher).Flush()
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	})
	_, err := (&Fetcher{AllowPrivate: true}).Get(context.Background(), s.URL)
	wantInvalid(t, err, "The connection broke before the whole page was read")
}

func TestGetCallerCancels(t *testing.T) {
	s, _ := server(t, htmlPage)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&Fetcher{AllowPrivate: true}).Get(ctx, s.URL)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want the context's", err)
	}
	var me *model.Error
	if errors.As(err, &me) {
		t.Errorf("error %v is a message for the user, but nobody is waiting for it", err)
	}
}

func TestGetRefusesURL(t *testing.T) {
	s, hits := server(t, htmlPage)
	withCredentials := strings.Replace(s.URL, "http://", "http://editor:secret@", 1)
	tests := []struct{ name, url, want string }{
		{"ftp", "ftp://files.example.org/a.html", "factmark fetches only http and https addresses, not ftp"},
		{"file", "file:///etc/passwd", "factmark fetches only http and https addresses, not file"},
		{"javascript", "javascript:alert(1)", "factmark fetches only http and https addresses, not javascript"},
		{"no scheme", "news.example.org/a.html", "The address must start with http:// or https://"},
		{"no host", "http:///a.html", "The address has no host name"},
		{"not a URL", "http://a b.example/%zz", "The address is not a valid URL"},
		{"credentials", withCredentials, "Remove the user name and password from the address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := (&Fetcher{AllowPrivate: true}).Get(context.Background(), tt.url)
			wantInvalid(t, err, tt.want)
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server answered %d requests, want none", n)
	}
}

// TestControl runs the dialer's check on real addresses of every kind.
func TestControl(t *testing.T) {
	tests := []struct {
		address string
		want    string // "" for allowed
	}{
		{"93.184.215.14:80", ""},
		{"[2606:4700:4700::1111]:443", ""},
		{"127.0.0.1:80", "a loopback address"},
		{"127.3.4.5:8080", "a loopback address"},
		{"[::1]:80", "a loopback address"},
		{"10.1.2.3:80", "a private address"},
		{"172.16.0.1:80", "a private address"},
		{"172.31.255.255:80", "a private address"},
		{"192.168.1.1:80", "a private address"},
		{"[fd12:3456::1]:80", "a private address"},
		{"169.254.169.254:80", "a link-local address"},
		{"[fe80::1]:80", "a link-local address"},
		{"[fe80::1%lo]:80", "a link-local address"},
		{"224.0.0.1:80", "a link-local address"}, // link-local multicast
		{"239.255.1.1:80", "a multicast address"},
		{"[ff02::1]:80", "a link-local address"},
		{"[ff0e::1]:80", "a multicast address"},
		{"0.0.0.0:80", "an unspecified address"},
		{"[::]:80", "an unspecified address"},
		{"[::ffff:127.0.0.1]:80", "an IPv4-mapped IPv6 address"},
		{"[::ffff:93.184.215.14]:80", "an IPv4-mapped IPv6 address"},
		{"100.64.0.1:80", "a carrier-grade NAT address"},
		{"100.127.255.254:80", "a carrier-grade NAT address"},
		{"0.1.2.3:80", "a \"this network\" address"},
		{"192.0.2.1:80", "a documentation address"},
		{"198.18.0.1:80", "a benchmarking address"},
		{"240.0.0.1:80", "a reserved address"},
		{"255.255.255.255:80", "a reserved address"},
		{"[64:ff9b::7f00:1]:80", "a NAT64 address"},
		{"[2002:7f00:1::]:80", "a 6to4 address"},
		{"[2001:0:4136:e378::1]:80", "a Teredo address"},
		{"[2001:db8::1]:80", "a documentation address"},
		{"[fec0::1]:80", "a site-local address"},
	}
	f := &Fetcher{}
	allowed := &Fetcher{AllowPrivate: true}
	for _, tt := range tests {
		t.Run(tt.address, func(t *testing.T) {
			err := f.control("tcp", tt.address, nil)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "":
				var b *blockedError
				if !errors.As(err, &b) {
					t.Fatalf("error %v, want a refusal", err)
				}
				if b.reason != tt.want {
					t.Errorf("reason %q, want %q", b.reason, tt.want)
				}
			}
			if err := allowed.control("tcp", tt.address, nil); err != nil {
				t.Errorf("refused with AllowPrivate: %v", err)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	sizes := []struct {
		n    int64
		want string
	}{{5 << 20, "5 MB"}, {1024, "1 KB"}, {1000, "1000 bytes"}, {1536 << 10, "1536 KB"}}
	for _, s := range sizes {
		if got := formatSize(s.n); got != s.want {
			t.Errorf("formatSize(%d) = %q, want %q", s.n, got, s.want)
		}
	}
	durations := []struct {
		d    time.Duration
		want string
	}{{15 * time.Second, "15 s"}, {200 * time.Millisecond, "200ms"}, {1500 * time.Millisecond, "1.5s"}}
	for _, d := range durations {
		if got := formatDuration(d.d); got != d.want {
			t.Errorf("formatDuration(%v) = %q, want %q", d.d, got, d.want)
		}
	}
}
