package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/auth"
)

// bigPage is one page -db measures: its name, its path and query, and the
// user it is asked as ("" for the user the load tool adds).
type bigPage struct {
	name, path, user string
}

// deskUser is the generated checker My work is measured as: factmark-gen
// assigns each checker about 500 claims on 50 articles.
const deskUser = "checker01"

// bigPages are the pages -db measures on a database of nArticles articles
// and nClaims claims made by factmark-gen: the home page and a workspace,
// search (a rare word, a common word, a phrase, a common word with
// filters, a page of a common word, filters alone), My work of a checker, the dashboard, and "checked before" of a
// claim whose wording 20,000 articles share.
func bigPages(nArticles, nClaims int64) []bigPage {
	search := func(v url.Values) string { return "/search?" + v.Encode() }
	return []bigPage{
		{"GET home (article list)", "/", ""},
		{"GET workspace", fmt.Sprintf("/articles/%d", nArticles/2), ""},
		// Every generated article has the same text and claims; a number of
		// one article's title is the rare word.
		{"GET search, rare word", search(url.Values{"q": {fmt.Sprint(nArticles/3 + 7)}}), ""},
		{"GET search, common word", search(url.Values{"q": {"claim"}}), ""},
		{"GET search, phrase", search(url.Values{"q": {`"harbour city"`}}), ""},
		{"GET search, word + filters", search(url.Values{"q": {"councillor"}, "type": {"claims"}, "status": {"verified"}, "kind": {"event"}}), ""},
		{"GET search, claims page 3", search(url.Values{"q": {"the"}, "type": {"claims"}, "page": {"3"}}), ""},
		// Filters with no words: the newest claims they select.
		{"GET search, filters only", search(url.Values{"type": {"claims"}, "status": {"verified"}}), ""},
		{"GET My work (" + deskUser + ")", "/work", deskUser},
		{"GET dashboard", "/dashboard", ""},
		{"GET checked before (API)", fmt.Sprintf("/api/v1/claims/%d/similar", nClaims/2+3), ""},
	}
}

// pageFilter keeps the pages whose name holds one of the comma-separated
// words of only (case-insensitive); an empty only keeps them all.
func pageFilter(pages []bigPage, only string) []bigPage {
	if only == "" {
		return pages
	}
	var out []bigPage
	for _, p := range pages {
		for _, w := range strings.Split(only, ",") {
			if w != "" && strings.Contains(strings.ToLower(p.name), strings.ToLower(strings.TrimSpace(w))) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// tokenFor gives the existing user name a new API token.
func tokenFor(ctx context.Context, store *db.DB, name string) (string, error) {
	token, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	if err := store.CreateToken(ctx, name, auth.HashToken(token)); err != nil {
		return "", fmt.Errorf("token for %s (a database made by factmark-gen has it): %w", name, err)
	}
	return token, nil
}
