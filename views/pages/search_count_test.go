package pages

import (
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// A group of common words' newest matches says there are more; one whose
// filters passed none of them does not say "more than 0".
func TestGroupCount(t *testing.T) {
	for _, tt := range []struct {
		g    model.SearchGroup
		want string
	}{
		{model.SearchGroup{Total: 1}, "1 result"},
		{model.SearchGroup{Total: 7}, "7 results"},
		{model.SearchGroup{Total: 1000, More: true}, "more than 1000 results"},
		{model.SearchGroup{Total: 0, More: true}, "none among the newest matches"},
	} {
		if got := groupCount(tt.g); got != tt.want {
			t.Errorf("groupCount(%+v) = %q, want %q", tt.g, got, tt.want)
		}
	}
}
