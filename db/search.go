package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
)

// Snippet markers: FTS5's snippet() puts them around matched words. They
// are Unicode noncharacters, reserved for a program's internal use, so
// stored text does not hold them in practice; parseSnippet turns them into
// offsets, and the text given to callers never holds them.
const (
	markOpen  = "\uFDD0"
	markClose = "\uFDD1"
)

// snippetTokens is how many words a snippet holds at most.
const snippetTokens = 16

// ftsWords returns the FTS5 query of the terms for the unicode61 indexes:
// every term quoted (so that nothing typed is taken as syntax), a prefix
// term followed by *, all of them required.
func ftsWords(terms []model.SearchTerm) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		p := ftsQuote(t.Text)
		if t.Prefix {
			p += "*"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// ftsTrigrams returns the FTS5 query of the terms for the trigram index,
// which finds a term inside words ("zakhst" in "Kazakhstan"), or "" when a
// term is shorter than a trigram and the index cannot help.
func ftsTrigrams(terms []model.SearchTerm) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		if utf8.RuneCountInString(t.Text) < 3 {
			return ""
		}
		parts = append(parts, ftsQuote(t.Text))
	}
	return strings.Join(parts, " ")
}

// ftsQuote makes s an FTS5 string: double quotes, inner ones doubled.
func ftsQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// parseSnippet turns snippet() output into text and marks in code points.
// Markers out of order are dropped rather than trusted.
func parseSnippet(s string) model.Snippet {
	var (
		b     strings.Builder
		marks [][2]int
		n     int
		open  = -1
	)
	for _, r := range s {
		switch string(r) {
		case markOpen:
			open = n
		case markClose:
			if open >= 0 && n > open {
				marks = append(marks, [2]int{open, n})
			}
			open = -1
		default:
			b.WriteRune(r)
			n++
		}
	}
	return model.Snippet{Text: b.String(), Marks: marks}
}

// plainSnippet is a snippet of text without marks, cut to about as many
// words as snippet() gives.
func plainSnippet(s string) model.Snippet {
	words := strings.Fields(s)
	if len(words) > snippetTokens {
		s = strings.Join(words[:snippetTokens], " ") + "…"
	}
	return model.Snippet{Text: s, Marks: [][2]int{}}
}

// Search runs a search: for each kind it looks at, one page of results
// ranked by BM25 (or, with no words, the newest first) and their total;
// for words too common to rank every match, the newest matches and
// More (see hitsOf).
func (d *DB) Search(ctx context.Context, s model.Search) (model.SearchResults, error) {
	if s.IsEmpty() {
		return model.SearchResults{}, model.Invalid("q", "Type something to search for, or choose a filter.")
	}
	res := model.SearchResults{Page: s.Page, PerPage: model.SearchPageSize}
	limit, offset := model.SearchGroupSize, 0
	if s.Type != "" {
		limit, offset = model.SearchPageSize, (s.Page-1)*model.SearchPageSize
	} else {
		res.Page, res.PerPage = 1, model.SearchGroupSize
	}
	err := d.inFullTextTx(ctx, func(tx *sql.Tx) error {
		for _, t := range s.Types() {
			g, err := searchGroup(ctx, tx, s, t, limit, offset)
			if err != nil {
				return fmt.Errorf("search %s: %w", t, err)
			}
			res.Groups = append(res.Groups, g)
		}
		return nil
	})
	return res, err
}

func searchGroup(ctx context.Context, tx *sql.Tx, s model.Search, t model.SearchType, limit, offset int) (model.SearchGroup, error) {
	g := model.SearchGroup{Type: t}
	var err error
	g.Results, g.Total, g.More, err = searchGroupPage(ctx, tx, s, t, limit, offset)
	if err == nil && len(g.Results) == 0 && offset > 0 {
		// A page past the last one still says how many there are.
		_, g.Total, g.More, err = searchGroupPage(ctx, tx, s, t, 1, 0)
	}
	if g.Results == nil {
		g.Results = []model.SearchResult{}
	}
	return g, err
}

func searchGroupPage(ctx context.Context, tx *sql.Tx, s model.Search, t model.SearchType, limit, offset int) ([]model.SearchResult, int, bool, error) {
	switch t {
	case model.SearchArticles:
		return searchArticles(ctx, tx, s, limit, offset)
	case model.SearchClaims:
		return searchClaims(ctx, tx, s, limit, offset)
	case model.SearchParties:
		return searchParties(ctx, tx, s, limit, offset)
	}
	return searchSources(ctx, tx, s, limit, offset)
}

// articleDate is an article's date for the date filters: its published
// date, else the day it was created here.
const articleDate = `substr(CASE WHEN a.published_at <> '' THEN a.published_at ELSE a.created_at END, 1, 10)`

// claimPublished is a claim's publication state (model.PublicationState),
// from its latest publication row.
const claimPublished = `coalesce((SELECT CASE WHEN p.withdrawn_at IS NULL THEN 'published' ELSE 'withdrawn' END
	FROM claim_publications p WHERE p.claim_id = c.id ORDER BY p.id DESC LIMIT 1), 'unpublished')`

// filters builds the WHERE conditions of a search's filters over articles
// (alias a) and, when claims is set, claims (alias c).
type filters struct {
	conds []string
	args  []any
	// articles is set when a condition reads the article (alias a).
	articles bool
}

func (f *filters) add(cond string, args ...any) {
	f.conds = append(f.conds, cond)
	f.args = append(f.args, args...)
}

func (f *filters) where() string {
	if len(f.conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(f.conds, " AND ")
}

func articleFilters(s model.Search) *filters {
	f := &filters{}
	if s.Publication != "" {
		f.add(`a.publication = ? COLLATE NOCASE`, s.Publication)
	}
	if s.From != "" {
		f.add(articleDate+` >= ?`, s.From)
	}
	if s.To != "" {
		f.add(articleDate+` <= ?`, s.To)
	}
	f.articles = len(f.conds) > 0
	return f
}

// claimJoins are the joins a claim's filters need, the claim's id being
// id: none without filters.
func (f *filters) claimJoins(id string) string {
	switch {
	case f.articles:
		return ` JOIN claims c ON c.id = ` + id + ` JOIN articles a ON a.id = c.article_id`
	case len(f.conds) > 0:
		return ` JOIN claims c ON c.id = ` + id
	}
	return ""
}

func claimFilters(s model.Search) *filters {
	f := articleFilters(s)
	if s.Status != "" {
		f.add(`c.status = ?`, string(s.Status))
	}
	if s.Kind != "" {
		f.add(`c.kind = ?`, string(s.Kind))
	}
	if s.Assignee != "" {
		f.add(`c.assignee = ?`, s.Assignee)
	}
	if s.Published != "" {
		f.add(claimPublished+` = ?`, string(s.Published))
	}
	if s.Party != "" {
		// The party's words, folded as the index folds them: "erdogan"
		// finds "Erdoğan", "Syrian government" finds "the Syrian government".
		terms, _ := model.ParseSearchTerms(s.Party)
		for i := range terms {
			terms[i].Phrase, terms[i].Prefix = true, false
		}
		f.add(`c.id IN (SELECT pa.claim_id FROM search_parties JOIN parties pa ON pa.id = search_parties.rowid WHERE search_parties MATCH ?)`, ftsWords(terms))
	}
	return f
}

func searchArticles(ctx context.Context, tx *sql.Tx, s model.Search, limit, offset int) ([]model.SearchResult, int, bool, error) {
	f := articleFilters(s)
	if len(s.Terms) == 0 {
		out, total, err := newestArticles(ctx, tx, f, limit, offset)
		return out, total, false, err
	}
	joins := ""
	if f.articles {
		joins = ` JOIN articles a ON a.id = s.rowid`
	}
	page, total, more, err := hitsOf(ctx, tx, []ftsSource{{table: "search_articles", match: ftsWords(s.Terms),
		rank: `bm25(search_articles, 5.0, 1.0)`, id: `s.rowid`, via: `''`, joins: joins, f: f}}, limit, offset)
	if err != nil {
		return nil, 0, false, err
	}
	snippets, err := snippetsOf(ctx, tx, "search_articles", 1, ftsWords(s.Terms), hitIDs(page, ""))
	if err != nil {
		return nil, 0, false, err
	}
	out := make([]model.SearchResult, len(page))
	for i, h := range page {
		r := &out[i]
		r.Type, r.Score, r.ID, r.ArticleID = model.SearchArticles, h.score, h.id, h.id
		if err := tx.QueryRowContext(ctx, `SELECT a.title, a.publication, `+articleDate+` FROM articles a WHERE a.id = ?`, h.id).
			Scan(&r.Title, &r.Publication, &r.Date); err != nil {
			return nil, 0, false, err
		}
		r.Snippet = snippetIn(snippets, h.id)
	}
	return out, total, more, nil
}

// newestArticles is a page of the articles f selects, newest first, with
// their total.
func newestArticles(ctx context.Context, tx *sql.Tx, f *filters, limit, offset int) ([]model.SearchResult, int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.title, a.publication, `+articleDate+`, 0.0, count(*) OVER ()
			FROM articles a WHERE 1`+f.where()+` ORDER BY 4 DESC, a.id DESC LIMIT ? OFFSET ?`, append(f.args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	var out []model.SearchResult
	total := 0
	for rows.Next() {
		r := model.SearchResult{Type: model.SearchArticles}
		if err := rows.Scan(&r.ID, &r.Title, &r.Publication, &r.Date, &r.Score, &total); err != nil {
			rows.Close()
			return nil, 0, err
		}
		r.ArticleID = r.ID
		out = append(out, r)
	}
	if err := closeRows(rows); err != nil {
		return nil, 0, err
	}
	for i := range out {
		var body string
		if err := tx.QueryRowContext(ctx, `SELECT text FROM articles WHERE id = ?`, out[i].ID).Scan(&body); err != nil {
			return nil, 0, err
		}
		out[i].Snippet = plainSnippet(body)
	}
	return out, total, nil
}

// snippetsOf returns the snippets of rows ids of an FTS5 table for query,
// taken from column col (-1: the column that matched best), in one query:
// each query of the index costs a walk of its words' lists, and a page
// asking for twenty snippets one at a time took more time than finding the
// page (6 of 12 ms for a common word among a million claims). The range of
// the ids bounds the walk; the list picks the rows. A row that does not
// match (it changed since) has no snippet.
func snippetsOf(ctx context.Context, tx *sql.Tx, table string, col int, query string, ids []int64) (map[int64]model.Snippet, error) {
	out := make(map[int64]model.Snippet, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT rowid, snippet(`+table+`, ?, ?, ?, '…', ?) FROM `+table+` WHERE `+table+` MATCH ?
		AND rowid BETWEEN ? AND ? AND rowid IN (SELECT value FROM json_each(?))`,
		col, markOpen, markClose, snippetTokens, query, slices.Min(ids), slices.Max(ids), string(list))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var (
			id int64
			s  string
		)
		if err := rows.Scan(&id, &s); err != nil {
			rows.Close()
			return nil, err
		}
		out[id] = parseSnippet(s)
	}
	return out, closeRows(rows)
}

// snippetIn returns the snippet of id from snippetsOf's answer, or an empty
// one, as snippetOf does for a row that does not match.
func snippetIn(m map[int64]model.Snippet, id int64) model.Snippet {
	if s, ok := m[id]; ok {
		return s
	}
	return model.Snippet{Marks: [][2]int{}}
}

// hitIDs returns the ids of the hits that matched via how ("" for all).
func hitIDs(page []hit, how string) []int64 {
	var ids []int64
	for _, h := range page {
		if how == "" || h.via == how {
			ids = append(ids, h.id)
		}
	}
	return ids
}

// snippetOf returns the snippet of row rowid of an FTS5 table for query,
// taken from column col (-1: the column that matched best).
func snippetOf(ctx context.Context, tx *sql.Tx, table string, col int, query string, rowid int64) (model.Snippet, error) {
	var s string
	err := tx.QueryRowContext(ctx, `SELECT snippet(`+table+`, ?, ?, ?, '…', ?) FROM `+table+` WHERE `+table+` MATCH ? AND rowid = ?`,
		col, markOpen, markClose, snippetTokens, query, rowid).Scan(&s)
	if err == sql.ErrNoRows {
		return model.Snippet{Marks: [][2]int{}}, nil
	}
	if err != nil {
		return model.Snippet{}, err
	}
	return parseSnippet(s), nil
}

// claimColumns are the columns every claim result reads (claims c,
// articles a).
const claimColumns = `c.id, c.article_id, c.number, c.statement, c.exact, c.status, c.kind, ` + claimPublished + `, a.title, a.publication, ` + articleDate

func scanClaimResult(sc interface{ Scan(...any) error }, r *model.SearchResult, extra ...any) error {
	var statement, exact string
	if err := sc.Scan(append([]any{&r.ID, &r.ArticleID, &r.Number, &statement, &exact, &r.Status, &r.Kind, &r.Published,
		&r.ArticleTitle, &r.Publication, &r.Date}, extra...)...); err != nil {
		return err
	}
	r.Title = statement
	if r.Title == "" {
		r.Title = exact
	}
	return nil
}

// searchClaims ranks claims by their own words (statement, words, note,
// rationale, parties), by text attached to them (search_claim_texts:
// comments), and after those, by parts of words in the statement and
// words (the trigram index).
func searchClaims(ctx context.Context, tx *sql.Tx, s model.Search, limit, offset int) ([]model.SearchResult, int, bool, error) {
	f := claimFilters(s)
	var (
		page  []hit
		total int
		more  bool
		err   error
	)
	if len(s.Terms) > 0 {
		// Trigram hits come after every word hit (a constant score), so
		// their BM25 is never computed.
		words, tri := ftsWords(s.Terms), ftsTrigrams(s.Terms)
		srcs := []ftsSource{
			{table: "search_claims", match: words, rank: `bm25(search_claims, 4.0, 3.0, 1.0, 1.0, 2.0)`, id: `s.rowid`, via: `'claim'`, joins: f.claimJoins(`s.rowid`), f: f},
			{table: "search_claim_texts", match: words, rank: `bm25(search_claim_texts)`, id: `s.claim_id`, via: `s.origin`, joins: f.claimJoins(`s.claim_id`), f: f},
		}
		if tri != "" {
			srcs = append(srcs, ftsSource{table: "search_claim_words", match: tri, rank: `1000.0`, id: `s.rowid`, via: `'trigram'`, joins: f.claimJoins(`s.rowid`), f: f, after: true})
		}
		page, total, more, err = hitsOf(ctx, tx, srcs, limit, offset)
	} else {
		page, total, more, err = newestClaims(ctx, tx, f, limit, offset)
	}
	if err != nil {
		return nil, 0, false, err
	}
	var byWords, byTrigrams map[int64]model.Snippet
	if len(s.Terms) > 0 {
		if byWords, err = snippetsOf(ctx, tx, "search_claims", -1, ftsWords(s.Terms), hitIDs(page, "claim")); err != nil {
			return nil, 0, false, err
		}
		if ids := hitIDs(page, "trigram"); len(ids) > 0 {
			if byTrigrams, err = snippetsOf(ctx, tx, "search_claim_words", -1, ftsTrigrams(s.Terms), ids); err != nil {
				return nil, 0, false, err
			}
		}
	}
	out := make([]model.SearchResult, len(page))
	for i, h := range page {
		r := &out[i]
		r.Type, r.Score = model.SearchClaims, h.score
		row := tx.QueryRowContext(ctx, `SELECT `+claimColumns+` FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.id = ?`, h.id)
		if err := scanClaimResult(row, r); err != nil {
			return nil, 0, false, err
		}
		switch h.via {
		case "claim":
			r.Snippet = snippetIn(byWords, h.id)
		case "trigram":
			r.Snippet = snippetIn(byTrigrams, h.id)
		default:
			if r.Snippet, err = claimSnippet(ctx, tx, s.Terms, h.via, *r); err != nil {
				return nil, 0, false, err
			}
		}
	}
	return out, total, more, nil
}

// newestClaims lists the claims that pass the filters of a search without
// words, newest first. Ordering by id walks the table (or the index a
// filter uses) from its end and stops at the page; counting stops at
// SearchRanked and says there are more. Ordering by the time of the last
// change, and counting every match, sorted and counted a whole filter's
// worth of a million claims on every request (815 ms for one status).
func newestClaims(ctx context.Context, tx *sql.Tx, f *filters, limit, offset int) ([]hit, int, bool, error) {
	from := ` FROM claims c`
	if f.articles {
		from += ` JOIN articles a ON a.id = c.article_id`
	}
	page, _, err := pageOf(ctx, tx, `SELECT c.id, 0.0, '', 0`+from+` WHERE 1`+f.where()+` ORDER BY c.id DESC LIMIT ? OFFSET ?`,
		append(slices.Clone(f.args), limit, offset)...)
	if err != nil {
		return nil, 0, false, err
	}
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1`+from+` WHERE 1`+f.where()+` LIMIT ?)`,
		append(slices.Clone(f.args), model.SearchRanked+1)...).Scan(&total); err != nil {
		return nil, 0, false, err
	}
	if total > model.SearchRanked {
		return page, model.SearchRanked, true, nil
	}
	return page, total, false, nil
}

// hit is a result of a page: its id, its score and how it matched.
type hit struct {
	id    int64
	score float64
	via   string
}

// pageOf runs a query of id, score, via and the total count, one page.
func pageOf(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]hit, int, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	var (
		out   []hit
		total int
	)
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.id, &h.score, &h.via, &total); err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, h)
	}
	return out, total, closeRows(rows)
}

// claimSnippet shows why a claim matched: from its document, from the
// attached text that matched, or from its statement and words by trigram.
func claimSnippet(ctx context.Context, tx *sql.Tx, terms []model.SearchTerm, via string, r model.SearchResult) (model.Snippet, error) {
	switch via {
	case "":
		return plainSnippet(r.Title), nil
	case "claim":
		return snippetOf(ctx, tx, "search_claims", -1, ftsWords(terms), r.ID)
	case "trigram":
		return snippetOf(ctx, tx, "search_claim_words", -1, ftsTrigrams(terms), r.ID)
	}
	var s string
	err := tx.QueryRowContext(ctx, `SELECT snippet(search_claim_texts, 0, ?, ?, '…', ?) FROM search_claim_texts
		WHERE search_claim_texts MATCH ? AND claim_id = ? AND origin = ? ORDER BY rank LIMIT 1`,
		markOpen, markClose, snippetTokens, ftsWords(terms), r.ID, via).Scan(&s)
	if err != nil {
		return model.Snippet{}, err
	}
	return parseSnippet(s), nil
}

func searchParties(ctx context.Context, tx *sql.Tx, s model.Search, limit, offset int) ([]model.SearchResult, int, bool, error) {
	f := claimFilters(s)
	var (
		page  []hit
		total int
		more  bool
		err   error
	)
	if len(s.Terms) > 0 {
		joins := ""
		if len(f.conds) > 0 {
			joins = ` JOIN parties pa ON pa.id = s.rowid` + f.claimJoins(`pa.claim_id`)
		}
		page, total, more, err = hitsOf(ctx, tx, []ftsSource{{table: "search_parties", match: ftsWords(s.Terms),
			rank: `bm25(search_parties)`, id: `s.rowid`, via: `''`, joins: joins, f: f}}, limit, offset)
	} else {
		page, total, err = pageOf(ctx, tx, `SELECT pa.id, 0.0, '', count(*) OVER ()
			FROM parties pa JOIN claims c ON c.id = pa.claim_id JOIN articles a ON a.id = c.article_id
			WHERE 1`+f.where()+` ORDER BY c.updated_at DESC, pa.id DESC LIMIT ? OFFSET ?`, append(f.args, limit, offset)...)
	}
	if err != nil {
		return nil, 0, false, err
	}
	out := make([]model.SearchResult, len(page))
	for i, h := range page {
		r := &out[i]
		var (
			name string
			role model.Role
		)
		sc := &scanPrefix{head: []any{&name, &role}}
		sc.row = tx.QueryRowContext(ctx, `SELECT pa.name, pa.role, `+claimColumns+`
			FROM parties pa JOIN claims c ON c.id = pa.claim_id JOIN articles a ON a.id = c.article_id WHERE pa.id = ?`, h.id)
		if err := scanClaimResult(sc, r); err != nil {
			return nil, 0, false, err
		}
		// The result is the party; its claim is where it lives, and the
		// claim's statement is the context under its name.
		r.Type, r.Score, r.ClaimID, r.ID, r.Role = model.SearchParties, h.score, r.ID, h.id, role
		statement := r.Title
		r.Title, r.Snippet = name, plainSnippet(statement)
		if len(s.Terms) == 0 {
			continue
		}
		sn, err := snippetOf(ctx, tx, "search_parties", 0, ftsWords(s.Terms), h.id)
		if err != nil {
			return nil, 0, false, err
		}
		r.Snippet = withName(sn, statement)
	}
	return out, total, more, nil
}

// withName is a party's snippet: its name with the matched words marked,
// then its claim's statement.
func withName(name model.Snippet, statement string) model.Snippet {
	return model.Snippet{Text: name.Text + " — " + statement, Marks: name.Marks}
}

// scanPrefix scans the first columns into head and the rest as asked.
type scanPrefix struct {
	row  *sql.Row
	head []any
}

func (s *scanPrefix) Scan(dest ...any) error { return s.row.Scan(append(s.head, dest...)...) }

func searchSources(ctx context.Context, tx *sql.Tx, s model.Search, limit, offset int) ([]model.SearchResult, int, bool, error) {
	if len(s.Terms) == 0 {
		return nil, 0, false, nil
	}
	page, total, more, err := hitsOf(ctx, tx, []ftsSource{{table: "search_sources", match: ftsWords(s.Terms),
		rank: `bm25(search_sources, 3.0, 2.0, 1.0, 1.0)`, id: `s.rowid`, via: `''`, f: &filters{}}}, limit, offset)
	if err != nil {
		return nil, 0, false, err
	}
	snippets, err := snippetsOf(ctx, tx, "search_sources", -1, ftsWords(s.Terms), hitIDs(page, ""))
	if err != nil {
		return nil, 0, false, err
	}
	out := make([]model.SearchResult, len(page))
	for i, h := range page {
		r := &out[i]
		r.Type, r.Score = model.SearchSources, h.score
		err := tx.QueryRowContext(ctx, `SELECT s.id, s.title, s.url, s.publisher, substr(coalesce(nullif(s.published_at, ''), s.created_at), 1, 10),
				coalesce((SELECT max(cs.claim_id) FROM claim_sources cs WHERE cs.source_id = s.id), 0)
			FROM sources s WHERE s.id = ?`, h.id).Scan(&r.ID, &r.Title, &r.URL, &r.Publication, &r.Date, &r.ClaimID)
		if err != nil {
			return nil, 0, false, err
		}
		if r.ClaimID != 0 {
			if err := tx.QueryRowContext(ctx, `SELECT article_id FROM claims WHERE id = ?`, r.ClaimID).Scan(&r.ArticleID); err != nil {
				return nil, 0, false, err
			}
		}
		r.Snippet = snippetIn(snippets, h.id)
	}
	return out, total, more, nil
}

// closeRows closes rows and returns the error that ended the iteration.
func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
