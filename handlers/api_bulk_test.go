package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
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

func TestBulkClaimsForm(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	one := e.createClaim(a, "Tickets will cost €4", nil)
	two := e.createClaim(a, "the first boat", nil)
	b := e.loggedIn("ed")
	path := "/articles/" + itoa(a.ID) + "/claims/bulk"

	page := parseHTML(t, b.get("/articles/"+itoa(a.ID)))
	if n := page.Find(`#claim-list input.bulk-pick[form="bulk-form"]`).Length(); n != 2 {
		t.Errorf("%d checkboxes in the claim list, want 2", n)
	}
	if n := page.Find(`#bulk-form select[name="assignee"] option[value="ada"]`).Length(); n != 1 {
		t.Errorf("%d options for ada in the bulk form, want 1", n)
	}

	rec := b.fragment(path, url.Values{"claim_ids": {itoa(one.ID), itoa(two.ID)}, "assignee": {"ada"}, "due": {""}, "status": {"false"}})
	wantStatus(t, rec, http.StatusOK)
	doc := parseHTML(t, rec)
	if got := strings.TrimSpace(doc.Find(`[data-testid="bulk-done"]`).Text()); got != "2 claims changed." {
		t.Errorf("bulk flash %q, want 2 claims changed.", got)
	}
	if n := doc.Find(`#claim-list [data-testid="claim-item"][data-assignee="ada"][data-status="false"]`).Length(); n != 2 {
		t.Errorf("%d claims in the answered list assigned to ada and false, want 2", n)
	}
	if n := doc.Find(`#article-text`).Length(); n != 1 {
		t.Errorf("%d article texts in the answer, want 1 (out of band)", n)
	}
	now := decode[deskClaim](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(two.ID), "ed", nil))
	if now.Assignee != "ada" {
		t.Errorf("stored assignee %q, want ada", now.Assignee)
	}

	t.Run("nothing ticked", func(t *testing.T) {
		rec := b.fragment(path, url.Values{"assignee": {"vi"}})
		wantStatus(t, rec, http.StatusBadRequest)
		doc := parseHTML(t, rec)
		if got := doc.Find(`#bulk-form [data-testid="error-claim_ids"]`).Text(); !strings.Contains(got, "at least one claim") {
			t.Errorf("error beside the selection %q, want it to ask for a claim", got)
		}
	})
	t.Run("a viewer may not", func(t *testing.T) {
		page := parseHTML(t, e.loggedIn("vi").get("/articles/"+itoa(a.ID)))
		if n := page.Find(`#bulk-form, input.bulk-pick`).Length(); n != 0 {
			t.Errorf("a viewer's workspace has %d bulk controls, want none", n)
		}
		rec := e.loggedIn("vi").fragment(path, url.Values{"claim_ids": {itoa(one.ID)}, "assignee": {"vi"}})
		wantStatus(t, rec, http.StatusForbidden)
	})
}
