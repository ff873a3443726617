package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

// The desk's second user, to whom the administrator hands claims out.
const (
	bellName     = "bell"
	bellDisplay  = "Bell Okafor"
	bellPassword = "checks-the-ferry-7"
)

// addEditor creates an editor account that can log in.
func (h *harness) addEditor(name, display, password string) {
	h.t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.store.CreateUser(h.ctx, model.User{Name: name, DisplayName: display, Role: model.UserEditor, PasswordHash: hash}, false); err != nil {
		h.t.Fatal(err)
	}
}

// setDate sets the date input sel to v (YYYY-MM-DD) as a date picker
// does, firing its events.
func (h *harness) setDate(sel, v string) {
	h.t.Helper()
	evalJS[chromedp.Void](h, "setting "+sel+" to "+v, `(sel, v) => {
		const el = document.querySelector(sel);
		if (!el) throw new Error("no element " + sel);
		el.focus();
		el.value = v;
		el.dispatchEvent(new Event("input", { bubbles: true }));
		el.dispatchEvent(new Event("change", { bubbles: true }));
	}`, sel, v)
}

// TestDeskAssignment is the desk's first steps in Chromium: the
// administrator assigns a claim to Bell with a due date in the claim's
// panel, the list shows it and filters by assignee; Bell finds the claim
// in My work, overdue first, and one click opens it in the workspace.
func TestDeskAssignment(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	h.addEditor(bellName, bellDisplay, bellPassword)
	a, c1 := h.seedArticle("Ferry vote", "Ferry vote\n\nThe council voted 7–2 on Tuesday to fund the ferry, the mayor said. Tickets will cost €4.\n",
		"voted 7–2 on Tuesday", "The council voted 7–2 for the ferry.")
	sp := codePointSpan(t, a.Text, "Tickets will cost €4")
	c2, err := h.store.CreateClaim(h.ctx, a.ID, model.NewClaim{Start: &sp.Start, End: &sp.End, Kind: model.KindNumber}, adminName)
	if err != nil {
		t.Fatal(err)
	}

	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c1.ID))
	h.waitPanel(c1.ID)
	h.choose(`[data-testid="assignee"]`, bellName)
	h.setDate(`[data-testid="due"]`, "2026-03-01")
	h.submitPanelForm("Save (assignment)", `[data-testid="save-details"]`, "Saved.")
	item := fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] [data-testid="claim-assignment"]`, c1.ID)
	if got := h.text(item); got != "@bell due 2026-03-01" {
		t.Errorf("the list shows %q for the assigned claim", got)
	}
	stored, err := h.store.Claim(h.ctx, c1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Assignee != bellName {
		t.Errorf("stored assignee %q, want %s", stored.Assignee, bellName)
	}
	if stored.Due != "2026-03-01" {
		t.Errorf("stored due %q, want 2026-03-01", stored.Due)
	}

	h.choose(`[data-testid="filter-assignee"]`, "unassigned")
	if got := h.visibleListIDs(); !slices.Equal(got, []string{fmt.Sprint(c2.ID)}) {
		t.Errorf("filtered to nobody's claims, the list shows %v, want [%d]", got, c2.ID)
	}
	h.choose(`[data-testid="filter-assignee"]`, "mine")
	if got := h.visibleListIDs(); len(got) != 0 {
		t.Errorf("filtered to the administrator's claims, the list shows %v, want none", got)
	}

	h.logout()
	h.login(bellName, bellPassword, bellDisplay)
	h.click("My work", `[data-testid="nav-work"]`)
	h.waitUntil("the My work page", `() => location.pathname === "/work" && document.querySelector('[data-testid="work-claim"]')`)
	if got := h.texts(`[data-testid="work-claim-link"]`); !slices.Equal(got, []string{"#1"}) {
		t.Errorf("Bell's work lists %v, want [#1]", got)
	}
	if got := h.text(`[data-testid="work-claim"] [data-testid="due-note"]`); got != "overdue since 2026-03-01" {
		t.Errorf("the claim's due note reads %q", got)
	}
	h.screenshot("desk-my-work.png")
	h.click("the claim in My work", `[data-testid="work-claim-link"]`)
	h.waitPanel(c1.ID)
	h.choose(`[data-testid="filter-assignee"]`, "mine")
	if got := h.visibleListIDs(); !slices.Equal(got, []string{fmt.Sprint(c1.ID)}) {
		t.Errorf("filtered to Bell's claims, the list shows %v, want [%d]", got, c1.ID)
	}
}

// TestDeskSecondCheck is the path in Chromium, with the second
// check on as the binary has it: Bell, an editor, finds the claim assigned
// to her in My work, discusses it with an @mention of the administrator,
// sets a verdict and requests a check; she is offered no way to publish.
// The administrator is notified (the header counts it, the inbox lists
// it), finds the claim in the reviewers' queue, approves it and publishes
// the review. (TestDeskArticleReady goes on from there.)
func TestDeskSecondCheck(t *testing.T) {
	h := newHarness(t, func(c *handlers.Config) { c.RequireSecondCheck = true })
	h.setupAdmin()
	h.addEditor(bellName, bellDisplay, bellPassword)
	_, c := h.seedArticle("Ferry fares", "Ferry fares\n\nTickets will cost €4 on the new ferry, the council said.\n", "Tickets will cost €4", "Tickets cost €4.")
	if _, err := h.store.UpdateClaim(h.ctx, c.ID, model.ClaimUpdate{Assignee: ptr(bellName)}, adminName); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.AttachSource(h.ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares", Title: "Fare table"}, Relation: model.RelationSupports}, adminName); err != nil {
		t.Fatal(err)
	}
	const rationale = "The council's fare table lists adult tickets at €4."

	h.logout()
	h.login(bellName, bellPassword, bellDisplay)
	h.click("My work", `[data-testid="nav-work"]`)
	h.waitUntil("the My work page", `() => location.pathname === "/work" && document.querySelector('[data-testid="work-claim-link"]')`)
	h.click("the claim in My work", `[data-testid="work-claim-link"]`)
	h.waitPanel(c.ID)
	h.typeText(`[data-testid="comment-input"]`, "@"+adminName+" the fare table is at https://pellmoor.example/fares")
	h.submitPanelForm("Post comment", `[data-testid="post-comment"]`, "Comment posted.")
	if got := h.text(`[data-testid="comment-body"] a`); got != "https://pellmoor.example/fares" {
		t.Errorf("the comment's link reads %q", got)
	}
	h.setStatus(model.StatusVerified, "fare table checked")
	if n := h.count(`[data-testid="publish-review"]`); n != 0 {
		t.Errorf("an editor who is no publisher is offered %d Publish review… buttons", n)
	}
	h.click("Request check…", `[data-testid="request-check"]`)
	h.typeText(`[data-testid="check-comment"]`, "fare table attached")
	h.typeText(`[data-testid="check-rationale"]`, rationale)
	h.submitPanelForm("Request check", `[data-testid="confirm-request-check"]`, "Second check requested: it is in the reviewers' queue.")
	if got := h.text(`[data-testid="check-state"]`); !strings.Contains(got, "Awaiting second check") {
		t.Errorf("the check state reads %q after the request", got)
	}
	if n := h.count(`[data-testid="approve-check"]`); n != 0 {
		t.Errorf("the verdict's author is offered Approve")
	}

	h.logout()
	h.login(adminName, adminPassword, adminDisplay)
	// Bell mentioned the administrator, set a verdict on and asked for a
	// check of a claim the administrator made: three notifications.
	if got := h.text(`[data-testid="unread-count"]`); got != "3" {
		t.Errorf("the header counts %q unread notifications, want 3", got)
	}
	h.click("Inbox", `[data-testid="nav-inbox"]`)
	h.waitUntil("the inbox", `() => location.pathname === "/notifications" && document.querySelector('[data-testid="notification"]')`)
	kinds := evalJS[[]string](h, "reading the notifications", `() => Array.from(document.querySelectorAll('[data-testid="notification"]'), (n) => n.dataset.kind)`)
	if !slices.Equal(kinds, []string{"check_requested", "status", "mentioned"}) {
		t.Errorf("the inbox lists %v, want [check_requested status mentioned]", kinds)
	}
	h.click("Mark all read", `[data-testid="mark-all-read"]`)
	h.waitUntil("the unread count to go", `() => location.pathname === "/notifications" && !document.querySelector('[data-testid="unread-count"]')`)

	h.click("Second checks", `[data-testid="nav-checks"]`)
	h.waitUntil("the reviewers' queue", `() => location.pathname === "/checks" && document.querySelector('[data-testid="check-item"]')`)
	if got := h.texts(`[data-testid="check-item-link"]`); !slices.Equal(got, []string{"#1"}) {
		t.Errorf("the queue lists %v, want [#1]", got)
	}
	h.screenshot("desk-check-queue.png")
	h.click("the claim in the queue", `[data-testid="check-item-link"]`)
	h.waitPanel(c.ID)
	if got := h.text(`[data-testid="check-proposed-rationale"]`); got != rationale {
		t.Errorf("the proposed rationale reads %q", got)
	}
	h.typeText(`[data-testid="decision-comment"]`, "agreed")
	h.submitPanelForm("Approve", `[data-testid="approve-check"]`, "Approved: the review may be published.")
	if got := h.text(`[data-testid="check-state"]`); !strings.Contains(got, "Approved by "+adminName) {
		t.Errorf("the check state reads %q after approving", got)
	}
	h.publish("", rationale)
	if status, _ := h.fetchText(fmt.Sprintf("/reviews/%d", c.ID)); status != 200 {
		t.Errorf("the review page answers %d after publishing, want 200", status)
	}
	h.open("/checks")
	h.waitUntil("the empty queue", `() => document.querySelector('[data-testid="no-checks"]')`)

}

// TestDeskArticleReady is the end of the path in Chromium: the
// article cannot go to ready while its claim awaits its second check, and
// the workspace says why, naming the claim; once the check is approved and
// the review published it can, and the dashboard counts what moved.
func TestDeskArticleReady(t *testing.T) {
	h := newHarness(t, func(c *handlers.Config) { c.RequireSecondCheck = true })
	h.setupAdmin()
	h.addEditor(bellName, bellDisplay, bellPassword)
	a, c := h.seedArticle("Ferry fares", "Ferry fares\n\nTickets will cost €4 on the new ferry, the council said.\n", "Tickets will cost €4", "Tickets cost €4.")
	if _, err := h.store.AttachSource(h.ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares", Title: "Fare table"}, Relation: model.RelationSupports}, adminName); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.UpdateClaim(h.ctx, c.ID, model.ClaimUpdate{Status: ptr(model.StatusVerified)}, bellName); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.RequestCheck(h.ctx, c.ID, model.CheckRequest{}, bellName); err != nil {
		t.Fatal(err)
	}

	// The article cannot be ready while the claim awaits its check.
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="article-state"]')`)
	h.choose(`[data-testid="article-state-select"]`, "ready")
	h.click("Set the state", `[data-testid="set-article-state"]`)
	h.waitUntil("the blockers", `() => document.querySelector('[data-testid="blocker"]')`)
	if got := h.texts(`[data-testid="blocker"]`); !slices.Equal(got, []string{"Claim #1 is awaiting its second check"}) {
		t.Errorf("the blockers read %q", got)
	}
	h.screenshot("desk-blockers.png")

	if _, err := h.store.ApproveCheck(h.ctx, c.ID, model.CheckDecision{}, adminName); err != nil {
		t.Fatal(err)
	}
	if _, err := h.store.PublishClaim(h.ctx, c.ID, model.Publish{Rationale: "The fare table lists €4.", RequireCheck: true}, adminName); err != nil {
		t.Fatal(err)
	}

	// Nothing blocks the article any more.
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the workspace", `() => document.querySelector('[data-testid="article-state"]')`)
	h.choose(`[data-testid="article-state-select"]`, "ready")
	h.click("Set the state", `[data-testid="set-article-state"]`)
	h.waitUntil("the article to be ready", `() => document.querySelector('[data-testid="article-state"]')?.dataset.state === "ready"`)
	if got := h.text(`[data-testid="article-state-flash"]`); got != "The article is ready." {
		t.Errorf("the state form says %q", got)
	}

	// The dashboard counts what moved: this week's review, the ready
	// article, nothing left awaiting a check.
	h.click("Dashboard", `[data-testid="nav-dashboard"]`)
	h.waitUntil("the dashboard", `() => location.pathname === "/dashboard" && document.querySelector('[data-testid="throughput-table"]')`)
	lastWeek := evalJS[[]string](h, "reading this week's row", `() => Array.from(document.querySelectorAll('[data-testid="throughput-row"]:last-child td'), (td) => td.textContent)`)
	if len(lastWeek) != 3 || lastWeek[1] != "1" || lastWeek[2] != "1" {
		t.Errorf("this week's throughput reads %v, want 1 claim checked and 1 review published", lastWeek)
	}
	if got := h.text(`[data-testid="dash-state"] tr[data-key="ready"] a`); got != "1" {
		t.Errorf("ready articles: %q, want 1", got)
	}
	if got := h.text(`[data-testid="dash-awaiting"]`); got != "0" {
		t.Errorf("awaiting a second check: %q, want 0", got)
	}
	h.screenshot("desk-dashboard.png")
}
