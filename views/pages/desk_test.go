package pages

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCommentSegments(t *testing.T) {
	got := commentSegments("@ada see https://a.example/x?y=1, not javascript:alert(1) or ftp://b.example; (https://c.example/).")
	want := []commentSegment{
		{Text: "@ada", Mention: true},
		{Text: " see "},
		{Text: "https://a.example/x?y=1", URL: "https://a.example/x?y=1"},
		{Text: ", not javascript:alert(1) or ftp://b.example; ("},
		{Text: "https://c.example/", URL: "https://c.example/"},
		{Text: ")."},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(commentSegment{})); diff != "" {
		t.Errorf("segments (-want +got):\n%s", diff)
	}
}
