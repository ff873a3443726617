package handlers

import (
	"slices"
	"testing"
)

func TestSplitParties(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want []string
	}{
		{"Erdogan", []string{"Erdogan"}},
		{"Erdogan, the Syrian government, the Syrian opposition", []string{"Erdogan", "the Syrian government", "the Syrian opposition"}},
		{"Erdogan, the Syrian government and the Syrian opposition", []string{"Erdogan", "the Syrian government", "the Syrian opposition"}},
		{"Veloria and Kestania", []string{"Veloria", "Kestania"}},
		{"Veloria; Kestania,, ", []string{"Veloria", "Kestania"}},
		{`"Bosnia and Herzegovina", Serbia`, []string{"Bosnia and Herzegovina", "Serbia"}},
		{"Anderson Cooper", []string{"Anderson Cooper"}},
		{"Sandra Andersen", []string{"Sandra Andersen"}},
		{"  ", nil},
	} {
		if got := splitParties(tc.raw); !slices.Equal(got, tc.want) {
			t.Errorf("splitParties(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}
