package model

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSortWork(t *testing.T) {
	now := time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)
	w := Work{Articles: []WorkArticle{
		{ID: 1, Title: "No dates", Claims: []WorkClaim{{ID: 11, Number: 2}, {ID: 10, Number: 1}}},
		{ID: 2, Title: "Claim due later", Claims: []WorkClaim{{ID: 20, Number: 1}, {ID: 21, Number: 2, Due: "2026-03-09"}, {ID: 22, Number: 3, Due: "2026-03-04"}}},
		{ID: 3, Title: "Article overdue", Assigned: true, Due: "2026-03-01"},
		{ID: 4, Title: "Also no dates"},
	}}
	SortWork(&w, now)
	var order []int64
	for _, a := range w.Articles {
		order = append(order, a.ID)
	}
	if diff := cmp.Diff([]int64{3, 2, 4, 1}, order); diff != "" {
		t.Errorf("article order (-want +got):\n%s", diff)
	}
	var claims []int64
	for _, c := range w.Articles[1].Claims {
		claims = append(claims, c.ID)
	}
	if diff := cmp.Diff([]int64{22, 21, 20}, claims); diff != "" {
		t.Errorf("claim order (-want +got):\n%s", diff)
	}
	if got := w.Articles[3].Claims[0].ID; got != 10 {
		t.Errorf("first claim without dates %d, want #1 (id 10)", got)
	}
	if !w.Articles[0].Overdue {
		t.Errorf("the article due 2026-03-01 is not marked overdue on 2026-03-03")
	}
	if w.Articles[1].Claims[0].Overdue {
		t.Errorf("the claim due 2026-03-04 is marked overdue on 2026-03-03")
	}
}

func TestWorkURLs(t *testing.T) {
	if got := ClaimURL(3, 17); got != "/articles/3?claim=17" {
		t.Errorf("ClaimURL = %q", got)
	}
	if got := ArticleURL(3); got != "/articles/3" {
		t.Errorf("ArticleURL = %q", got)
	}
}
