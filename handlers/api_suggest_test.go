package handlers_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// suggestionWire is one suggestion as the API sends it; PartyID is raw so
// that a null can be told from a missing key.
type suggestionWire struct {
	Name    string          `json:"name"`
	Role    string          `json:"role"`
	Start   int             `json:"start"`
	End     int             `json:"end"`
	PartyID json.RawMessage `json:"party_id"`
	Reason  string          `json:"reason"`
}

type suggestionsWire struct {
	Suggestions []suggestionWire `json:"suggestions"`
}

// talksSentence is the sentence, with a flag before the parties (two
// code points, four UTF-16 units, eight bytes) so that the units differ.
const talksSentence = "🇰🇿 Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan."

func TestSuggestText(t *testing.T) {
	e := newEnv(t)
	rec := e.api(http.MethodPost, "/api/v1/parties/suggest", "ed", map[string]any{"text": talksSentence})
	wantStatus(t, rec, http.StatusOK)
	got := decode[suggestionsWire](t, rec).Suggestions
	want := []suggestionWire{
		{Name: "Erdogan", Role: "invited", Start: 39, End: 46, PartyID: json.RawMessage("null"), Reason: "extended the invite for"},
		{Name: "the Syrian government", Role: "invited", Start: 48, End: 69, PartyID: json.RawMessage("null"), Reason: "extended the invite for"},
		{Name: "the Syrian opposition", Role: "invited", Start: 74, End: 84, PartyID: json.RawMessage("null"), Reason: "extended the invite for"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
	rs := []rune(talksSentence)
	for _, s := range got {
		if words := string(rs[s.Start:s.End]); !strings.HasSuffix(s.Name, words) {
			t.Errorf("%s is marked on %q", s.Name, words)
		}
	}
}

func TestSuggestNone(t *testing.T) {
	e := newEnv(t)
	rec := e.api(http.MethodPost, "/api/v1/parties/suggest", "ed", map[string]any{"text": "The talks were postponed until next week."})
	wantStatus(t, rec, http.StatusOK)
	// An empty list, never null: a client can range over it.
	if got := strings.TrimSpace(rec.Body.String()); got != `{"suggestions":[]}` {
		t.Errorf("body %s, want an empty list", got)
	}
}

// TestSuggestArticleSpan: with an article's span, the words are the span
// of its canonical text and offsets count from the span's start.
func TestSuggestArticleSpan(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", "Ceasefire talks resume 🕊️\n\n"+talksSentence+"\n\nThe new proposal does not involve the U.S. and U.N.")
	start, end := span(t, a.Text, "The new proposal does not involve the U.S. and U.N.")
	rec := e.api(http.MethodPost, "/api/v1/parties/suggest", "ed", map[string]any{"article_id": a.ID, "start": start, "end": end})
	wantStatus(t, rec, http.StatusOK)
	got := decode[suggestionsWire](t, rec).Suggestions
	want := []suggestionWire{
		{Name: "U.S.", Role: "excluded", Start: 38, End: 42, PartyID: json.RawMessage("null"), Reason: "does not involve"},
		{Name: "U.N.", Role: "excluded", Start: 47, End: 51, PartyID: json.RawMessage("null"), Reason: "does not involve"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
}

// TestSuggestRefusals: each bad body is a 400 (or 404) naming the field to
// fix, never a 500.
func TestSuggestRefusals(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", talksSentence)
	n := len([]rune(a.Text))
	tests := []struct {
		name   string
		body   any
		status int
		field  string
		msg    string
	}{
		{"nothing", map[string]any{}, 400, "text", "Send the words"},
		{"text and an article", map[string]any{"text": "Iran said so.", "article_id": a.ID, "start": 0, "end": 3}, 400, "text", "not both"},
		{"blank text", map[string]any{"text": " \n "}, 400, "text", "blank"},
		{"too long", map[string]any{"text": strings.Repeat("Iran said so. ", 8000)}, 400, "text", "too long"},
		{"a span without its article", map[string]any{"start": 0, "end": 3}, 400, "article_id", "article_id"},
		{"no start", map[string]any{"article_id": a.ID, "end": 3}, 400, "start", "start is missing"},
		{"no end", map[string]any{"article_id": a.ID, "start": 0}, 400, "end", "end is missing"},
		{"negative start", map[string]any{"article_id": a.ID, "start": -1, "end": 3}, 400, "start", "0 or more"},
		{"end before start", map[string]any{"article_id": a.ID, "start": 5, "end": 5}, 400, "end", "greater than start"},
		{"end past the text", map[string]any{"article_id": a.ID, "start": 0, "end": n + 1}, 400, "end", "past the end"},
		{"a span of spaces", map[string]any{"article_id": a.ID, "start": 8, "end": 9}, 400, "end", "blank"},
		{"an unknown key", map[string]any{"txt": "Iran said so."}, 400, "txt", ""},
		{"text of the wrong type", map[string]any{"text": 3}, 400, "text", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.api(http.MethodPost, "/api/v1/parties/suggest", "ed", tt.body)
			msgs := []string{}
			if tt.msg != "" {
				msgs = append(msgs, tt.msg)
			}
			wantError(t, rec, tt.status, "invalid", tt.field, msgs...)
		})
	}
	t.Run("an article that does not exist", func(t *testing.T) {
		rec := e.api(http.MethodPost, "/api/v1/parties/suggest", "ed", map[string]any{"article_id": 999, "start": 0, "end": 3})
		wantError(t, rec, http.StatusNotFound, "not_found", "")
	})
}

// TestSuggestAccess: the suggestions are a read, so a viewer and a
// read-only token may ask for them; a read-only token stays refused on
// every other POST; a browser session needs its CSRF token as for any
// POST; nobody anonymous.
func TestSuggestAccess(t *testing.T) {
	e := newEnv(t)
	body := `{"text":"Iran was not invited."}`
	t.Run("viewer", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, "/api/v1/parties/suggest", "vi", body), http.StatusOK)
	})
	readOnly := e.readOnlyToken("vi")
	call := func(path, body string) int {
		req := httpRequest(http.MethodPost, path, body)
		req.Header.Set("Authorization", "Bearer "+readOnly)
		return e.serve(req).Code
	}
	t.Run("read-only token", func(t *testing.T) {
		if code := call("/api/v1/parties/suggest", body); code != http.StatusOK {
			t.Errorf("suggest with a read-only token: %d, want 200", code)
		}
	})
	t.Run("read-only token on another POST", func(t *testing.T) {
		if code := call("/api/v1/articles/preview", `{"text":"Iran was not invited."}`); code != http.StatusForbidden {
			t.Errorf("preview with a read-only token: %d, want 403", code)
		}
	})
	t.Run("anonymous", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, "/api/v1/parties/suggest", "", body), http.StatusUnauthorized, "unauthorized", "")
	})
	t.Run("session without CSRF token", func(t *testing.T) {
		b := e.loggedIn("ed")
		rec := b.do(httpRequest(http.MethodPost, "/api/v1/parties/suggest", body))
		wantError(t, rec, http.StatusForbidden, "forbidden", "", "X-CSRF-Token")
	})
	t.Run("session with CSRF token", func(t *testing.T) {
		b := e.loggedIn("ed")
		req := httpRequest(http.MethodPost, "/api/v1/parties/suggest", body)
		req.Header.Set("X-CSRF-Token", b.csrf())
		rec := b.do(req)
		wantStatus(t, rec, http.StatusOK)
		if got := decode[suggestionsWire](t, rec).Suggestions; len(got) != 1 {
			t.Errorf("%d suggestions, want 1: %+v", len(got), got)
		}
	})
}
