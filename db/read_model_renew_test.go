package db_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// TestEveryClaimTableStampsClaimChanges lists the tables with a claim_id or
// article_id column or a foreign key to claims, and checks that each has
// triggers stamping the claims (or the article, as claim 0) it changes in
// claim_changes on insert, update and delete (migration 0053): a table
// added without them would let the read model renew an entry without the
// claims its rows changed.
func TestEveryClaimTableStampsClaimChanges(t *testing.T) {
	d := MustOpenDB(t)
	r := d.raw(t)
	exempt := notArticleData
	rows, err := r.Query(`SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
			WHERE m.type = 'table' AND c.name IN ('claim_id', 'article_id')
		UNION SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
			WHERE m.type = 'table' AND f."table" IN ('claims', 'articles')
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	type check struct{ table, ev string }
	var checks []check
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, ok := exempt[name]; ok {
			continue
		}
		for _, ev := range []string{"INSERT", "UPDATE", "DELETE"} {
			checks = append(checks, check{name, ev})
		}
	}
	rows.Close()
	if len(checks) < 3*10 {
		t.Fatalf("found only %d tables: the query missed some", len(checks)/3)
	}
	// The article's own row (a new article has no entry to renew; a deleted
	// one's stamps go with it), and the shared sources cited by claims.
	checks = append(checks, check{"articles", "UPDATE"}, check{"sources", "UPDATE"},
		check{"source_snapshots", "INSERT"}, check{"source_snapshots", "UPDATE"}, check{"source_snapshots", "DELETE"})
	for _, c := range checks {
		var n int
		err := r.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?
			AND sql LIKE '%AFTER ' || ? || ' ON%' AND sql LIKE '%INSERT INTO claim_changes%'`, c.table, c.ev).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("table %s has no trigger stamping claim_changes AFTER %s (add one in its migration, see 0053_claim_changes.sql)", c.table, c.ev)
		}
	}
}

// renewFixture is a store with two articles of generated text and claims
// (a of many, b of a few) that share a registry party and a source, and
// the writes of every kind the store offers on them, picked at random.
type renewFixture struct {
	t    testing.TB
	d    *testDB
	ctx  context.Context
	a, b model.Article
	doc  model.Article // the generated article both were made from
	pool []model.Claim // generated claims not stored yet, for creating
	mu   sync.Mutex    // guards pool and revs
	revs int           // revisions added
}

const sharedParty = "Pellmoor Council"

func newRenewFixture(t testing.TB, claimsA, claimsB int) *renewFixture {
	t.Helper()
	f := &renewFixture{t: t, d: MustOpenDB(t), ctx: context.Background(), doc: fixture.Article(3000)}
	gen := fixture.Claims(f.doc, claimsA+claimsB+200)
	f.pool = gen[claimsA+claimsB:]
	f.a = f.article("Renewed", gen[:claimsA])
	f.b = f.article("Other", gen[claimsA:claimsA+claimsB])
	return f
}

func (f *renewFixture) article(title string, claims []model.Claim) model.Article {
	f.t.Helper()
	a, err := f.d.CreateArticle(f.ctx, model.NewArticle{Title: title, Doc: text.Document{Text: f.doc.Text, Blocks: f.doc.Blocks}}, "ed")
	if err != nil {
		f.t.Fatal(err)
	}
	var ncs []model.NewClaim
	for i, c := range claims {
		ncs = append(ncs, genClaim(c, i%3 == 0))
	}
	_, errs, err := f.d.CreateClaims(f.ctx, a.ID, ncs, "ed")
	if err = errors.Join(append(errs, err)...); err != nil {
		f.t.Fatal(err)
	}
	return a
}

// genClaim is c to store, with the shared registry party when shared.
func genClaim(c model.Claim, shared bool) model.NewClaim {
	nc := fixture.NewClaim(c)
	if shared {
		nc.Parties = append(nc.Parties, model.NewParty{Name: sharedParty, Role: model.RoleSubject})
	}
	return nc
}

// claims returns the claims of article id as stored, bypassing the read
// model.
func (f *renewFixture) claims(id int64) []model.Claim {
	f.t.Helper()
	_, cs, err := f.d.ArticleWithClaimsFull(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return cs
}

// write is one write through the store's public methods.
type write struct {
	name string
	do   func(r *rand.Rand) error
}

// writes lists the writes, each on a claim picked at random from article a
// or, for some, b.
func (f *renewFixture) writes() []write {
	ctx, d := f.ctx, f.d
	pick := func(r *rand.Rand, id int64) (model.Claim, bool) {
		cs := f.claims(id)
		if len(cs) == 0 {
			return model.Claim{}, false
		}
		return cs[r.IntN(len(cs))], true
	}
	either := func(r *rand.Rand) int64 {
		if r.IntN(4) == 0 {
			return f.b.ID
		}
		return f.a.ID
	}
	onClaim := func(fn func(r *rand.Rand, c model.Claim) error) func(r *rand.Rand) error {
		return func(r *rand.Rand) error {
			c, ok := pick(r, either(r))
			if !ok {
				return errSkip
			}
			return fn(r, c)
		}
	}
	// cited picks a claim with sources, of either article.
	cited := func(fn func(r *rand.Rand, c model.Claim) error) func(r *rand.Rand) error {
		return func(r *rand.Rand) error {
			var with []model.Claim
			for _, c := range append(f.claims(f.a.ID), f.claims(f.b.ID)...) {
				if len(c.Sources) > 0 {
					with = append(with, c)
				}
			}
			if len(with) == 0 {
				return errSkip
			}
			return fn(r, with[r.IntN(len(with))])
		}
	}
	entity := func() (int64, error) {
		id, err := d.MatchPartyEntity(ctx, sharedParty)
		if err != nil || id == nil {
			return 0, fmt.Errorf("no entity for %q: %v", sharedParty, err)
		}
		return *id, nil
	}
	source := func(r *rand.Rand) *model.NewSource {
		// Few URLs, so that claims of both articles share sources.
		url := fmt.Sprintf("https://pellmoor.example/minutes/%d", r.IntN(3))
		return &model.NewSource{URL: url, Title: "Minutes"}
	}
	return []write{
		{"status", onClaim(func(r *rand.Rand, c model.Claim) error {
			st := model.Statuses()[r.IntN(len(model.Statuses()))]
			_, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &st}, "ed")
			return err
		})},
		{"note and assignee", onClaim(func(r *rand.Rand, c model.Claim) error {
			note, who, due := fmt.Sprint("note ", r.IntN(1000)), []string{"", "ed", "kim"}[r.IntN(3)], "2026-03-0"+fmt.Sprint(1+r.IntN(9))
			_, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Note: &note, Assignee: &who, Due: &due}, "ed")
			return err
		})},
		{"add party", onClaim(func(r *rand.Rand, c model.Claim) error {
			name := []string{sharedParty, "Mayor Ines Varga", "Port authority"}[r.IntN(3)]
			_, err := d.AddParty(ctx, c.ID, model.NewParty{Name: name, Role: model.RoleSpeaker}, "ed")
			return err
		})},
		{"remove party", onClaim(func(r *rand.Rand, c model.Claim) error {
			if len(c.Parties) == 0 {
				return errSkip
			}
			_, err := d.RemoveParty(ctx, c.ID, c.Parties[r.IntN(len(c.Parties))].ID, "ed")
			return err
		})},
		{"attach source", onClaim(func(r *rand.Rand, c model.Claim) error {
			_, err := d.AttachSource(ctx, c.ID, model.Attachment{Excerpt: "voted", Relation: model.RelationSupports, Source: source(r)}, "ed")
			return err
		})},
		{"detach source", cited(func(r *rand.Rand, c model.Claim) error {
			if len(c.Sources) == 0 {
				return errSkip
			}
			_, err := d.DetachSource(ctx, c.ID, c.Sources[r.IntN(len(c.Sources))].ID, "ed")
			return err
		})},
		{"archive a shared source", cited(func(r *rand.Rand, c model.Claim) error {
			if len(c.Sources) == 0 {
				return errSkip
			}
			s := c.Sources[r.IntN(len(c.Sources))]
			body := []string{"The council voted 7–2.", "Minutes not found."}[r.IntN(2)]
			_, err := d.ArchiveSource(ctx, model.NewSnapshot{SourceID: s.ID, URL: s.URL, FetchedAt: epoch, ContentType: "text/html",
				Raw: []byte("<p>" + body + "</p>"), Title: "Minutes", Text: body}, "ed")
			return err
		})},
		{"publish", onClaim(func(r *rand.Rand, c model.Claim) error {
			_, err := d.PublishClaim(ctx, c.ID, model.Publish{Rationale: "The minutes say so."}, "ed")
			return err
		})},
		{"withdraw", func(r *rand.Rand) error {
			for _, c := range f.claims(either(r)) {
				if c.Publication.IsPublished() {
					_, err := d.UnpublishClaim(ctx, c.ID, model.Unpublish{Reason: "Checked again."}, "ed")
					return err
				}
			}
			return errSkip
		}},
		{"second check", onClaim(func(r *rand.Rand, c model.Claim) error {
			if c.Check == nil || c.Check.State != model.CheckRequested {
				_, err := d.RequestCheck(ctx, c.ID, model.CheckRequest{Comment: "Please look."}, "ed")
				return err
			}
			var err error
			if r.IntN(2) == 0 {
				_, err = d.ApproveCheck(ctx, c.ID, model.CheckDecision{Comment: "Agreed."}, "kim")
			} else {
				_, err = d.SendBackCheck(ctx, c.ID, model.CheckDecision{Comment: "Not yet."}, "kim")
			}
			return err
		})},
		{"comment", onClaim(func(r *rand.Rand, c model.Claim) error {
			cm, err := d.AddComment(ctx, c.ID, "Is this the March meeting?", "ed")
			if err != nil || r.IntN(2) == 0 {
				return err
			}
			if _, err := d.EditComment(ctx, cm.ID, "Is this the April meeting?", "ed"); err != nil {
				return err
			}
			_, err = d.DeleteComment(ctx, cm.ID, "ed")
			return err
		})},
		{"create claim", func(r *rand.Rand) error {
			f.mu.Lock()
			if len(f.pool) == 0 || f.revs > 0 {
				f.mu.Unlock()
				return errSkip // offsets of the generated claims hold for the first revision only
			}
			c := f.pool[0]
			f.pool = f.pool[1:]
			f.mu.Unlock()
			_, err := d.CreateClaim(ctx, either(r), genClaim(c, r.IntN(2) == 0), "ed")
			return err
		}},
		{"delete claim", onClaim(func(r *rand.Rand, c model.Claim) error { return d.DeleteClaim(ctx, c.ID, 0) })},
		{"bulk status", func(r *rand.Rand) error {
			cs := f.claims(f.a.ID)
			if len(cs) < 3 {
				return errSkip
			}
			st := model.Statuses()[r.IntN(len(model.Statuses()))]
			_, err := d.BulkUpdateClaims(ctx, f.a.ID, model.BulkClaimUpdate{ClaimIDs: []int64{cs[0].ID, cs[len(cs)/2].ID, cs[len(cs)-1].ID}, Status: &st}, "ed")
			return err
		}},
		{"link and unlink across articles", func(r *rand.Rand) error {
			c, ok := pick(r, f.a.ID)
			o, ok2 := pick(r, f.b.ID)
			if !ok || !ok2 {
				return errSkip
			}
			if _, err := d.LinkClaims(ctx, c.ID, o.ID, "ed"); err != nil || r.IntN(2) == 0 {
				return err
			}
			_, err := d.UnlinkClaims(ctx, c.ID, o.ID, "ed")
			return err
		}},
		{"copy sources from the other article", cited(func(r *rand.Rand, o model.Claim) error {
			c, ok := pick(r, f.a.ID)
			if !ok || o.ArticleID == f.a.ID {
				return errSkip
			}
			_, _, err := d.CopySources(ctx, c.ID, o.ID, "ed")
			return err
		})},
		{"article title", func(r *rand.Rand) error {
			title := fmt.Sprint("Title ", r.IntN(1000))
			_, err := d.UpdateArticle(ctx, either(r), model.ArticleUpdate{Title: &title}, "ed")
			return err
		}},
		{"assign article", func(r *rand.Rand) error {
			who := []string{"", "ed", "kim"}[r.IntN(3)]
			_, err := d.AssignArticle(ctx, either(r), model.ArticleAssignment{Assignee: &who}, "ed")
			return err
		}},
		{"registry: rename and retype the shared party", func(r *rand.Rand) error {
			id, err := entity()
			if err != nil {
				return err
			}
			typ := []model.PartyType{model.PartyPerson, model.PartyOrganization, model.PartyGroup}[r.IntN(3)]
			name := []string{sharedParty, "Pellmoor Town Council"}[r.IntN(2)]
			_, err = d.UpdatePartyEntity(ctx, id, model.PartyEntityPatch{Name: &name, Type: &typ}, "ed")
			return err
		}},
		{"registry: merge another party into the shared one", func(r *rand.Rand) error {
			into, err := entity()
			if err != nil {
				return err
			}
			from, err := d.MatchPartyEntity(ctx, "Port authority")
			if err != nil {
				return err
			}
			if from == nil || *from == into {
				return errSkip
			}
			_, err = d.MergePartyEntities(ctx, *from, into, "ed")
			return err
		}},
		{"revision", func(r *rand.Rand) error {
			f.mu.Lock()
			if f.revs >= 2 || r.IntN(4) != 0 {
				f.mu.Unlock()
				return errSkip // rare: it re-anchors every claim
			}
			f.revs++
			n := f.revs
			f.mu.Unlock()
			_, err := d.AddRevision(ctx, f.a.ID, model.NewRevision{Doc: plainDoc(fmt.Sprintf("%s\n\nA correction, number %d.", f.doc.Text, n)), Origin: model.OriginText}, "ed")
			return err
		}},
	}
}

// errSkip is returned by a write that found nothing to do.
var errSkip = errors.New("nothing to write")

// domainError reports whether err is a refusal the store gives users (a
// write that made no sense for the claim picked), not a failure.
func domainError(err error) bool {
	var e *model.Error
	return errors.As(err, &e) && e.Code != model.EINTERNAL
}

// TestReadModelRenewedClaimByClaim applies random writes of every kind to
// two articles sharing a registry party and sources, reading the first (and
// now and then the second) after most of them, and checks that each read,
// renewed from the read model, equals the article read whole from the
// tables. Reads skipped let an entry fall several writes behind.
func TestReadModelRenewedClaimByClaim(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			f := newRenewFixture(t, 120, 15)
			ws := f.writes()
			r := rand.New(rand.NewPCG(seed, 53))
			done := map[string]int{}
			check := func(step string, id int64) {
				t.Helper()
				gotA, gotC, err := f.d.ArticleWithClaims(f.ctx, id)
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				wantA, wantC, err := f.d.ArticleWithClaimsFull(f.ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(gotA, wantA) {
					t.Fatalf("after %s: article %d renewed differs from the stored one:\n got %+v\nwant %+v", step, id, gotA, wantA)
				}
				if !reflect.DeepEqual(gotC, wantC) {
					t.Fatalf("after %s: claims of article %d renewed differ from the stored ones:\n%s", step, id, claimsDiff(gotC, wantC))
				}
			}
			check("nothing", f.a.ID)
			check("nothing", f.b.ID)
			for i := range 300 {
				w := ws[r.IntN(len(ws))]
				err := w.do(r)
				switch {
				case err == nil:
					done[w.name]++
				case errors.Is(err, errSkip):
				case !domainError(err):
					t.Fatalf("write %d, %s: %v", i, w.name, err)
				}
				step := fmt.Sprintf("write %d, %s", i, w.name)
				if r.IntN(3) > 0 {
					check(step, f.a.ID)
				}
				if r.IntN(3) == 0 {
					check(step, f.b.ID)
				}
			}
			check("the last write", f.a.ID)
			check("the last write", f.b.ID)
			for _, w := range ws {
				if done[w.name] == 0 && w.name != "revision" {
					t.Errorf("no %q write succeeded: the test does not cover it", w.name)
				}
			}
			t.Logf("writes done: %v", done)
			// A third article, one of whose claims is linked to one of
			// a's: deleting it takes the link from a's claim, by cascade.
			third := f.article("Third", f.pool[:5])
			cs := f.claims(third.ID)
			if _, err := f.d.LinkClaims(f.ctx, f.claims(f.a.ID)[0].ID, cs[0].ID, "ed"); err != nil {
				t.Fatal(err)
			}
			check("linking a claim of a third article", f.a.ID)
			check("linking a claim of a third article", third.ID)
			if err := f.d.DeleteArticle(f.ctx, third.ID, 0); err != nil {
				t.Fatal(err)
			}
			if _, _, err := f.d.ArticleWithClaims(f.ctx, third.ID); model.ErrorCode(err) != model.ENOTFOUND {
				t.Errorf("deleted article: %v, want not found", err)
			}
			check("deleting the third article", f.a.ID)
			var left int
			if err := f.d.raw(t).QueryRow(`SELECT count(*) FROM claim_changes WHERE article_id = ?`, third.ID).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left != 0 {
				t.Errorf("%d stamps of the deleted article left behind", left)
			}
			if f.d.Renewals() == 0 {
				t.Error("no entry was renewed claim by claim: the test does not cover renewing")
			}
		})
	}
}

// claimsDiff says where two lists of claims first differ.
func claimsDiff(got, want []model.Claim) string {
	if len(got) != len(want) {
		ids := func(cs []model.Claim) []int64 {
			var out []int64
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		return fmt.Sprintf("%d claims, want %d:\n got %v\nwant %v", len(got), len(want), ids(got), ids(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("claim %d (at %d):\n got %+v\nwant %+v", want[i].ID, i, got[i], want[i])
		}
	}
	return "equal"
}

// TestReadModelRenewedUnderConcurrentWrites runs writers applying random
// writes to both articles while readers read the first: every read, from
// the read model renewed or not, must equal the article read whole in the
// reader's own snapshot.
func TestReadModelRenewedUnderConcurrentWrites(t *testing.T) {
	f := newRenewFixture(t, 200, 20)
	// A revision is rare here: a full reload, covered above.
	reads, writes := readWhileWriting(t, f, 2, 3, map[string]bool{"revision": true}, nil)
	if reads == 0 || writes == 0 {
		t.Fatalf("%d reads and %d writes: the test did not run both", reads, writes)
	}
	if f.d.Renewals() == 0 {
		t.Error("no entry was renewed claim by claim: the test does not cover renewing")
	}
	t.Logf("%d reads, %d writes, %d entries renewed claim by claim", reads, writes, f.d.Renewals())
}

// readWhileWriting runs, for three seconds, writers goroutines making f's
// writes (but those named in skip) and readers goroutines each comparing
// what a read returns with its own snapshot (ArticleWithClaimsChecked),
// calling prepare before each read when it is not nil. It reports every
// difference and returns how many reads and writes ran.
func readWhileWriting(t *testing.T, f *renewFixture, writers, readers int, skip map[string]bool, prepare func()) (reads, writes int64) {
	t.Helper()
	ws := f.writes()
	deadline := time.Now().Add(3 * time.Second)
	var (
		wg     sync.WaitGroup
		errs   = make(chan error, 100)
		nr, nw atomic.Int64
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 53))
			for time.Now().Before(deadline) {
				wr := ws[r.IntN(len(ws))]
				if skip[wr.name] {
					continue
				}
				if err := wr.do(r); err != nil && !errors.Is(err, errSkip) && !domainError(err) {
					errs <- fmt.Errorf("writer %d, %s: %w", w, wr.name, err)
					return
				}
				nw.Add(1)
			}
		}()
	}
	for range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if prepare != nil {
					prepare()
				}
				got, want, gotC, wantC, err := f.d.ArticleWithClaimsChecked(f.ctx, f.a.ID)
				if err != nil {
					errs <- err
					return
				}
				nr.Add(1)
				if !reflect.DeepEqual(got, want) {
					errs <- fmt.Errorf("article at %d differs from its snapshot's:\n got %+v\nwant %+v", want.Changes, got, want)
					return
				}
				if !reflect.DeepEqual(gotC, wantC) {
					errs <- fmt.Errorf("claims at %d differ from their snapshot's: %s", want.Changes, claimsDiff(gotC, wantC))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	return nr.Load(), nw.Load()
}

// TestFirstReadsUnderConcurrentWrites is TestReadModelRenewedUnderConcurrentWrites
// for the first read after a restart (the read model emptied before each
// read), which reads the claims' parties on a second connection: what it
// returns must be what its own snapshot holds, whichever connection read
// the parties and whatever the writers committed in between.
func TestFirstReadsUnderConcurrentWrites(t *testing.T) {
	f := newRenewFixture(t, 200, 20)
	reads, writes := readWhileWriting(t, f, 1, 2, nil, f.d.ForgetReads)
	used, refused := f.d.PartiesAside()
	if reads == 0 || writes == 0 || used == 0 {
		t.Fatalf("%d reads, %d writes, %d reads with the parties read aside: the test did not run all three", reads, writes, used)
	}
	t.Logf("%d reads, %d writes; parties read aside and used %d times, refused (another snapshot) %d times", reads, writes, used, refused)
}
