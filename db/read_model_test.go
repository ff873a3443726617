package db_test

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// notArticleData are the tables with a claim_id or article_id column whose
// writes never change what ArticleWithClaims returns: they need neither the
// counter's triggers (0030) nor the claims' stamps (0053).
var notArticleData = map[string]string{
	"article_changes":    "the counter itself",
	"claim_changes":      "the claims' stamps (migration 0053), written by the same writes as the counter",
	"claim_numbers":      "the next number only, bumped with a claim insert",
	"notifications":      "each user's inbox, never part of an article",
	"search_claim_texts": "the search index's copy of claim texts, kept by triggers of the tables it copies",
	"search_stale":       "the claims whose search documents a write transaction rewrites before it commits; empty outside one",
}

// TestEveryClaimTableBumpsArticleChanges lists the tables with a claim_id or
// an article_id column and checks that each has the triggers that bump the
// article's change counter on insert, update and delete (migration 0030):
// a table added without them would let the read model serve a workspace
// that misses its rows' changes.
func TestEveryClaimTableBumpsArticleChanges(t *testing.T) {
	d := MustOpenDB(t)
	r := d.raw(t)
	exempt := notArticleData
	rows, err := r.Query(`SELECT DISTINCT m.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name IN ('claim_id', 'article_id') ORDER BY m.name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if _, ok := exempt[name]; !ok {
			tables = append(tables, name)
		}
	}
	rows.Close()
	tables = append(tables, "articles", "source_snapshots")
	if len(tables) < 8 {
		t.Fatalf("found only %d tables (%v): the query missed some", len(tables), tables)
	}
	for _, table := range tables {
		for _, ev := range []string{"INSERT", "UPDATE", "DELETE"} {
			if table == "articles" && ev == "DELETE" {
				continue // the counter's row goes with the article
			}
			does := "%UPDATE article_changes SET n = n + 1%"
			if table == "articles" && ev == "INSERT" {
				does = "%INSERT INTO article_changes%" // the new article's counter
			}
			var n int
			err := r.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?
				AND sql LIKE '%AFTER ' || ? || ' ON%' AND sql LIKE ?`, table, ev, does).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("table %s has no trigger bumping article_changes AFTER %s (add one in its migration, see 0030_article_changes.sql)", table, ev)
			}
		}
	}
	var n int
	if err := r.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sources' AND sql LIKE '%AFTER UPDATE ON%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no trigger bumps the articles citing a source when the source changes")
	}
}

// TestArticleWithClaimsAfterEachWrite reads the article (filling the read
// model), applies one kind of write, and compares what ArticleWithClaims
// returns with the article and claims read without the read model.
func TestArticleWithClaimsAfterEachWrite(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", revisionOld)
	other := mustArticle(t, d, "Other", revisionOld)
	s, e := span(t, revisionOld, "voted 7–2 on Tuesday")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindEvent,
		Parties: []model.NewParty{{Name: "Council", Role: model.RoleSubject}}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	c, err = d.AttachSource(ctx, c.ID, model.Attachment{Excerpt: "voted 7–2", Relation: model.RelationSupports,
		Source: &model.NewSource{URL: "https://pellmoor.example/minutes", Title: "Minutes"}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	srcID := c.Sources[0].ID
	// The other article cites the same source: archiving it changes both.
	oc, err := d.CreateClaim(ctx, other.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindEvent}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AttachSource(ctx, oc.ID, model.Attachment{Excerpt: "voted", Relation: model.RelationContext,
		Source: &model.NewSource{URL: "https://pellmoor.example/minutes", Title: "Minutes"}}, "ed"); err != nil {
		t.Fatal(err)
	}
	current := func() model.Claim {
		t.Helper()
		got, err := d.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	steps := []struct {
		name  string
		write func() error
	}{
		{"status", func() error {
			st := model.StatusVerified
			_, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &st, IfVersion: current().Version}, "ed")
			return err
		}},
		{"add party", func() error {
			_, err := d.AddParty(ctx, c.ID, model.NewParty{Name: "Mayor", Role: model.RoleSpeaker}, "ed")
			return err
		}},
		{"remove party", func() error { _, err := d.RemoveParty(ctx, c.ID, current().Parties[0].ID, "ed"); return err }},
		{"publish", func() error {
			_, err := d.PublishClaim(ctx, c.ID, model.Publish{Rationale: "The minutes say so.", IfVersion: current().Version}, "ed")
			return err
		}},
		{"archive the source (cited by another article too)", func() error {
			_, err := d.ArchiveSource(ctx, model.NewSnapshot{SourceID: srcID, URL: "https://pellmoor.example/minutes", FetchedAt: epoch,
				ContentType: "text/html", Raw: []byte("<p>The council voted 7–2.</p>"), Title: "Minutes", Text: "The council voted 7–2."}, "ed")
			return err
		}},
		{"detach source", func() error { _, err := d.DetachSource(ctx, c.ID, srcID, "ed"); return err }},
		{"article metadata", func() error {
			title := "Ferry link approved, minutes out"
			_, err := d.UpdateArticle(ctx, a.ID, model.ArticleUpdate{Title: &title}, "ed")
			return err
		}},
		{"revision", func() error {
			_, err := d.AddRevision(ctx, a.ID, model.NewRevision{Doc: plainDoc(revisionNew), Origin: model.OriginText}, "ed")
			return err
		}},
		{"new claim", func() error {
			s, e := span(t, revisionNew, "published its minutes")
			_, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindEvent}, "ed")
			return err
		}},
		{"delete claim", func() error { return d.DeleteClaim(ctx, oc.ID, 0) }},
	}
	check := func(step string, articleID int64) int64 {
		t.Helper()
		gotA, gotC, err := d.ArticleWithClaims(ctx, articleID)
		if err != nil {
			t.Fatalf("after %s: %v", step, err)
		}
		// Changes names the state read; Article does not read it.
		changes := gotA.Changes
		if changes == 0 {
			t.Errorf("after %s: article %d read with change counter 0", step, articleID)
		}
		gotA.Changes = 0
		wantA, err := d.Article(ctx, articleID)
		if err != nil {
			t.Fatal(err)
		}
		wantC, err := d.ClaimsByArticle(ctx, articleID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotA, wantA) {
			t.Errorf("after %s: article %d from the read model differs from the stored one:\n got %+v\nwant %+v", step, articleID, gotA, wantA)
		}
		if !reflect.DeepEqual(gotC, wantC) {
			t.Errorf("after %s: claims of article %d from the read model differ from the stored ones:\n got %+v\nwant %+v", step, articleID, gotC, wantC)
		}
		return changes
	}
	for _, st := range steps {
		before := check("the read before "+st.name, a.ID) + check("the read before "+st.name, other.ID)
		if err := st.write(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		// The workspace's rendered memo is named by these counters: a
		// write must move on the counter of an article it changed.
		if after := check(st.name, a.ID) + check(st.name, other.ID); after <= before {
			t.Errorf("after %s: change counters sum to %d, %d before it: a write must bump one", st.name, after, before)
		}
	}
	if err := d.DeleteArticle(ctx, other.ID, 0); err != nil {
		t.Fatal(err)
	}
	_, _, err = d.ArticleWithClaims(ctx, other.ID)
	if got, want := model.ErrorCode(err), model.ENOTFOUND; got != want {
		t.Errorf("deleted article: code %q (%v), want %q", got, err, want)
	}
}

// TestArticleWithClaimsUnderConcurrentWrites runs writers that set a
// claim's note to increasing numbers while readers read the article: a
// read that starts after a write was acknowledged must show that write or
// a later one, never an earlier state, and every claim it shows must hold
// a note some writer committed.
func TestArticleWithClaimsUnderConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", revisionOld)
	const writers = 4
	claims := make([]model.Claim, writers)
	acked := make([]atomic.Int64, writers)
	for w := range writers {
		s, e := span(t, revisionOld, "voted 7–2 on Tuesday")
		c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindEvent, Note: "0"}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		claims[w] = c
	}
	deadline := time.Now().Add(2 * time.Second)
	var (
		wg     sync.WaitGroup
		errs   = make(chan error, 100)
		reads  atomic.Int64
		writes atomic.Int64
	)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int64(1); time.Now().Before(deadline); i++ {
				note := strconv.FormatInt(i, 10)
				if _, err := d.UpdateClaim(ctx, claims[w].ID, model.ClaimUpdate{Note: &note}, "ed"); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				acked[w].Store(i)
				writes.Add(1)
			}
		}()
	}
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				var floor [writers]int64
				for w := range writers {
					floor[w] = acked[w].Load()
				}
				_, got, err := d.ArticleWithClaims(ctx, a.ID)
				if err != nil {
					errs <- err
					return
				}
				reads.Add(1)
				for w, want := range claims {
					for _, c := range got {
						if c.ID != want.ID {
							continue
						}
						n, err := strconv.ParseInt(c.Note, 10, 64)
						if err != nil {
							errs <- fmt.Errorf("claim %d has note %q, which no writer wrote", c.ID, c.Note)
							return
						}
						if n < floor[w] {
							errs <- fmt.Errorf("claim %d read with note %d after note %d was acknowledged", c.ID, n, floor[w])
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if reads.Load() == 0 || writes.Load() == 0 {
		t.Fatalf("%d reads and %d writes: the test did not run both", reads.Load(), writes.Load())
	}
	t.Logf("%d reads, %d writes", reads.Load(), writes.Load())
}
