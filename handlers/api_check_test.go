package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/model"
)

// withSecondCheck turns the second check on, as the binary's default is.
func withSecondCheck(c *handlers.Config) { c.RequireSecondCheck = true }

// checkedClaim is the API's claim with its second check.
type checkedClaim struct {
	ID      int64 `json:"id"`
	Version int   `json:"version"`
	Check   *struct {
		State       string `json:"state"`
		RequestedBy string `json:"requested_by"`
		VerdictBy   string `json:"verdict_by"`
		DecidedBy   string `json:"decided_by"`
		Comment     string `json:"comment"`
		Void        bool   `json:"void"`
	} `json:"check"`
}

func TestSecondCheckAPI(t *testing.T) {
	e := newEnv(t, withConfig(withSecondCheck))
	e.addUser("pam", model.UserEditor) // an editor, not a publisher
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	path := "/api/v1/claims/" + itoa(c.ID)
	// pam sets the verdict.
	wantStatus(t, e.api(http.MethodPatch, path, "pam", map[string]any{"status": "verified"}), http.StatusOK)

	rec := e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": "The fare table lists €4."})
	wantError(t, rec, http.StatusConflict, "conflict", "check", "needs a second check")

	rec = e.api(http.MethodPost, path+"/check-request", "pam", map[string]any{"comment": "fare table attached"})
	wantStatus(t, rec, http.StatusOK)
	cl := decode[checkedClaim](t, rec)
	if cl.Check == nil || cl.Check.State != "requested" {
		t.Fatalf("check %+v, want requested", cl.Check)
	}
	if cl.Check.VerdictBy != "pam" {
		t.Errorf("verdict_by %q, want pam", cl.Check.VerdictBy)
	}

	queue := decode[struct {
		Checks []struct {
			Claim        checkedClaim `json:"claim"`
			ArticleTitle string       `json:"article_title"`
			URL          string       `json:"url"`
		} `json:"checks"`
	}](t, e.api(http.MethodGet, "/api/v1/checks", "vi", nil))
	if len(queue.Checks) != 1 || queue.Checks[0].Claim.ID != c.ID {
		t.Fatalf("queue %+v, want the claim", queue.Checks)
	}
	if want := "/articles/" + itoa(a.ID) + "?claim=" + itoa(c.ID); queue.Checks[0].URL != want {
		t.Errorf("queue url %q, want %q", queue.Checks[0].URL, want)
	}

	t.Run("an editor who is no publisher may not approve", func(t *testing.T) {
		e.addUser("ned", model.UserEditor)
		wantError(t, e.api(http.MethodPost, path+"/approve", "ned", map[string]any{}), http.StatusForbidden, "forbidden", "", "publisher")
	})
	t.Run("nor publish", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, path+"/publish", "pam", map[string]any{"rationale": "x"}), http.StatusForbidden, "forbidden", "", "publisher")
	})
	t.Run("the verdict's author may not approve, even as a publisher", func(t *testing.T) {
		e.setPublisher("pam", true)
		defer e.setPublisher("pam", false)
		wantError(t, e.api(http.MethodPost, path+"/approve", "pam", map[string]any{}), http.StatusForbidden, "forbidden", "check", "someone else")
	})
	t.Run("sending back needs a comment", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, path+"/send-back", "ed", map[string]any{"comment": ""}), http.StatusBadRequest, "invalid", "comment")
	})
	t.Run("an unknown field", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, path+"/approve", "ed", map[string]any{"coment": "x"}), http.StatusBadRequest, "invalid", "coment")
	})

	rec = e.api(http.MethodPost, path+"/approve", "ed", map[string]any{"comment": "agreed"})
	wantStatus(t, rec, http.StatusOK)
	if cl := decode[checkedClaim](t, rec); cl.Check.State != "approved" || cl.Check.DecidedBy != "ed" {
		t.Errorf("check %+v, want approved by ed", cl.Check)
	}
	// A source attached afterwards voids the approval.
	wantStatus(t, e.api(http.MethodPost, path+"/sources", "pam", map[string]any{"url": "https://pellmoor.example/fares", "title": "Fares", "relation": "supports"}), http.StatusCreated)
	if cl := decode[checkedClaim](t, e.api(http.MethodGet, path, "ed", nil)); !cl.Check.Void {
		t.Errorf("approval not void after a source was attached: %+v", cl.Check)
	}
	wantError(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": "The fare table lists €4."}), http.StatusConflict, "conflict", "check", "void")

	wantStatus(t, e.api(http.MethodPost, path+"/check-request", "pam", nil), http.StatusOK)
	wantStatus(t, e.api(http.MethodPost, path+"/approve", "ada", nil), http.StatusOK)
	wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": "The fare table lists €4."}), http.StatusOK)

	history := decode[struct {
		Events []struct{ Field, To, User string } `json:"events"`
	}](t, e.api(http.MethodGet, path+"/history", "vi", nil))
	var steps []string
	for _, ev := range history.Events {
		if ev.Field == "check" {
			steps = append(steps, ev.User+":"+ev.To)
		}
	}
	if got, want := strings.Join(steps, " "), "pam:requested ed:approved pam:requested ada:approved"; got != want {
		t.Errorf("check events %q, want %q", got, want)
	}
}

func TestSecondCheckOff(t *testing.T) {
	e := newEnv(t) // the helpers' default: no second check
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", map[string]any{"status": "verified"})
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/publish", "ed", map[string]any{"rationale": "The fare table lists €4."}), http.StatusOK)
}

func TestSecondCheckPanel(t *testing.T) {
	e := newEnv(t, withConfig(withSecondCheck))
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	path := "/claims/" + itoa(c.ID)
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"status": "false"}), http.StatusOK)

	ed := e.loggedIn("ed")
	doc := wantFragment(t, ed.getFragment(path+"/panel"), http.StatusOK)
	if doc.Find(testid("request-check-form")).Length() != 1 {
		t.Fatalf("no Request check form on a claim with a verdict")
	}
	doc = wantFragment(t, ed.fragment(path+"/check-request", map[string][]string{"comment": {"see the minutes"}, "version": {"2"}}), http.StatusOK)
	if s := doc.Find(testid("check-state")).Text(); !strings.Contains(s, "Awaiting second check") {
		t.Errorf("check state reads %q", s)
	}
	if doc.Find(testid("decide-check-form")).Length() != 0 {
		t.Errorf("the verdict's author is offered Approve")
	}

	ada := e.loggedIn("ada")
	doc = wantFragment(t, ada.getFragment(path+"/panel"), http.StatusOK)
	if doc.Find(testid("approve-check")).Length() != 1 {
		t.Fatalf("a second admin is not offered Approve")
	}
	doc = wantFragment(t, ada.fragment(path+"/send-back", map[string][]string{"comment": {""}}), http.StatusBadRequest)
	if doc.Find(testid("error-check.comment")).Length() != 1 {
		t.Errorf("no error beside the comment of a send-back without one")
	}
	doc = wantFragment(t, ada.fragment(path+"/approve", map[string][]string{"comment": {"minutes agree"}}), http.StatusOK)
	if s := doc.Find(testid("check-state")).Text(); !strings.Contains(s, "Approved by ada") {
		t.Errorf("check state reads %q after approving", s)
	}

	queue := parseHTML(t, ada.get("/checks"))
	if queue.Find(testid("no-checks")).Length() != 1 {
		t.Errorf("the queue is not empty after the approval")
	}
}

func TestSetPublisherPage(t *testing.T) {
	e := newEnv(t)
	e.addUser("pam", model.UserEditor)
	ada := e.loggedIn("ada")
	wantRedirect(t, adminPost(ada, "/admin/users/pam/publisher", url.Values{"publisher": {"1"}}), "/admin/users?done=publisher&user=pam")
	u, err := e.db.UserByName(t.Context(), "pam")
	if err != nil {
		t.Fatal(err)
	}
	if !u.Publisher {
		t.Errorf("pam is not a publisher after Make publisher")
	}
	doc := parseHTML(t, ada.get("/admin/users?done=publisher&user=pam"))
	if doc.Find(`form[action="/admin/users/pam/publisher"] `+testid("unset-publisher")).Length() != 1 {
		t.Errorf("the accounts page offers no Not a publisher button for pam")
	}
	wantStatus(t, adminPost(ada, "/admin/users/pam/publisher", url.Values{"publisher": {"yes"}}), http.StatusBadRequest)
	t.Run("only an admin", func(t *testing.T) {
		rec := adminPost(e.loggedIn("ed"), "/admin/users/pam/publisher", url.Values{"publisher": {"0"}})
		wantStatus(t, rec, http.StatusForbidden)
		if u, _ := e.db.UserByName(t.Context(), "pam"); !u.Publisher {
			t.Errorf("an editor unmarked a publisher")
		}
	})
}
