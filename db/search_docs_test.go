package db_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
)

// The claims' search documents are rewritten, and the new parties' written,
// once, just before each write commits (migrations 0052 and 0055): after every kind of write they hold exactly
// what the base tables say, and nothing is left noted for later.
func TestSearchDocsMatchTheClaimsAfterEveryWrite(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	r := d.raw(t)
	// FTS5's integrity-check is written as an insert: it needs a
	// connection that may write.
	w, err := sql.Open("sqlite", "file:"+d.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	a := mustArticle(t, d, "Harbour talks", "The mayor invited the ferry union and the port authority to talks on Monday. The fishermen were not invited.")
	check := func(after string) {
		t.Helper()
		if n := count(t, r, `SELECT count(*) FROM search_stale`); n != 0 {
			t.Errorf("after %s: %d claims still noted in search_stale", after, n)
		}
		if n := count(t, r, `SELECT count(*) FROM search_stale_parties`); n != 0 {
			t.Errorf("after %s: %d parties still noted in search_stale_parties", after, n)
		}
		same(t, r, after, "search_claims",
			`SELECT rowid, statement, exact, note, rationale, parties FROM search_claims ORDER BY rowid`,
			`SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs ORDER BY claim_id`)
		same(t, r, after, "search_claim_words",
			`SELECT rowid, statement, exact, '', '', '' FROM search_claim_words ORDER BY rowid`,
			`SELECT id, statement, exact, '', '', '' FROM claims ORDER BY id`)
		// search_parties takes its text from parties (external content):
		// with rank 1, its integrity-check compares the index with them.
		for _, table := range []string{"search_claims", "search_claim_words", "search_parties"} {
			if _, err := w.Exec(`INSERT INTO ` + table + ` (` + table + `, rank) VALUES ('integrity-check', 1)`); err != nil {
				t.Errorf("after %s: %s integrity-check: %v", after, table, err)
			}
		}
	}

	c := mustClaim(t, d, a, "The mayor invited the ferry union", model.NewClaim{Parties: []model.NewParty{
		{Name: "Ferry union", Role: model.RoleInvited}, {Name: "Mayor", Role: model.RoleSpeaker}}})
	check("a claim created with two parties")
	other := mustClaim(t, d, a, "The fishermen were not invited", model.NewClaim{})
	check("a claim created without parties")
	if _, err := d.AddParty(ctx, c.ID, model.NewParty{Name: "Port authority", Role: model.RoleInvited}, "ed"); err != nil {
		t.Fatal(err)
	}
	check("a party added")
	if _, err := d.RemoveParty(ctx, c.ID, c.Parties[1].ID, "ed"); err != nil {
		t.Fatal(err)
	}
	check("a party removed")
	name := "Ferry workers' union"
	if _, err := d.UpdatePartyEntity(ctx, *c.Parties[0].EntityID, model.PartyEntityPatch{Name: &name}, "ed"); err != nil {
		t.Fatal(err)
	}
	check("a party renamed in the registry")
	statement, note := "The mayor invited the ferry workers", "Minutes of the council, 3 March"
	status := model.StatusMisleading
	c, err = d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Statement: &statement, Note: &note, Status: &status}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	check("the statement, note and verdict changed")
	if _, err := d.PublishClaim(ctx, c.ID, model.Publish{Rationale: "The union was invited; its workers were not."}, "ed"); err != nil {
		t.Fatal(err)
	}
	check("the verdict published with a rationale")
	if _, _, err := d.CreateClaims(ctx, a.ID, []model.NewClaim{
		{Quote: &anchor.Quote{Exact: "the port authority"}, Parties: []model.NewParty{{Name: "Port authority", Role: model.RoleInvited}}},
		{Quote: &anchor.Quote{Exact: "to talks on Monday"}},
	}, "ed"); err != nil {
		t.Fatal(err)
	}
	check("two claims created in one transaction")
	if err := d.DeleteClaim(ctx, other.ID, 0); err != nil {
		t.Fatal(err)
	}
	check("a claim deleted")
	wantIDs(t, d, "q=workers", model.SearchClaims, c.ID)
	wantIDs(t, d, "q=fishermen", model.SearchClaims)
}

// same fails the test when the two queries (six columns each) answer
// different rows.
func same(t *testing.T, r *sql.DB, after, what, got, want string) {
	t.Helper()
	a, b := rowsOf(t, r, got), rowsOf(t, r, want)
	if len(a) != len(b) {
		t.Errorf("after %s: %s has %d documents, want %d", after, what, len(a), len(b))
		return
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("after %s: %s document %v, want %v", after, what, a[i], b[i])
		}
	}
}

func rowsOf(t *testing.T, r *sql.DB, q string) [][6]string {
	t.Helper()
	rows, err := r.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][6]string
	for rows.Next() {
		var row [6]string
		if err := rows.Scan(&row[0], &row[1], &row[2], &row[3], &row[4], &row[5]); err != nil {
			t.Fatal(err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t *testing.T, r *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := r.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
