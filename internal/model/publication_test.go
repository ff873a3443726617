package model_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

func TestNewPublication(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	t1, t2 := t0.Add(time.Hour), t0.Add(2*time.Hour)
	first := model.PublicationRecord{Verdict: model.StatusFalse, Rationale: "one", PublishedAt: t0}
	second := model.PublicationRecord{Verdict: model.StatusMisleading, Rationale: "two", PublishedAt: t1}

	t.Run("none", func(t *testing.T) {
		p := model.NewPublication(nil)
		if p.State != model.Unpublished {
			t.Errorf("state = %q", p.State)
		}
		if p.IsPublished() {
			t.Error("IsPublished for no publication")
		}
	})
	t.Run("re-published", func(t *testing.T) {
		p := model.NewPublication([]model.PublicationRecord{first, second})
		if p.State != model.Published {
			t.Errorf("state = %q, want published", p.State)
		}
		if p.Verdict != model.StatusMisleading {
			t.Errorf("verdict = %q, want the last record's", p.Verdict)
		}
		if p.Rationale != "two" {
			t.Errorf("rationale = %q, want the last record's", p.Rationale)
		}
		if !p.FirstPublishedAt.Equal(t0) {
			t.Errorf("first_published_at = %v", p.FirstPublishedAt)
		}
		if !p.PublishedAt.Equal(t1) {
			t.Errorf("published_at = %v", p.PublishedAt)
		}
		if !p.Updated() {
			t.Error("Updated() = false")
		}
		c := p.Corrections()
		if len(c) != 1 {
			t.Fatalf("%d corrections, want 1", len(c))
		}
		if c[0].Earlier.Verdict != model.StatusFalse {
			t.Errorf("earlier verdict = %q, want false", c[0].Earlier.Verdict)
		}
		if !c[0].At.Equal(t1) {
			t.Errorf("corrected at %v, want %v", c[0].At, t1)
		}
	})
	t.Run("withdrawn", func(t *testing.T) {
		w := second
		w.WithdrawnAt, w.Reason = &t2, "wrong"
		p := model.NewPublication([]model.PublicationRecord{first, w})
		if p.State != model.Withdrawn {
			t.Errorf("state = %q, want withdrawn", p.State)
		}
		if p.Reason != "wrong" {
			t.Errorf("reason = %q", p.Reason)
		}
		if !p.WithdrawnAt.Equal(t2) {
			t.Errorf("withdrawn_at = %v, want %v", p.WithdrawnAt, t2)
		}
		if p.IsPublished() {
			t.Error("a withdrawn review counts as published")
		}
		if p.Updated() {
			t.Error("a withdrawn review counts as updated")
		}
	})
}

// The JSON always has a state, and leaves out the times it does not know.
func TestPublicationJSON(t *testing.T) {
	b, err := json.Marshal(model.Claim{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"publication":{"state":"unpublished"}`) {
		t.Errorf("a zero claim's publication is %s", b)
	}
}

func TestPublishNormalize(t *testing.T) {
	p := model.Publish{Rationale: "  why \n"}
	if err := p.Normalize(); err != nil {
		t.Errorf("Normalize = %v", err)
	}
	if p.Rationale != "why" {
		t.Errorf("rationale = %q, want it trimmed", p.Rationale)
	}
	for _, bad := range []string{"", " \t\n", strings.Repeat("x", model.MaxRationaleLen+1)} {
		p := model.Publish{Rationale: bad}
		if got := fieldOf(p.Normalize()); got != "rationale" {
			t.Errorf("Normalize(%.20q) names the field %q, want rationale", bad, got)
		}
	}
	u := model.Unpublish{Reason: " "}
	if got := fieldOf(u.Normalize()); got != "reason" {
		t.Errorf("Unpublish without a reason names the field %q, want reason", got)
	}
}

// fieldOf is the field a domain error names, or "" for any other error.
func fieldOf(err error) string {
	var e *model.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
