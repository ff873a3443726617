package handlers_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestClaimNumbersEverywhere gives an article's claims ids that are not
// their numbers (another article's claims come first, and the first claim
// of this one is deleted) and checks that the API and every export label
// them by number, while ids stay in IRIs.
func TestClaimNumbersEverywhere(t *testing.T) {
	e := newEnv(t)
	other := e.createArticle("Elsewhere", storyText)
	for range 3 {
		e.createClaim(other, "Tickets will cost €4", nil)
	}
	a := e.createArticle("Ferry link", storyText)
	gone := e.createClaim(a, "voted 7–2 on Tuesday", nil)
	c := e.createClaim(a, "Tickets will cost €4", nil) // id 5, number 2
	wantStatus(t, e.api(http.MethodDelete, "/api/v1/claims/"+itoa(gone.ID), "ed", nil), http.StatusNoContent)

	got := decode[claim](t, e.api(http.MethodGet, "/api/v1/claims/"+itoa(c.ID), "vi", nil))
	if got.ID != 5 {
		t.Fatalf("the claim's id is %d, want 5", got.ID)
	}
	if got.Number != 2 {
		t.Errorf("API: number %d, want 2", got.Number)
	}
	if n := e.createClaim(a, "The Pellmoor council", nil).Number; n != 3 {
		t.Errorf("the next claim got number %d, want 3: a deleted claim's number is not given again", n)
	}

	export := func(format, edition string) string {
		t.Helper()
		rec := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format="+format+"&edition="+edition, "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		return rec.Body.String()
	}
	t.Run("json", func(t *testing.T) {
		var doc struct {
			Claims []struct {
				ID     int64 `json:"id"`
				Number int   `json:"number"`
			} `json:"claims"`
		}
		if err := json.Unmarshal([]byte(export("json", "")), &doc); err != nil {
			t.Fatal(err)
		}
		numbers := map[int64]int{}
		for _, c := range doc.Claims {
			numbers[c.ID] = c.Number
		}
		if numbers[c.ID] != 2 {
			t.Errorf("claim %d: number %d, want 2", c.ID, numbers[c.ID])
		}
	})
	for _, edition := range []string{"public", "internal"} {
		t.Run("csv "+edition, func(t *testing.T) {
			r := csv.NewReader(strings.NewReader(export("csv", edition)))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if edition == "internal" {
				rows = rows[1:] // the notice
			}
			for _, row := range rows[1:] {
				if row[1] == itoa(c.ID) && row[0] != "2" {
					t.Errorf("claim %s: number column %q, want 2", row[1], row[0])
				}
			}
		})
		t.Run("markdown "+edition, func(t *testing.T) {
			md := export("markdown", edition)
			if !strings.Contains(md, "Tickets will cost €4[^2]") {
				t.Errorf("the claim's reference is not [^2]:\n%s", md)
			}
			if !strings.Contains(md, "\n[^2]: ") {
				t.Error("no footnote [^2]")
			}
		})
		t.Run("html "+edition, func(t *testing.T) {
			page := export("html", edition)
			for _, want := range []string{`<h3>Claim 2 `, `id="claim-2"`, `data-claim="2" title="Claim 2`} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
			if strings.Contains(page, "Claim 5") {
				t.Error("the page names a claim by its id, Claim 5")
			}
		})
	}
	t.Run("w3c", func(t *testing.T) {
		var page struct {
			First struct {
				Items []map[string]any `json:"items"`
			} `json:"first"`
		}
		if err := json.Unmarshal([]byte(export("w3c", "")), &page); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range page.First.Items {
			if id, _ := it["id"].(string); strings.HasSuffix(id, "/"+itoa(c.ID)) {
				found = true
				if n, _ := it["factmark:number"].(float64); n != 2 {
					t.Errorf("annotation %s: factmark:number %v, want 2", id, it["factmark:number"])
				}
			}
		}
		if !found {
			t.Errorf("no annotation whose IRI ends in the claim's id %d", c.ID)
		}
	})
}

// A JSON import keeps the exported numbers and refuses an article whose
// claims share one.
func TestImportClaimNumbers(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Ferry link", storyText)
	gone := e.createClaim(a, "voted 7–2 on Tuesday", nil)
	e.createClaim(a, "Tickets will cost €4", nil)
	wantStatus(t, e.api(http.MethodDelete, "/api/v1/claims/"+itoa(gone.ID), "ed", nil), http.StatusNoContent)
	rec := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format=json", "vi", nil)
	wantStatus(t, rec, http.StatusOK)
	exported := rec.Body.Bytes()

	imported := decode[article](t, e.api(http.MethodPost, "/api/v1/import", "ed", json.RawMessage(exported)))
	claims := decode[struct {
		Claims []claim `json:"claims"`
	}](t, e.api(http.MethodGet, "/api/v1/articles/"+itoa(imported.ID)+"/claims", "vi", nil)).Claims
	if len(claims) != 1 {
		t.Fatalf("%d claims imported, want 1", len(claims))
	}
	if claims[0].Number != 2 {
		t.Errorf("the imported claim's number is %d, want 2 as exported", claims[0].Number)
	}

	var doc map[string]any
	if err := json.Unmarshal(exported, &doc); err != nil {
		t.Fatal(err)
	}
	cs := doc["claims"].([]any)
	doc["claims"] = append(cs, cs[0])
	type list struct {
		Articles []article `json:"articles"`
	}
	before := len(decode[list](t, e.api(http.MethodGet, "/api/v1/articles", "vi", nil)).Articles)
	wantError(t, e.api(http.MethodPost, "/api/v1/import", "ed", doc), http.StatusBadRequest, "invalid", "claims[1].number", "Claim number 2")
	if after := len(decode[list](t, e.api(http.MethodGet, "/api/v1/articles", "vi", nil)).Articles); after != before {
		t.Errorf("%d articles after a refused import, want %d", after, before)
	}
}
