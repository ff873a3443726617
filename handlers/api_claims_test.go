package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCreateClaimAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	claimsPath := "/api/v1/articles/" + itoa(a.ID) + "/claims"
	n := len([]rune(a.Text))

	t.Run("by position", func(t *testing.T) {
		s, end := span(t, a.Text, "first boat 🌊 sails")
		rec := e.api(http.MethodPost, claimsPath, "ed", map[string]any{"start": s, "end": end, "kind": "date_time", "statement": "The first boat sails in May.",
			"parties": []map[string]any{{"name": "the ferry operator", "role": "subject"}}})
		wantStatus(t, rec, http.StatusCreated)
		c := decode[claim](t, rec)
		type fields struct {
			Start, End          int
			Exact, Kind, Status string
			Version             int
			Roles               []string
		}
		want := fields{Start: s, End: end, Exact: "first boat 🌊 sails", Kind: "date_time", Status: "unchecked", Version: 1, Roles: []string{"subject"}}
		got := fields{Start: c.Start, End: c.End, Exact: c.Quote.Exact, Kind: c.Kind, Status: c.Status, Version: c.Version, Roles: partyRoles(c)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("created claim (-want +got):\n%s", diff)
		}
		if rec.Header().Get("ETag") != `"1"` || rec.Header().Get("Location") != "/api/v1/claims/"+itoa(c.ID) {
			t.Errorf("ETag %q Location %q", rec.Header().Get("ETag"), rec.Header().Get("Location"))
		}
	})
	t.Run("by quote", func(t *testing.T) {
		rec := e.api(http.MethodPost, claimsPath, "ed", map[string]any{"quote": map[string]string{"exact": "李明"}})
		wantStatus(t, rec, http.StatusCreated)
		c := decode[claim](t, rec)
		if s, end := span(t, a.Text, "李明"); c.Start != s || c.End != end {
			t.Errorf("claim at %d-%d, want %d-%d", c.Start, c.End, s, end)
		}
	})
	t.Run("by quote typed with other white space and Unicode form", func(t *testing.T) {
		// As the W3C import anchors it: the quote is normalized first.
		rec := e.api(http.MethodPost, claimsPath, "ed", map[string]any{"quote": map[string]string{"exact": " fund a   ferry\n between ", "prefix": "Tuesday\tto"}})
		wantStatus(t, rec, http.StatusCreated)
		c := decode[claim](t, rec)
		if s, end := span(t, a.Text, "fund a ferry between"); c.Start != s || c.End != end || c.Quote.Exact != "fund a ferry between" {
			t.Errorf("claim at %d-%d %q, want %d-%d", c.Start, c.End, c.Quote.Exact, s, end)
		}
		rec = e.api(http.MethodPost, claimsPath, "ed", map[string]any{"quote": map[string]string{"exact": "cafe\u0301 owner"}})
		wantStatus(t, rec, http.StatusCreated)
		if c := decode[claim](t, rec); c.Quote.Exact != "café owner" {
			t.Errorf("claim on %q, want the café owner", c.Quote.Exact)
		}
	})
	t.Run("by quote with a prefix", func(t *testing.T) {
		rec := e.api(http.MethodPost, claimsPath, "ed", map[string]any{"quote": map[string]string{"exact": "council", "prefix": "said the "}})
		wantStatus(t, rec, http.StatusCreated)
		if c, s := decode[claim](t, rec), runeIndex(t, a.Text, "council had"); c.Start != s {
			t.Errorf("claim at %d, want %d", c.Start, s)
		}
	})
	before := claimCount(t, e, a.ID)
	for _, tc := range []struct {
		name        string
		body        any
		field       string
		msg         []string
		code        string
		statusCode  int
		articlePath string
	}{
		{name: "quote not found", body: map[string]any{"quote": map[string]string{"exact": "the harbour master resigned"}}, field: "quote.exact", msg: []string{"does not occur"}},
		{name: "ambiguous quote", body: map[string]any{"quote": map[string]string{"exact": "council"}}, field: "quote.exact", msg: []string{"more than once"}},
		{name: "end equals start", body: map[string]any{"start": 4, "end": 4}, field: "end", msg: []string{"greater than start"}},
		{name: "end before start", body: map[string]any{"start": 9, "end": 4}, field: "end"},
		{name: "end past the text", body: map[string]any{"start": 4, "end": n + 1}, field: "end", msg: []string{"past the end"}},
		{name: "negative start", body: map[string]any{"start": -3, "end": 4}, field: "start"},
		{name: "start only", body: map[string]any{"start": 3}, field: "end"},
		{name: "nothing", body: map[string]any{}, field: "start"},
		{name: "offsets as strings", body: `{"start":"3","end":"6"}`, field: "start"},
		{name: "fractional offset", body: map[string]any{"start": 3.5, "end": 6}, field: "start"},
		{name: "unknown kind", body: map[string]any{"start": 0, "end": 3, "kind": "rumour"}, field: "kind", msg: []string{"rumour"}},
		{name: "unknown status", body: map[string]any{"start": 0, "end": 3, "status": "done"}, field: "status"},
		{name: "unknown party role", body: map[string]any{"start": 0, "end": 3, "parties": []map[string]any{{"name": "Port", "role": "host"}}}, field: "parties[0].role"},
		{name: "party span out of range", body: map[string]any{"start": 0, "end": 3, "parties": []map[string]any{{"name": "Port", "role": "subject", "start": 2, "end": n + 5}}}, field: "parties[0].end"},
		{name: "unknown assignee", body: map[string]any{"start": 0, "end": 3, "assignee": "nobody"}, field: "assignee"},
		{name: "unknown field", body: map[string]any{"start": 0, "end": 3, "stauts": "verified"}, field: "stauts"},
		{name: "unknown article", body: map[string]any{"start": 0, "end": 3}, code: "not_found", statusCode: 404, articlePath: "/api/v1/articles/9999/claims"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, status, path := "invalid", http.StatusBadRequest, claimsPath
			if tc.code != "" {
				code, status, path = tc.code, tc.statusCode, tc.articlePath
			}
			wantError(t, e.api(http.MethodPost, path, "ed", tc.body), status, code, tc.field, tc.msg...)
			if after := claimCount(t, e, a.ID); after != before {
				t.Errorf("claims %d → %d", before, after)
			}
		})
	}
}

func runeIndex(tb testing.TB, s, sub string) int {
	start, _ := span(tb, s, sub)
	return start
}

func claimCount(tb testing.TB, e *env, articleID int64) int {
	tb.Helper()
	rec := e.api(http.MethodGet, "/api/v1/articles/"+itoa(articleID)+"/claims", "vi", nil)
	wantStatus(tb, rec, http.StatusOK)
	return len(decode[struct {
		Claims []claim `json:"claims"`
	}](tb, rec).Claims)
}

type event struct {
	At      string `json:"at"`
	User    string `json:"user"`
	Field   string `json:"field"`
	From    string `json:"from"`
	To      string `json:"to"`
	Comment string `json:"comment"`
}

func TestClaimResource(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", map[string]any{"kind": "number"})
	path := "/api/v1/claims/" + itoa(c.ID)
	get := func(t *testing.T) (claim, string) {
		t.Helper()
		rec := e.api(http.MethodGet, path, "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		return decode[claim](t, rec), rec.Body.String()
	}

	t.Run("get", func(t *testing.T) {
		rec := e.api(http.MethodGet, path, "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		if got := rec.Header().Get("ETag"); got != `"1"` {
			t.Errorf("ETag %q, want %q", got, `"1"`)
		}
		if got := decode[claim](t, rec).ID; got != c.ID {
			t.Errorf("claim id %d, want %d; body %s", got, c.ID, rec.Body)
		}
	})
	t.Run("patch with the current version", func(t *testing.T) {
		e.clock.Advance(60e9)
		rec := e.api(http.MethodPatch, path, "ed", map[string]any{"status": "misleading", "comment": "€4 is the child fare", "note": "adult fare €6"}, "If-Match", `"1"`)
		wantStatus(t, rec, http.StatusOK)
		got := decode[claim](t, rec)
		type fields struct {
			Version      int
			Status, Note string
			ETag         string
		}
		if diff := cmp.Diff(fields{2, "misleading", "adult fare €6", `"2"`}, fields{got.Version, got.Status, got.Note, rec.Header().Get("ETag")}); diff != "" {
			t.Errorf("patched claim (-want +got):\n%s", diff)
		}
	})
	t.Run("history", func(t *testing.T) {
		rec := e.api(http.MethodGet, path+"/history", "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		var raw struct {
			Events []map[string]any `json:"events"`
		}
		json.Unmarshal(rec.Body.Bytes(), &raw)
		for _, ev := range raw.Events {
			if k := keys(ev); !reflect.DeepEqual(k, []string{"at", "comment", "field", "from", "to", "user"}) {
				t.Errorf("event keys %v", k)
			}
		}
		h := decode[struct {
			Events []event `json:"events"`
		}](t, rec).Events
		want := []event{
			{At: "2026-03-02T08:30:00Z", User: "ed", Field: "claim", To: "created"},
			{At: "2026-03-02T08:31:00Z", User: "ed", Field: "status", From: "unchecked", To: "misleading", Comment: "€4 is the child fare"},
			{At: "2026-03-02T08:31:00Z", User: "ed", Field: "note", From: "", To: "adult fare €6"},
		}
		if !reflect.DeepEqual(h, want) {
			t.Errorf("history\n got %+v\nwant %+v", h, want)
		}
	})
	t.Run("stale If-Match", func(t *testing.T) {
		current, before := get(t)
		for _, ifMatch := range []string{`"1"`, `W/"1"`, `"7"`} {
			rec := e.api(http.MethodPatch, path, "ada", map[string]any{"status": "verified"}, "If-Match", ifMatch)
			got := wantError(t, rec, http.StatusPreconditionFailed, "precondition_failed", "")
			var cur claim
			if err := json.Unmarshal(got.Current, &cur); err != nil {
				t.Errorf("current = %s: %v", got.Current, err)
			} else if !reflect.DeepEqual(cur, current) {
				t.Errorf("current is not the claim at version %d (-want +got):\n%s", current.Version, cmp.Diff(current, cur))
			}
		}
		wantError(t, e.api(http.MethodPatch, path, "ada", map[string]any{"status": "verified"}, "If-Match", `"abc"`), http.StatusPreconditionFailed, "precondition_failed", "")
		wantError(t, e.api(http.MethodDelete, path, "ada", nil, "If-Match", `"1"`), http.StatusPreconditionFailed, "precondition_failed", "")
		if _, after := get(t); after != before {
			t.Errorf("a stale write changed the claim:\n%s\n%s", before, after)
		}
	})
	t.Run("no-op patch", func(t *testing.T) {
		_, before := get(t)
		rec := e.api(http.MethodPatch, path, "ed", map[string]any{"status": "misleading"}, "If-Match", `"2"`)
		wantStatus(t, rec, http.StatusOK)
		if rec.Header().Get("ETag") != `"2"` {
			t.Errorf("ETag %q after a no-op", rec.Header().Get("ETag"))
		}
		if _, after := get(t); after != before {
			t.Errorf("a no-op changed the claim")
		}
	})
	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"unknown status", map[string]any{"status": "done"}, "status"},
		{"unknown kind", map[string]any{"kind": "rumour"}, "kind"},
		{"comment without status", map[string]any{"comment": "why"}, "comment"},
		{"unknown assignee", map[string]any{"assignee": "nobody"}, "assignee"},
		{"unknown field", map[string]any{"state": "verified"}, "state"},
	} {
		t.Run("patch "+tc.name, func(t *testing.T) {
			_, before := get(t)
			wantError(t, e.api(http.MethodPatch, path, "ed", tc.body), http.StatusBadRequest, "invalid", tc.field)
			if _, after := get(t); after != before {
				t.Errorf("a refused patch changed the claim")
			}
		})
	}
	t.Run("parties", func(t *testing.T) {
		rec := e.api(http.MethodPost, path+"/parties", "ed", map[string]any{"name": "Pellmoor Ferries", "role": "organizer"})
		wantStatus(t, rec, http.StatusCreated)
		got := decode[claim](t, rec)
		if got.Version != 3 {
			t.Errorf("version after add party = %d, want 3", got.Version)
		}
		if len(got.Parties) != 1 {
			t.Fatalf("parties after add party: %+v, want one", got.Parties)
		}
		wantError(t, e.api(http.MethodPost, path+"/parties", "ed", map[string]any{"name": "", "role": "organizer"}), http.StatusBadRequest, "invalid", "name")
		wantStatus(t, e.api(http.MethodDelete, path+"/parties/"+itoa(got.Parties[0].ID), "ed", nil), http.StatusNoContent)
		wantError(t, e.api(http.MethodDelete, path+"/parties/"+itoa(got.Parties[0].ID), "ed", nil), http.StatusNotFound, "not_found", "")
	})
	t.Run("delete", func(t *testing.T) {
		cur, _ := get(t)
		wantStatus(t, e.api(http.MethodDelete, path, "ed", nil, "If-Match", `"`+itoa(int64(cur.Version))+`"`), http.StatusNoContent)
		wantError(t, e.api(http.MethodGet, path, "ed", nil), http.StatusNotFound, "not_found", "")
		wantError(t, e.api(http.MethodGet, path+"/history", "ed", nil), http.StatusNotFound, "not_found", "")
		wantError(t, e.api(http.MethodDelete, path, "ed", nil), http.StatusNotFound, "not_found", "")
		wantError(t, e.api(http.MethodPatch, path, "ed", map[string]any{"note": "x"}), http.StatusNotFound, "not_found", "")
	})
}

func TestSourcesAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	c := e.createClaim(a, "Tickets will cost €4", nil)
	other := e.createClaim(a, "first boat", nil)
	path := "/api/v1/claims/" + itoa(c.ID) + "/sources"

	rec := e.api(http.MethodPost, path, "ed", map[string]any{"url": "https://pellmoor.example/fares", "title": "Fare table 2026", "publisher": "Pellmoor Ferries",
		"excerpt": "Single adult: €4", "relation": "supports"})
	wantStatus(t, rec, http.StatusCreated)
	got := decode[claim](t, rec)
	if got.Version != 2 {
		t.Errorf("version after attach = %d, want 2", got.Version)
	}
	if etag := rec.Header().Get("ETag"); etag != `"2"` {
		t.Errorf("ETag after attach = %s, want \"2\"", etag)
	}
	if len(got.Sources) != 1 {
		t.Fatalf("sources after attach: %+v, want one", got.Sources)
	}
	if got.Sources[0].URL != "https://pellmoor.example/fares" {
		t.Errorf("source URL %q, want https://pellmoor.example/fares", got.Sources[0].URL)
	}
	sid := got.Sources[0].ID

	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"javascript URL", map[string]any{"url": "javascript:alert(1)", "title": "x"}, 400, "invalid", "url"},
		{"data URL", map[string]any{"url": "data:text/html;base64,PGI+eDwvYj4=", "title": "x"}, 400, "invalid", "url"},
		{"ftp URL", map[string]any{"url": "ftp://files.example/fares.pdf", "title": "x"}, 400, "invalid", "url"},
		{"nothing", map[string]any{}, 400, "invalid", "url"},
		{"unknown source id", map[string]any{"source_id": 9999}, 400, "invalid", "source_id"},
		{"unknown relation", map[string]any{"url": "https://x.example/", "relation": "refutes"}, 400, "invalid", "relation"},
		{"attached twice", map[string]any{"source_id": sid}, 409, "conflict", "source_id"},
		{"attached twice by URL", map[string]any{"url": "https://pellmoor.example/fares"}, 409, "conflict", "source_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, e.api(http.MethodPost, path, "ed", tc.body), tc.status, tc.code, tc.field)
			if n := len(e.getClaim(c.ID).Sources); n != 1 {
				t.Errorf("%d sources attached, want 1", n)
			}
		})
	}
	t.Run("by library id", func(t *testing.T) {
		rec := e.api(http.MethodPost, "/api/v1/claims/"+itoa(other.ID)+"/sources", "ed", map[string]any{"source_id": sid, "relation": "context"})
		wantStatus(t, rec, http.StatusCreated)
		type source struct {
			ID       int64
			Relation string
		}
		var got []source
		for _, s := range decode[claim](t, rec).Sources {
			got = append(got, source{s.ID, s.Relation})
		}
		if diff := cmp.Diff([]source{{sid, "context"}}, got); diff != "" {
			t.Errorf("attached by id (-want +got):\n%s", diff)
		}
	})
	t.Run("search", func(t *testing.T) {
		for q, want := range map[string][]int64{"fare": {sid}, "PELLMOOR FERRIES": {sid}, "pellmoor.example": {sid}, "100%": {}, "nothing here": {}} {
			rec := e.api(http.MethodGet, "/api/v1/sources?q="+url.QueryEscape(q), "vi", nil)
			wantStatus(t, rec, http.StatusOK)
			ids := []int64{}
			for _, s := range decode[struct {
				Sources []struct {
					ID int64 `json:"id"`
				} `json:"sources"`
			}](t, rec).Sources {
				ids = append(ids, s.ID)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("q=%q: %v, want %v", q, ids, want)
			}
		}
		for _, l := range []string{"0", "201", "x"} {
			wantError(t, e.api(http.MethodGet, "/api/v1/sources?limit="+l, "vi", nil), http.StatusBadRequest, "invalid", "limit")
		}
	})
	t.Run("detach", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodDelete, path+"/"+itoa(sid), "ed", nil), http.StatusNoContent)
		got := e.getClaim(c.ID)
		if len(got.Sources) != 0 {
			t.Errorf("sources after detach: %+v, want none", got.Sources)
		}
		if got.Version != 3 {
			t.Errorf("version after detach = %d, want 3", got.Version)
		}
		wantError(t, e.api(http.MethodDelete, path+"/"+itoa(sid), "ed", nil), http.StatusNotFound, "not_found", "")
		// The library keeps it.
		rec := e.api(http.MethodGet, "/api/v1/sources?q=fare", "vi", nil)
		if n := len(decode[struct {
			Sources []any `json:"sources"`
		}](t, rec).Sources); n != 1 {
			t.Errorf("library has %d matches, want 1", n)
		}
	})
}

func (e *env) getClaim(id int64) claim {
	e.tb.Helper()
	rec := e.api(http.MethodGet, "/api/v1/claims/"+itoa(id), "vi", nil)
	wantStatus(e.tb, rec, http.StatusOK)
	return decode[claim](e.tb, rec)
}
