package db_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/testkit"
)

// exportJSON exports an article from d as export.JSON writes it.
func exportJSON(tb testing.TB, d *testDB, id int64, at time.Time) []byte {
	tb.Helper()
	ctx := context.Background()
	a, err := d.Article(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	claims, err := d.ClaimsByArticle(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	history, err := d.ArticleHistory(ctx, id)
	if err != nil {
		tb.Fatal(err)
	}
	doc := &export.Document{Article: a, Claims: claims, History: history, ExportedAt: at}
	doc.SortClaims()
	var buf bytes.Buffer
	if err := export.JSON(&buf, doc); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// buildHistory gives the fixture's article claims with parties, shared and
// offline sources, several status changes, an orphan-free overlap and emoji
// in every kind of text, each change at a different time.
func buildHistory(tb testing.TB, f claimFixture) {
	tb.Helper()
	ctx := context.Background()
	step := func() { f.clock.Advance(37 * time.Second) }
	outer := f.claimOn(tb, "The Pellmoor council voted 7–2 on Tuesday to fund a ferry", model.NewClaim{Kind: model.KindEvent, Statement: "The council funded a ferry 🚢.",
		Parties: []model.NewParty{{Name: "Pellmoor council", Role: model.RoleOrganizer}}})
	step()
	inner := f.claimOn(tb, "7–2", model.NewClaim{Kind: model.KindNumber, Assignee: "rita", Note: "ask for the roll call 📋"})
	step()
	fare := f.claimOn(tb, "Tickets will cost €4", model.NewClaim{Kind: model.KindNumber})
	step()
	part := f.claimOn(tb, "Officials from the port authority and the regional transit agency were not invited", model.NewClaim{Kind: model.KindParticipation})
	step()
	ps, pe := span(tb, f.article.Text, "the port authority")
	must := func(_ model.Claim, err error) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		step()
	}
	must(f.AddParty(ctx, part.ID, model.NewParty{Name: "port authority", Role: model.RoleExcluded, Start: &ps, End: &pe}, "rita"))
	must(f.AddParty(ctx, part.ID, model.NewParty{Name: "transit agency", Role: model.RoleExcluded}, "rita"))
	minutes := &model.NewSource{URL: "https://pellmoor.example/minutes/2026-02-24", Title: "Council minutes 📝", Publisher: "Pellmoor council", PublishedAt: "2026-02-25", AccessedAt: "2026-03-01"}
	must(f.AttachSource(ctx, outer.ID, model.Attachment{Source: minutes, Excerpt: "Motion carried, 7 for, 2 against.", Note: "page 3"}, "rita"))
	must(f.AttachSource(ctx, inner.ID, model.Attachment{Source: minutes, Relation: model.RelationSupports}, "ed"))
	must(f.AttachSource(ctx, part.ID, model.Attachment{Source: &model.NewSource{Reference: "Call with an attendee, 2026-02-26 ☎️"}, Relation: model.RelationContext}, "ed"))
	for _, st := range []model.Status{model.StatusInProgress, model.StatusVerified} {
		must(f.UpdateClaim(ctx, outer.ID, model.ClaimUpdate{Status: &st, Comment: "per the minutes ✅"}, "rita"))
	}
	misleading := model.StatusMisleading
	must(f.UpdateClaim(ctx, fare.ID, model.ClaimUpdate{Status: &misleading, Comment: "€4 is the child fare", Note: ptr("adult fare is €6")}, "ed"))
	// Publications: the outer claim published, corrected and withdrawn; the
	// fare published and then reopened, its review staying as published.
	must(f.PublishClaim(ctx, outer.ID, model.Publish{Rationale: "The minutes record the vote 🗳️."}, "ed"))
	must(f.PublishClaim(ctx, outer.ID, model.Publish{Rationale: "The minutes record the vote, 7 to 2."}, "rita"))
	must(f.UnpublishClaim(ctx, outer.ID, model.Unpublish{Reason: "The vote is being recounted."}, "ed"))
	must(f.PublishClaim(ctx, fare.ID, model.Publish{Rationale: "€4 is the child fare; adults pay €6."}, "ed"))
	inProgress := model.StatusInProgress
	must(f.UpdateClaim(ctx, fare.ID, model.ClaimUpdate{Status: &inProgress, Comment: "checking the adult fare again"}, "rita"))
	// The desk's fields: a due date on a claim, the article's assignee
	// and due date.
	due, rita, ready := "2026-03-10", "rita", "2026-03-12"
	must(f.UpdateClaim(ctx, inner.ID, model.ClaimUpdate{Due: &due}, "ed"))
	if _, err := f.AssignArticle(ctx, f.article.ID, model.ArticleAssignment{Assignee: &rita, Due: &ready}, "ed"); err != nil {
		tb.Fatal(err)
	}
	step()
	tmp := f.claimOn(tb, "李明", model.NewClaim{})
	if err := f.DeleteClaim(ctx, tmp.ID, 0); err != nil {
		tb.Fatal(err)
	}
}

func TestImportDocumentRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	buildHistory(t, f)
	first := exportJSON(t, f.testDB, f.article.ID, epoch.Add(time.Hour))

	for _, tc := range []struct {
		name string
		into func(t *testing.T) *testDB
	}{
		{"into the same store", func(*testing.T) *testDB { return f.testDB }},
		{"into a new store", func(t *testing.T) *testDB { return MustOpenDB(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.into(t)
			d.clock.Advance(48 * time.Hour) // the import must keep the exported times
			doc, err := ingest.DecodeExport(bytes.NewReader(first))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			before := d.counts(t, "articles")["articles"]
			a, err := d.ImportDocument(ctx, doc)
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			if a.ID == f.article.ID && d == f.testDB {
				t.Fatal("the import reused the original article's id")
			}
			if n := d.counts(t, "articles")["articles"]; n != before+1 {
				t.Errorf("articles %d → %d", before, n)
			}
			second := exportJSON(t, d, a.ID, epoch.Add(72*time.Hour))
			want, got := testkit.WithoutPublication(testkit.WithoutIDs(t, first)), testkit.WithoutPublication(testkit.WithoutIDs(t, second))
			if !reflect.DeepEqual(got, want) {
				w, _ := json.MarshalIndent(want, "", "  ")
				g, _ := json.MarshalIndent(got, "", "  ")
				t.Errorf("export after import differs:\n--- first\n%s\n--- second\n%s", w, g)
			}
			claims, _ := d.ClaimsByArticle(ctx, a.ID)
			if len(claims) != 4 {
				t.Fatalf("%d claims imported, want 4", len(claims))
			}
			// An import publishes nothing: the fare's published review and
			// the outer claim's withdrawn one arrive unpublished, each with
			// a history event that says so after the history it brought.
			for _, c := range claims {
				if c.Publication.State != model.Unpublished {
					t.Errorf("claim %q arrived %s, want unpublished", c.Quote.Exact, c.Publication.State)
				}
			}
			for exact, was := range map[string]string{"Tickets will cost €4": "published misleading", "The Pellmoor council voted 7–2 on Tuesday to fund a ferry": "withdrawn"} {
				var c model.Claim
				for _, x := range claims {
					if x.Quote.Exact == exact {
						c = x
					}
				}
				h, err := d.History(ctx, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				last := h[len(h)-1]
				want := model.Event{Field: model.EventPublication, From: was, To: "unpublished", User: "import"}
				got := model.Event{Field: last.Field, From: last.From, To: last.To, User: last.User}
				if got != want {
					t.Errorf("claim %q: last event %+v, want %+v", exact, got, want)
				}
			}
			// The two claims citing the minutes share one library entry.
			shared := map[int64]int{}
			for _, c := range claims {
				for _, s := range c.Sources {
					shared[s.ID]++
				}
			}
			if len(shared) != 2 {
				t.Errorf("imported sources %v, want the minutes shared and one reference", shared)
			}
		})
	}
	t.Run("a failed import writes nothing", func(t *testing.T) {
		d := MustOpenDB(t)
		doc, err := ingest.DecodeExport(bytes.NewReader(first))
		if err != nil {
			t.Fatal(err)
		}
		// A status the schema refuses, found only at the last claim.
		doc.Claims[len(doc.Claims)-1].Status = "bogus"
		before := d.counts(t, allTables...)
		if _, err := d.ImportDocument(ctx, doc); err == nil {
			t.Fatal("import of an invalid document succeeded")
		}
		if after := d.counts(t, allTables...); !reflect.DeepEqual(after, before) {
			t.Errorf("rows changed: %v → %v", before, after)
		}
	})
}
