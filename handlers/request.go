package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/textcheck"
)

// decodeJSON reads a JSON request body into v, strictly: the content type
// must be JSON, and unknown fields, or known ones in the wrong case, are
// refused rather than silently dropped or taken, so that a typo ("stauts",
// "Status") is an error and not a no-op.
func decodeJSON(c echo.Context, v any) error {
	if err := requireJSON(c); err != nil {
		return err
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return jsonError(err)
	}
	// checkBody has checked the text; unknown keys and keys in the wrong
	// case need the target type. DisallowUnknownFields stays as a second
	// line for types that decode themselves.
	if p := textcheck.StrictJSON(data, reflect.TypeOf(v)); p != nil {
		return model.Invalid(p.Field, "%s", p.Message)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return model.Errorf(model.EINVALID, "The body holds more than one JSON value.")
	}
	return nil
}

// requireJSON refuses a body that is not declared as JSON.
func requireJSON(c echo.Context) error {
	ct := c.Request().Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return model.Errorf(model.EUNSUPPORTED, "Send the body as JSON with Content-Type: application/json (got %q).", ct)
	}
	return nil
}

// jsonError turns a decoding error into a message that says what to fix.
func jsonError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return fmt.Errorf("reading the JSON body: %w", err) // a 413, made by toDomain
	case errors.Is(err, io.EOF):
		return model.Errorf(model.EINVALID, "The request body is empty: send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return model.Errorf(model.EINVALID, "Malformed JSON: the body ends too early.")
	case errors.As(err, &syn):
		return model.Errorf(model.EINVALID, "Malformed JSON at byte %d: %s.", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		return &model.Error{Code: model.EINVALID, Field: field, Message: fmt.Sprintf("%s must be %s, not a JSON %s.", fieldName(field), jsonType(typ.Type.String()), typ.Value)}
	}
	return model.Errorf(model.EINVALID, "Malformed JSON: %s.", err.Error())
}

func fieldName(f string) string {
	if f == "" {
		return "The body"
	}
	return f
}

func jsonType(goType string) string {
	switch {
	case strings.Contains(goType, "int"):
		return "a whole number"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.Contains(goType, "string"), strings.HasPrefix(goType, "model."):
		return "a string"
	}
	return "an object"
}

// pathID reads a numeric id from the path; anything else names nothing.
func pathID(c echo.Context, name, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "%s %q does not exist.", what, c.Param(name))
	}
	return id, nil
}

// claimChildIDs reads a claim's id and the id of one of its parties or
// sources from a path such as /claims/:id/parties/:pid.
func claimChildIDs(c echo.Context, param, what string) (claimID, childID int64, err error) {
	if claimID, err = pathID(c, "id", "Claim"); err != nil {
		return 0, 0, err
	}
	childID, err = pathID(c, param, what)
	return claimID, childID, err
}

// setETag sends a resource's version as its entity tag.
func setETag(c echo.Context, version int) {
	c.Response().Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}

// ifMatch returns the version an If-Match header names, or 0 when there is
// none (or it is "*"). If-Match compares strongly, so a weak tag (W/"3")
// never matches, nor does a tag that is not a version or a list of several
// (a client sends the one version it loaded). Those give noVersion, which
// the store refuses with 412 and the current state, as any stale tag.
func ifMatch(c echo.Context) (int, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	if len(h) < 3 || h[0] != '"' || h[len(h)-1] != '"' {
		return noVersion, nil
	}
	n, err := strconv.Atoi(h[1 : len(h)-1])
	if err != nil || n <= 0 {
		return noVersion, nil
	}
	return n, nil
}

// noVersion is an If-Match version that matches nothing.
const noVersion = -1

// userName is the name written to created_by, updated_by and history.
func userName(c echo.Context) string {
	u, _ := currentUser(c)
	return u.Name
}
