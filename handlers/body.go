package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/textcheck"
)

// maxMultipartMemory is how much of a multipart form is kept in memory;
// the rest of a file goes to a temporary file. Bodies are limited to
// Config.MaxBodyBytes whatever this says.
const maxMultipartMemory = 8 << 20

// checkBody refuses a request body that cannot be stored faithfully before
// any handler reads it (the textcheck package says why): a declared charset
// other than UTF-8 is a 415; invalid UTF-8, a lone surrogate or a control
// character in any JSON string, form field or text body is a 400 naming
// the field. Forms are parsed here, once, so that a body over the limit is
// a 413 even when it came chunked, without a Content-Length: FormValue
// would swallow that error and hand the handler a truncated form.
func checkBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Body == nil || req.Body == http.NoBody {
			return next(c)
		}
		mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
		if err != nil {
			// No or a malformed type: the handler that reads the body
			// says which type it wants.
			return next(c)
		}
		if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
			return model.Errorf(model.EUNSUPPORTED, "The body declares charset=%s: send it encoded as UTF-8 (charset=utf-8, or no charset).", cs)
		}
		switch {
		case mt == "application/json" || strings.HasSuffix(mt, "+json") || strings.HasPrefix(mt, "text/"):
			data, err := io.ReadAll(req.Body)
			if err != nil {
				return fmt.Errorf("reading the body: %w", err)
			}
			var p *textcheck.Problem
			if strings.HasPrefix(mt, "text/") {
				p = textcheck.String("", string(data))
			} else {
				p = textcheck.JSON(data, nil)
			}
			if p != nil {
				return model.Invalid(p.Field, "%s", p.Message)
			}
			req.Body = io.NopCloser(bytes.NewReader(data))
		case mt == "application/x-www-form-urlencoded":
			if err := req.ParseForm(); err != nil {
				return unreadableForm(err)
			}
			if err := keepOrRefuse(c, checkForm(req.PostForm)); err != nil {
				return err
			}
		case mt == "multipart/form-data":
			if err := req.ParseMultipartForm(maxMultipartMemory); err != nil {
				return unreadableForm(err)
			}
			if err := keepOrRefuse(c, checkForm(req.MultipartForm.Value)); err != nil {
				return err
			}
		}
		return next(c)
	}
}

// textProblemKey holds, for a form that shows its own errors, the text
// problem checkBody found (see formTextProblem).
const textProblemKey = "text_problem"

// showsTextErrors reports whether the route's handler shows a text problem
// next to its field itself, keeping what was typed: the import page, where
// a long text pasted from a PDF may hold a form feed. Every other route is
// refused here, before its handler could read the text.
func showsTextErrors(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == "/articles/new"
}

// keepOrRefuse returns err, or nil after recording it for the handler when
// the route shows text problems itself.
func keepOrRefuse(c echo.Context, err error) error {
	if err != nil && showsTextErrors(c) {
		c.Set(textProblemKey, err)
		return nil
	}
	return err
}

// formTextProblem returns the text problem checkBody recorded for a route
// that shows it itself (see showsTextErrors), or nil.
func formTextProblem(c echo.Context) *model.Error {
	p, _ := c.Get(textProblemKey).(*model.Error)
	return p
}

// unreadableForm is the error for a form that could not be read: too large
// (converted to 413 with the other MaxBytesErrors), or malformed.
func unreadableForm(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Errorf("reading the form: %w", err)
	}
	return model.Errorf(model.EINVALID, "The form could not be read (%v): send it again from the page.", err)
}

// checkForm checks every field name and value of a form, in name order so
// that the same form always names the same field.
func checkForm(form map[string][]string) error {
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if p := textcheck.String(name, name); p != nil {
			return model.Invalid("", "A form field name: %s", p.Message)
		}
		for _, v := range form[name] {
			if p := textcheck.String(name, v); p != nil {
				return model.Invalid(p.Field, "%s", p.Message)
			}
		}
	}
	return nil
}
