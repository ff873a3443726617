package handlers_test

import (
	"net/http"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestBulkClaimsAPI(t *testing.T) {
	e := newEnv(t)
	e.addUser("old", model.UserEditor)
	e.deactivate("old")
	a := e.createArticle("Ferry link", storyText)
	one := e.createClaim(a, "Tickets will cost €4", nil)
	two := e.createClaim(a, "the first boat", nil)
	path := "/api/v1/articles/" + itoa(a.ID) + "/claims/bulk"

	rec := e.api(http.MethodPost, path, "ed", map[string]any{"claim_ids": []int64{one.ID, two.ID}, "assignee": "ada", "due": "2026-03-02", "status": "in_progress"})
	wantStatus(t, rec, http.StatusOK)
	got := decode[struct {
		Claims []struct {
			deskClaim
			Status string `json:"status"`
		} `json:"claims"`
	}](t, rec)
	if len(got.Claims) != 2 {
		t.Fatalf("%d claims answered, want 2", len(got.Claims))
	}
	for _, cl := range got.Claims {
		if cl.Assignee != "ada" {
			t.Errorf("claim %d assignee %q, want ada", cl.ID, cl.Assignee)
		}
		if cl.Due != "2026-03-02" {
			t.Errorf("claim %d due %q, want 2026-03-02", cl.ID, cl.Due)
		}
		if cl.Status != "in_progress" {
			t.Errorf("claim %d status %q, want in_progress", cl.ID, cl.Status)
		}
	}
	history := decode[struct {
		Events []struct{ Field, To string } `json:"events"`
	}](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(two.ID)+"/history", "vi", nil))
	var assigned int
	for _, ev := range history.Events {
		if ev.Field == "assignee" {
			assigned++
		}
	}
	if assigned != 1 {
		t.Errorf("%d assignee events in claim %d's history, want 1", assigned, two.ID)
	}

	other := e.createArticle("Other", storyText)
	foreign := e.createClaim(other, "Tickets will cost €4", nil)
	tests := []struct {
		name   string
		path   string
		user   string
		body   map[string]any
		status int
		code   string
		field  string
		msg    string
	}{
		{"another article's claim", path, "ed", map[string]any{"claim_ids": []int64{one.ID, foreign.ID}, "assignee": "vi"}, http.StatusBadRequest, "invalid", "claim_ids", "Claim " + itoa(foreign.ID) + " is not a claim of this article"},
		{"deactivated assignee", path, "ed", map[string]any{"claim_ids": []int64{one.ID}, "assignee": "old"}, http.StatusBadRequest, "invalid", "assignee", "Claim #"},
		{"no claim selected", path, "ed", map[string]any{"claim_ids": []int64{}, "assignee": "vi"}, http.StatusBadRequest, "invalid", "claim_ids", "at least one claim"},
		{"nothing to set", path, "ed", map[string]any{"claim_ids": []int64{one.ID}}, http.StatusBadRequest, "invalid", "assignee", "Choose"},
		{"unknown field", path, "ed", map[string]any{"claim_ids": []int64{one.ID}, "owner": "vi"}, http.StatusBadRequest, "invalid", "owner", ""},
		{"unknown article", "/api/v1/articles/9999/claims/bulk", "ed", map[string]any{"claim_ids": []int64{one.ID}, "assignee": "vi"}, http.StatusNotFound, "not_found", "", ""},
		{"a viewer may not", path, "vi", map[string]any{"claim_ids": []int64{one.ID}, "assignee": "vi"}, http.StatusForbidden, "forbidden", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, tt.path, tt.user, tt.body), tt.status, tt.code, tt.field, tt.msg)
			now := decode[deskClaim](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(one.ID), "ed", nil))
			if now.Assignee != "ada" {
				t.Errorf("assignee %q after a refused bulk change, want ada", now.Assignee)
			}
		})
	}
}
