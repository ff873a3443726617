package model

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SearchType is a kind of search result; results are grouped by it.
type SearchType string

// The kinds of search results, in the order their groups are shown.
const (
	SearchArticles SearchType = "articles"
	SearchClaims   SearchType = "claims"
	SearchParties  SearchType = "parties"
	SearchSources  SearchType = "sources"
)

// searchTypes lists every result kind in display order.
var searchTypes = [...]SearchType{SearchClaims, SearchArticles, SearchParties, SearchSources}

// SearchTypes returns every result kind in display order.
func SearchTypes() []SearchType { v := searchTypes; return v[:] }

// Valid reports whether t is a known result kind.
func (t SearchType) Valid() bool { return contains(searchTypes[:], t) }

// Label is the kind in words, as a group's heading.
func (t SearchType) Label() string {
	switch t {
	case SearchArticles:
		return "Articles"
	case SearchParties:
		return "Parties"
	case SearchSources:
		return "Sources"
	}
	return "Claims"
}

// Search limits.
const (
	// MaxSearchLen is the longest query, in code points.
	MaxSearchLen = 500
	// MaxSearchTerms is the most words and phrases a query may hold.
	MaxSearchTerms = 32
	// SearchPageSize is how many results a page of one kind holds.
	SearchPageSize = 20
	// SearchGroupSize is how many results of each kind a search over every
	// kind shows, before "more" leads to that kind's own pages.
	SearchGroupSize = 5
	// MaxSearchPage is the last page one may ask for.
	MaxSearchPage = 500
	// SearchRanked is how many matches of one index a search ranks by
	// BM25. Past it the words are common (a million claims say "claim"):
	// ranking every match costs a scan of them all, so the search shows
	// the newest SearchRanked matches, newest first, and says there are
	// more (SearchGroup.More).
	SearchRanked = 500
	// SearchExamined is how many of the newest matches of common words a
	// search's filters look through for SearchRanked that pass, so that a
	// filter few matches pass costs a bounded time.
	SearchExamined = 2 * SearchRanked
)

// SearchTerm is one word or "quoted phrase" of a query. Prefix is set for a
// word typed with a trailing * ("kazakh*").
type SearchTerm struct {
	Text   string
	Phrase bool
	Prefix bool
}

// Search is a search as asked: the words and the filters. Its String is
// the query string of its URL, so that a search can be bookmarked, shared
// and saved.
type Search struct {
	Q     string
	Terms []SearchTerm // parsed from Q by ParseSearch
	Type  SearchType   // "" for every kind
	// Filters on claims (and on the parties of matching claims): a search
	// with any of them finds claims and parties only.
	Status    Status
	Kind      Kind
	Party     string
	Assignee  string
	Published PublicationState
	// Publication and the date range filter articles, and claims and
	// parties by their article: the article's published date, else the
	// day it was created here.
	Publication string
	From, To    string // YYYY-MM-DD, inclusive
	Page        int    // from 1
}

// HasClaimFilter reports whether a filter that only claims have is set.
func (s Search) HasClaimFilter() bool {
	return s.Status != "" || s.Kind != "" || s.Party != "" || s.Assignee != "" || s.Published != ""
}

// HasFilter reports whether any filter is set.
func (s Search) HasFilter() bool {
	return s.HasClaimFilter() || s.Publication != "" || s.From != "" || s.To != ""
}

// IsEmpty reports whether there is nothing to search for.
func (s Search) IsEmpty() bool { return len(s.Terms) == 0 && !s.HasFilter() }

// Types returns the result kinds the search looks at: the one asked for,
// or every kind its filters apply to.
func (s Search) Types() []SearchType {
	if s.Type != "" {
		return []SearchType{s.Type}
	}
	var out []SearchType
	for _, t := range searchTypes {
		if s.Applies(t) {
			out = append(out, t)
		}
	}
	return out
}

// Applies reports whether results of kind t can meet the search's filters:
// sources have none of the fields filtered on, articles no claim fields.
func (s Search) Applies(t SearchType) bool {
	switch t {
	case SearchSources:
		return !s.HasFilter()
	case SearchArticles:
		return !s.HasClaimFilter()
	}
	return true
}

// Values returns the search as URL query values, without empty ones and
// without the page.
func (s Search) Values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", s.Q)
	set("type", string(s.Type))
	set("status", string(s.Status))
	set("kind", string(s.Kind))
	set("party", s.Party)
	set("assignee", s.Assignee)
	set("published", string(s.Published))
	set("publication", s.Publication)
	set("from", s.From)
	set("to", s.To)
	return v
}

// String is the search's query string (url.Values encodes keys in order).
func (s Search) String() string { return s.Values().Encode() }

// searchParams are the query parameters a search reads.
var searchParams = []string{"q", "type", "status", "kind", "party", "assignee", "published", "publication", "from", "to", "page"}

// ParseSearch reads a search from URL query values, checking each; a bad
// one is an EINVALID error naming it.
func ParseSearch(v url.Values) (Search, error) {
	s := Search{
		Q: strings.TrimSpace(v.Get("q")), Type: SearchType(v.Get("type")), Status: Status(v.Get("status")),
		Kind: Kind(v.Get("kind")), Party: strings.TrimSpace(v.Get("party")), Assignee: strings.TrimSpace(v.Get("assignee")),
		Published: PublicationState(v.Get("published")), Publication: strings.TrimSpace(v.Get("publication")),
		From: v.Get("from"), To: v.Get("to"), Page: 1,
	}
	fe := FieldErrors{}
	if !utf8.ValidString(s.Q) {
		fe.Add("q", "The search is not valid UTF-8.")
	} else if utf8.RuneCountInString(s.Q) > MaxSearchLen {
		fe.Add("q", "The search is too long: at most "+strconv.Itoa(MaxSearchLen)+" characters.")
	} else {
		terms, err := ParseSearchTerms(s.Q)
		if err != nil {
			fe.Add("q", ErrorMessage(err))
		}
		s.Terms = terms
	}
	if s.Type != "" && !s.Type.Valid() {
		fe.Add("type", "type must be one of: "+join(searchTypes[:])+".")
	}
	if s.Status != "" && !s.Status.Valid() {
		fe.Add("status", "status must be one of: "+join(statuses[:])+".")
	}
	if s.Kind != "" && !s.Kind.Valid() {
		fe.Add("kind", "kind must be one of: "+join(kinds[:])+".")
	}
	switch s.Published {
	case "", Unpublished, Published, Withdrawn:
	default:
		fe.Add("published", "published must be one of: unpublished, published, withdrawn.")
	}
	for _, d := range []struct{ field, val string }{{"from", s.From}, {"to", s.To}} {
		if _, err := time.Parse(time.DateOnly, d.val); d.val != "" && err != nil {
			fe.Add(d.field, d.field+" must be a date, YYYY-MM-DD.")
		}
	}
	if s.From != "" && s.To != "" && s.To < s.From && fe["from"] == "" && fe["to"] == "" {
		fe.Add("to", "to must not be before from.")
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > MaxSearchPage {
			fe.Add("page", "page must be a whole number from 1 to "+strconv.Itoa(MaxSearchPage)+".")
		} else {
			s.Page = n
		}
	}
	if s.Type != "" && s.Type.Valid() && !s.Applies(s.Type) {
		fe.Add("type", "The filters apply to claims (and their parties and articles): "+string(s.Type)+" have none of those fields.")
	}
	return s, fe.Err(searchParams...)
}

// ParseSearchTerms splits a query into words and "quoted phrases": every
// term is taken as words to find, never as search syntax, so that AND,
// NEAR( or a stray quote find those words rather than fail. A trailing *
// asks for words starting with the term. Characters that are neither
// letters, digits nor marks separate words; a query with no word at all
// (only punctuation) is an EINVALID error on q.
func ParseSearchTerms(q string) ([]SearchTerm, error) {
	var terms []SearchTerm
	rest := q
	for rest != "" {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		if rest[0] == '"' {
			body, after, closed := strings.Cut(rest[1:], `"`)
			if !closed {
				body, after = rest[1:], ""
			}
			if t := normalizeTerm(body); t != "" {
				terms = append(terms, SearchTerm{Text: t, Phrase: true})
			}
			rest = after
			continue
		}
		end := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		rest = rest[end:]
		prefix := strings.HasSuffix(word, "*")
		if t := normalizeTerm(word); t != "" {
			terms = append(terms, SearchTerm{Text: t, Prefix: prefix && !strings.ContainsFunc(t, unicode.IsSpace)})
		}
	}
	if len(terms) > MaxSearchTerms {
		return nil, Invalid("q", "The search has too many words: at most %d.", MaxSearchTerms)
	}
	if len(terms) == 0 && strings.TrimSpace(q) != "" {
		return nil, Invalid("q", "The search has no word to look for: type letters or digits.")
	}
	return terms, nil
}

// normalizeTerm keeps a term's words: runs of letters, digits and marks
// (and symbols such as emoji, which the index keeps as words too), joined
// by single spaces.
func normalizeTerm(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.So, r))
	})
	return strings.Join(words, " ")
}

// SearchResult is one result: what it is, where it lives and why it
// matched. Snippet holds the matching words with their marks.
type SearchResult struct {
	Type      SearchType `json:"type"`
	ID        int64      `json:"id"`                   // the article's, claim's, party's or source's id
	ArticleID int64      `json:"article_id,omitempty"` // where a claim, party or source lives
	ClaimID   int64      `json:"claim_id,omitempty"`   // a party's claim; the latest claim a source is attached to
	Title     string     `json:"title"`                // the article's title, the claim's statement (or words), the party's name, the source's title
	Snippet   Snippet    `json:"snippet"`
	// Claims and parties: the claim's number, status, kind, publication
	// state; a party's role. Articles and claims: the article's title and
	// publication.
	Number       int              `json:"number,omitempty"`
	Status       Status           `json:"status,omitempty"`
	Kind         Kind             `json:"kind,omitempty"`
	Role         Role             `json:"role,omitempty"`
	Published    PublicationState `json:"published,omitempty"`
	ArticleTitle string           `json:"article_title,omitempty"`
	Publication  string           `json:"publication,omitempty"`
	URL          string           `json:"url,omitempty"` // a source's URL
	Date         string           `json:"date,omitempty"`
	Score        float64          `json:"score"` // BM25: lower is better
}

// SearchGroup is the results of one kind: a page of them and how many
// there are in all, or, when More is set, how many of the newest matches
// of common words were shown (SearchRanked): there are more than Total,
// newest first rather than ranked.
type SearchGroup struct {
	Type    SearchType     `json:"type"`
	Total   int            `json:"total"`
	More    bool           `json:"more"`
	Results []SearchResult `json:"results"`
}

// SearchResults is what a search found, group by group, in display order.
type SearchResults struct {
	Groups  []SearchGroup `json:"groups"`
	Page    int           `json:"page"`
	PerPage int           `json:"per_page"`
}

// Snippet is a piece of matching text: Text with Marks, the matched words,
// as [start, end) offsets in code points of Text.
type Snippet struct {
	Text  string   `json:"text"`
	Marks [][2]int `json:"marks"`
}

// SnippetPart is a run of a snippet's text, marked or not.
type SnippetPart struct {
	Text string
	Mark bool
}

// Parts cuts the snippet into runs, marked and unmarked, for a view to
// draw the marks as elements (the text itself stays text).
func (s Snippet) Parts() []SnippetPart {
	runes := []rune(s.Text)
	var parts []SnippetPart
	at := 0
	for _, m := range s.Marks {
		if m[0] < at || m[1] > len(runes) || m[0] >= m[1] {
			continue
		}
		if m[0] > at {
			parts = append(parts, SnippetPart{Text: string(runes[at:m[0]])})
		}
		parts = append(parts, SnippetPart{Text: string(runes[m[0]:m[1]]), Mark: true})
		at = m[1]
	}
	if at < len(runes) {
		parts = append(parts, SnippetPart{Text: string(runes[at:])})
	}
	return parts
}

// SavedSearch is a search a user named and kept.
type SavedSearch struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"` // the query string, as Search.String
	CreatedAt time.Time `json:"created_at"`
}

// MaxSavedSearchName is the longest name of a saved search, in code points.
const MaxSavedSearchName = 100
