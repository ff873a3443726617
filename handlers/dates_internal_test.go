package handlers

import (
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		raw, order, want string
	}{
		{"2004-11-13", dayFirst, "2004-11-13"},
		{"  2004-11-13 ", monthFirst, "2004-11-13"},
		{"", dayFirst, ""},
		{"2004-11-13T10:00:00Z", dayFirst, "2004-11-13T10:00:00Z"},
		{"November 13, 2004", dayFirst, "2004-11-13"},
		{"November 13 2004", dayFirst, "2004-11-13"},
		{"Nov 13, 2004", monthFirst, "2004-11-13"},
		{"13 November 2004", dayFirst, "2004-11-13"},
		{"13/11/2004", dayFirst, "2004-11-13"},
		{"11/13/2004", monthFirst, "2004-11-13"},
		{"3/4/2004", dayFirst, "2004-04-03"},
		{"3/4/2004", monthFirst, "2004-03-04"},
		{"13.11.2004", dayFirst, "2004-11-13"},
	} {
		got, err := parseDate(tc.raw, tc.order, "published_at")
		if err != nil {
			t.Errorf("parseDate(%q, %s): %v", tc.raw, tc.order, err)
			continue
		}
		if got != tc.want {
			t.Errorf("parseDate(%q, %s) = %q, want %q", tc.raw, tc.order, got, tc.want)
		}
	}
}

func TestParseDateRefuses(t *testing.T) {
	for _, tc := range []struct{ raw, order string }{
		{"13/11/2004", monthFirst}, // no 13th month
		{"31/02/2004", dayFirst},   // no 31 February
		{"soon", dayFirst},
		{"2004-13-01", dayFirst},
	} {
		_, err := parseDate(tc.raw, tc.order, "published_at")
		if got := model.ErrorCode(err); got != model.EINVALID {
			t.Errorf("parseDate(%q, %s): code %q, want %q", tc.raw, tc.order, got, model.EINVALID)
		}
		var field string
		if de, ok := err.(*model.Error); ok {
			field = de.Field
		}
		if field != "published_at" {
			t.Errorf("parseDate(%q, %s): field %q, want published_at", tc.raw, tc.order, field)
		}
	}
}
