package handlers_test

import (
	"net/http"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestDetailsFormAssignment(t *testing.T) {
	e := newEnv(t)
	e.addUser("old", model.UserEditor)
	e.deactivate("old")
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	b := e.loggedIn("ed")
	path := "/claims/" + itoa(c.ID)

	doc := wantFragment(t, b.getFragment(path+"/panel"), http.StatusOK)
	if n := doc.Find(testid("assignee") + ` option[value="old"]`).Length(); n != 0 {
		t.Errorf("the assignee menu offers a deactivated account")
	}
	if n := doc.Find(testid("assignee") + ` option[value="vi"]`).Length(); n != 1 {
		t.Errorf("the assignee menu does not offer the active account vi")
	}
	form := detailsForm(t, doc)
	form.Set("assignee", "vi")
	form.Set("due", "2026-03-02")
	doc = wantFragment(t, b.fragment(path+"/edit", form), http.StatusOK)
	got := decode[deskClaim](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "ed", nil))
	if got.Assignee != "vi" {
		t.Errorf("assignee %q, want vi", got.Assignee)
	}
	if got.Due != "2026-03-02" {
		t.Errorf("due %q, want 2026-03-02", got.Due)
	}
	if v := doc.Find(testid("due")).AttrOr("value", ""); v != "2026-03-02" {
		t.Errorf("the form shows due %q, want 2026-03-02", v)
	}
	item := doc.Find(testid("claim-item") + `[data-claim-id="` + itoa(c.ID) + `"]`)
	if v := item.AttrOr("data-assignee", "-"); v != "vi" {
		t.Errorf("the list entry's data-assignee is %q, want vi", v)
	}
	if s := item.Find(testid("claim-assignment")).Text(); s != "@vi due 2026-03-02" {
		t.Errorf("the list entry shows %q, want the assignee and the due date", s)
	}

	t.Run("a bad date is shown beside the field", func(t *testing.T) {
		form := detailsForm(t, doc)
		form.Set("due", "someday")
		doc := wantFragment(t, b.fragment(path+"/edit", form), http.StatusBadRequest)
		if doc.Find(testid("error-details.due")).Length() != 1 {
			t.Errorf("no error beside the due date")
		}
	})
	t.Run("the workspace offers the filter for my claims", func(t *testing.T) {
		doc := parseHTML(t, b.get("/articles/"+itoa(a.ID)))
		if me := doc.Find(testid("filter-assignee")).AttrOr("data-me", ""); me != "ed" {
			t.Errorf("the assignee filter's data-me is %q, want ed", me)
		}
	})
}
