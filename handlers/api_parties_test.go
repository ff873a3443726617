package handlers_test

import (
	"encoding/json"
	"net/http"
	"testing"
)

// partyEntityWire is a registry entry as the API sends it.
type partyEntityWire struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
	Claims  int      `json:"claims"`
}

type partyDetailWire struct {
	partyEntityWire
	ClaimList []struct {
		ArticleID int64  `json:"article_id"`
		ClaimID   int64  `json:"claim_id"`
		Number    int    `json:"number"`
		Statement string `json:"statement"`
		Role      string `json:"role"`
		Status    string `json:"status"`
	} `json:"claim_list"`
}

// claimPartyIDs is a claim's parties with their registry ids, raw so that
// a missing party_id shows.
type claimPartyIDs struct {
	Parties []struct {
		Name    string          `json:"name"`
		PartyID json.RawMessage `json:"party_id"`
	} `json:"parties"`
}

const registryText = "Officials from the U.S. were not invited. The United States hosted the talks in Astana."

// addPartyID adds a party through the API as ed and returns its registry id.
func (e *env) addPartyID(claimID int64, name, role string) int64 {
	e.tb.Helper()
	rec := e.api(http.MethodPost, "/api/v1/claims/"+itoa(claimID)+"/parties", "ed", map[string]any{"name": name, "role": role})
	wantStatus(e.tb, rec, http.StatusCreated)
	ps := decode[claimPartyIDs](e.tb, rec).Parties
	var id int64
	if err := json.Unmarshal(ps[len(ps)-1].PartyID, &id); err != nil || id == 0 {
		e.tb.Fatalf("party_id %s of %s, want a registry id", ps[len(ps)-1].PartyID, name)
	}
	return id
}

// The registry through the API: adding "U.S." and "US" links both to one
// entry; completion finds it by an alias; its page lists both claims;
// a viewer may read but not change it.
func TestPartyRegistryAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", registryText)
	c1 := e.createClaim(a, "Officials from the U.S. were not invited", nil)
	c2 := e.createClaim(a, "The United States hosted the talks", nil)
	us := e.addPartyID(c1.ID, "U.S.", "excluded")
	if got := e.addPartyID(c2.ID, "US", "organizer"); got != us {
		t.Errorf("US linked to %d, U.S. to %d, want one entry", got, us)
	}

	rec := e.api(http.MethodPatch, "/api/v1/parties/"+itoa(us), "ed", map[string]any{"name": "United States", "type": "place", "aliases": []string{"U.S.", "USA"}})
	wantStatus(t, rec, http.StatusOK)
	patched := decode[partyEntityWire](t, rec)
	if patched.Name != "United States" {
		t.Errorf("name %q, want United States", patched.Name)
	}
	if patched.Type != "place" {
		t.Errorf("type %q, want place", patched.Type)
	}

	rec = e.api(http.MethodGet, "/api/v1/parties?q=us", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	list := decode[struct {
		Parties []partyEntityWire `json:"parties"`
	}](t, rec).Parties
	if len(list) != 1 {
		t.Fatalf("%d entries for q=us, want 1: %+v", len(list), list)
	}
	if list[0].Claims != 2 {
		t.Errorf("claims %d, want 2", list[0].Claims)
	}

	rec = e.api(http.MethodGet, "/api/v1/parties/"+itoa(us), "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	d := decode[partyDetailWire](t, rec)
	if len(d.ClaimList) != 2 {
		t.Fatalf("%d claims, want 2", len(d.ClaimList))
	}
	if d.ClaimList[0].Role != "excluded" {
		t.Errorf("first claim's role %q, want excluded", d.ClaimList[0].Role)
	}
	if d.ClaimList[1].Number != c2.Number {
		t.Errorf("second claim number %d, want %d", d.ClaimList[1].Number, c2.Number)
	}

	rec = e.api(http.MethodPatch, "/api/v1/parties/"+itoa(us), "vi", map[string]any{"type": "group"})
	wantStatus(t, rec, http.StatusForbidden)
	rec = e.api(http.MethodGet, "/api/v1/parties/999", "vi", nil)
	wantStatus(t, rec, http.StatusNotFound)
}

// Bad input to the registry is a 400 naming the field.
func TestPartyRegistryBadInput(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", registryText)
	c := e.createClaim(a, "Officials from the U.S. were not invited", nil)
	us := e.addPartyID(c.ID, "U.S.", "excluded")
	e.addPartyID(c.ID, "U.N.", "excluded")
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"unknown type", http.MethodPatch, "/api/v1/parties/" + itoa(us), map[string]any{"type": "country"}, http.StatusBadRequest, "type"},
		{"empty name", http.MethodPatch, "/api/v1/parties/" + itoa(us), map[string]any{"name": " . "}, http.StatusBadRequest, "name"},
		{"alias of another", http.MethodPatch, "/api/v1/parties/" + itoa(us), map[string]any{"aliases": []string{"UN"}}, http.StatusConflict, "aliases[0]"},
		{"merge into itself", http.MethodPost, "/api/v1/parties/" + itoa(us) + "/merge", map[string]any{"into": us}, http.StatusBadRequest, "into"},
		{"merge into nothing", http.MethodPost, "/api/v1/parties/" + itoa(us) + "/merge", map[string]any{}, http.StatusBadRequest, "into"},
		{"bad limit", http.MethodGet, "/api/v1/parties?limit=0", nil, http.StatusBadRequest, "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.api(tc.method, tc.path, "ed", tc.body)
			wantStatus(t, rec, tc.status)
			var body struct {
				Error struct {
					Field string `json:"field"`
				} `json:"error"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if body.Error.Field != tc.field {
				t.Errorf("field %q, want %q", body.Error.Field, tc.field)
			}
		})
	}
}

// Merging through the API moves the claims, and the suggestions then
// name the merged entry's id.
func TestPartyMergeAPI(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", talksSentence)
	c := e.createClaim(a, "Putin first extended the invite", nil)
	erd := e.addPartyID(c.ID, "Erdogan", "invited")
	rte := e.addPartyID(c.ID, "Recep Tayyip Erdoğan", "invited")
	rec := e.api(http.MethodPost, "/api/v1/parties/"+itoa(erd)+"/merge", "ed", map[string]any{"into": rte})
	wantStatus(t, rec, http.StatusOK)
	merged := decode[partyEntityWire](t, rec)
	if merged.Claims != 1 {
		t.Errorf("claims %d, want 1", merged.Claims)
	}
	rec = e.api(http.MethodGet, "/api/v1/parties/"+itoa(erd), "ed", nil)
	wantStatus(t, rec, http.StatusNotFound)

	rec = e.api(http.MethodPost, "/api/v1/parties/suggest", "ed", map[string]any{"text": talksSentence})
	wantStatus(t, rec, http.StatusOK)
	got := decode[suggestionsWire](t, rec).Suggestions
	if string(got[0].PartyID) != itoa(rte) {
		t.Errorf("Erdogan's suggestion party_id %s, want %d", got[0].PartyID, rte)
	}
	if string(got[1].PartyID) != "null" {
		t.Errorf("the Syrian government's party_id %s, want null (not in the registry)", got[1].PartyID)
	}
}

// A party added with a type creates its entry with that type; an unknown
// type or a name of dots alone is a 400 naming the field, and adds nothing.
func TestAddPartyWithType(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", registryText)
	c := e.createClaim(a, "Officials from the U.S. were not invited", nil)
	rec := e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/parties", "ed", map[string]any{"name": "Ines Varga", "role": "speaker", "type": "person"})
	wantStatus(t, rec, http.StatusCreated)
	var got struct {
		Parties []struct {
			PartyID   int64  `json:"party_id"`
			PartyType string `json:"party_type"`
		} `json:"parties"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Parties[0].PartyType != "person" {
		t.Errorf("party_type %q, want person", got.Parties[0].PartyType)
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"unknown type", map[string]any{"name": "Astana", "role": "mentioned", "type": "country"}, "type"},
		{"dots alone", map[string]any{"name": "..", "role": "mentioned"}, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/parties", "ed", tc.body)
			wantStatus(t, rec, http.StatusBadRequest)
			var body struct {
				Error struct {
					Field string `json:"field"`
				} `json:"error"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if body.Error.Field != tc.field {
				t.Errorf("field %q, want %q", body.Error.Field, tc.field)
			}
		})
	}
	rec = e.api(http.MethodGet, "/api/v1/parties", "ed", nil)
	wantStatus(t, rec, http.StatusOK)
	list := decode[struct {
		Parties []partyEntityWire `json:"parties"`
	}](t, rec).Parties
	if len(list) != 1 {
		t.Errorf("%d registry entries, want 1 (refused parties create none)", len(list))
	}
}
