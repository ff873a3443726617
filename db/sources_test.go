package db_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestAttachSource(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{Kind: model.KindNumber})
	other := f.claimOn(t, "the first boat 🌊 sails in May", model.NewClaim{})

	f.clock.Advance(time.Minute)
	got, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: " https://pellmoor.example/fares ", Title: "Fare table 2026",
		Publisher: "Pellmoor Ferries", PublishedAt: "2026-02-01"}, Excerpt: " Single adult: €4 ", Note: "official"}, "rita")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 {
		t.Errorf("version after attach = %d, want 2", got.Version)
	}
	if got.UpdatedBy != "rita" {
		t.Errorf("updated by %q after attach, want rita", got.UpdatedBy)
	}
	if len(got.Sources) != 1 {
		t.Fatalf("sources after attach: %+v, want one", got.Sources)
	}
	src := got.Sources[0]
	want := model.ClaimSource{Source: model.Source{URL: "https://pellmoor.example/fares", Title: "Fare table 2026", Publisher: "Pellmoor Ferries",
		PublishedAt: "2026-02-01", CreatedAt: f.clock.Now()}, Excerpt: "Single adult: €4", Relation: model.RelationSupports, Note: "official"}
	if diff := cmp.Diff(want, src, cmpopts.IgnoreFields(model.Source{}, "ID")); diff != "" {
		t.Errorf("attached source (-want +got):\n%s", diff)
	}
	lastEvent := func(id int64) model.Event {
		h, err := f.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return h[len(h)-1]
	}
	wantEvent := model.Event{ClaimID: c.ID, At: f.clock.Now(), User: "rita", Field: model.EventSource, To: "Fare table 2026 (supports)"}
	if diff := cmp.Diff(wantEvent, lastEvent(c.ID), cmpopts.IgnoreFields(model.Event{}, "ID")); diff != "" {
		t.Errorf("attach event (-want +got):\n%s", diff)
	}

	t.Run("same URL reuses the library entry", func(t *testing.T) {
		before := f.counts(t, "sources", "claim_sources", "claim_events")
		// Describing the same page differently would drop what the editor
		// typed: refused, and nothing written.
		_, err := f.AttachSource(ctx, other.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares", Title: "another title"},
			Relation: model.RelationContradicts}, "rita")
		if e := wantCode(t, err, model.ECONFLICT, "url"); !strings.Contains(e.Message, "Fare table 2026") {
			t.Errorf("message %q does not name the library entry", e.Message)
		}
		if after := f.counts(t, "sources", "claim_sources", "claim_events"); !reflect.DeepEqual(after, before) {
			t.Fatalf("a refused attach wrote rows: %v → %v", before, after)
		}
		// The URL alone (or the same title) reuses the entry.
		got, err := f.AttachSource(ctx, other.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares", Title: "Fare table 2026"},
			Relation: model.RelationContradicts}, "rita")
		if err != nil {
			t.Fatal(err)
		}
		if got.Sources[0].ID != src.ID {
			t.Errorf("source id %d, want the library entry %d", got.Sources[0].ID, src.ID)
		}
		if got.Sources[0].Title != "Fare table 2026" {
			t.Errorf("title %q, want the library entry's", got.Sources[0].Title)
		}
		if got.Sources[0].Relation != model.RelationContradicts {
			t.Errorf("relation %q, want contradicts", got.Sources[0].Relation)
		}
		if got.Version != 2 {
			t.Errorf("version %d, want 2", got.Version)
		}
		if after := f.counts(t, "sources"); after["sources"] != before["sources"] {
			t.Errorf("sources %v → %v: the library grew", before, after)
		}
	})
	t.Run("by library id", func(t *testing.T) {
		third := f.claimOn(t, "sails in May", model.NewClaim{})
		got, err := f.AttachSource(ctx, third.ID, model.Attachment{SourceID: src.ID, Relation: model.RelationContext}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 {
			t.Errorf("version %d, want 2", got.Version)
		}
		if len(got.Sources) != 1 {
			t.Fatalf("sources %+v, want one", got.Sources)
		}
		if got.Sources[0].ID != src.ID {
			t.Errorf("source id %d, want %d", got.Sources[0].ID, src.ID)
		}
		if e := lastEvent(third.ID); e.To != "Fare table 2026 (context)" {
			t.Errorf("event: %+v", e)
		}
	})
	t.Run("offline reference keeps order", func(t *testing.T) {
		got, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{Reference: "Phone call with the ferry operator, 2026-02-28"}}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 3 {
			t.Errorf("version %d, want 3", got.Version)
		}
		var titles []string
		for _, s := range got.Sources {
			titles = append(titles, s.Title)
		}
		if diff := cmp.Diff([]string{"Fare table 2026", "Phone call with the ferry operator, 2026-02-28"}, titles); diff != "" {
			t.Errorf("sources in order (-want +got):\n%s", diff)
		}
	})

	cur, _ := f.Claim(ctx, c.ID)
	for _, tc := range []struct {
		name  string
		att   model.Attachment
		code  string
		field string
	}{
		{"attached twice by id", model.Attachment{SourceID: src.ID}, model.ECONFLICT, "source_id"},
		{"attached twice by URL", model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares"}}, model.ECONFLICT, "source_id"},
		{"unknown library id", model.Attachment{SourceID: 9999}, model.EINVALID, "source_id"},
		{"neither id nor source", model.Attachment{}, model.EINVALID, "source_id"},
		{"both id and source", model.Attachment{SourceID: src.ID, Source: &model.NewSource{URL: "https://x.example/"}}, model.EINVALID, "source_id"},
		{"javascript URL", model.Attachment{Source: &model.NewSource{URL: "javascript:alert(1)"}}, model.EINVALID, "url"},
		{"data URL", model.Attachment{Source: &model.NewSource{URL: "data:text/html,<b>x</b>"}}, model.EINVALID, "url"},
		{"ftp URL", model.Attachment{Source: &model.NewSource{URL: "ftp://files.example/fares.pdf"}}, model.EINVALID, "url"},
		{"relative URL", model.Attachment{Source: &model.NewSource{URL: "/fares"}}, model.EINVALID, "url"},
		{"no URL nor reference", model.Attachment{Source: &model.NewSource{Title: "A title only"}}, model.EINVALID, "url"},
		{"bad date", model.Attachment{Source: &model.NewSource{URL: "https://x.example/", PublishedAt: "28/02/2026"}}, model.EINVALID, "published_at"},
		{"unknown relation", model.Attachment{Source: &model.NewSource{URL: "https://x.example/"}, Relation: "refutes"}, model.EINVALID, "relation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.counts(t, claimTables...)
			_, err := f.AttachSource(ctx, c.ID, tc.att, "ed")
			wantCode(t, err, tc.code, tc.field)
			f.unchanged(t, before)
			if now, _ := f.Claim(ctx, c.ID); !reflect.DeepEqual(now, cur) {
				t.Errorf("claim changed: %+v", now)
			}
		})
	}
	t.Run("unknown claim", func(t *testing.T) {
		_, err := f.AttachSource(ctx, 9999, model.Attachment{SourceID: src.ID}, "ed")
		wantCode(t, err, model.ENOTFOUND, "")
	})

	t.Run("detach", func(t *testing.T) {
		f.clock.Advance(time.Minute)
		got, err := f.DetachSource(ctx, c.ID, src.ID, "ed")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != cur.Version+1 {
			t.Errorf("version %d, want %d", got.Version, cur.Version+1)
		}
		if !got.UpdatedAt.Equal(f.clock.Now()) {
			t.Errorf("updated at %v, want %v", got.UpdatedAt, f.clock.Now())
		}
		if len(got.Sources) != 1 {
			t.Fatalf("sources %+v, want one left", got.Sources)
		}
		if got.Sources[0].ID == src.ID {
			t.Errorf("source %d is still attached", src.ID)
		}
		wantEvent := model.Event{ClaimID: c.ID, At: f.clock.Now(), User: "ed", Field: model.EventSource, From: "Fare table 2026 (supports)"}
		if diff := cmp.Diff(wantEvent, lastEvent(c.ID), cmpopts.IgnoreFields(model.Event{}, "ID")); diff != "" {
			t.Errorf("detach event (-want +got):\n%s", diff)
		}
		if list, _ := f.SearchSources(ctx, "Fare table", 10); len(list) != 1 {
			t.Errorf("the library lost the source: %+v", list)
		}
		before := f.counts(t, claimTables...)
		_, err = f.DetachSource(ctx, c.ID, src.ID, "ed")
		wantCode(t, err, model.ENOTFOUND, "")
		f.unchanged(t, before)
	})
}

func TestSearchSources(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	add := func(ns model.NewSource) int64 {
		t.Helper()
		c := f.claimOn(t, "Harbour council", model.NewClaim{})
		got, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &ns}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		return got.Sources[0].ID
	}
	fares := add(model.NewSource{URL: "https://pellmoor.example/fares", Title: "Fare table 2026", Publisher: "Pellmoor Ferries"})
	growth := add(model.NewSource{URL: "https://stats.example/a", Title: "Ridership grew 40% in 2025", Publisher: "Bay Statistics"})
	plain := add(model.NewSource{URL: "https://stats.example/b", Title: "Ridership grew 400 in 2025", Publisher: "Bay Statistics"})
	snake := add(model.NewSource{URL: "https://docs.example/route_map", Title: "Route map"})
	notSnake := add(model.NewSource{URL: "https://docs.example/routeXmap", Title: "Route map (old)"})
	interview := add(model.NewSource{Reference: "Interview with a deckhand, 2026-02-20", Title: "Deckhand interview"})

	for _, tc := range []struct {
		q     string
		limit int
		want  []int64
	}{
		{"fare TABLE", 0, []int64{fares}},
		{"pellmoor ferries", 0, []int64{fares}},
		{"stats.example", 0, []int64{plain, growth}},
		{"40%", 0, []int64{growth}},
		{"%", 0, []int64{growth}},
		{"route_map", 0, []int64{snake}},
		{"_", 0, []int64{snake}},
		{"deckhand", 0, []int64{interview}},
		{`\`, 0, []int64{}},
		{"nothing like this", 0, []int64{}},
		{"", 0, []int64{interview, notSnake, snake, plain, growth, fares}},
		{"  ", 2, []int64{interview, notSnake}},
	} {
		t.Run("q="+tc.q, func(t *testing.T) {
			list, err := f.SearchSources(ctx, tc.q, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			ids := []int64{}
			for _, s := range list {
				ids = append(ids, s.ID)
			}
			if !reflect.DeepEqual(ids, tc.want) {
				t.Errorf("SearchSources(%q) = %v, want %v", tc.q, ids, tc.want)
			}
		})
	}
}
