package pages

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/model"
)

// SearchView is the search page: the search as asked (kept in the form
// even when refused), its results, the field errors, and the user's saved
// searches.
type SearchView struct {
	Search   model.Search
	Results  model.SearchResults
	Searched bool // a search ran (it may have found nothing)
	Errors   map[string]string
	Saved    []model.SavedSearch
	SaveName string // what was typed in the save form, on an error
}

// resultURL is where a result lives: a claim or party opens its claim in
// the workspace, an article its workspace, a source the latest claim it is
// attached to (or nothing: a library entry no claim uses has no place).
func resultURL(r model.SearchResult) templ.SafeURL {
	switch r.Type {
	case model.SearchArticles:
		return templ.SafeURL("/articles/" + itoa64(r.ID))
	case model.SearchClaims:
		return templ.SafeURL("/articles/" + itoa64(r.ArticleID) + "?claim=" + itoa64(r.ID))
	}
	if r.ClaimID == 0 {
		return ""
	}
	return templ.SafeURL("/articles/" + itoa64(r.ArticleID) + "?claim=" + itoa64(r.ClaimID))
}

// searchURL is the search page for s with type t and page p (t "" and p 0
// keep the search's own).
func searchURL(s model.Search, t model.SearchType, p int) templ.SafeURL {
	v := s.Values()
	if t != "" {
		v.Set("type", string(t))
	}
	if p > 1 {
		v.Set("page", strconv.Itoa(p))
	}
	return templ.SafeURL("/search?" + v.Encode())
}

// savedURL is the search page of a saved search.
func savedURL(s model.SavedSearch) templ.SafeURL {
	if _, err := url.ParseQuery(s.Query); err != nil {
		return "/search"
	}
	return templ.SafeURL("/search?" + s.Query)
}

// lastPage is the number of the last page of a group.
func lastPage(g model.SearchGroup, perPage int) int {
	if perPage <= 0 || g.Total == 0 {
		return 1
	}
	return (g.Total + perPage - 1) / perPage
}

// httpURL reports whether u may become a link (http and https only).
func httpURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https")
}

// publicationStates are the publication filter's choices.
func publicationStates() []model.PublicationState {
	return []model.PublicationState{model.Unpublished, model.Published, model.Withdrawn}
}

// resultCount says how many results a group holds.
// groupCount is how many results a group has, "more than" when the
// search looked at the newest matches of common words only.
func groupCount(g model.SearchGroup) string {
	if g.More && g.Total == 0 {
		return "none among the newest matches"
	}
	if g.More {
		return "more than " + resultCount(g.Total)
	}
	return resultCount(g.Total)
}

func resultCount(n int) string {
	if n == 1 {
		return "1 result"
	}
	return strconv.Itoa(n) + " results"
}

// resultTitle is a result's heading: a claim by its number and statement.
func resultTitle(r model.SearchResult) string {
	if r.Type == model.SearchClaims && r.Number > 0 {
		return "#" + itoa(r.Number) + " " + r.Title
	}
	return r.Title
}

// similarWords is how a similar claim reads: its statement, else its words.
func similarWords(s model.SimilarClaim) string {
	if s.Statement != "" {
		return s.Statement
	}
	return s.Exact
}

// sourceCount says how many sources there are.
func sourceCount(n int) string {
	if n == 1 {
		return "1 source"
	}
	return strconv.Itoa(n) + " sources"
}
