package model

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeDue(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"", "", true},
		{"  ", "", true},
		{"2026-03-02", "2026-03-02", true},
		{" 2026-03-02\n", "2026-03-02", true},
		{"2026-02-30", "", false},
		{"2026-3-2", "", false},
		{"02/03/2026", "", false},
		{"2026-03-02T10:00:00Z", "", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeDue(tt.in)
		if ok != tt.wantOK {
			t.Errorf("NormalizeDue(%q) ok = %v, want %v", tt.in, ok, tt.wantOK)
		}
		if got != tt.want {
			t.Errorf("NormalizeDue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOverdue(t *testing.T) {
	// 01:00 UTC on 3 March: due the 2nd is late, due the 3rd is not yet.
	now := time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC)
	tests := []struct {
		due  string
		want bool
	}{
		{"", false},
		{"2026-03-02", true},
		{"2026-03-03", false},
		{"2026-03-04", false},
	}
	for _, tt := range tests {
		if got := Overdue(tt.due, now); got != tt.want {
			t.Errorf("Overdue(%q) = %v, want %v", tt.due, got, tt.want)
		}
	}
}

func TestEditConflictsDue(t *testing.T) {
	cur := Claim{Due: "2026-03-05", UpdatedBy: "rita"}
	base := DetailsOf(Claim{Due: "2026-03-01"})
	in := base
	in.Due = "2026-03-09"
	got := EditConflicts(cur, &base, in, nil)
	if len(got) != 1 {
		t.Fatalf("conflicts %+v, want one on due", got)
	}
	if got[0].Field != EventDue {
		t.Errorf("conflict on %q, want due", got[0].Field)
	}
	if got[0].Now != "2026-03-05" {
		t.Errorf("now %q, want 2026-03-05", got[0].Now)
	}
}

func TestEventWordsDue(t *testing.T) {
	if got := (Event{Field: EventDue, From: "2026-03-01", To: "2026-03-05"}).Words().String(); got != "Due: 2026-03-01 → 2026-03-05" {
		t.Errorf("words %q", got)
	}
	if got := (Event{Field: EventDue, From: "2026-03-01"}).Words().String(); got != "Due date removed: 2026-03-01" {
		t.Errorf("words %q", got)
	}
}

func TestMentions(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"@ada look", []string{"ada"}},
		{"ask @ada. Then @bo_b, and @ada again", []string{"ada", "bo_b"}},
		{"mail ada@example.org", nil},
		{"(@rita)", []string{"rita"}},
		{"@ alone", nil},
	}
	for _, tt := range tests {
		got := Mentions(tt.body)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Mentions(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

func TestNotificationDescribe(t *testing.T) {
	n := Notification{Kind: NotifyStatus, ClaimID: 7, ArticleID: 2, ClaimNumber: 3, ArticleTitle: "Ferry", Actor: "bell", Detail: "false"}
	n.Describe()
	if n.Text != "bell set claim #3 of “Ferry” to False" {
		t.Errorf("text %q", n.Text)
	}
	if n.URL != "/articles/2?claim=7" {
		t.Errorf("url %q", n.URL)
	}
}
