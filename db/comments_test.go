package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestComments(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{})

	got, err := f.AddComment(ctx, c.ID, "  @rita can you check https://pellmoor.example/fares? cc @old @nobody @ed  ", "ed")
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != "@rita can you check https://pellmoor.example/fares? cc @old @nobody @ed" {
		t.Errorf("body %q, want it trimmed", got.Body)
	}
	if after, _ := f.Claim(ctx, c.ID); after.Version != c.Version {
		t.Errorf("version %d after a comment, want %d: a comment changes nothing of the claim", after.Version, c.Version)
	}
	// Only rita is notified: old is deactivated, nobody has no account,
	// and ed wrote it.
	for user, want := range map[string]int{"rita": 1, "old": 0, "ed": 0} {
		if n, err := f.UnreadCount(ctx, user); err != nil || n != want {
			t.Errorf("%s has %d unread (%v), want %d", user, n, err, want)
		}
	}
	ns, err := f.Notifications(ctx, "rita", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].Kind != model.NotifyMentioned {
		t.Fatalf("rita's notifications %+v, want one mention", ns)
	}
	if !strings.HasPrefix(ns[0].Text, "ed mentioned you on claim #1 of “Ferry link”") {
		t.Errorf("notification text %q", ns[0].Text)
	}

	t.Run("refused", func(t *testing.T) {
		_, err := f.AddComment(ctx, c.ID, " \u200b ", "ed")
		wantCode(t, err, model.EINVALID, "body")
		_, err = f.AddComment(ctx, 999, "hello", "ed")
		wantCode(t, err, model.ENOTFOUND, "-")
		_, err = f.EditComment(ctx, got.ID, "mine now", "rita")
		wantCode(t, err, model.EFORBIDDEN, "-")
		_, err = f.DeleteComment(ctx, got.ID, "rita")
		wantCode(t, err, model.EFORBIDDEN, "-")
	})

	edited, err := f.EditComment(ctx, got.ID, "@rita please check the fare table", "ed")
	if err != nil {
		t.Fatal(err)
	}
	if !edited.Edited {
		t.Errorf("an edited comment is not marked edited")
	}
	if n, _ := f.UnreadCount(ctx, "rita"); n != 1 {
		t.Errorf("rita has %d unread after an edit that mentions her again, want still 1", n)
	}
	if _, err := f.DeleteComment(ctx, got.ID, "ed"); err != nil {
		t.Fatal(err)
	}
	list, err := f.Comments(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 0 {
		t.Errorf("comments %+v after the delete, want none", list)
	}
	h, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, e := range h {
		if e.Field == model.EventComment {
			words = append(words, e.Words().Label)
		}
	}
	if got, want := strings.Join(words, ", "), "Comment posted, Comment edited, Comment deleted"; got != want {
		t.Errorf("comment events %q, want %q", got, want)
	}
}

func TestNotifications(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{}) // ed creates it: ed follows it

	// ed assigns rita: rita is told; ed, who did it, is not.
	if _, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Assignee: ptr("rita")}, "ed"); err != nil {
		t.Fatal(err)
	}
	// rita sets a verdict and asks for a check: ed, who follows, is told.
	if _, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: ptr(model.StatusVerified)}, "rita"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.RequestCheck(ctx, c.ID, model.CheckRequest{}, "rita"); err != nil {
		t.Fatal(err)
	}
	kinds := func(user string) []model.NotificationKind {
		ns, err := f.Notifications(ctx, user, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []model.NotificationKind
		for _, n := range ns {
			out = append(out, n.Kind)
		}
		return out
	}
	if got := kinds("rita"); len(got) != 1 || got[0] != model.NotifyAssigned {
		t.Errorf("rita's notifications %v, want [assigned]", got)
	}
	if got := kinds("ed"); len(got) != 2 || got[0] != model.NotifyCheckRequested || got[1] != model.NotifyStatus {
		t.Errorf("ed's notifications %v, want [check_requested status]", got)
	}
	ns, _ := f.Notifications(ctx, "ed", 10)
	if err := f.MarkRead(ctx, "rita", ns[0].ID); err == nil {
		t.Errorf("rita marked ed's notification read")
	}
	if err := f.MarkRead(ctx, "ed", ns[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.UnreadCount(ctx, "ed"); n != 1 {
		t.Errorf("ed has %d unread after marking one read, want 1", n)
	}
	if err := f.MarkRead(ctx, "ed", 0); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.UnreadCount(ctx, "ed"); n != 0 {
		t.Errorf("ed has %d unread after marking all read, want 0", n)
	}

	t.Run("feed tokens", func(t *testing.T) {
		if err := f.SetFeedToken(ctx, "ed", "hash1"); err != nil {
			t.Fatal(err)
		}
		if u, err := f.FeedUser(ctx, "hash1"); err != nil || u != "ed" {
			t.Errorf("FeedUser = %q, %v; want ed", u, err)
		}
		if err := f.SetFeedToken(ctx, "ed", "hash2"); err != nil {
			t.Fatal(err)
		}
		_, err := f.FeedUser(ctx, "hash1")
		wantCode(t, err, model.ENOTFOUND, "-")
		if err := f.RevokeFeedToken(ctx, "ed"); err != nil {
			t.Fatal(err)
		}
		_, err = f.FeedUser(ctx, "hash2")
		wantCode(t, err, model.ENOTFOUND, "-")
	})
}

func TestNotifyOrphaned(t *testing.T) {
	ctx := context.Background()
	f := deskFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{Assignee: "rita"}) // ed made it, rita holds it
	body := strings.Replace(sampleText, "Tickets will cost €4 and the", "The", 1)
	if _, err := f.AddRevision(ctx, f.article.ID, model.NewRevision{Doc: plainDoc(body), Origin: model.OriginText}, "ada"); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.Claim(ctx, c.ID); !got.Orphan {
		t.Fatalf("the claim is not orphaned by the revision")
	}
	for _, user := range []string{"ed", "rita"} {
		ns, err := f.Notifications(ctx, user, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) == 0 || ns[0].Kind != model.NotifyOrphaned {
			t.Errorf("%s's notifications %+v, want the orphaning first", user, ns)
		}
	}
}
