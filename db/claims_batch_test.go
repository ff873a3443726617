package db_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
	"github.com/google/go-cmp/cmp"
)

// CreateClaims makes every claim it can, in one transaction, and reports
// the others one by one, at their index; what a refused claim wrote before
// it failed (its row, a new library source) is not kept.
func TestCreateClaims(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	page := model.Attachment{Source: &model.NewSource{URL: "https://port.example/timetable", Title: "Timetable"}, Relation: model.RelationSupports}
	minutes := model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/minutes", Title: "Minutes"}, Relation: model.RelationSupports}
	ncs := []model.NewClaim{
		{Quote: &anchor.Quote{Exact: "Tickets will cost €4"}, Kind: model.KindNumber, Sources: []model.Attachment{minutes},
			Parties: []model.NewParty{{Name: "the mayor", Role: model.RoleSpeaker}}},
		{Quote: &anchor.Quote{Exact: "Astrid Bay"}, Kind: "rumour"},
		{Quote: &anchor.Quote{Exact: "the harbour master resigned"}},
		// The same page twice: refused by linkSource once the claim row, the
		// new library source and its first link are written.
		{Quote: &anchor.Quote{Exact: "李明"}, Sources: []model.Attachment{page, page}},
		{Quote: &anchor.Quote{Exact: "the first boat 🌊 sails in May"}, Statement: "Boats in May.", Via: "https://client.example/annos/4", Sources: []model.Attachment{minutes}},
	}
	before := f.counts(t, claimTables...)
	claims, errs, err := f.CreateClaims(ctx, f.article.ID, ncs, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if len(claims) != len(ncs) || len(errs) != len(ncs) {
		t.Fatalf("%d claims and %d errors for %d inputs", len(claims), len(errs), len(ncs))
	}
	for i, want := range []struct{ code, field string }{{}, {model.EINVALID, "kind"}, {model.EINVALID, "quote.exact"}, {model.ECONFLICT, "sources[1].source_id"}, {}} {
		if want.code == "" {
			if errs[i] != nil {
				t.Errorf("claim %d: %v, want it created", i, errs[i])
			}
			if claims[i].ID == 0 {
				t.Errorf("claim %d has no id", i)
			}
			continue
		}
		wantCode(t, errs[i], want.code, want.field)
		if claims[i].ID != 0 {
			t.Errorf("claim %d was refused but is %+v", i, claims[i])
		}
	}
	type summary struct {
		Exact, Statement, Via string
		Kind                  model.Kind
		Parties, Sources      int
		Version               int
	}
	sum := func(c model.Claim) summary {
		return summary{c.Quote.Exact, c.Statement, c.Via, c.Kind, len(c.Parties), len(c.Sources), c.Version}
	}
	c := claims[0]
	if diff := cmp.Diff(summary{Exact: "Tickets will cost €4", Statement: "Tickets will cost €4", Kind: model.KindNumber, Parties: 1, Sources: 1, Version: 1}, sum(c)); diff != "" {
		t.Errorf("claim 0 (-want +got):\n%s", diff)
	}
	c4 := claims[4]
	if diff := cmp.Diff(summary{Exact: c4.Quote.Exact, Statement: "Boats in May.", Via: "https://client.example/annos/4", Kind: c4.Kind, Sources: 1, Version: 1}, sum(c4)); diff != "" {
		t.Errorf("claim 4 (-want +got):\n%s", diff)
	}
	if len(c4.Sources) == 1 && c4.Sources[0].ID != c.Sources[0].ID {
		t.Errorf("claim 4 cites source %d, want the library entry %d that claim 0 made", c4.Sources[0].ID, c.Sources[0].ID)
	}
	stored, err := f.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sum(c), sum(stored)); diff != "" {
		t.Errorf("stored claim 0 differs from the one returned (-returned +stored):\n%s", diff)
	}
	after := f.counts(t, claimTables...)
	want := map[string]int{"claims": 2, "parties": 1, "claim_sources": 2, "sources": 1, "claim_events": 4}
	for table, n := range want {
		if after[table]-before[table] != n {
			t.Errorf("%s: %d rows more, want %d (before %v, after %v)", table, after[table]-before[table], n, before, after)
		}
	}

	t.Run("nothing to create", func(t *testing.T) {
		claims, errs, err := f.CreateClaims(ctx, f.article.ID, nil, "ed")
		if err != nil || len(claims) != 0 || len(errs) != 0 {
			t.Errorf("CreateClaims(nil) = %v, %v, %v", claims, errs, err)
		}
	})
	t.Run("unknown article: nothing", func(t *testing.T) {
		before := f.counts(t, claimTables...)
		_, _, err := f.CreateClaims(ctx, f.article.ID+99, ncs[:1], "ed")
		wantCode(t, err, model.ENOTFOUND, "")
		f.unchanged(t, before)
	})
}

// When the store fails partway, no claim of the batch is created, not even
// those written before the failure.
func TestCreateClaimsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	w, err := sql.Open("sqlite", "file:"+f.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`CREATE TRIGGER fail_boom BEFORE INSERT ON claims WHEN NEW.statement = 'boom' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`); err != nil {
		t.Fatal(err)
	}
	ncs := []model.NewClaim{
		{Quote: &anchor.Quote{Exact: "Tickets will cost €4"}, Sources: []model.Attachment{{Source: &model.NewSource{URL: "https://pellmoor.example/minutes"}}}},
		{Quote: &anchor.Quote{Exact: "Astrid Bay"}, Kind: "rumour"}, // refused on its own: does not stop the batch
		{Quote: &anchor.Quote{Exact: "李明"}, Statement: "boom"},
		{Quote: &anchor.Quote{Exact: "the first boat 🌊 sails in May"}},
	}
	before := f.counts(t, claimTables...)
	claims, errs, err := f.CreateClaims(ctx, f.article.ID, ncs, "ed")
	var de *model.Error
	if err == nil {
		t.Fatal("CreateClaims succeeded, want an internal error")
	}
	if errors.As(err, &de) {
		t.Errorf("CreateClaims error %v is a domain error, want an internal one", err)
	}
	if claims != nil {
		t.Errorf("CreateClaims returned claims %v with its error, want none", claims)
	}
	if errs != nil {
		t.Errorf("CreateClaims returned per-claim errors %v with its error, want none", errs)
	}
	f.unchanged(t, before)

	t.Run("a cancelled context: nothing", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, err := f.CreateClaims(cctx, f.article.ID, ncs[:1], "ed"); err == nil {
			t.Error("no error")
		}
		f.unchanged(t, before)
	})
}
