package handlers

import (
	"net/http"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// The table is read both ways: every domain code maps to a status that maps
// back to it.
func TestErrorTableBothWays(t *testing.T) {
	codes := []string{model.EINVALID, model.EUNAUTHORIZED, model.EFORBIDDEN, model.ENOTFOUND, model.ECONFLICT,
		model.EPRECONDITION, model.ETOOLARGE, model.EUNSUPPORTED, model.ENOTACCEPTABLE, model.EUNAVAILABLE, model.EFULL, model.EINTERNAL}
	for _, code := range codes {
		status := statusOf(code)
		if got := codeOf(status); got != code {
			t.Errorf("codeOf(statusOf(%q) = %d) = %q, want %q", code, status, got, code)
		}
	}
}

func TestErrorTableOutsideTheDomain(t *testing.T) {
	tests := []struct {
		status int
		want   string
	}{
		{http.StatusMethodNotAllowed, model.ENOTFOUND},
		{http.StatusTeapot, model.EINTERNAL},
	}
	for _, tt := range tests {
		if got := codeOf(tt.status); got != tt.want {
			t.Errorf("codeOf(%d) = %q, want %q", tt.status, got, tt.want)
		}
	}
	if got := statusOf("no_such_code"); got != http.StatusInternalServerError {
		t.Errorf("statusOf(unknown) = %d, want 500", got)
	}
	if got := statusOf(model.ENOTFOUND); got != http.StatusNotFound {
		t.Errorf("statusOf(ENOTFOUND) = %d, want 404", got)
	}
}
