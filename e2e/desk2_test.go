package e2e

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/factmark/factmark/internal/model"
)

// secondBrowserAs opens a tab in a browser context of its own (its own
// cookies, as another person's browser) and logs in there as name, while
// h stays logged in as who it is. Its uncaught exceptions fail the test.
// (secondBrowser is this for the administrator.)
func (h *harness) secondBrowserAs(name, password, display string) *harness {
	h.t.Helper()
	ctx, cancel := chromedp.NewContext(h.browser, chromedp.WithNewBrowserContext())
	h.t.Cleanup(cancel)
	tab, stop := context.WithTimeout(ctx, testTimeout)
	h.t.Cleanup(stop)
	o := &harness{t: h.t, ctx: tab, base: h.base, store: h.store, browser: h.browser}
	if err := chromedp.Do(tab); err != nil {
		h.t.Fatalf("opening a second browser context: %v", err)
	}
	if err := chromedp.Listen(tab, o.onEvent); err != nil {
		h.t.Fatalf("listening to the second browser: %v", err)
	}
	h.t.Cleanup(func() {
		o.mu.Lock()
		defer o.mu.Unlock()
		for _, e := range o.jsErrors {
			h.t.Errorf("uncaught exception in %s's browser: %s", name, e)
		}
	})
	o.do("setting the second viewport", chromedp.EmulateViewport(1400, 1000))
	o.login(name, password, display)
	return o
}

// pressEnterLikeAKeyboard presses Enter as a keyboard does: one keyDown
// carrying its text, which a keydown handler's preventDefault stops from
// typing a new line (chromedp's KeyEvent sends the text as a separate char
// event, which nothing can prevent; see pressLikeAKeyboard).
func (h *harness) pressEnterLikeAKeyboard() {
	h.t.Helper()
	h.do("pressing Enter", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r",
			WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, up)
		return err
	}))
}

// mentionOptions returns the completion list's options as shown.
func (h *harness) mentionOptions() []string {
	h.t.Helper()
	return evalJS[[]string](h, "reading the mention list", `() => {
		const list = document.querySelector('[data-testid="mention-list"]');
		return list && !list.hidden ? Array.from(list.querySelectorAll('[role="option"]'), (o) => o.textContent) : [];
	}`)
}

// TestMentionCompletion types "@a" in a claim's comment box: the active
// users whose name starts so are offered, Tab completes the name; "@b"
// and Enter complete the other user without a new line; a click on an
// option completes too; the comment posted marks the mention.
func TestMentionCompletion(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	h.addEditor(bellName, bellDisplay, bellPassword)
	a, c := h.seedArticle("Ferry vote", "Ferry vote\n\nThe council voted 7–2 on Tuesday to fund the ferry, the mayor said.\n",
		"voted 7–2 on Tuesday", "The council voted 7–2 for the ferry.")
	h.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	h.waitPanel(c.ID)

	box := `[data-testid="comment-input"]`
	h.typeText(box, "Over to @a")
	h.waitUntil("the mention list", `() => document.querySelector('[data-testid="mention-list"]:not([hidden]) [role="option"]')`)
	if got := h.mentionOptions(); !slices.Equal(got, []string{"@ada (Ada Lindqvist)"}) {
		t.Errorf("after @a the list offers %v, want [@ada (Ada Lindqvist)]", got)
	}
	if got := h.attr(box, "aria-expanded"); got != "true" {
		t.Errorf("the box's aria-expanded is %q while the list shows, want true", got)
	}
	h.press("Tab", kb.Tab)
	if got := h.value(box); got != "Over to @ada " {
		t.Errorf("after Tab the box reads %q, want %q", got, "Over to @ada ")
	}
	if got := h.mentionOptions(); len(got) != 0 {
		t.Errorf("the list still offers %v after completing", got)
	}

	h.do("typing @b", chromedp.SendKeys(chromedp.CSS(box), "and @b"))
	h.waitUntil("the mention list for @b", `() => document.querySelector('[data-testid="mention-list"]:not([hidden]) [role="option"]')`)
	if got := h.mentionOptions(); !slices.Equal(got, []string{"@bell (Bell Okafor)"}) {
		t.Errorf("after @b the list offers %v, want [@bell (Bell Okafor)]", got)
	}
	h.pressEnterLikeAKeyboard()
	if got := h.value(box); got != "Over to @ada and @bell " {
		t.Errorf("after Enter the box reads %q, want %q", got, "Over to @ada and @bell ")
	}

	h.do("typing @Bel", chromedp.SendKeys(chromedp.CSS(box), "cc @Bel"))
	h.waitUntil("the mention list for @Bel", `() => document.querySelector('[data-testid="mention-list"]:not([hidden]) [role="option"]')`)
	h.click("the offered name", `[data-testid="mention-list"] [role="option"]`)
	if got := h.value(box); got != "Over to @ada and @bell cc @bell " {
		t.Errorf("after a click the box reads %q", got)
	}

	h.submitPanelForm("Post comment", `[data-testid="post-comment"]`, "Comment posted.")
	if got := h.texts(`[data-testid="comment-body"] .mention`); !slices.Equal(got, []string{"@ada", "@bell", "@bell"}) {
		t.Errorf("the posted comment marks %v, want [@ada @bell @bell]", got)
	}
}

// TestBulkAssign ticks the first claim of the list and Shift-clicks the
// third, which ticks the three; the bulk form assigns them to Bell with a
// status at once, and the list shows it.
func TestBulkAssign(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	h.addEditor(bellName, bellDisplay, bellPassword)
	a, c1 := h.seedArticle("Ferry vote", "Ferry vote\n\nThe council voted 7–2 on Tuesday to fund the ferry. Tickets will cost €4. The first boat sails in May.\n",
		"voted 7–2 on Tuesday", "The council voted 7–2 for the ferry.")
	ids := []int64{c1.ID}
	for _, sub := range []string{"Tickets will cost €4", "The first boat sails in May"} {
		sp := codePointSpan(t, a.Text, sub)
		c, err := h.store.CreateClaim(h.ctx, a.ID, model.NewClaim{Start: &sp.Start, End: &sp.End}, adminName)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	pick := func(id int64) string { return fmt.Sprintf(`[data-claim-id="%d"] > [data-testid="bulk-pick"]`, id) }
	h.click("the first claim's checkbox", pick(ids[0]))
	h.shiftClick("the third claim's checkbox", pick(ids[2]))
	ticked := evalJS[[]string](h, "reading the ticked claims", `() => Array.from(document.querySelectorAll('[data-testid="bulk-pick"]:checked'), (b) => b.value)`)
	want := []string{fmt.Sprint(ids[0]), fmt.Sprint(ids[1]), fmt.Sprint(ids[2])}
	if !slices.Equal(ticked, want) {
		t.Fatalf("ticked %v after a Shift-click, want %v", ticked, want)
	}
	if got := h.text(`[data-testid="bulk-count"]`); got != "3" {
		t.Errorf("the bulk form counts %q selected, want 3", got)
	}
	h.choose(`[data-testid="bulk-assignee"]`, bellName)
	h.choose(`[data-testid="bulk-status"]`, string(model.StatusInProgress))
	h.click("Apply to selected", `[data-testid="bulk-apply"]`)
	h.waitUntil("the bulk change's answer", `() => document.querySelector('[data-testid="bulk-done"]')`)
	if got := h.text(`[data-testid="bulk-done"]`); got != "3 claims changed." {
		t.Errorf("the bulk form says %q", got)
	}
	assignees := evalJS[[]string](h, "reading the list", `() => Array.from(document.querySelectorAll('[data-testid="claim-item"]'), (li) => li.dataset.assignee + "/" + li.dataset.status)`)
	if !slices.Equal(assignees, []string{"bell/in_progress", "bell/in_progress", "bell/in_progress"}) {
		t.Errorf("the list shows %v after the bulk change", assignees)
	}
	for _, id := range ids {
		c, err := h.store.Claim(h.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Assignee != bellName {
			t.Errorf("claim %d stored assignee %q, want %s", id, c.Assignee, bellName)
		}
	}

	h.click("the first claim's checkbox", pick(ids[0]))
	h.choose(`[data-testid="bulk-assignee"]`, "")
	h.choose(`[data-testid="bulk-status"]`, "")
	h.click("Apply to selected", `[data-testid="bulk-apply"]`)
	h.waitUntil("the refusal beside the form", `() => document.querySelector('#bulk-form [data-testid="error-assignee"]')`)
}

// TestDeskTwoBrowsers is the desk with two people at once, each in a
// browser of their own and neither logging out: Ada assigns a claim to
// Bell with a due date; Bell, on My work already, reloads and finds it,
// opens it and comments with an @mention of Ada; Ada's header counts the
// mention as unread on her next page.
func TestDeskTwoBrowsers(t *testing.T) {
	ada := newHarness(t)
	ada.setupAdmin()
	ada.addEditor(bellName, bellDisplay, bellPassword)
	a, c := ada.seedArticle("Ferry vote", "Ferry vote\n\nThe council voted 7–2 on Tuesday to fund the ferry, the mayor said.\n",
		"voted 7–2 on Tuesday", "The council voted 7–2 for the ferry.")
	bell := ada.secondBrowserAs(bellName, bellPassword, bellDisplay)

	bell.open("/work")
	bell.waitUntil("Bell's empty My work", `() => location.pathname === "/work" && document.body`)
	if got := bell.count(`[data-testid="work-claim"]`); got != 0 {
		t.Fatalf("Bell's work lists %d claims before any is assigned", got)
	}

	ada.open(fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID))
	ada.waitPanel(c.ID)
	ada.choose(`[data-testid="assignee"]`, bellName)
	ada.setDate(`[data-testid="due"]`, "2099-03-01")
	ada.submitPanelForm("Save (assignment)", `[data-testid="save-details"]`, "Saved.")

	bell.do("reloading My work", chromedp.Reload())
	bell.waitUntil("the assigned claim in My work", `() => document.querySelector('[data-testid="work-claim"]')`)
	if got := bell.texts(`[data-testid="work-claim-link"]`); !slices.Equal(got, []string{"#1"}) {
		t.Errorf("Bell's work lists %v, want [#1]", got)
	}
	if got := bell.text(`[data-testid="work-claim"] [data-testid="due-note"]`); got != "due 2099-03-01" {
		t.Errorf("the claim's due note reads %q", got)
	}
	bell.click("the claim in My work", `[data-testid="work-claim-link"]`)
	bell.waitPanel(c.ID)
	bell.typeText(`[data-testid="comment-input"]`, "@"+adminName+" which minutes say 7–2?")
	bell.submitPanelForm("Post comment", `[data-testid="post-comment"]`, "Comment posted.")

	ada.open("/")
	ada.waitUntil("Ada's header", `() => document.querySelector('[data-testid="current-user"]')`)
	if got := ada.text(`[data-testid="unread-count"]`); got != "1" {
		t.Errorf("Ada's header counts %q unread, want 1 (Bell's mention)", got)
	}
	if got := ada.text(`[data-testid="current-user"]`); got == "" {
		t.Errorf("Ada is no longer logged in")
	}
}
