package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestSecondCheck(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	publish := func(id int64, rationale string) error {
		_, err := f.PublishClaim(ctx, id, model.Publish{Rationale: rationale, RequireCheck: true}, "ada")
		return err
	}
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{})

	t.Run("no request for a claim without a verdict", func(t *testing.T) {
		_, err := f.RequestCheck(ctx, c.ID, model.CheckRequest{}, "ed")
		wantCode(t, err, model.ECONFLICT, "status")
	})
	// Rita sets the verdict, with a source.
	if _, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: ptr(model.StatusVerified)}, "rita"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares", Title: "Fare table"}, Relation: model.RelationSupports}, "rita"); err != nil {
		t.Fatal(err)
	}

	err := publish(c.ID, "The fare table lists €4.")
	if de := wantCode(t, err, model.ECONFLICT, "check"); !strings.Contains(de.Message, "needs a second check") {
		t.Errorf("publishing unchecked says %q", de.Message)
	}

	got, err := f.RequestCheck(ctx, c.ID, model.CheckRequest{Comment: "please look at the fare table"}, "rita")
	if err != nil {
		t.Fatal(err)
	}
	if got.Check == nil || got.Check.State != model.CheckRequested {
		t.Fatalf("check %+v, want requested", got.Check)
	}
	if got.Check.VerdictBy != "rita" {
		t.Errorf("verdict by %q, want rita", got.Check.VerdictBy)
	}
	t.Run("asked twice", func(t *testing.T) {
		_, err := f.RequestCheck(ctx, c.ID, model.CheckRequest{}, "rita")
		wantCode(t, err, model.ECONFLICT, "check")
	})
	t.Run("publishing while awaiting", func(t *testing.T) {
		de := wantCode(t, publish(c.ID, "x"), model.ECONFLICT, "check")
		if !strings.Contains(de.Message, "awaiting its second check") {
			t.Errorf("message %q", de.Message)
		}
	})
	t.Run("the verdict's author may not approve it", func(t *testing.T) {
		_, err := f.ApproveCheck(ctx, c.ID, model.CheckDecision{}, "rita")
		wantCode(t, err, model.EFORBIDDEN, "check")
	})
	t.Run("sending back needs a comment", func(t *testing.T) {
		_, err := f.SendBackCheck(ctx, c.ID, model.CheckDecision{Comment: "  "}, "ada")
		wantCode(t, err, model.EINVALID, "comment")
	})

	got, err = f.ApproveCheck(ctx, c.ID, model.CheckDecision{Comment: "fare table agrees"}, "ada")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Approved() {
		t.Fatalf("check %+v, want an approval that holds", got.Check)
	}
	t.Run("approving twice", func(t *testing.T) {
		_, err := f.ApproveCheck(ctx, c.ID, model.CheckDecision{}, "ada")
		wantCode(t, err, model.ECONFLICT, "check")
	})

	// A source changed after the approval voids it.
	if _, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{Reference: "Call with the port", Title: "Port call"}, Relation: model.RelationContext}, "rita"); err != nil {
		t.Fatal(err)
	}
	now, err := f.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !now.Check.Void {
		t.Errorf("the approval holds after a source was attached")
	}
	de := wantCode(t, publish(c.ID, "The fare table lists €4."), model.ECONFLICT, "check")
	if !strings.Contains(de.Message, "void") {
		t.Errorf("publishing with a void approval says %q", de.Message)
	}

	// Checked again, sent back, fixed, approved, published.
	if _, err := f.RequestCheck(ctx, c.ID, model.CheckRequest{Rationale: "The fare table lists €4."}, "rita"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.SendBackCheck(ctx, c.ID, model.CheckDecision{Comment: "the port call is not a source"}, "ada"); err != nil {
		t.Fatal(err)
	}
	de = wantCode(t, publish(c.ID, "The fare table lists €4."), model.ECONFLICT, "check")
	if !strings.Contains(de.Message, "sent back") {
		t.Errorf("publishing a claim sent back says %q", de.Message)
	}
	if _, err := f.RequestCheck(ctx, c.ID, model.CheckRequest{Rationale: "The fare table lists €4."}, "rita"); err != nil {
		t.Fatal(err)
	}
	queue, err := f.CheckQueue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(queue) != 1 || queue[0].Claim.ID != c.ID || queue[0].ArticleTitle != "Ferry link" {
		t.Errorf("queue %+v, want the claim of Ferry link", queue)
	}
	if _, err := f.ApproveCheck(ctx, c.ID, model.CheckDecision{}, "ed"); err != nil {
		t.Fatal(err)
	}
	de = wantCode(t, publish(c.ID, "Another rationale."), model.ECONFLICT, "check")
	if !strings.Contains(de.Message, "approved rationale") {
		t.Errorf("publishing another rationale says %q", de.Message)
	}
	if err := publish(c.ID, "The fare table lists €4."); err != nil {
		t.Fatalf("publishing with an approval: %v", err)
	}
	if queue, _ := f.CheckQueue(ctx); len(queue) != 0 {
		t.Errorf("queue %+v after the approval, want empty", queue)
	}

	h, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, e := range h {
		if e.Field == model.EventCheck {
			steps = append(steps, e.User+":"+e.To)
		}
	}
	want := "rita:requested ada:approved rita:requested ada:sent_back rita:requested ed:approved"
	if got := strings.Join(steps, " "); got != want {
		t.Errorf("check events %q, want %q", got, want)
	}
}
