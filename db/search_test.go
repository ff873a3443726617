package db_test

import (
	"bytes"
	"context"
	"database/sql"
	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/testkit"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// searchBody is the article the search tests mark claims in.
const searchBody = "Putin first extended the invite for Erdoğan, the Syrian government and opposition to meet in Kazakhstan.\n\n" +
	"The talks in Astana were hosted by the Kazakh foreign ministry, which said 14 delegations attended.\n\n" +
	"A café owner, 李明, said the council had ignored the fishermen 🎣 for years. تحدث الوزير عن المياه."

// search runs a search given as a query string and fails on an error.
func search(tb testing.TB, d *testDB, query string) model.SearchResults {
	tb.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := model.ParseSearch(v)
	if err != nil {
		tb.Fatalf("parse %q: %v", query, err)
	}
	res, err := d.Search(context.Background(), s)
	if err != nil {
		tb.Fatalf("search %q: %v", query, err)
	}
	return res
}

// ids returns the ids of the results of kind t.
func ids(res model.SearchResults, t model.SearchType) []int64 {
	out := []int64{}
	for _, g := range res.Groups {
		if g.Type == t {
			for _, r := range g.Results {
				out = append(out, r.ID)
			}
		}
	}
	return out
}

func wantIDs(tb testing.TB, d *testDB, query string, t model.SearchType, want ...int64) model.SearchResults {
	tb.Helper()
	res := search(tb, d, query)
	got := ids(res, t)
	if want == nil {
		want = []int64{}
	}
	if !slices.Equal(got, want) {
		tb.Errorf("search %q: %s = %v, want %v", query, t, got, want)
	}
	return res
}

func mustClaim(tb testing.TB, d *testDB, a model.Article, words string, nc model.NewClaim) model.Claim {
	tb.Helper()
	s, e := span(tb, a.Text, words)
	nc.Start, nc.End = &s, &e
	c, err := d.CreateClaim(context.Background(), a.ID, nc, "ed")
	if err != nil {
		tb.Fatalf("create claim: %v", err)
	}
	return c
}

func TestSearchFollowsEveryWrite(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Talks on the Caspian", searchBody)

	t.Run("article title and text, diacritics folded", func(t *testing.T) {
		wantIDs(t, d, "q=caspian", model.SearchArticles, a.ID)
		wantIDs(t, d, "q=erdogan", model.SearchArticles, a.ID)
		wantIDs(t, d, "q=ERDOĞAN+astana", model.SearchArticles, a.ID)
		wantIDs(t, d, "q=cafe", model.SearchArticles, a.ID)
		wantIDs(t, d, "q=nowhere", model.SearchArticles)
	})

	c := mustClaim(t, d, a, "Putin first extended the invite for Erdoğan, the Syrian government and opposition", model.NewClaim{
		Statement: "Putin invited Erdoğan and the Syrian sides to talks", Kind: model.KindParticipation, Note: "ask the embassy about the zebrafish memo",
		Parties: []model.NewParty{{Name: "Recep Tayyip Erdoğan", Role: model.RoleInvited}},
	})
	other := mustClaim(t, d, a, "14 delegations attended", model.NewClaim{Kind: model.KindNumber})

	t.Run("claim statement, words, note, parties", func(t *testing.T) {
		wantIDs(t, d, "q=zebrafish", model.SearchClaims, c.ID)
		wantIDs(t, d, "q=tayyip", model.SearchClaims, c.ID)
		wantIDs(t, d, "q=tayyip", model.SearchParties, c.Parties[0].ID)
		wantIDs(t, d, "q=delegations", model.SearchClaims, other.ID)
		wantIDs(t, d, "q=opposition+putin", model.SearchClaims, c.ID)
	})

	t.Run("part of a word by trigram", func(t *testing.T) {
		wantIDs(t, d, "q=xtended", model.SearchClaims, c.ID)
		wantIDs(t, d, "q=elegati", model.SearchClaims, other.ID)
	})

	t.Run("prefix", func(t *testing.T) {
		wantIDs(t, d, "q=deleg*", model.SearchClaims, other.ID)
	})

	t.Run("claim update", func(t *testing.T) {
		note := "the ministry's list names fourteen"
		if _, err := d.UpdateClaim(ctx, other.ID, model.ClaimUpdate{Note: &note}, "ed"); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=fourteen", model.SearchClaims, other.ID)
		st := "Fourteen delegations came to Astana"
		if _, err := d.UpdateClaim(ctx, other.ID, model.ClaimUpdate{Statement: &st}, "ed"); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=came+astana", model.SearchClaims, other.ID)
	})

	t.Run("parties added and removed", func(t *testing.T) {
		cl, err := d.AddParty(ctx, other.ID, model.NewParty{Name: "Kazakh foreign ministry", Role: model.RoleOrganizer}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=kazakh+ministry&type=claims", model.SearchClaims, other.ID)
		wantIDs(t, d, "q=ministry&type=parties", model.SearchParties, cl.Parties[0].ID)
		if _, err := d.RemoveParty(ctx, other.ID, cl.Parties[0].ID, "ed"); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=ministry&type=parties", model.SearchParties)
		wantIDs(t, d, "q=kazakh+foreign&type=claims", model.SearchClaims)
	})

	t.Run("published rationale", func(t *testing.T) {
		status := model.StatusVerified
		if _, err := d.UpdateClaim(ctx, c.ID, model.ClaimUpdate{Status: &status}, "ed"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.PublishClaim(ctx, c.ID, model.Publish{Rationale: "The Kremlin transcript lists the invitation."}, "ed"); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=kremlin+transcript", model.SearchClaims, c.ID)
		wantIDs(t, d, "q=tayyip", model.SearchClaims, c.ID) // parties kept in the rewritten document
	})

	t.Run("sources", func(t *testing.T) {
		cl, err := d.AttachSource(ctx, c.ID, model.Attachment{Relation: model.RelationSupports, Source: &model.NewSource{
			URL: "https://kremlin.example/transcripts/7", Title: "Transcript of the Ankara call", Publisher: "Presidential Office"}}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		sid := cl.Sources[0].ID
		wantIDs(t, d, "q=ankara", model.SearchSources, sid)
		wantIDs(t, d, "q=presidential+office", model.SearchSources, sid)
		wantIDs(t, d, "q=transcripts", model.SearchSources, sid)
	})

	t.Run("revision", func(t *testing.T) {
		body := "Putin first extended the invite for Erdoğan, the Syrian government and rebels to meet in Kazakhstan.\n\n" +
			"The talks in Astana were hosted by the Kazakh foreign ministry, which said 14 delegations attended and a quokka."
		if _, err := d.AddRevision(ctx, a.ID, model.NewRevision{Doc: plainDoc(body), Origin: model.OriginText}, "rev"); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=quokka", model.SearchArticles, a.ID)
		wantIDs(t, d, "q=fishermen", model.SearchArticles)
		got, err := d.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Quote.Exact != "Putin first extended the invite for Erdoğan, the Syrian government and rebels" {
			t.Fatalf("claim words after the revision = %q: the test needs them changed", got.Quote.Exact)
		}
		wantIDs(t, d, "q=rebels&type=claims", model.SearchClaims, c.ID)
		wantIDs(t, d, "q=ebel&type=claims", model.SearchClaims, c.ID)
	})

	t.Run("article metadata", func(t *testing.T) {
		title := "Invitations to Astana"
		if _, err := d.UpdateArticle(ctx, a.ID, model.ArticleUpdate{Title: &title}, "ed"); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=invitations", model.SearchArticles, a.ID)
		wantIDs(t, d, "q=caspian", model.SearchArticles)
	})

	t.Run("claim deleted", func(t *testing.T) {
		if err := d.DeleteClaim(ctx, other.ID, 0); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=fourteen", model.SearchClaims)
		wantIDs(t, d, "q=elegati", model.SearchClaims)
	})

	t.Run("article deleted", func(t *testing.T) {
		b := mustArticle(t, d, "Narwhal census", "Eleven narwhals were counted off the northern cape.")
		nc := mustClaim(t, d, b, "Eleven narwhals were counted", model.NewClaim{Parties: []model.NewParty{{Name: "Cape wardens", Role: model.RoleSpeaker}}})
		wantIDs(t, d, "q=narwhals", model.SearchClaims, nc.ID)
		if err := d.DeleteArticle(ctx, b.ID, 0); err != nil {
			t.Fatal(err)
		}
		wantIDs(t, d, "q=narwhals", model.SearchArticles)
		wantIDs(t, d, "q=narwhals", model.SearchClaims)
		wantIDs(t, d, "q=wardens", model.SearchParties)
	})
}

func TestSearchImportedArticle(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry fares", "The ferry fare rose to nine crowns, the operator said.")
	mustClaim(t, d, a, "The ferry fare rose to nine crowns", model.NewClaim{Note: "compare the axolotl tariff", Parties: []model.NewParty{{Name: "Ferry operator", Role: model.RoleSpeaker}}})
	doc := exportDocument(t, d, a.ID)
	b, err := d.ImportDocument(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := d.ClaimsByArticle(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	res := search(t, d, "q=axolotl&type=claims")
	if got := ids(res, model.SearchClaims); !slices.Contains(got, claims[0].ID) {
		t.Errorf("imported claim %d not found by its note: %v", claims[0].ID, got)
	}
}

func TestSearchSnippetMarks(t *testing.T) {
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Talks", searchBody)
	mustClaim(t, d, a, "ignored the fishermen 🎣", model.NewClaim{Statement: "The council ignored the fishermen <b>& co</b>"})
	res := search(t, d, "q=fishermen&type=claims")
	r := res.Groups[0].Results[0]
	if r.Snippet.Text != "The council ignored the fishermen <b>& co</b>" {
		t.Errorf("snippet text = %q", r.Snippet.Text)
	}
	if want := [][2]int{{24, 33}}; !slices.Equal(r.Snippet.Marks, want) {
		t.Errorf("marks = %v, want %v", r.Snippet.Marks, want)
	}
	parts := r.Snippet.Parts()
	if len(parts) != 3 {
		t.Fatalf("parts = %+v, want 3", parts)
	}
	if !parts[1].Mark {
		t.Errorf("part 1 %q not marked", parts[1].Text)
	}
	if parts[1].Text != "fishermen" {
		t.Errorf("marked part = %q, want fishermen", parts[1].Text)
	}
}

// TestSearchHostileQueries: what a user types is words, never FTS5 syntax,
// so no query is a storage error.
func TestSearchHostileQueries(t *testing.T) {
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Talks", searchBody)
	mustClaim(t, d, a, "ignored the fishermen 🎣", model.NewClaim{})
	for _, q := range []string{`AND`, `NEAR(`, `NEAR(a b)`, `a OR`, `NOT fishermen`, `"fishermen`, `fisher"men`, `col:fishermen`, `{statement}: x`,
		`^fishermen`, `fishermen*`, `🎣`, `李明`, `الوزير`, `"the fishermen"`, `a * b`, `-fishermen`, `fishermen -`, `x AND (y OR`} {
		v := url.Values{"q": {q}}
		s, err := model.ParseSearch(v)
		if err != nil {
			t.Errorf("parse %q: %v", q, err)
			continue
		}
		if _, err := d.Search(context.Background(), s); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	// SQLite's unicode61 tokenizer takes most emoji (🎣 among them) as
	// separators: an emoji alone finds nothing, and is no error.
	wantIDs(t, d, "q=%F0%9F%8E%A3", model.SearchArticles)
	wantIDs(t, d, "q=李明", model.SearchArticles, a.ID)
	wantIDs(t, d, "q=الوزير", model.SearchArticles, a.ID)
	wantIDs(t, d, "q=AND", model.SearchArticles, a.ID) // the word "and"
	for _, q := range []string{`"`, `*`, `-`, `()`, `"" **`, `+`, `)(`} {
		_, err := model.ParseSearch(url.Values{"q": {q}})
		wantCode(t, err, model.EINVALID, "q")
	}
}

func TestSearchFilters(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Talks", searchBody)
	if _, err := d.CreateUser(ctx, model.User{Name: "vic", Role: model.UserEditor, PasswordHash: "h"}, false); err != nil {
		t.Fatal(err)
	}
	verified := model.StatusVerified
	c1 := mustClaim(t, d, a, "Putin first extended the invite", model.NewClaim{Statement: "Putin extended an invite", Kind: model.KindParticipation,
		Assignee: "vic", Parties: []model.NewParty{{Name: "Erdoğan", Role: model.RoleInvited}}})
	c2 := mustClaim(t, d, a, "hosted by the Kazakh foreign ministry", model.NewClaim{Statement: "The invite came from the ministry", Kind: model.KindEvent})
	if _, err := d.UpdateClaim(ctx, c1.ID, model.ClaimUpdate{Status: &verified}, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.PublishClaim(ctx, c1.ID, model.Publish{Rationale: "Confirmed."}, "ed"); err != nil {
		t.Fatal(err)
	}
	b, err := d.CreateArticle(ctx, mustPlain(t, "Later talks", "Other Paper", "2026-05-02", "A second invite went out in May."), "ed")
	if err != nil {
		t.Fatal(err)
	}
	c3 := mustClaim(t, d, b, "A second invite went out in May", model.NewClaim{})

	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"q=invite", []int64{c1.ID, c2.ID, c3.ID}},
		{"q=invite&status=verified", []int64{c1.ID}},
		{"q=invite&status=unchecked", []int64{c2.ID, c3.ID}},
		{"q=invite&kind=event", []int64{c2.ID}},
		{"q=invite&assignee=vic", []int64{c1.ID}},
		{"q=invite&party=erdogan", []int64{c1.ID}},
		{"q=invite&published=published", []int64{c1.ID}},
		{"q=invite&published=unpublished", []int64{c2.ID, c3.ID}},
		{"q=invite&publication=other+paper", []int64{c3.ID}},
		{"q=invite&from=2026-05-01", []int64{c3.ID}},
		{"q=invite&to=2026-03-01", []int64{c1.ID, c2.ID}},
		{"status=verified", []int64{c1.ID}},
	} {
		res := search(t, d, tc.query+"&type=claims")
		got := ids(res, model.SearchClaims)
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: claims %v, want %v", tc.query, got, tc.want)
		}
	}
	// A claim filter leaves out articles and sources.
	res := search(t, d, "q=invite&status=verified")
	if got := len(res.Groups); got != 2 {
		t.Errorf("groups with a claim filter = %d, want 2 (claims, parties)", got)
	}
	// Paging: one per page.
	res = search(t, d, "q=invite&type=claims&page=2")
	if got := res.Groups[0].Total; got != 3 {
		t.Errorf("total = %d, want 3", got)
	}
}

func TestParseSearchRefusesBadParameters(t *testing.T) {
	for _, tc := range []struct{ query, field string }{
		{"q=a&type=comets", "type"},
		{"q=a&status=done", "status"},
		{"q=a&kind=rumour", "kind"},
		{"q=a&published=maybe", "published"},
		{"q=a&from=yesterday", "from"},
		{"q=a&to=2026-13-01", "to"},
		{"q=a&from=2026-05-02&to=2026-05-01", "to"},
		{"q=a&page=0", "page"},
		{"q=a&page=x", "page"},
		{"q=a&status=verified&type=sources", "type"},
	} {
		v, _ := url.ParseQuery(tc.query)
		_, err := model.ParseSearch(v)
		wantCode(t, err, model.EINVALID, tc.field)
	}
}

// TestSearchMigrationFillsIndex: a database that had data before the search
// migration gets it indexed by the migration.
func TestSearchMigrationFillsIndex(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Pelican survey", "Forty pelicans nested on the breakwater this spring.")
	c := mustClaim(t, d, a, "Forty pelicans nested", model.NewClaim{Parties: []model.NewParty{{Name: "Bird trust", Role: model.RoleSpeaker}}})
	path := d.path
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	// Undo migration 0020, as if the data had been written before it (and
	// 0052 and 0055, which replaced some of its triggers).
	w, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`DROP TABLE search_articles`, `DROP TABLE search_sources`, `DROP TABLE search_parties`, `DROP TABLE search_claims`,
		`DROP TABLE search_claim_words`, `DROP TABLE search_claim_texts`, `DROP VIEW search_claim_docs`,
		`DROP TRIGGER search_articles_ai`, `DROP TRIGGER search_articles_ad`, `DROP TRIGGER search_articles_au`,
		`DROP TRIGGER search_sources_ai`, `DROP TRIGGER search_sources_ad`, `DROP TRIGGER search_sources_au`,
		`DROP TRIGGER search_parties_ad`, `DROP TRIGGER search_parties_au`, // 0055's, which replaced 0020's
		`DROP TRIGGER search_claims_ad`,
		`DROP TABLE saved_searches`, `DROP TABLE claim_links`, `DELETE FROM schema_migrations WHERE name = 'migrations/0020_search.sql'`,
		// and 0052, which changed 0020's triggers
		`DROP TABLE search_stale`, `DROP TRIGGER search_stale_claim_ai`, `DROP TRIGGER search_stale_claim_au`,
		`DROP TRIGGER search_stale_party_ai`, `DROP TRIGGER search_stale_party_ad`, `DROP TRIGGER search_stale_party_au`,
		`DROP TRIGGER search_stale_pub_ai`, `DROP TRIGGER search_stale_pub_au`, `DROP TRIGGER search_stale_pub_ad`,
		`DELETE FROM schema_migrations WHERE name = 'migrations/0052_search_docs_once_per_write.sql'`,
		// and 0055, which changed the parties' triggers
		`DROP TABLE search_stale_parties`, `DROP TRIGGER search_stale_parties_ai`,
		`DELETE FROM schema_migrations WHERE name = 'migrations/0055_search_parties_once_per_write.sql'`,
	} {
		if _, err := w.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	w.Close()
	d2 := reopen(t, path)
	wantIDs(t, d2, "q=pelicans", model.SearchArticles, a.ID)
	wantIDs(t, d2, "q=pelicans", model.SearchClaims, c.ID)
	wantIDs(t, d2, "q=trust", model.SearchParties, c.Parties[0].ID)
	wantIDs(t, d2, "q=elica", model.SearchClaims, c.ID)
}

func exportDocument(tb testing.TB, d *testDB, id int64) *model.ImportedArticle {
	tb.Helper()
	doc, err := ingest.DecodeExport(bytes.NewReader(exportJSON(tb, d, id, epoch)))
	if err != nil {
		tb.Fatalf("decode: %v", err)
	}
	return doc
}

func mustPlain(tb testing.TB, title, publication, publishedAt, body string) model.NewArticle {
	tb.Helper()
	na, err := ingest.Plain(ingest.PlainInput{Title: title, Publication: publication, PublishedAt: publishedAt, Text: body})
	if err != nil {
		tb.Fatal(err)
	}
	return na
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// reopen opens the store at path again, closing it when the test ends.
func reopen(tb testing.TB, path string) *testDB {
	tb.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	clk := testkit.NewClock()
	d.Now = clk.Now
	return &testDB{DB: d, path: path, clock: clk}
}
