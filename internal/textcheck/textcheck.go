// Package textcheck refuses text that factmark cannot store faithfully, at
// the edge, before anything is decoded: invalid UTF-8, lone UTF-16
// surrogates (which JSON can spell as "\ud800" though they are not
// characters) and control characters other than tab and line breaks. Go's
// decoders would quietly turn the first two into U+FFFD and keep the
// third, so a stored claim would differ from what was sent, or carry a NUL
// into an export. Each problem names the field it was found in.
package textcheck

import (
	"fmt"
	"unicode/utf8"
)

// Problem is one piece of text that cannot be stored, and where it was.
type Problem struct {
	// Field is the path of the value: "statement", "parties[1].name", or
	// the form field's name. Empty for a JSON document's top-level string.
	Field string
	// Message says what is wrong and what to do, in a user's words.
	Message string
}

func (p *Problem) Error() string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + ": " + p.Message
}

// allowedControl reports whether a control character may stand in text:
// tab, line feed and carriage return (pasted Windows text ends its lines
// with CR LF; the canonical text folds all three into spaces or block
// breaks).
func allowedControl(r rune) bool { return r == '\t' || r == '\n' || r == '\r' }

// forbidden reports whether r is a control character text may not hold:
// C0 controls but tab and line breaks, and DEL.
func forbidden(r rune) bool {
	return (r < 0x20 && !allowedControl(r)) || r == 0x7f
}

// String checks a decoded string, such as a form value. field names it in
// the problem.
func String(field, s string) *Problem {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return &Problem{Field: field, Message: describe(field) + " is not valid UTF-8 text: send it encoded as UTF-8."}
			}
		}
		if forbidden(r) {
			return controlProblem(field, r)
		}
	}
	return nil
}

func controlProblem(field string, r rune) *Problem {
	return &Problem{Field: field, Message: fmt.Sprintf("%s contains the control character U+%04X, which text cannot hold: remove it (tab and line breaks are fine).", describe(field), r)}
}

func surrogateProblem(field string, u rune) *Problem {
	return &Problem{Field: field, Message: fmt.Sprintf(`%s contains a lone surrogate \u%04x, which is half of a character: send the whole character (or both halves of its surrogate pair).`, describe(field), u)}
}

// describe names a field at the start of a message.
func describe(field string) string {
	if field == "" {
		return "The text"
	}
	return fmt.Sprintf("The field %q", field)
}
