package db_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// TestClaimsNearFromTheReadModelMatchTheTables checks that the claims near a
// range come out the same whether the read model holds the article (picked
// in memory, renewed after writes) or not (read through the indexes): for
// ranges across the text, a party marked far from its claim, an orphan
// with a party still marked, and after a status change, a new party and a
// deleted claim.
func TestClaimsNearFromTheReadModelMatchTheTables(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	// A second store on the same file, whose read model never holds the
	// article: it reads the tables.
	tables, err := db.Open(ctx, d.path)
	if err != nil {
		t.Fatal(err)
	}
	defer tables.Close()

	fa := fixture.Article(3000)
	a, err := d.CreateArticle(ctx, model.NewArticle{Title: "Near", Doc: text.Document{Text: fa.Text, Blocks: fa.Blocks}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	ncs := fixture.NewClaims(fixture.Claims(fa, 120))
	// A claim near the start whose party is marked near the end.
	s, e, ps, pe := 10, 20, len([]rune(fa.Text))-40, len([]rune(fa.Text))-30
	ncs = append(ncs, model.NewClaim{Start: &s, End: &e, Kind: model.KindOther,
		Parties: []model.NewParty{{Name: "Far away", Role: model.RoleSpeaker, Start: &ps, End: &pe}}})
	claims, errs, err := d.CreateClaims(ctx, a.ID, ncs, "ed")
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("claim %d: %v", i, err)
		}
	}
	// An orphan keeps its marked party.
	w, err := sql.Open("sqlite", "file:"+d.path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`UPDATE claims SET orphan = 1 WHERE id = ?`, claims[50].ID); err != nil {
		t.Fatal(err)
	}

	n := len([]rune(fa.Text))
	compare := func(when string) {
		t.Helper()
		if _, _, err := d.ArticleWithClaims(ctx, a.ID); err != nil { // the read model holds the article
			t.Fatal(err)
		}
		ranges := [][2]int{{ps, pe}, {claims[50].Start, claims[50].End}, {0, 1}, {n - 1, n}}
		for lo := 0; lo < n; lo += 97 {
			ranges = append(ranges, [2]int{lo, min(lo+150, n)})
		}
		for _, r := range ranges {
			articleFromModel, fromModel, err := d.ArticleWithClaimsNear(ctx, a.ID, r[0], r[1])
			if err != nil {
				t.Fatal(err)
			}
			articleFromTables, fromTables, err := tables.ArticleWithClaimsNear(ctx, a.ID, r[0], r[1])
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(articleFromTables, articleFromModel); diff != "" {
				t.Fatalf("%s, the article (-tables +read model):\n%s", when, diff)
			}
			if len(fromTables) == 0 && r[0] == ps {
				t.Fatalf("%s: no claim near the far party's words", when)
			}
			if diff := cmp.Diff(fromTables, fromModel, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s, claims near [%d, %d) (-tables +read model):\n%s", when, r[0], r[1], diff)
			}
		}
	}
	compare("as stored")
	st := model.StatusFalse
	if claims[3].Status == st {
		st = model.StatusVerified
	}
	if _, err := d.UpdateClaim(ctx, claims[3].ID, model.ClaimUpdate{Status: &st}, "ed"); err != nil {
		t.Fatal(err)
	}
	far := ps - 200
	if _, err := d.AddParty(ctx, claims[7].ID, model.NewParty{Name: "Marked later", Role: model.RoleInvited, Start: &far, End: &ps}, "ed"); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteClaim(ctx, claims[9].ID, 0); err != nil {
		t.Fatal(err)
	}
	compare("after a status change, a new party and a deleted claim")
}
