package db_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// publishFixture is a claim with a verdict, not yet published.
func publishFixture(t *testing.T) (claimFixture, model.Claim) {
	t.Helper()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{Kind: model.KindNumber, Note: "INTERNAL-NOTE-7"})
	misleading := model.StatusMisleading
	c, err := f.UpdateClaim(context.Background(), c.ID, model.ClaimUpdate{Status: &misleading, Comment: "INTERNAL-COMMENT-7"}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

func lastEvent(t *testing.T, f claimFixture, id int64) model.Event {
	t.Helper()
	h, err := f.History(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) == 0 {
		t.Fatal("no history")
	}
	return h[len(h)-1]
}

func TestPublishClaim(t *testing.T) {
	ctx := context.Background()
	f, c := publishFixture(t)
	if got := c.Publication.State; got != model.Unpublished {
		t.Fatalf("a new verdict's publication state = %q, want unpublished", got)
	}

	f.clock.Advance(time.Minute)
	first := f.clock.Now()
	p, err := f.PublishClaim(ctx, c.ID, model.Publish{Rationale: "  €4 is the child fare.  ", IfVersion: c.Version}, "rita")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Publication.State; got != model.Published {
		t.Errorf("state = %q, want published", got)
	}
	if got := p.Publication.Verdict; got != model.StatusMisleading {
		t.Errorf("verdict = %q, want misleading", got)
	}
	if got := p.Publication.Rationale; got != "€4 is the child fare." {
		t.Errorf("rationale = %q, want it trimmed", got)
	}
	if got := p.Publication.FirstPublishedAt; got == nil || !got.Equal(first) {
		t.Errorf("first_published_at = %v, want %v", got, first)
	}
	if got := p.Version; got != c.Version+1 {
		t.Errorf("version = %d, want %d", got, c.Version+1)
	}
	ev := lastEvent(t, f, c.ID)
	if want := (model.Event{At: first, User: "rita", Field: "publication", From: "unpublished", To: "published misleading", Comment: "€4 is the child fare."}); ev != withIDs(want, ev) {
		t.Errorf("event = %+v, want %+v", ev, want)
	}

	t.Run("the same again changes nothing", func(t *testing.T) {
		before := f.counts(t, claimTables...)
		again, err := f.PublishClaim(ctx, c.ID, model.Publish{Rationale: "€4 is the child fare."}, "rita")
		if err != nil {
			t.Fatal(err)
		}
		if again.Version != p.Version {
			t.Errorf("version %d → %d for a publication that changed nothing", p.Version, again.Version)
		}
		f.unchanged(t, before)
	})

	t.Run("a later status change stays internal", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		falseV := model.StatusFalse
		cur, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &falseV, Comment: "adults pay €6"}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		if got := cur.Publication.Verdict; got != model.StatusMisleading {
			t.Errorf("published verdict = %q after a status change, want it frozen at misleading", got)
		}
		if got := cur.Publication.Rationale; got != "€4 is the child fare." {
			t.Errorf("published rationale = %q after a status change", got)
		}
	})

	t.Run("re-publication keeps the earlier one", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		second := f.clock.Now()
		cur, _ := f.Claim(ctx, c.ID)
		re, err := f.PublishClaim(ctx, c.ID, model.Publish{Rationale: "Adults pay €6.", IfVersion: cur.Version}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		pub := re.Publication
		if got := pub.Verdict; got != model.StatusFalse {
			t.Errorf("verdict = %q, want false", got)
		}
		if got := pub.FirstPublishedAt; !got.Equal(first) {
			t.Errorf("first_published_at = %v, want %v", got, first)
		}
		if got := pub.PublishedAt; !got.Equal(second) {
			t.Errorf("published_at = %v, want %v", got, second)
		}
		if !pub.Updated() {
			t.Error("Updated() = false for a re-publication")
		}
		corrections := pub.Corrections()
		if len(corrections) != 1 {
			t.Fatalf("corrections: %d, want 1", len(corrections))
		}
		if got := corrections[0].Earlier.Verdict; got != model.StatusMisleading {
			t.Errorf("earlier verdict = %q, want misleading", got)
		}
		if got := corrections[0].At; !got.Equal(second) {
			t.Errorf("corrected at %v, want %v", got, second)
		}
		if got := lastEvent(t, f, c.ID).From; got != "published misleading" {
			t.Errorf("event from = %q, want the earlier publication", got)
		}
	})

	t.Run("withdraw", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		at := f.clock.Now()
		cur, _ := f.Claim(ctx, c.ID)
		w, err := f.UnpublishClaim(ctx, c.ID, model.Unpublish{Reason: " The fare table was wrong. ", IfVersion: cur.Version}, "rita")
		if err != nil {
			t.Fatal(err)
		}
		pub := w.Publication
		if got := pub.State; got != model.Withdrawn {
			t.Errorf("state = %q, want withdrawn", got)
		}
		if got := pub.Reason; got != "The fare table was wrong." {
			t.Errorf("reason = %q", got)
		}
		if got := pub.WithdrawnAt; got == nil || !got.Equal(at) {
			t.Errorf("withdrawn_at = %v, want %v", got, at)
		}
		if got := w.Version; got != cur.Version+1 {
			t.Errorf("version = %d, want %d", got, cur.Version+1)
		}
		ev := lastEvent(t, f, c.ID)
		if want := (model.Event{At: at, User: "rita", Field: "publication", From: "published false", To: "withdrawn", Comment: "The fare table was wrong."}); ev != withIDs(want, ev) {
			t.Errorf("event = %+v, want %+v", ev, want)
		}
		before := f.counts(t, claimTables...)
		wantCode(t, func() error {
			_, err := f.UnpublishClaim(ctx, c.ID, model.Unpublish{Reason: "again"}, "rita")
			return err
		}(), model.ECONFLICT, "publication")
		f.unchanged(t, before)
	})

	t.Run("a withdrawn claim can be deleted", func(t *testing.T) {
		if err := f.DeleteClaim(ctx, c.ID, 0); err != nil {
			t.Fatalf("delete after withdrawal: %v", err)
		}
		if got := f.counts(t, "claim_publications")["claim_publications"]; got != 0 {
			t.Errorf("%d publication rows left after the delete", got)
		}
	})
}

// withIDs copies the ids of got into want, which a test cannot know.
func withIDs(want, got model.Event) model.Event {
	want.ID, want.ClaimID = got.ID, got.ClaimID
	return want
}

func TestPublishClaimRefused(t *testing.T) {
	ctx := context.Background()
	f, c := publishFixture(t)
	open := f.claimOn(t, "the first boat 🌊 sails in May", model.NewClaim{Status: model.StatusInProgress})

	for _, tc := range []struct {
		name  string
		id    int64
		p     model.Publish
		code  string
		field string
	}{
		{"no rationale", c.ID, model.Publish{Rationale: " \n "}, model.EINVALID, "rationale"},
		{"not a verdict", open.ID, model.Publish{Rationale: "Sails in May."}, model.ECONFLICT, "status"},
		{"stale If-Match", c.ID, model.Publish{Rationale: "x", IfVersion: c.Version - 1}, model.EPRECONDITION, "-"},
		{"unknown claim", 9999, model.Publish{Rationale: "x"}, model.ENOTFOUND, "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.counts(t, claimTables...)
			_, err := f.PublishClaim(ctx, tc.id, tc.p, "ed")
			wantCode(t, err, tc.code, tc.field)
			f.unchanged(t, before)
		})
	}
	t.Run("withdraw without a reason", func(t *testing.T) {
		if _, err := f.PublishClaim(ctx, c.ID, model.Publish{Rationale: "Child fare."}, "ed"); err != nil {
			t.Fatal(err)
		}
		before := f.counts(t, claimTables...)
		_, err := f.UnpublishClaim(ctx, c.ID, model.Unpublish{Reason: "  "}, "ed")
		wantCode(t, err, model.EINVALID, "reason")
		f.unchanged(t, before)
	})
	t.Run("withdraw a review never published", func(t *testing.T) {
		_, err := f.UnpublishClaim(ctx, open.ID, model.Unpublish{Reason: "no"}, "ed")
		wantCode(t, err, model.ECONFLICT, "publication")
	})
	t.Run("a published claim cannot be deleted", func(t *testing.T) {
		before := f.counts(t, claimTables...)
		wantCode(t, f.DeleteClaim(ctx, c.ID, 0), model.ECONFLICT, "publication")
		f.unchanged(t, before)
	})
	t.Run("nor its article", func(t *testing.T) {
		before := f.counts(t, allTables...)
		wantCode(t, f.DeleteArticle(ctx, f.article.ID, 0), model.ECONFLICT, "publication")
		after := f.counts(t, allTables...)
		for _, table := range []string{"articles", "claims", "claim_publications"} {
			if after[table] != before[table] {
				t.Errorf("%s: %d rows → %d", table, before[table], after[table])
			}
		}
	})
}

// The publication and its history event are written in one transaction: a
// publication that fails at its history event leaves no publication row.
func TestPublishClaimIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	f, c := publishFixture(t)
	w, err := sql.Open("sqlite", "file:"+f.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`CREATE TRIGGER fail_publication_event BEFORE INSERT ON claim_events WHEN NEW.field = 'publication'
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`); err != nil {
		t.Fatal(err)
	}
	before := f.counts(t, claimTables...)
	if _, err := f.PublishClaim(ctx, c.ID, model.Publish{Rationale: "Child fare."}, "ed"); err == nil {
		t.Fatal("the publication succeeded though its event failed")
	}
	f.unchanged(t, before)
	cur, err := f.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Version != c.Version {
		t.Errorf("version %d → %d by a failed publication", c.Version, cur.Version)
	}
}
