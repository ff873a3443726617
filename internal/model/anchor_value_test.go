package model

import "testing"

func TestParseAnchorValue(t *testing.T) {
	tests := []struct {
		name string
		v    string
		want AnchorSpan
		ok   bool
	}{
		{"written by AnchorValue", AnchorValue(`the "ferry" link`, 12, 28, 3), AnchorSpan{Words: `the "ferry" link`, Start: 12, End: 28, Revision: 3}, true},
		{"words holding the separators", AnchorValue(`x" at 1–2 in revision 9`, 0, 4, 2), AnchorSpan{Words: `x" at 1–2 in revision 9`, Start: 0, End: 4, Revision: 2}, true},
		{"none", "", AnchorSpan{}, false},
		{"not a value", "moved somewhere", AnchorSpan{}, false},
		{"bad revision", `"a" at 1–2 in revision x`, AnchorSpan{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseAnchorValue(tt.v)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseAnchorComment(t *testing.T) {
	tests := []struct {
		comment string
		kind    AnchorKind
		rev     int
	}{
		{AnchorComment(AnchorChanged, 3), AnchorChanged, 3},
		{AnchorComment(AnchorOrphaned, 12), AnchorOrphaned, 12},
		{string(AnchorDismissed), AnchorDismissed, 0},
	}
	for _, tt := range tests {
		kind, rev := ParseAnchorComment(tt.comment)
		if kind != tt.kind {
			t.Errorf("%q: kind %q, want %q", tt.comment, kind, tt.kind)
		}
		if rev != tt.rev {
			t.Errorf("%q: revision %d, want %d", tt.comment, rev, tt.rev)
		}
	}
}
