package model

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layer maps each to one status in one place.
const (
	ECONFLICT      = "conflict"            // 409
	EINTERNAL      = "internal"            // 500
	EINVALID       = "invalid"             // 400
	ENOTFOUND      = "not_found"           // 404
	EUNAUTHORIZED  = "unauthorized"        // 401
	EFORBIDDEN     = "forbidden"           // 403
	EPRECONDITION  = "precondition_failed" // 412
	ETOOLARGE      = "too_large"           // 413
	EUNSUPPORTED   = "unsupported_type"    // 415
	ENOTACCEPTABLE = "not_acceptable"      // 406
	// EUNAVAILABLE: the server's storage refuses writes or reads (read-only
	// file system or file); nothing was saved.
	EUNAVAILABLE = "storage_unavailable" // 503
	// EFULL: the server's disk is full; nothing was saved.
	EFULL = "insufficient_storage" // 507
)

// Error is a domain error whose message is safe to show a user. Field names
// the input at fault, when there is one, so that a form can show the message
// beside it.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Current is the resource as it stands now, sent with a 412 so that the
	// client can merge instead of losing work.
	Current any `json:"-"`
	// Fields holds every field's problem when there were several, so that a
	// form can show each beside its input; Field and Message are the first.
	Fields FieldErrors `json:"-"`
}

// Error implements error.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error about field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Message: fmt.Sprintf(format, args...), Field: field}
}

// NotFound returns an ENOTFOUND error naming what was missing.
func NotFound(what string, id int64) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %d does not exist", what, id)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; internal errors get a
// generic message so that nothing about the server leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// FieldErrors collects validation errors by field, so that a form can show
// every problem at once instead of one per submit.
type FieldErrors map[string]string

// Add records msg for field unless the field already has one.
func (fe FieldErrors) Add(field, msg string) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}

// Err returns the first error in order as an *Error, or nil when there is
// none. order lists the fields in the order a reader meets them.
func (fe FieldErrors) Err(order ...string) error {
	if len(fe) == 0 {
		return nil
	}
	first := ""
	for _, f := range order {
		if _, ok := fe[f]; ok {
			first = f
			break
		}
	}
	if first == "" {
		// No field in order: take the smallest name, so the choice does not
		// depend on map iteration.
		for f := range fe {
			if first == "" || f < first {
				first = f
			}
		}
	}
	e := Invalid(first, "%s", fe[first])
	e.Fields = fe
	return e
}
