package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// TestPublishReview walks through a review's public life in Chromium: a
// verdict alone is not public; "Publish review…" with a rationale makes the
// review page show the rationale and never the status comment or the
// note; a later verdict stays internal until published again; the
// re-publication shows a dated "Updated" notice with the earlier verdict;
// a withdrawn review's page answers 410 with the reason.
func TestPublishReview(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	const (
		note       = "E2E-NOTE-MARKER: call the harbour master"
		comment    = "E2E-COMMENT-MARKER: the minutes disagree"
		comment2   = "E2E-COMMENT-MARKER-2: worse than that"
		rationale1 = "The council minutes show the ferry vote was 6–3, not 7–2."
		rationale2 = "The corrected minutes show no vote took place on Tuesday."
		reason     = "The council is re-issuing its minutes; we will review them again."
	)
	a, c := h.seedArticle("Ferry vote", "Ferry vote\n\nThe council voted 7–2 on Tuesday to fund the ferry, the mayor said.\n", "voted 7–2 on Tuesday", "The council voted 7–2 for the ferry.")
	if _, err := h.store.UpdateClaim(h.ctx, c.ID, model.ClaimUpdate{Note: ptr(note)}, adminName); err != nil {
		t.Fatal(err)
	}
	review := fmt.Sprintf("/reviews/%d", c.ID)
	workspace := fmt.Sprintf("/articles/%d?claim=%d", a.ID, c.ID)

	h.open(workspace)
	h.waitPanel(c.ID)
	if got := h.text(`[data-testid="publication-state"]`); !strings.Contains(got, "Not published") {
		t.Errorf("the panel's publication state reads %q", got)
	}
	if n := h.count(`[data-testid="publish-review"]`); n != 0 {
		t.Errorf("an unchecked claim offers %d Publish review… buttons", n)
	}
	h.setStatus(model.StatusMisleading, comment)

	// A verdict is a working state: no review page yet.
	if status, _ := h.fetchText(review); status != 404 {
		t.Errorf("GET %s with a verdict but no publication: %d, want 404", review, status)
	}

	h.publish("", rationale1)
	h.waitUntil("the claim list to mark the claim public", `(id) => document.querySelector(
		'[data-testid="claim-item"][data-claim-id="' + id + '"] [data-testid="claim-published"]')`, c.ID)
	if got := h.text(`[data-testid="published-verdict"]`); got != "Misleading" {
		t.Errorf("the panel shows the published verdict %q", got)
	}
	h.checkReviewPage(review, "Misleading", rationale1, []string{note, comment})
	if n := h.count(`[data-testid="review-updated"]`); n != 0 {
		t.Errorf("%d update notices on a review published once", n)
	}

	// The working verdict moves on; the public page does not.
	h.open(workspace)
	h.waitPanel(c.ID)
	h.setStatus(model.StatusFalse, comment2)
	if got := h.text(`[data-testid="verdict-differs"]`); !strings.Contains(got, "Working verdict differs from the published one — publish again to update") {
		t.Errorf("the panel says %q about the changed verdict", got)
	}
	evalJS[bool](h, "scrolling to the publication", `() => { document.querySelector('[data-testid="publication"]').scrollIntoView(); return true; }`)
	h.screenshot("publication-panel.png")
	h.checkReviewPage(review, "Misleading", rationale1, []string{note, comment, comment2, "False"})

	// Publishing again: the form starts from the published rationale.
	h.open(workspace)
	h.waitPanel(c.ID)
	h.publish(rationale1, rationale2)
	h.checkReviewPage(review, "False", rationale2, []string{note, comment, comment2})
	h.screenshot("review-updated.png")
	notices := h.texts(`[data-testid="review-updated"]`)
	if len(notices) != 1 {
		t.Fatalf("%d update notices after a re-publication, want 1", len(notices))
	}
	for _, want := range []string{"Updated", "Misleading", rationale1} {
		if !strings.Contains(notices[0], want) {
			t.Errorf("the update notice reads %q, without %q", notices[0], want)
		}
	}

	// Withdraw: 410, with when and why.
	h.open(workspace)
	h.waitPanel(c.ID)
	h.click("Withdraw review…", `[data-testid="withdraw-review"]`)
	h.typeText(`[data-testid="withdraw-reason"]`, reason)
	h.submitPanelForm("Withdraw review", `[data-testid="confirm-withdraw"]`, "Review withdrawn: its page now says why.")
	if got := h.text(`[data-testid="withdrawn-reason"]`); got != reason {
		t.Errorf("the panel shows the withdrawal reason %q", got)
	}
	if status, _ := h.fetchText(review); status != 410 {
		t.Errorf("GET %s after the withdrawal: %d, want 410", review, status)
	}
	h.open(review)
	h.screenshot("review-withdrawn.png")
	if got := h.text(`[data-testid="withdrawn-reason"]`); got != reason {
		t.Errorf("the withdrawn page gives the reason %q, want %q", got, reason)
	}
	if got := h.text(`[data-testid="withdrawn-when"]`); !strings.Contains(got, "withdrew this review on ") {
		t.Errorf("the withdrawn page does not say when: %q", got)
	}
	if n := h.count(`[data-testid="review-verdict"], [data-testid="review-rationale"]`); n != 0 {
		t.Errorf("the withdrawn page still shows the review (%d elements)", n)
	}
}

// publish opens "Publish review…" in the open panel, checks that the
// rationale starts as prefill and what readers will see is stated, and
// publishes with rationale.
func (h *harness) publish(prefill, rationale string) {
	h.t.Helper()
	h.click("Publish review…", `[data-testid="publish-review"]`)
	if got := h.value(`[data-testid="rationale"]`); got != prefill {
		h.t.Errorf("the rationale starts as %q, want %q", got, prefill)
	}
	explainer := h.text(`[data-testid="publish-explainer"]`)
	for _, want := range []string{"Readers will see", "status comment, the note"} {
		if !strings.Contains(explainer, want) {
			h.t.Errorf("the publish form's explanation %q does not say %q", explainer, want)
		}
	}
	h.typeText(`[data-testid="rationale"]`, rationale)
	h.submitPanelForm("Publish review", `[data-testid="confirm-publish"]`, "Review published: readers now see it.")
	if got := h.text(`[data-testid="published-rationale"]`); got != rationale {
		h.t.Errorf("the panel shows the published rationale %q, want %q", got, rationale)
	}
}

// checkReviewPage opens the public review page and checks its verdict and
// rationale, and that none of the secrets is on it.
func (h *harness) checkReviewPage(path, verdict, rationale string, secrets []string) {
	h.t.Helper()
	if status, _ := h.fetchText(path); status != 200 {
		h.t.Fatalf("GET %s: %d, want 200", path, status)
	}
	h.open(path)
	if got := h.text(`[data-testid="review-verdict"]`); got != verdict {
		h.t.Errorf("the review page shows the verdict %q, want %q", got, verdict)
	}
	if got := h.text(`[data-testid="review-rationale"]`); got != rationale {
		h.t.Errorf("the review page shows the rationale %q, want %q", got, rationale)
	}
	page := h.text("body")
	for _, s := range secrets {
		if strings.Contains(page, s) {
			h.t.Errorf("the review page shows %q", s)
		}
	}
}

func ptr[T any](v T) *T { return &v }
