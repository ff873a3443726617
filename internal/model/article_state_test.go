package model

import (
	"strings"
	"testing"
)

func TestReadyBlockers(t *testing.T) {
	src := []ClaimSource{{Source: Source{Title: "Fare table"}}}
	approved := &SecondCheck{State: CheckApproved}
	claims := []Claim{
		{ID: 10, Number: 1, Status: StatusUnchecked},
		{ID: 11, Number: 2, Status: StatusInProgress, Sources: src},
		{ID: 12, Number: 3, Status: StatusVerified, Sources: src, Orphan: true, Check: approved},
		{ID: 13, Number: 4, Status: StatusFalse, Sources: src, ChangedSinceVerdict: true, Check: approved},
		{ID: 14, Number: 5, Status: StatusFalse, Sources: src, Check: &SecondCheck{State: CheckRequested}},
		{ID: 15, Number: 6, Status: StatusFalse, Sources: src},
		{ID: 16, Number: 7, Status: StatusVerified, Sources: src, Check: approved},
		{ID: 17, Number: 8, Status: StatusUnchecked, Orphan: true, OrphanDismissed: true},
	}
	var got []string
	for _, b := range ReadyBlockers(claims, true) {
		got = append(got, b.String())
	}
	want := []string{
		"claim #1 is unchecked",
		"claim #1 has no source",
		"claim #2 is in progress",
		"claim #3 is orphaned: its words are no longer in the article",
		"claim #4 changed since its verdict",
		"claim #5 is awaiting its second check",
		"claim #6 has no second check's approval",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blockers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if bs := ReadyBlockers(claims[5:7], false); len(bs) != 0 {
		t.Errorf("without a required check, blockers %v, want none", bs)
	}
}
