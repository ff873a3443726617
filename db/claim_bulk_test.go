package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestBulkUpdateClaims(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	a := f.claimOn(t, "Tickets will cost €4", model.NewClaim{})
	b := f.claimOn(t, "the first boat", model.NewClaim{Assignee: "rita"})
	c := f.claimOn(t, "voted 7–2", model.NewClaim{})

	got, err := f.BulkUpdateClaims(ctx, f.article.ID, model.BulkClaimUpdate{ClaimIDs: []int64{a.ID, b.ID, a.ID},
		Assignee: ptr(" rita "), Due: ptr("2026-03-02"), Status: ptr(model.StatusInProgress)}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d claims answered, want 2 (the repeated id once)", len(got))
	}
	for _, cl := range got {
		if cl.Assignee != "rita" {
			t.Errorf("claim %d assignee %q, want rita", cl.ID, cl.Assignee)
		}
		if cl.Due != "2026-03-02" {
			t.Errorf("claim %d due %q, want 2026-03-02", cl.ID, cl.Due)
		}
		if cl.Status != model.StatusInProgress {
			t.Errorf("claim %d status %q, want in progress", cl.ID, cl.Status)
		}
	}
	// One event per claim and changed field: b was rita's already.
	for _, tt := range []struct {
		id   int64
		want []model.EventField
	}{
		{a.ID, []model.EventField{model.EventStatus, model.EventAssignee, model.EventDue}},
		{b.ID, []model.EventField{model.EventStatus, model.EventDue}},
	} {
		h, err := f.History(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		var fields []model.EventField
		for _, e := range h[1:] {
			fields = append(fields, e.Field)
		}
		if strings.Join(eventFields(fields), ",") != strings.Join(eventFields(tt.want), ",") {
			t.Errorf("claim %d events %v, want %v", tt.id, fields, tt.want)
		}
	}
	untouched, err := f.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if untouched.Version != c.Version {
		t.Errorf("unselected claim version %d, want %d", untouched.Version, c.Version)
	}

	other := mustArticle(t, f.testDB, "Other story", sampleText)
	s, e := span(t, other.Text, "Tickets will cost €4")
	foreign, err := f.CreateClaim(ctx, other.ID, model.NewClaim{Start: &s, End: &e}, "ed")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name  string
			b     model.BulkClaimUpdate
			field string
			msg   string
		}{
			{"no claims", model.BulkClaimUpdate{Assignee: ptr("rita")}, "claim_ids", "at least one claim"},
			{"nothing to change", model.BulkClaimUpdate{ClaimIDs: []int64{c.ID}}, "assignee", "Choose an assignee"},
			{"another article's claim", model.BulkClaimUpdate{ClaimIDs: []int64{c.ID, foreign.ID}, Assignee: ptr("ada")}, "claim_ids", "Claim " + itoa(foreign.ID) + " is not a claim of this article"},
			{"a claim that does not exist", model.BulkClaimUpdate{ClaimIDs: []int64{c.ID, 99999}, Assignee: ptr("ada")}, "claim_ids", "Claim 99999 is not"},
			{"deactivated assignee", model.BulkClaimUpdate{ClaimIDs: []int64{c.ID, a.ID}, Assignee: ptr("old")}, "assignee", "Claim #" + itoa(int64(c.Number)) + ": The account \"old\" is deactivated"},
			{"unknown status", model.BulkClaimUpdate{ClaimIDs: []int64{c.ID}, Status: ptr(model.Status("maybe"))}, "status", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.counts(t, claimTables...)
				_, err := f.BulkUpdateClaims(ctx, f.article.ID, tt.b, "ed")
				de := wantCode(t, err, model.EINVALID, tt.field)
				if !strings.Contains(de.Message, tt.msg) {
					t.Errorf("message %q, want it to contain %q", de.Message, tt.msg)
				}
				f.unchanged(t, before)
			})
		}
	})
	t.Run("a refusal after a change writes nothing", func(t *testing.T) {
		// c changes first; the foreign claim then fails the whole change.
		_, err := f.BulkUpdateClaims(ctx, f.article.ID, model.BulkClaimUpdate{ClaimIDs: []int64{c.ID, foreign.ID}, Status: ptr(model.StatusFalse)}, "ed")
		wantCode(t, err, model.EINVALID, "claim_ids")
		now, err := f.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if now.Status != c.Status {
			t.Errorf("status %q after a refused bulk change, want %q", now.Status, c.Status)
		}
	})
}

func eventFields(fs []model.EventField) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}
