package handlers

import (
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
)

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/articles/3?claim=4", "/articles/3?claim=4"},
		{"", "/"},
		{"articles/3", "/"},
		{"//evil.example/x", "/"},
		{"/\\evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/ /evil.example", "/"},
		{"https://evil.example/", "/"},
		{"/%2F/evil.example", "/"}, // decodes to //evil.example: refused to be safe
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIfMatch(t *testing.T) {
	e := echo.New()
	for _, tc := range []struct {
		header string
		want   int
		code   string
	}{
		{"", 0, ""},
		{"*", 0, ""},
		{`"3"`, 3, ""},
		{`W/"3"`, noVersion, ""},
		{`"3", "4"`, noVersion, ""},
		{`3`, noVersion, ""},
		{`"abc"`, noVersion, ""},
		{`"0"`, noVersion, ""},
	} {
		req := httptest.NewRequest("PATCH", "/", nil)
		if tc.header != "" {
			req.Header.Set("If-Match", tc.header)
		}
		got, err := ifMatch(e.NewContext(req, httptest.NewRecorder()))
		if got != tc.want || model.ErrorCode(err) != tc.code {
			t.Errorf("If-Match %s: got %d, %v; want %d, code %q", tc.header, got, err, tc.want, tc.code)
		}
	}
}
