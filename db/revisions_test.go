package db_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// revisionFixture is an article with four claims, one for each thing a
// revision can do to a claim, and the revision that does it.
type revisionFixture struct {
	d                                      *testDB
	article                                model.Article
	unchanged, moved, changed, orphan      model.Claim
	newText                                string
	partyOnMoved, partyOnOrphan, partyLost int64
}

const revisionOld = "Ferry link approved\n\n" +
	"The Pellmoor council voted 7–2 on Tuesday to fund a ferry 🚢 to Astrid Bay.\n\n" +
	"Tickets will cost €4, the mayor, Ines Varga, said.\n\n" +
	"The port authority was not invited to the meeting."

// In the new text a paragraph is inserted before the vote (which moves),
// the price changes (the ticket claim's words change), and the port
// authority's sentence is gone.
const revisionNew = "Ferry link approved\n\n" +
	"Update: the council published its minutes on Wednesday.\n\n" +
	"The Pellmoor council voted 7–2 on Tuesday to fund a ferry 🚢 to Astrid Bay.\n\n" +
	"Tickets will cost €5, the mayor, Ines Varga, said."

func newRevisionFixture(t *testing.T) revisionFixture {
	t.Helper()
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", revisionOld)
	create := func(words string, status model.Status, parties ...model.NewParty) model.Claim {
		t.Helper()
		s, e := span(t, revisionOld, words)
		c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindOther, Status: status, Parties: parties}, "ed")
		if err != nil {
			t.Fatalf("create claim %q: %v", words, err)
		}
		return c
	}
	mark := func(name, words string) model.NewParty {
		s, e := span(t, revisionOld, words)
		return model.NewParty{Name: name, Role: model.RoleSubject, Start: &s, End: &e}
	}
	f := revisionFixture{d: d, article: a, newText: revisionNew}
	f.unchanged = create("Ferry link approved", model.StatusUnchecked)
	f.moved = create("voted 7–2 on Tuesday", model.StatusVerified, mark("Pellmoor council", "Pellmoor council"))
	f.changed = create("Tickets will cost €4", model.StatusFalse)
	f.orphan = create("The port authority was not invited", model.StatusVerified, mark("port authority", "port authority"))
	f.partyOnMoved, f.partyOnOrphan = f.moved.Parties[0].ID, f.orphan.Parties[0].ID
	return f
}

func (f revisionFixture) add(t *testing.T, body string) model.RevisionResult {
	t.Helper()
	res, err := f.d.AddRevision(context.Background(), f.article.ID, model.NewRevision{Doc: plainDoc(body), Origin: model.OriginText}, "rev")
	if err != nil {
		t.Fatalf("AddRevision: %v", err)
	}
	return res
}

// plainDoc builds the canonical document of paragraphs separated by blank
// lines.
func plainDoc(body string) text.Document {
	var raw []text.RawBlock
	for _, p := range strings.Split(body, "\n\n") {
		raw = append(raw, text.RawBlock{Kind: text.Paragraph, Text: p})
	}
	return text.Build(raw)
}

func (f revisionFixture) claim(t *testing.T, id int64) model.Claim {
	t.Helper()
	c, err := f.d.Claim(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAddRevisionReanchorsClaims(t *testing.T) {
	f := newRevisionFixture(t)
	res := f.add(t, f.newText)
	if diff := cmp.Diff(model.Reanchored{Unchanged: 1, Moved: 1, Changed: 1, Orphaned: 1}, res.Reanchored); diff != "" {
		t.Errorf("reanchored (-want +got):\n%s", diff)
	}
	if res.Unchanged {
		t.Error("a new text was reported unchanged")
	}
	if res.Article.Revision != 2 {
		t.Errorf("article revision %d, want 2", res.Article.Revision)
	}
	if res.Article.Version != f.article.Version+1 {
		t.Errorf("article version %d, want %d", res.Article.Version, f.article.Version+1)
	}
	if res.Article.Text != f.newText {
		t.Errorf("article text %q, want the new text", res.Article.Text)
	}

	type state struct {
		Words            string
		AtWords          string
		Orphan           bool
		Changed          bool
		ChangedFrom      string
		AnchoredRevision int
		VersionBumped    bool
	}
	get := func(before model.Claim) state {
		c := f.claim(t, before.ID)
		at := ""
		if !c.Orphan {
			at = text.NewIndex(f.newText).Slice(c.Start, c.End)
		}
		return state{c.Quote.Exact, at, c.Orphan, c.ChangedSinceVerdict, c.ChangedFrom, c.AnchoredRevision, c.Version > before.Version}
	}
	for _, tc := range []struct {
		name   string
		before model.Claim
		want   state
	}{
		{"unchanged", f.unchanged, state{"Ferry link approved", "Ferry link approved", false, false, "", 2, false}},
		{"moved", f.moved, state{"voted 7–2 on Tuesday", "voted 7–2 on Tuesday", false, false, "", 2, true}},
		{"changed", f.changed, state{"Tickets will cost €5", "Tickets will cost €5", false, true, "Tickets will cost €4", 2, true}},
		{"orphaned", f.orphan, state{"The port authority was not invited", "", true, false, "", 1, true}},
	} {
		if diff := cmp.Diff(tc.want, get(tc.before)); diff != "" {
			t.Errorf("%s claim (-want +got):\n%s", tc.name, diff)
		}
	}

	// The moved claim's party mark moved with it; the orphan's party
	// lost its mark but kept its name.
	moved := f.claim(t, f.moved.ID)
	if p := moved.Parties[0]; !p.Anchored() || text.NewIndex(f.newText).Slice(*p.Start, *p.End) != "Pellmoor council" {
		t.Errorf("moved claim's party %+v is not on “Pellmoor council”", p)
	}
	orphan := f.claim(t, f.orphan.ID)
	if p := orphan.Parties[0]; p.Anchored() || p.Name != "port authority" {
		t.Errorf("orphan's party = %+v, want port authority, unmarked", p)
	}
}

func TestAddRevisionHistory(t *testing.T) {
	f := newRevisionFixture(t)
	f.add(t, f.newText)
	ctx := context.Background()
	lastAnchor := func(id int64) model.Event {
		t.Helper()
		h, err := f.d.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(h) - 1; i >= 0; i-- {
			if h[i].Field == model.EventAnchor {
				return h[i]
			}
		}
		t.Fatalf("claim %d has no anchor event in %+v", id, h)
		return model.Event{}
	}
	type ev struct{ Label, From, To, User string }
	words := func(e model.Event) ev {
		w := e.Words()
		return ev{w.Label, w.From, w.To, e.User}
	}
	for _, tc := range []struct {
		name string
		id   int64
		want ev
	}{
		{"moved", f.moved.ID, ev{"Moved by a revision", "“voted 7–2 on Tuesday” (revision 1)", "“voted 7–2 on Tuesday” (revision 2)", "rev"}},
		{"changed", f.changed.ID, ev{"Words changed by a revision", "“Tickets will cost €4” (revision 1)", "“Tickets will cost €5” (revision 2)", "rev"}},
		{"orphaned", f.orphan.ID, ev{"Orphaned by a revision: its words were not found", "“The port authority was not invited” (revision 1)", "", "rev"}},
	} {
		if diff := cmp.Diff(tc.want, words(lastAnchor(tc.id))); diff != "" {
			t.Errorf("%s: anchor event (-want +got):\n%s", tc.name, diff)
		}
	}
	h, err := f.d.History(ctx, f.unchanged.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 {
		t.Errorf("the unchanged claim has %d events, want only its creation: %+v", len(h), h)
	}
}

func TestAddRevisionSameTextStoresNothing(t *testing.T) {
	f := newRevisionFixture(t)
	res := f.add(t, revisionOld)
	if !res.Unchanged {
		t.Error("the same text was not reported unchanged")
	}
	if n := f.d.counts(t, "article_revisions")["article_revisions"]; n != 1 {
		t.Errorf("article_revisions = %d, want 1", n)
	}
	if got := f.claim(t, f.moved.ID).Version; got != f.moved.Version {
		t.Errorf("claim version %d, want %d", got, f.moved.Version)
	}
}

func TestAddRevisionStaleVersion(t *testing.T) {
	f := newRevisionFixture(t)
	_, err := f.d.AddRevision(context.Background(), f.article.ID, model.NewRevision{Doc: plainDoc(f.newText), IfVersion: f.article.Version + 5}, "rev")
	wantCode(t, err, model.EPRECONDITION, "-")
	if n := f.d.counts(t, "article_revisions")["article_revisions"]; n != 1 {
		t.Errorf("article_revisions = %d after a refused revision, want 1", n)
	}
}

func TestRevisionsAndEarlierClaims(t *testing.T) {
	f := newRevisionFixture(t)
	ctx := context.Background()
	// Listed once before the new revision, as the workspace does: the list
	// kept for revision 1 must not stand for revision 2.
	if before, err := f.d.Revisions(ctx, f.article.ID); err != nil || len(before) != 1 {
		t.Fatalf("before the new revision: %d revisions (%v), want 1", len(before), err)
	}
	f.add(t, f.newText)
	list, err := f.d.Revisions(ctx, f.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d revisions, want 2", len(list))
	}
	if list[0].Reanchored != nil {
		t.Errorf("revision 1 reanchored %+v, want none", list[0].Reanchored)
	}
	if list[1].Reanchored == nil || list[1].Reanchored.Orphaned != 1 {
		t.Errorf("revision 2 reanchored %+v, want one orphan", list[1].Reanchored)
	}
	if list[0].TextSHA256 == list[1].TextSHA256 || len(list[0].TextSHA256) != 64 {
		t.Errorf("text hashes %q and %q: want two different SHA-256s", list[0].TextSHA256, list[1].TextSHA256)
	}
	if list[1].Text != "" {
		t.Error("the list holds the revisions' text")
	}
	rv, err := f.d.Revision(ctx, f.article.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rv.Text != revisionOld {
		t.Errorf("revision 1 text %q, want the old text", rv.Text)
	}
	_, err = f.d.Revision(ctx, f.article.ID, 3)
	wantCode(t, err, model.ENOTFOUND, "")

	// Revision 1 shows its four claims where they stood.
	then, err := f.d.ClaimsAtRevision(ctx, f.article.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	old := text.NewIndex(revisionOld)
	got := map[int64]string{}
	for _, c := range then {
		got[c.ID] = old.Slice(c.Start, c.End)
	}
	want := map[int64]string{f.unchanged.ID: "Ferry link approved", f.moved.ID: "voted 7–2 on Tuesday",
		f.changed.ID: "Tickets will cost €4", f.orphan.ID: "The port authority was not invited"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("claims at revision 1 (-want +got):\n%s", diff)
	}
	now, err := f.d.ClaimsAtRevision(ctx, f.article.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(now) != 3 {
		t.Errorf("%d claims at revision 2, want 3 (the orphan is not in the text)", len(now))
	}
}

func TestSettingStatusClearsChangedWords(t *testing.T) {
	f := newRevisionFixture(t)
	f.add(t, f.newText)
	ctx := context.Background()
	before := f.claim(t, f.changed.ID)
	c, err := f.d.UpdateClaim(ctx, f.changed.ID, model.ClaimUpdate{Status: ptr(model.StatusFalse), Comment: "Still false at €5.", IfVersion: before.Version}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if c.ChangedSinceVerdict || c.ChangedFrom != "" {
		t.Errorf("after confirming the status: changed %v from %q, want cleared", c.ChangedSinceVerdict, c.ChangedFrom)
	}
	if c.VerdictRevision != 2 {
		t.Errorf("verdict revision %d, want 2", c.VerdictRevision)
	}
	// The moved claim was verified against revision 1 and still says so.
	if got := f.claim(t, f.moved.ID).VerdictRevision; got != 1 {
		t.Errorf("moved claim's verdict revision %d, want 1", got)
	}
}

func TestReattachAndDismissOrphan(t *testing.T) {
	f := newRevisionFixture(t)
	f.add(t, f.newText)
	ctx := context.Background()
	orphan := f.claim(t, f.orphan.ID)

	_, err := f.d.DismissOrphan(ctx, f.moved.ID, 0, "ed")
	wantCode(t, err, model.ECONFLICT, "")

	s, e := span(t, f.newText, "the council published its minutes")
	c, err := f.d.ReattachClaim(ctx, orphan.ID, s, e, orphan.Version, "ed")
	if err != nil {
		t.Fatal(err)
	}
	type state struct {
		Orphan      bool
		Exact       string
		Revision    int
		Changed     bool
		ChangedFrom string
	}
	want := state{false, "the council published its minutes", 2, true, "The port authority was not invited"}
	if diff := cmp.Diff(want, state{c.Orphan, c.Quote.Exact, c.AnchoredRevision, c.ChangedSinceVerdict, c.ChangedFrom}); diff != "" {
		t.Errorf("re-attached claim (-want +got):\n%s", diff)
	}
	h, err := f.d.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1].Words(); last.Label != "Re-attached" {
		t.Errorf("last event %+v, want Re-attached", last)
	}

	_, err = f.d.ReattachClaim(ctx, c.ID, 0, 9999, 0, "ed")
	wantCode(t, err, model.EINVALID, "end")

	// A second revision orphans it again; dismissing keeps it.
	f.add(t, "Ferry link approved\n\nSomething else entirely.")
	c = f.claim(t, c.ID)
	if !c.Orphan {
		t.Fatal("the claim is not an orphan after its words went")
	}
	c, err = f.d.DismissOrphan(ctx, c.ID, c.Version, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if !c.OrphanDismissed || !c.Orphan {
		t.Errorf("dismissed orphan: orphan %v dismissed %v, want both", c.Orphan, c.OrphanDismissed)
	}
}

func TestOrphanFoundAgain(t *testing.T) {
	f := newRevisionFixture(t)
	f.add(t, f.newText)
	f.add(t, revisionOld) // the publisher restores the sentence
	c := f.claim(t, f.orphan.ID)
	if c.Orphan {
		t.Fatal("the orphan was not found again when its words came back")
	}
	if got := text.NewIndex(revisionOld).Slice(c.Start, c.End); got != "The port authority was not invited" {
		t.Errorf("found again at %q", got)
	}
}

func TestUpdateArticleMetadata(t *testing.T) {
	f := newRevisionFixture(t)
	ctx := context.Background()
	a, err := f.d.UpdateArticle(ctx, f.article.ID, model.ArticleUpdate{Title: ptr("  Ferry   link  "), Dir: ptr("RTL"), Lang: ptr("ar"), IfVersion: f.article.Version}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	type meta struct {
		Title, Dir, Lang string
		Version          int
	}
	if diff := cmp.Diff(meta{"Ferry link", "rtl", "ar", f.article.Version + 1}, meta{a.Title, a.Dir, a.Lang, a.Version}); diff != "" {
		t.Errorf("updated (-want +got):\n%s", diff)
	}
	_, err = f.d.UpdateArticle(ctx, f.article.ID, model.ArticleUpdate{Title: ptr("x"), IfVersion: f.article.Version}, "ed")
	wantCode(t, err, model.EPRECONDITION, "-")
	_, err = f.d.UpdateArticle(ctx, f.article.ID, model.ArticleUpdate{Title: ptr(" ")}, "ed")
	wantCode(t, err, model.EINVALID, "title")
	_, err = f.d.UpdateArticle(ctx, f.article.ID, model.ArticleUpdate{URL: ptr("javascript:alert(1)")}, "ed")
	wantCode(t, err, model.EINVALID, "url")
	_, err = f.d.UpdateArticle(ctx, f.article.ID, model.ArticleUpdate{Dir: ptr("up")}, "ed")
	wantCode(t, err, model.EINVALID, "dir")
}

func TestFetchedPageKeptWithRevision(t *testing.T) {
	f := newRevisionFixture(t)
	ctx := context.Background()
	page := model.FetchedPage{URL: "https://ledger.example/ferry", FinalURL: "https://ledger.example/ferry?v=2", ContentType: "text/html",
		Body: []byte("<html><p>raw</p></html>"), FetchedAt: epoch, FetchedBy: "rev"}
	_, err := f.d.AddRevision(ctx, f.article.ID, model.NewRevision{Doc: plainDoc(f.newText), Origin: model.OriginRefetch, Page: &page}, "rev")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.d.FetchedPage(ctx, f.article.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != string(page.Body) {
		t.Errorf("stored body %q", got.Body)
	}
	sum := sha256.Sum256(page.Body)
	if want := hex.EncodeToString(sum[:]); got.SHA256 != want {
		t.Errorf("sha256 %s, want %s", got.SHA256, want)
	}
	list, err := f.d.Revisions(ctx, f.article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p := list[1].Page; p == nil || p.SHA256 != got.SHA256 || p.Size != len(page.Body) || p.FinalURL != page.FinalURL {
		t.Errorf("revision 2 page %+v, want the stored page's hash, size and URL", p)
	}
	_, err = f.d.FetchedPage(ctx, f.article.ID, 1)
	wantCode(t, err, model.ENOTFOUND, "")
}
