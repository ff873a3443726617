package main

import (
	"testing"

	"github.com/factmark/factmark/internal/anchor/anchortest"
)

func TestJudge(t *testing.T) {
	truth := &anchortest.Span{Start: 10, End: 20}
	tests := []struct {
		name  string
		truth *anchortest.Span
		found found
		want  verdict
	}{
		{"at the truth", truth, &anchortest.Span{Start: 10, End: 20}, rightFound},
		{"orphaned, words gone", nil, nil, rightGone},
		{"found, words gone", nil, &anchortest.Span{Start: 10, End: 20}, whenGone},
		{"orphaned, words there", truth, nil, missed},
		{"one edge off", truth, &anchortest.Span{Start: 10, End: 19}, edges},
		{"overlapping at the end", truth, &anchortest.Span{Start: 19, End: 30}, edges},
		{"touching, not overlapping", truth, &anchortest.Span{Start: 20, End: 30}, elsewhere},
		{"elsewhere", truth, &anchortest.Span{Start: 100, End: 110}, elsewhere},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := judge(anchortest.Anchor{Truth: tt.truth}, tt.found); got != tt.want {
				t.Errorf("judge = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTally(t *testing.T) {
	cases := []anchortest.Case{{Anchors: []anchortest.Anchor{
		{Truth: &anchortest.Span{Start: 0, End: 5}, Change: anchortest.Same},
		{Truth: &anchortest.Span{Start: 8, End: 12}, Change: anchortest.Edited},
		{Change: anchortest.Gone},
		{Change: anchortest.Gone},
	}}}
	results := [][]found{{
		{Start: 0, End: 5},
		{Start: 30, End: 34},
		nil,
		{Start: 40, End: 44},
	}}
	r := tally("x", cases, results, 4000)
	if r.rightFound != 1 {
		t.Errorf("right found = %d, want 1", r.rightFound)
	}
	if r.rightGone != 1 {
		t.Errorf("right orphans = %d, want 1", r.rightGone)
	}
	if r.wrong() != 2 {
		t.Errorf("wrong = %d, want 2", r.wrong())
	}
	if r.nsPerAnchor != 1000 {
		t.Errorf("ns per anchor = %v, want 1000", r.nsPerAnchor)
	}
	if got := r.byChange[anchortest.Edited][1]; got != 1 {
		t.Errorf("edited wrong = %d, want 1", got)
	}
}
