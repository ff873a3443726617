package handlers_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/factmark/factmark/handlers"
)

// Text that cannot be stored faithfully is refused with a 400 naming the
// field, and nothing is written: encoding/json would have stored U+FFFD
// for the surrogate and the invalid byte, and kept the NUL, which then
// reached the Markdown export raw.
func TestTextThatCannotBeStoredIsRefused(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", "The minister invited Kazakhstan and Turkey.")
	claimsPath := "/api/v1/articles/" + itoa(a.ID) + "/claims"
	tests := []struct {
		name  string
		body  string
		field string
		msg   string
	}{
		{"NUL", `{"start": 0, "end": 12, "statement": "a\u0000b"}`, "statement", "U+0000"},
		{"escape character", `{"start": 0, "end": 12, "note": "\u001b[31mred"}`, "note", "U+001B"},
		{"form feed as JSON shorthand", `{"start": 0, "end": 12, "note": "page\fbreak"}`, "note", "U+000C"},
		{"backspace as JSON shorthand", `{"start": 0, "end": 12, "statement": "a\bb"}`, "statement", "U+0008"},
		{"lone surrogate", `{"start": 0, "end": 12, "parties": [{"name": "\ud800", "role": "invited"}]}`, "parties[0].name", "surrogate"},
		{"lone low surrogate", `{"start": 0, "end": 12, "statement": "x\udfff"}`, "statement", "surrogate"},
		{"invalid UTF-8", "{\"start\": 0, \"end\": 12, \"statement\": \"caf\xe9\"}", "statement", "UTF-8"},
		{"key in the wrong case", `{"start": 0, "end": 12, "Statement": "x"}`, "Statement", `did you mean "statement"`},
		{"nested key in the wrong case", `{"start": 0, "end": 12, "parties": [{"Name": "x", "role": "invited"}]}`, "parties[0].Name", `"name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.api(http.MethodPost, claimsPath, "ed", tt.body)
			wantError(t, rec, http.StatusBadRequest, "invalid", tt.field, tt.msg)
		})
	}
	list := decode[struct {
		Claims []claim `json:"claims"`
	}](t, e.api(http.MethodGet, claimsPath, "ed", nil))
	if len(list.Claims) != 0 {
		t.Errorf("%d claims were created from refused requests, want 0", len(list.Claims))
	}

	t.Run("article text", func(t *testing.T) {
		rec := e.api(http.MethodPost, "/api/v1/articles", "ed", `{"title": "T", "text": "one\u0000two"}`)
		wantError(t, rec, http.StatusBadRequest, "invalid", "text", "U+0000")
	})
	t.Run("W3C annotation", func(t *testing.T) {
		rec := e.api(http.MethodPost, "/annotations/"+itoa(a.ID)+"/", "ed",
			`{"type": "Annotation", "body": {"type": "TextualBody", "value": "\ud800"}, "target": {"selector": {"type": "TextQuoteSelector", "exact": "invited"}}}`,
			"Content-Type", `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`)
		wantError(t, rec, http.StatusBadRequest, "invalid", "body.value", "surrogate")
	})
}

// Hard but faithful Unicode is stored as sent: emoji as an escaped
// surrogate pair, combining marks, right-to-left marks, tabs and CR LF.
func TestHardUnicodeIsAccepted(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", "The minister invited Kazakhstan and Turkey.")
	rec := e.api(http.MethodPost, "/api/v1/articles/"+itoa(a.ID)+"/claims", "ed",
		`{"start": 0, "end": 12, "statement": "\ud83c\uddf0\ud83c\uddff e\u0301 \u05e9\u05dc\u05d5\u05dd\u200f", "note": "line\r\nnext\ttab"}`)
	wantStatus(t, rec, http.StatusCreated)
	got := decode[claim](t, rec)
	if want := "\U0001F1F0\U0001F1FF e\u0301 \u05e9\u05dc\u05d5\u05dd\u200f"; got.Statement != want {
		t.Errorf("statement %q, want %q", got.Statement, want)
	}
}

func TestCharsetOtherThanUTF8IsRefused(t *testing.T) {
	e := newEnv(t)
	for _, ct := range []string{"application/json; charset=iso-8859-1", "application/json; charset=UTF-16", "application/x-www-form-urlencoded; charset=windows-1252"} {
		rec := e.api(http.MethodPost, "/api/v1/articles", "ed", `{"title": "T", "text": "x"}`, "Content-Type", ct)
		wantError(t, rec, http.StatusUnsupportedMediaType, "unsupported_type", "", "UTF-8")
	}
	for _, ct := range []string{"application/json; charset=utf-8", "application/json; charset=UTF8"} {
		rec := e.api(http.MethodPost, "/api/v1/articles", "ed", `{"title": "T", "text": "x"}`, "Content-Type", ct)
		wantStatus(t, rec, http.StatusCreated)
	}
}

// A form field holding a control character is refused naming the field,
// before the handler (or the CSRF check) reads the form.
func TestFormTextIsChecked(t *testing.T) {
	e := newEnv(t)
	b := e.loggedIn("ed")
	form := url.Values{"title": {"Talks"}, "text": {"one\x00two"}, "_csrf": {b.csrf()}}
	rec := b.post("/articles/new", form)
	wantStatus(t, rec, http.StatusBadRequest)
	doc := parseHTML(t, rec)
	if got := doc.Find("#text-error, [data-testid='error-text']").Text(); !strings.Contains(got, "U+0000") {
		t.Errorf("no error naming U+0000 next to the text field; page:\n%s", rec.Body)
	}
	if got := doc.Find("textarea[name=text]").Text(); got != "one\x00two" && got != "one\ufffdtwo" {
		t.Errorf("the text typed was not kept: textarea holds %q", got)
	}
	if got, _ := doc.Find("input[name=title]").Attr("value"); got != "Talks" {
		t.Errorf("the title typed was not kept: %q", got)
	}
	// Other forms are refused before their handler reads the text.
	rec = b.post("/claims/1/edit", url.Values{"statement": {"a\x01b"}, "_csrf": {b.csrf()}})
	wantStatus(t, rec, http.StatusBadRequest)
	list := decode[struct {
		Articles []article `json:"articles"`
	}](t, e.api(http.MethodGet, "/api/v1/articles", "ed", nil))
	if len(list.Articles) != 0 {
		t.Errorf("%d articles created, want 0", len(list.Articles))
	}
}

// chunkedBody hides its length, as a chunked upload does.
type chunkedBody struct{ io.Reader }

// A form body over the limit is a 413 even when it comes chunked, without
// a Content-Length to refuse it by: FormValue used to swallow the error and
// hand the handler a truncated form.
func TestOversizedChunkedFormIs413(t *testing.T) {
	e := newEnv(t, withConfig(func(c *handlers.Config) { c.MaxBodyBytes = 1 << 10 }))
	b := e.loggedIn("ed")
	body := "_csrf=" + url.QueryEscape(b.csrf()) + "&title=Talks&text=" + strings.Repeat("word+", 2000)
	req := httptest.NewRequest(http.MethodPost, "/articles/new", chunkedBody{strings.NewReader(body)})
	req.ContentLength = -1
	req.TransferEncoding = []string{"chunked"}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := b.do(req)
	wantStatus(t, rec, http.StatusRequestEntityTooLarge)
	if !strings.Contains(rec.Body.String(), "larger than the limit") {
		t.Errorf("the page does not say the body is too large:\n%s", rec.Body)
	}
}
