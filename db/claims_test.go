package db_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// claimTables are the tables a claim write touches.
var claimTables = []string{"claims", "parties", "claim_sources", "sources", "claim_events", "claim_publications"}

// claimFixture is a store with an article, two users and a helper to make
// claims on it.
type claimFixture struct {
	*testDB
	article model.Article
}

func newClaimFixture(tb testing.TB) claimFixture {
	tb.Helper()
	d := MustOpenDB(tb)
	for _, name := range []string{"ed", "rita"} {
		if _, err := d.CreateUser(context.Background(), model.User{Name: name, Role: model.UserEditor, PasswordHash: "h"}, false); err != nil {
			tb.Fatal(err)
		}
	}
	return claimFixture{testDB: d, article: mustArticle(tb, d, "Ferry link", sampleText)}
}

// claimOn creates a claim on the span of sub.
func (f claimFixture) claimOn(tb testing.TB, sub string, nc model.NewClaim) model.Claim {
	tb.Helper()
	s, e := span(tb, f.article.Text, sub)
	nc.Start, nc.End = &s, &e
	c, err := f.CreateClaim(context.Background(), f.article.ID, nc, "ed")
	if err != nil {
		tb.Fatalf("create claim on %q: %v", sub, err)
	}
	return c
}

// unchanged checks that an operation that failed wrote nothing.
func (f claimFixture) unchanged(tb testing.TB, before map[string]int) {
	tb.Helper()
	if after := f.counts(tb, claimTables...); !reflect.DeepEqual(after, before) {
		tb.Errorf("rows changed by a refused write: before %v, after %v", before, after)
	}
}

func TestCreateClaim(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	text := f.article.Text

	t.Run("by position", func(t *testing.T) {
		s, e := span(t, text, "Tickets will cost €4")
		vs, ve := span(t, text, "Ines Varga")
		c, err := f.CreateClaim(ctx, f.article.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber, Note: "  check the fare table ",
			Assignee: "rita", Parties: []model.NewParty{{Name: " Pellmoor   council ", Role: model.RoleOrganizer}, {Name: "Ines Varga", Role: model.RoleSpeaker, Start: &vs, End: &ve}}}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		runes := []rune(text)
		want := anchor.Quote{Exact: "Tickets will cost €4", Prefix: string(runes[s-anchor.ContextLen : s]), Suffix: string(runes[e : e+anchor.ContextLen])}
		type fields struct {
			ArticleID            int64
			Start, End           int
			Quote                anchor.Quote
			Statement            string
			Kind                 model.Kind
			Status               model.Status
			Note, Assignee       string
			Version              int
			CreatedBy, UpdatedBy string
			CreatedAt, UpdatedAt time.Time
			Parties              []model.Party
		}
		wantClaim := fields{ArticleID: f.article.ID, Start: s, End: e, Quote: want, Statement: want.Exact,
			Kind: model.KindNumber, Status: model.StatusUnchecked, Note: "check the fare table", Assignee: "rita", Version: 1,
			CreatedBy: "ed", UpdatedBy: "ed", CreatedAt: epoch, UpdatedAt: epoch,
			Parties: []model.Party{{Name: "Pellmoor council", Role: model.RoleOrganizer}, {Name: "Ines Varga", Role: model.RoleSpeaker, Start: &vs, End: &ve, Exact: "Ines Varga"}}}
		got := fields{c.ArticleID, c.Start, c.End, c.Quote, c.Statement, c.Kind, c.Status, c.Note, c.Assignee, c.Version,
			c.CreatedBy, c.UpdatedBy, c.CreatedAt, c.UpdatedAt, c.Parties}
		if diff := cmp.Diff(wantClaim, got, cmpopts.IgnoreFields(model.Party{}, "ID", "EntityID", "Type")); diff != "" {
			t.Errorf("created claim (-want +got):\n%s", diff)
		}
		h, err := f.History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantHistory := []model.Event{{ClaimID: c.ID, At: epoch, User: "ed", Field: model.EventClaim, To: "created"}}
		if diff := cmp.Diff(wantHistory, h, cmpopts.IgnoreFields(model.Event{}, "ID")); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
	})
	t.Run("at the ends of the text", func(t *testing.T) {
		n := len([]rune(text))
		c, err := f.CreateClaim(ctx, f.article.ID, model.NewClaim{Start: ptr(0), End: ptr(n)}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(anchor.Quote{Exact: text}, c.Quote); diff != "" {
			t.Errorf("whole-text quote (-want +got):\n%s", diff)
		}
	})
	t.Run("by unique quote", func(t *testing.T) {
		c, err := f.CreateClaim(ctx, f.article.ID, model.NewClaim{Quote: &anchor.Quote{Exact: "李明"}, Statement: "A café owner is named 李明."}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		s, e := span(t, text, "李明")
		type spanned struct {
			Start, End       int
			Exact, Statement string
		}
		if diff := cmp.Diff(spanned{s, e, "李明", "A café owner is named 李明."}, spanned{c.Start, c.End, c.Quote.Exact, c.Statement}); diff != "" {
			t.Errorf("claim (-want +got):\n%s", diff)
		}
	})
	t.Run("by quote made unique by its prefix", func(t *testing.T) {
		c, err := f.CreateClaim(ctx, f.article.ID, model.NewClaim{Quote: &anchor.Quote{Exact: "council", Prefix: "said the "}}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		s, _ := span(t, text, "council had ignored")
		if c.Start != s {
			t.Errorf("start = %d, want %d", c.Start, s)
		}
		if c.End != s+7 {
			t.Errorf("end = %d, want %d", c.End, s+7)
		}
	})

	for _, tc := range []struct {
		name  string
		nc    model.NewClaim
		code  string
		field string
	}{
		{"quote not found", model.NewClaim{Quote: &anchor.Quote{Exact: "the harbour master resigned"}}, model.EINVALID, "quote.exact"},
		{"ambiguous quote", model.NewClaim{Quote: &anchor.Quote{Exact: "council"}}, model.EINVALID, "quote.exact"},
		{"empty quote", model.NewClaim{Quote: &anchor.Quote{}}, model.EINVALID, "quote.exact"},
		{"negative start", model.NewClaim{Start: ptr(-1), End: ptr(4)}, model.EINVALID, "start"},
		{"end equals start", model.NewClaim{Start: ptr(5), End: ptr(5)}, model.EINVALID, "end"},
		{"end before start", model.NewClaim{Start: ptr(9), End: ptr(5)}, model.EINVALID, "end"},
		{"end past the text", model.NewClaim{Start: ptr(5), End: ptr(len([]rune(text)) + 1)}, model.EINVALID, "end"},
		{"start only", model.NewClaim{Start: ptr(5)}, model.EINVALID, "end"},
		{"no span", model.NewClaim{}, model.EINVALID, "start"},
		{"span and quote", model.NewClaim{Start: ptr(0), End: ptr(3), Quote: &anchor.Quote{Exact: "Har"}}, model.EINVALID, "quote"},
		{"unknown kind", model.NewClaim{Start: ptr(0), End: ptr(3), Kind: "rumour"}, model.EINVALID, "kind"},
		{"unknown status", model.NewClaim{Start: ptr(0), End: ptr(3), Status: "done"}, model.EINVALID, "status"},
		{"unknown assignee", model.NewClaim{Start: ptr(0), End: ptr(3), Assignee: "nobody"}, model.EINVALID, "assignee"},
		{"party without name", model.NewClaim{Start: ptr(0), End: ptr(3), Parties: []model.NewParty{{Role: model.RoleSubject}}}, model.EINVALID, "parties[0].name"},
		{"party with unknown role", model.NewClaim{Start: ptr(0), End: ptr(3), Parties: []model.NewParty{{Name: "Port", Role: "host"}}}, model.EINVALID, "parties[0].role"},
		// The party span errors are found only after the claim row is
		// written: the transaction must roll it back.
		{"party span past the text", model.NewClaim{Start: ptr(0), End: ptr(3), Parties: []model.NewParty{
			{Name: "Port", Role: model.RoleSubject}, {Name: "Bay", Role: model.RoleSubject, Start: ptr(10), End: ptr(100000)}}}, model.EINVALID, "parties[1].end"},
		{"party span empty", model.NewClaim{Start: ptr(0), End: ptr(3), Parties: []model.NewParty{{Name: "Bay", Role: model.RoleSubject, Start: ptr(10), End: ptr(10)}}}, model.EINVALID, "parties[0].end"},
		{"party span negative", model.NewClaim{Start: ptr(0), End: ptr(3), Parties: []model.NewParty{{Name: "Bay", Role: model.RoleSubject, Start: ptr(-2), End: ptr(10)}}}, model.EINVALID, "parties[0].start"},
		{"party span half given", model.NewClaim{Start: ptr(0), End: ptr(3), Parties: []model.NewParty{{Name: "Bay", Role: model.RoleSubject, Start: ptr(2)}}}, model.EINVALID, "parties[0].end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.counts(t, claimTables...)
			_, err := f.CreateClaim(ctx, f.article.ID, tc.nc, "ed")
			wantCode(t, err, tc.code, tc.field)
			f.unchanged(t, before)
		})
	}
	t.Run("messages say what is wrong", func(t *testing.T) {
		for q, want := range map[string]string{"the harbour master resigned": "does not occur", "council": "more than once"} {
			_, err := f.CreateClaim(ctx, f.article.ID, model.NewClaim{Quote: &anchor.Quote{Exact: q}}, "ed")
			if msg := model.ErrorMessage(err); !strings.Contains(msg, want) {
				t.Errorf("quote %q: message %q does not say %q", q, msg, want)
			}
		}
	})
	t.Run("unknown article", func(t *testing.T) {
		before := f.counts(t, claimTables...)
		_, err := f.CreateClaim(ctx, f.article.ID+99, model.NewClaim{Start: ptr(0), End: ptr(3)}, "ed")
		wantCode(t, err, model.ENOTFOUND, "")
		f.unchanged(t, before)
	})
}

func TestUpdateClaim(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)

	t.Run("one event per changed field", func(t *testing.T) {
		c := f.claimOn(t, "voted 7–2 on Tuesday", model.NewClaim{Statement: "The council voted 7–2.", Note: "old note"})
		f.clock.Advance(time.Hour)
		status, kind := model.StatusVerified, model.KindNumber
		got, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{
			Status: &status, Comment: "  matches the minutes ",
			Statement: ptr("The council voted 7–2 on Tuesday."), Kind: &kind,
			Note:     ptr("old note"), // unchanged: no event
			Assignee: ptr("rita"), IfVersion: 1,
		}, "rita")
		if err != nil {
			t.Fatal(err)
		}
		type fields struct {
			Version                   int
			Status                    model.Status
			Kind                      model.Kind
			Statement, Note, Assignee string
			UpdatedBy, CreatedBy      string
			UpdatedAt, CreatedAt      time.Time
		}
		want := fields{2, status, kind, "The council voted 7–2 on Tuesday.", "old note", "rita", "rita", "ed", epoch.Add(time.Hour), epoch}
		if diff := cmp.Diff(want, fields{got.Version, got.Status, got.Kind, got.Statement, got.Note, got.Assignee, got.UpdatedBy, got.CreatedBy, got.UpdatedAt, got.CreatedAt}); diff != "" {
			t.Errorf("updated claim (-want +got):\n%s", diff)
		}
		h, err := f.History(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		at := epoch.Add(time.Hour)
		wantHistory := []model.Event{
			{ClaimID: c.ID, At: epoch, User: "ed", Field: model.EventClaim, To: "created"},
			{ClaimID: c.ID, At: at, User: "rita", Field: model.EventStatus, From: "unchecked", To: "verified", Comment: "matches the minutes"},
			{ClaimID: c.ID, At: at, User: "rita", Field: model.EventStatement, From: "The council voted 7–2.", To: "The council voted 7–2 on Tuesday."},
			{ClaimID: c.ID, At: at, User: "rita", Field: model.EventKind, From: "other", To: "number"},
			{ClaimID: c.ID, At: at, User: "rita", Field: model.EventAssignee, To: "rita"},
		}
		if diff := cmp.Diff(wantHistory, h, cmpopts.IgnoreFields(model.Event{}, "ID")); diff != "" {
			t.Errorf("history (-want +got):\n%s", diff)
		}
	})
	t.Run("no-op update changes nothing", func(t *testing.T) {
		c := f.claimOn(t, "Astrid Bay", model.NewClaim{Status: model.StatusInProgress, Note: "n"})
		before := f.counts(t, claimTables...)
		f.clock.Advance(time.Minute)
		status := model.StatusInProgress
		for _, u := range []model.ClaimUpdate{
			{},
			{Status: &status, Note: ptr(" n "), Statement: ptr(c.Statement), Assignee: ptr(""), IfVersion: 1},
		} {
			got, err := f.UpdateClaim(ctx, c.ID, u, "rita")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Errorf("no-op update changed the claim:\n got %+v\nwant %+v", got, c)
			}
		}
		f.unchanged(t, before)
	})
	t.Run("stale version", func(t *testing.T) {
		c := f.claimOn(t, "the first boat", model.NewClaim{})
		status := model.StatusFalse
		cur, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &status, IfVersion: 1}, "rita")
		if err != nil {
			t.Fatal(err)
		}
		before := f.counts(t, claimTables...)
		note := "my note"
		_, err = f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Note: &note, IfVersion: 1}, "ed")
		de := wantCode(t, err, model.EPRECONDITION, "-")
		if !reflect.DeepEqual(de.Current, cur) {
			t.Errorf("Current = %+v\nwant %+v", de.Current, cur)
		}
		f.unchanged(t, before)
		if now, _ := f.Claim(ctx, c.ID); !reflect.DeepEqual(now, cur) {
			t.Errorf("claim changed by a stale update: %+v", now)
		}
	})
	for _, tc := range []struct {
		name  string
		u     model.ClaimUpdate
		code  string
		field string
	}{
		{"unknown status", model.ClaimUpdate{Status: ptr(model.Status("done"))}, model.EINVALID, "status"},
		{"unknown kind", model.ClaimUpdate{Kind: ptr(model.Kind("rumour"))}, model.EINVALID, "kind"},
		{"comment without status", model.ClaimUpdate{Comment: "why", Note: ptr("x")}, model.EINVALID, "comment"},
		{"unknown assignee", model.ClaimUpdate{Assignee: ptr("nobody"), Note: ptr("changed")}, model.EINVALID, "assignee"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := f.claimOn(t, "regional transit agency", model.NewClaim{})
			before := f.counts(t, claimTables...)
			_, err := f.UpdateClaim(ctx, c.ID, tc.u, "rita")
			wantCode(t, err, tc.code, tc.field)
			f.unchanged(t, before)
			now, err := f.Claim(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if now.Version != 1 {
				t.Errorf("version %d after a refused update, want 1", now.Version)
			}
			if now.Note != "" {
				t.Errorf("note %q after a refused update, want none", now.Note)
			}
		})
	}
	t.Run("unknown claim", func(t *testing.T) {
		_, err := f.UpdateClaim(ctx, 9999, model.ClaimUpdate{Note: ptr("x")}, "rita")
		wantCode(t, err, model.ENOTFOUND, "")
	})
}

func TestParties(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Officials from the port authority and the regional transit agency were not invited", model.NewClaim{Kind: model.KindParticipation})
	ps, pe := span(t, f.article.Text, "the port authority")

	// Each step is one change; it must bump the version by one and add one
	// event with the given field, from and to.
	type step struct {
		name    string
		do      func() (model.Claim, error)
		field   model.EventField
		from, t string
	}
	var partyID int64
	steps := []step{
		{"add", func() (model.Claim, error) {
			return f.AddParty(ctx, c.ID, model.NewParty{Name: " port  authority", Role: model.RoleExcluded}, "rita")
		}, "party", "", "port authority (excluded)"},
		{"mark", func() (model.Claim, error) {
			return f.MarkParty(ctx, c.ID, partyID, &ps, &pe, "rita")
		}, "party_span", "", `port authority: "the port authority" at 228–246`},
		{"unmark", func() (model.Claim, error) {
			return f.MarkParty(ctx, c.ID, partyID, nil, nil, "rita")
		}, "party_span", `port authority: "the port authority" at 228–246`, ""},
		{"remove", func() (model.Claim, error) {
			return f.RemoveParty(ctx, c.ID, partyID, "rita")
		}, "party", "port authority (excluded)", ""},
		{"add anchored", func() (model.Claim, error) {
			return f.AddParty(ctx, c.ID, model.NewParty{Name: "transit agency", Role: model.RoleExcluded, Start: ptr(pe + 9), End: ptr(pe + 32)}, "rita")
		}, "party", "", "transit agency (excluded)"},
	}
	version := c.Version
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			f.clock.Advance(time.Minute)
			got, err := st.do()
			if err != nil {
				t.Fatal(err)
			}
			version++
			type change struct {
				Version   int
				UpdatedBy string
				UpdatedAt time.Time
			}
			if diff := cmp.Diff(change{version, "rita", f.clock.Now()}, change{got.Version, got.UpdatedBy, got.UpdatedAt}); diff != "" {
				t.Errorf("claim after %s (-want +got):\n%s", st.name, diff)
			}
			h, _ := f.History(ctx, c.ID)
			want := model.Event{ClaimID: c.ID, At: f.clock.Now(), User: "rita", Field: st.field, From: st.from, To: st.t}
			if diff := cmp.Diff(want, h[len(h)-1], cmpopts.IgnoreFields(model.Event{}, "ID")); diff != "" {
				t.Errorf("last event (-want +got):\n%s", diff)
			}
			switch st.name {
			case "add":
				partyID = got.Parties[0].ID
				if got.Parties[0].EntityID == nil {
					t.Fatal("party_id nil after add, want its registry entry")
				}
				want := model.Party{ID: partyID, Name: "port authority", Role: model.RoleExcluded, EntityID: got.Parties[0].EntityID, Type: model.PartyOther}
				if diff := cmp.Diff(want, got.Parties[0]); diff != "" {
					t.Errorf("party (-want +got):\n%s", diff)
				}
			case "mark":
				want := model.Party{ID: partyID, Name: "port authority", Role: model.RoleExcluded, Start: &ps, End: &pe, Exact: "the port authority", EntityID: got.Parties[0].EntityID, Type: model.PartyOther}
				if diff := cmp.Diff(want, got.Parties[0]); diff != "" {
					t.Errorf("marked party (-want +got):\n%s", diff)
				}
			case "unmark":
				want := model.Party{ID: partyID, Name: "port authority", Role: model.RoleExcluded, EntityID: got.Parties[0].EntityID, Type: model.PartyOther}
				if diff := cmp.Diff(want, got.Parties[0]); diff != "" {
					t.Errorf("unmarked party (-want +got):\n%s", diff)
				}
			case "remove":
				if len(got.Parties) != 0 {
					t.Errorf("parties after remove: %+v", got.Parties)
				}
			case "add anchored":
				if p := got.Parties[0]; p.Exact != "regional transit agency" {
					t.Errorf("anchored party: %+v", p)
				}
			}
		})
	}
	cur, _ := f.Claim(ctx, c.ID)
	anchored := cur.Parties[0].ID
	for _, tc := range []struct {
		name  string
		do    func() error
		code  string
		field string
	}{
		{"add with span past the text", func() error {
			_, err := f.AddParty(ctx, c.ID, model.NewParty{Name: "Bay", Role: model.RoleSubject, Start: ptr(3), End: ptr(100000)}, "rita")
			return err
		}, model.EINVALID, "end"},
		{"add with unknown role", func() error {
			_, err := f.AddParty(ctx, c.ID, model.NewParty{Name: "Bay", Role: "host"}, "rita")
			return err
		}, model.EINVALID, "role"},
		{"add to unknown claim", func() error {
			_, err := f.AddParty(ctx, 9999, model.NewParty{Name: "Bay", Role: model.RoleSubject}, "rita")
			return err
		}, model.ENOTFOUND, ""},
		{"mark with empty span", func() error {
			_, err := f.MarkParty(ctx, c.ID, anchored, ptr(4), ptr(4), "rita")
			return err
		}, model.EINVALID, "end"},
		{"mark with negative start", func() error {
			_, err := f.MarkParty(ctx, c.ID, anchored, ptr(-1), ptr(4), "rita")
			return err
		}, model.EINVALID, "start"},
		{"mark with half a span", func() error {
			_, err := f.MarkParty(ctx, c.ID, anchored, ptr(1), nil, "rita")
			return err
		}, model.EINVALID, "end"},
		{"mark unknown party", func() error {
			_, err := f.MarkParty(ctx, c.ID, 9999, ptr(1), ptr(4), "rita")
			return err
		}, model.ENOTFOUND, ""},
		{"remove unknown party", func() error {
			_, err := f.RemoveParty(ctx, c.ID, 9999, "rita")
			return err
		}, model.ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.counts(t, claimTables...)
			wantCode(t, tc.do(), tc.code, tc.field)
			f.unchanged(t, before)
			if now, _ := f.Claim(ctx, c.ID); !reflect.DeepEqual(now, cur) {
				t.Errorf("claim changed:\n got %+v\nwant %+v", now, cur)
			}
		})
	}
	t.Run("a party of another claim cannot be removed through this one", func(t *testing.T) {
		other := f.claimOn(t, "two attendees", model.NewClaim{Parties: []model.NewParty{{Name: "attendees", Role: model.RoleSpeaker}}})
		_, err := f.RemoveParty(ctx, c.ID, other.Parties[0].ID, "rita")
		wantCode(t, err, model.ENOTFOUND, "")
	})
}

func TestHistoryAndDelete(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "the fishermen 🎣 for years", model.NewClaim{})
	for i, st := range []model.Status{model.StatusInProgress, model.StatusNeedsContext, model.StatusVerified} {
		f.clock.Advance(time.Minute)
		if _, err := f.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &st, Comment: fmt.Sprint("step ", i)}, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{Reference: "Interview with the harbour master, 2026-02-26"}}, "ed"); err != nil {
		t.Fatal(err)
	}
	h, err := f.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, e := range h {
		got = append(got, string(e.Field)+":"+e.From+">"+e.To)
		if i > 0 && e.At.Before(h[i-1].At) {
			t.Errorf("event %d is older than the one before", i)
		}
	}
	want := []string{"claim:>created", "status:unchecked>in_progress", "status:in_progress>needs_context", "status:needs_context>verified",
		"source:>Interview with the harbour master, 2026-02-26 (supports)"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("history\n got %q\nwant %q", got, want)
	}
	t.Run("history of unknown claim", func(t *testing.T) {
		_, err := f.History(ctx, 9999)
		wantCode(t, err, model.ENOTFOUND, "")
	})
	t.Run("stale delete", func(t *testing.T) {
		before := f.counts(t, claimTables...)
		wantCode(t, f.DeleteClaim(ctx, c.ID, 1), model.EPRECONDITION, "-")
		f.unchanged(t, before)
	})
	t.Run("delete", func(t *testing.T) {
		if err := f.DeleteClaim(ctx, c.ID, 5); err != nil {
			t.Fatal(err)
		}
		after := f.counts(t, claimTables...)
		if want := map[string]int{"claims": 0, "parties": 0, "claim_sources": 0, "sources": 1, "claim_events": 0, "claim_publications": 0}; !reflect.DeepEqual(after, want) {
			t.Errorf("rows after delete: %v, want %v (the library keeps the source)", after, want)
		}
		_, err := f.Claim(ctx, c.ID)
		wantCode(t, err, model.ENOTFOUND, "")
		wantCode(t, f.DeleteClaim(ctx, c.ID, 0), model.ENOTFOUND, "")
	})
}

func TestClaimsByArticle(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	outer := f.claimOn(t, "The Pellmoor council voted 7–2 on Tuesday", model.NewClaim{})
	inner := f.claimOn(t, "voted 7–2", model.NewClaim{})
	first := f.claimOn(t, "Harbour council", model.NewClaim{})
	same := f.claimOn(t, "Harbour council", model.NewClaim{})
	list, err := f.ClaimsByArticle(ctx, f.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range list {
		ids = append(ids, c.ID)
		if c.Parties == nil {
			t.Errorf("claim %d has nil parties, want an empty slice", c.ID)
		}
		if c.Sources == nil {
			t.Errorf("claim %d has nil sources, want an empty slice", c.ID)
		}
	}
	if want := []int64{first.ID, same.ID, outer.ID, inner.ID}; !reflect.DeepEqual(ids, want) {
		t.Errorf("order %v, want %v (by start, longer first, then id)", ids, want)
	}
	_, err = f.ClaimsByArticle(ctx, 9999)
	wantCode(t, err, model.ENOTFOUND, "")
}

// TestConcurrentCreateClaim starts 16 writers at once on one article: the
// single writer connection must queue them, none may fail with SQLITE_BUSY.
func TestConcurrentCreateClaim(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	const n = 16
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		errs  = make([]error, n)
		ids   = make([]int64, n)
	)
	for i := range n {
		wg.Go(func() {
			<-start
			// Readers run alongside the writers.
			if _, err := f.ClaimsByArticle(ctx, f.article.ID); err != nil {
				errs[i] = err
				return
			}
			c, err := f.CreateClaim(ctx, f.article.ID, model.NewClaim{Start: ptr(i), End: ptr(i + 5), Statement: fmt.Sprint("claim ", i),
				Parties: []model.NewParty{{Name: fmt.Sprint("party ", i), Role: model.RoleMentioned}}}, "ed")
			errs[i], ids[i] = err, c.ID
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	seen := map[int64]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	if len(seen) != n {
		t.Errorf("%d distinct claim ids, want %d", len(seen), n)
	}
	if got := f.counts(t, claimTables...); got["claims"] != n || got["parties"] != n || got["claim_events"] != n {
		t.Errorf("rows: %v, want %d claims, parties and events", got, n)
	}
}
