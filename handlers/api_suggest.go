package handlers

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/suggest"
	"github.com/factmark/factmark/internal/text"
)

// suggestPath is the API route of party suggestions: a POST that changes
// nothing, which read-only tokens may therefore call (readOnlyPOST).
const suggestPath = "/api/v1/parties/suggest"

// maxSuggestText is the most code points the suggestions read at once: a
// claim is a sentence or a paragraph, and a long article still takes the
// rules a fraction of a second.
const maxSuggestText = 100_000

// suggestRequest is the body of POST /api/v1/parties/suggest: Text, or an
// article's span.
type suggestRequest struct {
	Text      *string `json:"text"`
	ArticleID *int64  `json:"article_id"`
	Start     *int    `json:"start"`
	End       *int    `json:"end"`
}

// suggestionJSON is one suggestion: offsets count code points from the
// start of what was sent (the text, or the span). PartyID is the
// registry's party of that name, null while there is none.
type suggestionJSON struct {
	Name    string     `json:"name"`
	Role    model.Role `json:"role"`
	Start   int        `json:"start"`
	End     int        `json:"end"`
	PartyID *int64     `json:"party_id"`
	Reason  string     `json:"reason"`
}

type suggestResponse struct {
	Suggestions []suggestionJSON `json:"suggestions"`
}

// suggestParties answers which parties the words name, and in which role
// (internal/suggest). It reads and changes nothing but the article it may
// be asked to read.
func (s *Server) suggestParties(c echo.Context) error {
	var req suggestRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	words, err := s.suggestWords(c.Request().Context(), req)
	if err != nil {
		return err
	}
	out, err := s.suggestionsFor(c.Request().Context(), words)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, suggestResponse{Suggestions: out})
}

// suggestWords returns the words a request asks about: its text, or the
// span of an article's canonical text.
func (s *Server) suggestWords(ctx context.Context, req suggestRequest) (string, error) {
	switch {
	case req.Text != nil && (req.ArticleID != nil || req.Start != nil || req.End != nil):
		return "", model.Invalid("text", "Send either text, or article_id with start and end, not both.")
	case req.Text != nil:
		return checkSuggestText(*req.Text, "text")
	case req.ArticleID == nil && (req.Start != nil || req.End != nil):
		return "", model.Invalid("article_id", "start and end need the article_id of the article they count in.")
	case req.ArticleID == nil:
		return "", model.Invalid("text", "Send the words as text, or an article_id with start and end.")
	case req.Start == nil:
		return "", model.Invalid("start", "start is missing: the first code point of the words in the article's text.")
	case req.End == nil:
		return "", model.Invalid("end", "end is missing: the code point after the words in the article's text.")
	}
	a, err := s.store.Article(ctx, *req.ArticleID)
	if err != nil {
		return "", err
	}
	ix := text.NewIndex(a.Text)
	start, end := *req.Start, *req.End
	switch {
	case start < 0:
		return "", model.Invalid("start", "start must be 0 or more, got %d.", start)
	case end <= start:
		return "", model.Invalid("end", "end must be greater than start (start %d, end %d).", start, end)
	case end > ix.Len():
		return "", model.Invalid("end", "end %d is past the end of the article's text (%d characters).", end, ix.Len())
	}
	return checkSuggestText(ix.Slice(start, end), "end")
}

// checkSuggestText refuses words that hold nothing to read, or too much.
func checkSuggestText(words, field string) (string, error) {
	switch {
	case strings.TrimSpace(words) == "":
		return "", model.Invalid(field, "The words are blank: send the words of a claim.")
	case utf8.RuneCountInString(words) > maxSuggestText:
		return "", model.Invalid(field, "The words are too long: at most %d characters at once.", maxSuggestText)
	}
	return words, nil
}

// suggestionsFor runs the rules on words and matches each name to the
// party registry.
func (s *Server) suggestionsFor(ctx context.Context, words string) ([]suggestionJSON, error) {
	found := suggest.Parties(words)
	out := make([]suggestionJSON, 0, len(found))
	for _, f := range found {
		id, err := s.matchParty(ctx, f.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, suggestionJSON{Name: f.Name, Role: f.Role, Start: f.Start, End: f.End, PartyID: id, Reason: f.Reason})
	}
	return out, nil
}

// readOnlyPOST reports whether the request is a POST that reads only, which
// a read-only API token may make: the suggestions compute on the words
// sent and store nothing.
func readOnlyPOST(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == suggestPath
}
