package db_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// similarSet is db/testdata/similar/claims.json.
type similarSet struct {
	Articles []struct {
		Key    string `json:"key"`
		Title  string `json:"title"`
		Claims []struct {
			Key       string   `json:"key"`
			Words     string   `json:"words"`
			Statement string   `json:"statement"`
			Parties   []string `json:"parties"`
		} `json:"claims"`
	} `json:"articles"`
	Pairs      [][2]string `json:"pairs"`
	NearMisses [][2]string `json:"near_misses"`
}

// loadSimilarSet stores the test set's articles and claims and returns the
// claim ids by key.
func loadSimilarSet(tb testing.TB, d *testDB) (similarSet, map[string]int64) {
	tb.Helper()
	raw, err := os.ReadFile("testdata/similar/claims.json")
	if err != nil {
		tb.Fatal(err)
	}
	var set similarSet
	if err := json.Unmarshal(raw, &set); err != nil {
		tb.Fatal(err)
	}
	ids := map[string]int64{}
	for _, a := range set.Articles {
		var words []string
		for _, c := range a.Claims {
			words = append(words, c.Words)
		}
		art := mustArticle(tb, d, a.Title, strings.Join(words, " "))
		for _, c := range a.Claims {
			nc := model.NewClaim{Statement: c.Statement}
			for _, p := range c.Parties {
				nc.Parties = append(nc.Parties, model.NewParty{Name: p, Role: model.RoleMentioned})
			}
			ids[c.Key] = mustClaim(tb, d, art, c.Words, nc).ID
		}
	}
	return set, ids
}

// similarFigures are recall at 1 and 5 over both directions of every pair,
// and the share of near-misses (either direction) shown as similar.
type similarFigures struct {
	queries, at1, at5      int
	nearMisses, falseMatch int
}

func (f similarFigures) String() string {
	return fmt.Sprintf("recall@1 %.2f (%d/%d), recall@5 %.2f (%d/%d), false matches %.2f (%d/%d near-misses)",
		float64(f.at1)/float64(f.queries), f.at1, f.queries, float64(f.at5)/float64(f.queries), f.at5, f.queries,
		float64(f.falseMatch)/float64(f.nearMisses), f.falseMatch, f.nearMisses)
}

func measureSimilar(tb testing.TB, d *testDB, set similarSet, ids map[string]int64) similarFigures {
	tb.Helper()
	ctx := context.Background()
	var f similarFigures
	rank := func(from, to string) int {
		got, err := d.SimilarClaims(ctx, ids[from])
		if err != nil {
			tb.Fatalf("similar %s: %v", from, err)
		}
		for i, s := range got {
			if s.ID == ids[to] {
				return i + 1
			}
		}
		return 0
	}
	for _, p := range set.Pairs {
		for _, dir := range [][2]string{{p[0], p[1]}, {p[1], p[0]}} {
			f.queries++
			r := rank(dir[0], dir[1])
			if r == 1 {
				f.at1++
			}
			if r >= 1 && r <= 5 {
				f.at5++
			} else {
				tb.Logf("pair %s → %s: not found", dir[0], dir[1])
			}
		}
	}
	for _, m := range set.NearMisses {
		f.nearMisses++
		if rank(m[0], m[1]) > 0 || rank(m[1], m[0]) > 0 {
			f.falseMatch++
			tb.Logf("near-miss %s ~ %s shown as similar", m[0], m[1])
		}
	}
	return f
}

// TestSimilarClaimsTestSet measures claim matching on the repository's
// test set; the figures are in the README ("Checked before"):
//
//	go test ./db -run TestSimilarClaimsTestSet -v
func TestSimilarClaimsTestSet(t *testing.T) {
	d := MustOpenDB(t)
	set, ids := loadSimilarSet(t, d)
	f := measureSimilar(t, d, set, ids)
	t.Log(f)
	if r := float64(f.at5) / float64(f.queries); r < 0.9 {
		t.Errorf("recall@5 = %.2f, want at least 0.9", r)
	}
	if r := float64(f.at1) / float64(f.queries); r < 0.8 {
		t.Errorf("recall@1 = %.2f, want at least 0.8", r)
	}
	if r := float64(f.falseMatch) / float64(f.nearMisses); r > 0.2 {
		t.Errorf("false-match rate = %.2f, want at most 0.2", r)
	}
}

func TestSimilarClaimsOtherArticlesOnly(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Old", "The Osterholm ferry fare rose to nine crowns. The Osterholm ferry fare rose to nine crowns again.")
	old := mustClaim(t, d, a, "The Osterholm ferry fare rose to nine crowns.", model.NewClaim{})
	b := mustArticle(t, d, "New", "A crossing on the Osterholm ferry now costs nine crowns, after the fare rose.")
	c := mustClaim(t, d, b, "A crossing on the Osterholm ferry now costs nine crowns, after the fare rose", model.NewClaim{})
	got, err := d.SimilarClaims(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("similar = %+v, want the old claim only", got)
	}
	if got[0].ID != old.ID {
		t.Errorf("similar = %d, want %d", got[0].ID, old.ID)
	}
	if got[0].ArticleTitle != "Old" {
		t.Errorf("article title = %q", got[0].ArticleTitle)
	}
	if got[0].Score < model.MinSimilarity || got[0].Score > 1 {
		t.Errorf("score = %v", got[0].Score)
	}
	if _, err := d.SimilarClaims(ctx, 999); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("similar of a missing claim: %v, want not found", err)
	}
}

func TestLinkClaimsAndCopySources(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Old", "The Osterholm ferry fare rose to nine crowns. Children travel free.")
	old := mustClaim(t, d, a, "The Osterholm ferry fare rose to nine crowns.", model.NewClaim{})
	sibling := mustClaim(t, d, a, "Children travel free.", model.NewClaim{})
	for _, att := range []model.Attachment{
		{Relation: model.RelationSupports, Excerpt: "Single: 9 cr.", Note: "fare table", Source: &model.NewSource{URL: "https://ferry.example/fares", Title: "Fare table"}},
		{Relation: model.RelationContext, Source: &model.NewSource{Reference: "Interview with the operator, 3 May", Title: "Operator interview"}},
	} {
		if _, err := d.AttachSource(ctx, old.ID, att, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	b := mustArticle(t, d, "New", "A crossing now costs nine crowns.")
	c := mustClaim(t, d, b, "A crossing now costs nine crowns.", model.NewClaim{})

	linked, err := d.LinkClaims(ctx, c.ID, old.ID, "vi")
	if err != nil {
		t.Fatal(err)
	}
	if len(linked.SameAs) != 1 {
		t.Fatalf("same as = %+v, want one", linked.SameAs)
	}
	if linked.SameAs[0] != (model.SameClaim{ID: old.ID, ArticleID: a.ID, Number: 1, ArticleTitle: "Old"}) {
		t.Errorf("same as = %+v", linked.SameAs[0])
	}
	other, err := d.Claim(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(other.SameAs) != 1 || other.SameAs[0].ID != c.ID {
		t.Errorf("the old claim's same as = %+v, want the new claim (symmetric)", other.SameAs)
	}
	for _, id := range []int64{c.ID, old.ID} {
		h, err := d.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		last := h[len(h)-1]
		if last.Field != model.EventSameClaim {
			t.Errorf("claim %d: last event %s, want same_claim", id, last.Field)
		}
		if last.Words().Label != "Linked as the same claim" {
			t.Errorf("claim %d: event words %q", id, last.Words())
		}
	}
	_, err = d.LinkClaims(ctx, old.ID, c.ID, "vi")
	wantCode(t, err, model.ECONFLICT, "claim_id")
	_, err = d.LinkClaims(ctx, old.ID, sibling.ID, "vi")
	wantCode(t, err, model.EINVALID, "claim_id")
	_, err = d.LinkClaims(ctx, old.ID, 999, "vi")
	wantCode(t, err, model.EINVALID, "claim_id")

	similar, err := d.SimilarClaims(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(similar) == 0 || !similar[0].Linked {
		t.Errorf("similar = %+v, want the linked claim marked", similar)
	}

	copied, n, err := d.CopySources(ctx, c.ID, old.ID, "vi")
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("copied %d, want 2", n)
	}
	if len(copied.Sources) != 2 {
		t.Fatalf("sources = %d, want 2", len(copied.Sources))
	}
	if got := copied.Sources[0]; got.Excerpt != "Single: 9 cr." || got.Note != "fare table" || got.Relation != model.RelationSupports {
		t.Errorf("first source copied as %+v", got)
	}
	if got := copied.Sources[1].Relation; got != model.RelationContext {
		t.Errorf("second source relation = %s", got)
	}
	h, err := d.History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := h[len(h)-1].Comment; got != fmt.Sprintf("Copied from claim %d", old.ID) {
		t.Errorf("copy event comment = %q", got)
	}
	_, _, err = d.CopySources(ctx, c.ID, old.ID, "vi")
	wantCode(t, err, model.ECONFLICT, "from")
	_, _, err = d.CopySources(ctx, c.ID, sibling.ID, "vi")
	wantCode(t, err, model.EINVALID, "from")

	if _, err := d.UnlinkClaims(ctx, old.ID, c.ID, "vi"); err != nil {
		t.Fatal(err)
	}
	un, err := d.Claim(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(un.SameAs) != 0 {
		t.Errorf("same as after unlink = %+v", un.SameAs)
	}
}
