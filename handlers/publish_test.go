package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/export"
)

// Distinctive words that must never reach a public page or a public export.
const (
	noteMarker     = "NOTE-MARKER-913"
	commentMarker  = "STATUS-COMMENT-MARKER-914"
	rationaleOne   = "RATIONALE-ONE: the council minutes name Kestania too."
	rationaleTwo   = "RATIONALE-TWO: the minutes were corrected; Kestania was not invited."
	withdrawReason = "WITHDRAW-REASON: the minutes are being re-issued."
)

// publication is the claim JSON's publication object.
type publication struct {
	State            string `json:"state"`
	Verdict          string `json:"verdict"`
	Rationale        string `json:"rationale"`
	FirstPublishedAt string `json:"first_published_at"`
	PublishedAt      string `json:"published_at"`
	WithdrawnAt      string `json:"withdrawn_at"`
	Reason           string `json:"reason"`
}

type claimWithPublication struct {
	ID          int64       `json:"id"`
	Status      string      `json:"status"`
	Version     int         `json:"version"`
	Publication publication `json:"publication"`
}

// publishEnv is an article with a claim set Misleading with an internal
// comment and note (not published yet), and an open claim.
func publishEnv(t *testing.T) (e *env, a article, reviewed, open claim) {
	t.Helper()
	e = newEnv(t, withConfig(func(c *handlers.Config) {
		c.BaseURL, c.NewsroomName = "https://fact.example", "Lakeside Fact Desk"
		c.FetchAllowPrivate = true // for an article fetched from a local page server
	}))
	a = e.createArticle("Ferry talks", "The council invited Veloria to the ferry talks.\n\nNobody else was asked.")
	reviewed = e.createClaim(a, "invited Veloria", map[string]any{"statement": "The council invited only Veloria", "note": noteMarker})
	open = e.createClaim(a, "Nobody else was asked", nil)
	rec := e.api(http.MethodPatch, "/api/v1/claims/"+itoa(reviewed.ID), "ed", map[string]any{"status": "misleading", "comment": commentMarker})
	wantStatus(t, rec, http.StatusOK)
	reviewed = decode[claim](t, rec)
	return e, a, reviewed, open
}

func reviewPath(id int64) string { return "/reviews/" + itoa(id) }

func getReview(e *env, id int64) *httptest.ResponseRecorder {
	return e.serve(httptest.NewRequest(http.MethodGet, reviewPath(id), nil)) // no session, no token
}

func TestPublishAPI(t *testing.T) {
	e, _, c, open := publishEnv(t)
	path := "/api/v1/claims/" + itoa(c.ID)

	t.Run("a new claim is unpublished", func(t *testing.T) {
		got := decode[claimWithPublication](t, e.api(http.MethodGet, path, "vi", nil))
		if got.Publication.State != "unpublished" {
			t.Errorf("publication.state = %q, want unpublished", got.Publication.State)
		}
	})
	t.Run("a verdict is not public until published", func(t *testing.T) {
		if rec := getReview(e, c.ID); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404 before publication", reviewPath(c.ID), rec.Code)
		}
	})
	t.Run("viewers cannot publish", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, path+"/publish", "vi", map[string]any{"rationale": rationaleOne}), http.StatusForbidden)
	})
	t.Run("a rationale is required", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": "  "}), http.StatusBadRequest, "invalid", "rationale")
		wantError(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{}), http.StatusBadRequest, "invalid", "rationale")
		// Invisible characters would publish a blank reason.
		wantError(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": " \u00a0\u200b\ufeff "}), http.StatusBadRequest, "invalid", "rationale")
	})
	t.Run("an unknown field is refused", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne, "comment": "x"}), http.StatusBadRequest, "invalid", "comment")
	})
	t.Run("only a verdict can be published", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(open.ID)+"/publish", "ed", map[string]any{"rationale": rationaleOne}),
			http.StatusConflict, "conflict", "status", "set a verdict")
	})
	t.Run("unknown claim", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/9999/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusNotFound)
	})
	t.Run("stale If-Match", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}, "If-Match", `"1"`), http.StatusPreconditionFailed)
	})

	var published claimWithPublication
	t.Run("publish", func(t *testing.T) {
		rec := e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}, "If-Match", `"`+itoa(int64(c.Version))+`"`)
		wantStatus(t, rec, http.StatusOK)
		published = decode[claimWithPublication](t, rec)
		if got, want := rec.Header().Get("ETag"), `"`+itoa(int64(c.Version+1))+`"`; got != want {
			t.Errorf("ETag %s, want %s: a publication is a new version", got, want)
		}
		p := published.Publication
		if p.State != "published" {
			t.Errorf("state = %q", p.State)
		}
		if p.Verdict != "misleading" {
			t.Errorf("verdict = %q", p.Verdict)
		}
		if p.Rationale != rationaleOne {
			t.Errorf("rationale = %q", p.Rationale)
		}
		if p.FirstPublishedAt == "" {
			t.Error("first_published_at is empty")
		}
		if p.WithdrawnAt != "" {
			t.Errorf("withdrawn_at = %q for a published review", p.WithdrawnAt)
		}
		h := decode[struct {
			Events []struct{ Field, From, To, Comment string } `json:"events"`
		}](t, e.api(http.MethodGet, path+"/history", "vi", nil))
		last := h.Events[len(h.Events)-1]
		if last.Field != "publication" {
			t.Errorf("last history event's field = %q, want publication", last.Field)
		}
		if last.To != "published misleading" {
			t.Errorf("last history event's to = %q", last.To)
		}
		if last.Comment != rationaleOne {
			t.Errorf("last history event's comment = %q, want the rationale", last.Comment)
		}
	})
	t.Run("withdraw needs a reason", func(t *testing.T) {
		wantError(t, e.api(http.MethodPost, path+"/unpublish", "ed", map[string]any{"reason": ""}), http.StatusBadRequest, "invalid", "reason")
	})
	t.Run("withdraw with a stale If-Match", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, path+"/unpublish", "ed", map[string]any{"reason": withdrawReason}, "If-Match", `"1"`), http.StatusPreconditionFailed)
	})
	t.Run("viewers cannot withdraw", func(t *testing.T) {
		wantStatus(t, e.api(http.MethodPost, path+"/unpublish", "vi", map[string]any{"reason": withdrawReason}), http.StatusForbidden)
	})
	t.Run("withdraw", func(t *testing.T) {
		rec := e.api(http.MethodPost, path+"/unpublish", "ed", map[string]any{"reason": withdrawReason}, "If-Match", `"`+itoa(int64(published.Version))+`"`)
		wantStatus(t, rec, http.StatusOK)
		got := decode[claimWithPublication](t, rec)
		if got.Publication.State != "withdrawn" {
			t.Errorf("state = %q, want withdrawn", got.Publication.State)
		}
		if got.Publication.Reason != withdrawReason {
			t.Errorf("reason = %q", got.Publication.Reason)
		}
		if got.Publication.WithdrawnAt == "" {
			t.Error("withdrawn_at is empty")
		}
		wantError(t, e.api(http.MethodPost, path+"/unpublish", "ed", map[string]any{"reason": withdrawReason}), http.StatusConflict, "conflict", "publication")
	})
}

// The public page shows only the published review; a later status change
// stays internal; a re-publication shows a dated "Updated" notice with the
// earlier verdict; a withdrawn review answers 410 with when and why.
func TestReviewPagePublication(t *testing.T) {
	e, _, c, _ := publishEnv(t)
	path := "/api/v1/claims/" + itoa(c.ID)
	wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)

	checkPublic := func(t *testing.T, rec *httptest.ResponseRecorder) {
		t.Helper()
		for _, secret := range []string{noteMarker, commentMarker, "ed@", "Assignee"} {
			if strings.Contains(rec.Body.String(), secret) {
				t.Errorf("the review page holds %q", secret)
			}
		}
	}
	rec := getReview(e, c.ID)
	wantStatus(t, rec, http.StatusOK)
	checkPublic(t, rec)
	doc := parseHTML(t, rec)
	if got := strings.TrimSpace(doc.Find(testid("review-verdict")).Text()); got != "Misleading" {
		t.Errorf("verdict %q, want Misleading", got)
	}
	if got := strings.TrimSpace(doc.Find(testid("review-rationale")).Text()); got != rationaleOne {
		t.Errorf("rationale %q, want %q", got, rationaleOne)
	}
	if n := doc.Find(testid("review-updated")).Length(); n != 0 {
		t.Errorf("%d update notices on a review published once", n)
	}

	// The working verdict changes: the page still shows the published one.
	wantStatus(t, e.api(http.MethodPatch, path, "ed", map[string]any{"status": "false", "comment": commentMarker + " again"}), http.StatusOK)
	rec = getReview(e, c.ID)
	checkPublic(t, rec)
	doc = parseHTML(t, rec)
	if got := strings.TrimSpace(doc.Find(testid("review-verdict")).Text()); got != "Misleading" {
		t.Errorf("verdict after a status change %q, want the published Misleading", got)
	}
	if strings.Contains(rec.Body.String(), "False") {
		t.Error("the page shows the unpublished verdict False")
	}
	reopen := map[string]any{"status": "in_progress"}
	wantStatus(t, e.api(http.MethodPatch, path, "ed", reopen), http.StatusOK)
	if rec := getReview(e, c.ID); rec.Code != http.StatusOK {
		t.Errorf("reopening the claim made its published review answer %d, want 200", rec.Code)
	}
	wantStatus(t, e.api(http.MethodPatch, path, "ed", map[string]any{"status": "false"}), http.StatusOK)

	// Re-publication: an "Updated" notice with the earlier verdict, and
	// dateModified in the markup.
	e.clock.Advance(3600e9)
	wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleTwo}), http.StatusOK)
	rec = getReview(e, c.ID)
	checkPublic(t, rec)
	doc = parseHTML(t, rec)
	if got := strings.TrimSpace(doc.Find(testid("review-verdict")).Text()); got != "False" {
		t.Errorf("verdict after re-publication %q, want False", got)
	}
	if got := strings.TrimSpace(doc.Find(testid("review-rationale")).Text()); got != rationaleTwo {
		t.Errorf("rationale after re-publication %q", got)
	}
	notice := doc.Find(testid("review-updated"))
	if notice.Length() != 1 {
		t.Fatalf("%d update notices, want 1", notice.Length())
	}
	if got := strings.TrimSpace(notice.Find(testid("review-earlier-verdict")).Text()); got != "Misleading" {
		t.Errorf("earlier verdict %q, want Misleading", got)
	}
	if !strings.Contains(notice.Text(), "Updated 2 March 2026") {
		t.Errorf("the notice %q is not dated", notice.Text())
	}
	var reviews []map[string]any
	if err := json.Unmarshal([]byte(doc.Find(`script[type="application/ld+json"]`).Text()), &reviews); err != nil || len(reviews) != 1 {
		t.Fatalf("embedded markup: %v (%d reviews)", err, len(reviews))
	}
	if got := reviews[0]["reviewBody"]; got != rationaleTwo {
		t.Errorf("reviewBody = %v, want the rationale", got)
	}
	if want := "2026-03-02T09:30:00Z"; reviews[0]["dateModified"] != want {
		t.Errorf("dateModified = %v, want the re-publication's date %s", reviews[0]["dateModified"], want)
	}
	if want := "2026-03-02T08:30:00Z"; reviews[0]["datePublished"] != want {
		t.Errorf("datePublished = %v, want the first publication's date %s", reviews[0]["datePublished"], want)
	}

	// Withdrawn: 410, when and why, and no verdict.
	wantStatus(t, e.api(http.MethodPost, path+"/unpublish", "ed", map[string]any{"reason": withdrawReason}), http.StatusOK)
	rec = getReview(e, c.ID)
	if rec.Code != http.StatusGone {
		t.Fatalf("a withdrawn review answers %d, want 410", rec.Code)
	}
	checkPublic(t, rec)
	doc = parseHTML(t, rec)
	if got := strings.TrimSpace(doc.Find(testid("withdrawn-reason")).Text()); got != withdrawReason {
		t.Errorf("withdrawn reason %q", got)
	}
	if got := doc.Find(testid("withdrawn-when")).Text(); !strings.Contains(got, "2 March 2026") {
		t.Errorf("the page does not say when: %q", got)
	}
	if doc.Find(testid("review-verdict")).Length() != 0 {
		t.Error("the withdrawn page still shows the verdict")
	}
	if strings.Contains(rec.Body.String(), rationaleTwo) {
		t.Error("the withdrawn page still shows the rationale")
	}
	// Published again after the withdrawal: the notice says the earlier
	// review was withdrawn, when and why, rather than hiding it.
	e.clock.Advance(24 * 3600e9)
	wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)
	rec = getReview(e, c.ID)
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	latest := doc.Find(testid("review-updated")).First()
	withdrawn := latest.Find(testid("review-earlier-withdrawn")).Text()
	if !strings.Contains(withdrawn, withdrawReason) {
		t.Errorf("the notice after a re-publication does not give the withdrawal's reason: %q", latest.Text())
	}
	if !strings.Contains(withdrawn, "2 March 2026") {
		t.Errorf("the notice does not say when the review was withdrawn: %q", withdrawn)
	}
	for _, p := range []string{"/reviews/9999", "/reviews/abc"} {
		if rec := e.serve(httptest.NewRequest(http.MethodGet, p, nil)); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, rec.Code)
		}
	}
}

// A claim with a published review cannot be deleted, by the API, the
// workspace or the annotation server, nor can its article, until the
// review is withdrawn.
func TestDeletePublishedRefused(t *testing.T) {
	e, a, c, _ := publishEnv(t)
	path := "/api/v1/claims/" + itoa(c.ID)
	wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)

	wantError(t, e.api(http.MethodDelete, path, "ed", nil), http.StatusConflict, "conflict", "publication", "withdraw the review first")
	wantError(t, e.api(http.MethodDelete, "/annotations/"+itoa(a.ID)+"/"+itoa(c.ID), "ed", nil), http.StatusConflict, "conflict", "publication", "withdraw the review first")
	wantError(t, e.api(http.MethodDelete, "/api/v1/articles/"+itoa(a.ID), "ed", nil), http.StatusConflict, "conflict", "publication", "withdraw each review first")
	b := e.loggedIn("ed")
	rec := b.fragment("/claims/"+itoa(c.ID)+"/delete", url.Values{})
	if rec.Code != http.StatusConflict {
		t.Errorf("workspace delete: %d, want 409", rec.Code)
	}
	if got := parseHTML(t, rec).Find(".field-error").Text(); !strings.Contains(got, "withdraw the review first") {
		t.Errorf("the panel says %q, want the reason beside the delete button", got)
	}
	wantStatus(t, e.api(http.MethodGet, path, "vi", nil), http.StatusOK)

	wantStatus(t, e.api(http.MethodPost, path+"/unpublish", "ed", map[string]any{"reason": withdrawReason}), http.StatusOK)
	wantStatus(t, e.api(http.MethodDelete, path, "ed", nil), http.StatusNoContent)
}

// Exports: HTML, Markdown and CSV are public by default, with only
// published verdicts and rationales; the internal edition has everything
// and says so; JSON and W3C are complete and say so.
func TestExportEditions(t *testing.T) {
	e, a, c, _ := publishEnv(t)
	published := e.createClaim(a, "to the ferry talks", map[string]any{"note": noteMarker})
	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(published.ID), "ed", map[string]any{"status": "verified", "comment": commentMarker}), http.StatusOK)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(published.ID)+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)
	// The claim c stays an unpublished Misleading.
	_ = c
	exportPath := "/api/v1/articles/" + itoa(a.ID) + "/export"

	for _, format := range []string{"html", "markdown", "csv"} {
		for _, query := range []string{"", "&edition=public"} {
			t.Run(format+" public"+query, func(t *testing.T) {
				rec := e.api(http.MethodGet, exportPath+"?format="+format+query, "vi", nil)
				wantStatus(t, rec, http.StatusOK)
				body := rec.Body.String()
				secrets := []string{noteMarker, commentMarker, "Misleading", "created_by", export.InternalNotice}
				if format == "html" {
					// The legend lists every verdict; the claim must not show one.
					secrets[2] = "st-misleading b"
					secrets = append(secrets, "Claim 1: Misleading")
				}
				for _, secret := range secrets {
					if strings.Contains(body, secret) {
						t.Errorf("the public %s export holds %q", format, secret)
					}
				}
				if !strings.Contains(body, rationaleOne) {
					t.Errorf("the public %s export lacks the published rationale", format)
				}
				if !strings.Contains(body, "Not yet reviewed") {
					t.Errorf("the public %s export does not say the unpublished claim is not yet reviewed", format)
				}
				if got := rec.Header().Get("X-Factmark-Edition"); got != "public" {
					t.Errorf("X-Factmark-Edition = %q", got)
				}
			})
		}
		t.Run(format+" internal", func(t *testing.T) {
			rec := e.api(http.MethodGet, exportPath+"?format="+format+"&edition=internal", "vi", nil)
			wantStatus(t, rec, http.StatusOK)
			body := rec.Body.String()
			for _, want := range []string{export.InternalNotice, noteMarker, commentMarker, rationaleOne} {
				if !strings.Contains(body, want) {
					t.Errorf("the internal %s export lacks %q", format, want)
				}
			}
			if got := rec.Header().Get("Content-Disposition"); !strings.Contains(got, ".internal.") {
				t.Errorf("Content-Disposition %q does not name the internal edition", got)
			}
		})
	}
	t.Run("unknown edition", func(t *testing.T) {
		wantError(t, e.api(http.MethodGet, exportPath+"?format=html&edition=draft", "vi", nil), http.StatusBadRequest, "invalid", "edition")
	})
	t.Run("JSON and W3C are complete", func(t *testing.T) {
		wantError(t, e.api(http.MethodGet, exportPath+"?format=json&edition=public", "vi", nil), http.StatusBadRequest, "invalid", "edition")
		wantError(t, e.api(http.MethodGet, exportPath+"?format=w3c&edition=public", "vi", nil), http.StatusBadRequest, "invalid", "edition")
		rec := e.api(http.MethodGet, exportPath+"?format=json", "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		if got := rec.Header().Get("X-Factmark-Edition"); got != "complete" {
			t.Errorf("X-Factmark-Edition = %q, want complete", got)
		}
		if !strings.Contains(rec.Body.String(), `"edition": "complete"`) {
			t.Error("the JSON export does not say it is the complete edition")
		}
		if got := e.api(http.MethodGet, exportPath+"?format=w3c", "vi", nil).Header().Get("X-Factmark-Edition"); got != "complete" {
			t.Errorf("W3C X-Factmark-Edition = %q, want complete", got)
		}
	})
	t.Run("ClaimReview holds published reviews only", func(t *testing.T) {
		rec := e.api(http.MethodGet, exportPath+"?format=claimreview", "vi", nil)
		wantStatus(t, rec, http.StatusOK)
		var reviews []map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &reviews); err != nil {
			t.Fatal(err)
		}
		if len(reviews) != 1 {
			t.Fatalf("%d reviews, want the one published", len(reviews))
		}
		if got := reviews[0]["reviewBody"]; got != rationaleOne {
			t.Errorf("reviewBody = %v", got)
		}
		// Two claims have no published review, one of them a Misleading.
		if got := rec.Header().Get("X-Factmark-Unreviewed-Claims"); got != "2" {
			t.Errorf("X-Factmark-Unreviewed-Claims = %q, want 2", got)
		}
		for _, secret := range []string{noteMarker, commentMarker, "Misleading"} {
			if strings.Contains(rec.Body.String(), secret) {
				t.Errorf("ClaimReview holds %q", secret)
			}
		}
	})
}

// The panel shows the publication state, offers "Publish review…" and
// "Withdraw review…" to editors, shows errors beside the field, and names
// publication events in the history.
func TestPanelPublication(t *testing.T) {
	e, _, c, open := publishEnv(t)
	panel := func(b *browser, id int64) *httptest.ResponseRecorder {
		return b.get("/claims/" + itoa(id) + "/panel")
	}
	ed, vi := e.loggedIn("ed"), e.loggedIn("vi")

	doc := parseHTML(t, panel(ed, c.ID))
	if got := doc.Find(testid("publication")).AttrOr("data-state", ""); got != "unpublished" {
		t.Errorf("publication state %q", got)
	}
	if doc.Find(testid("publish-review")).Length() != 1 {
		t.Error("an editor has no Publish review… on a claim with a verdict")
	}
	if doc.Find(testid("withdraw-review")).Length() != 0 {
		t.Error("Withdraw review… offered for a review never published")
	}
	if parseHTML(t, panel(vi, c.ID)).Find(testid("publish-review")).Length() != 0 {
		t.Error("a viewer is offered Publish review…")
	}
	if parseHTML(t, panel(ed, open.ID)).Find(testid("publish-needs-verdict")).Length() != 1 {
		t.Error("a claim without a verdict does not say why it cannot be published")
	}

	form := url.Values{"rationale": {"  "}, "version": {itoa(int64(c.Version))}}
	rec := ed.fragment("/claims/"+itoa(c.ID)+"/publish", form)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("empty rationale: %d, want 400", rec.Code)
	}
	doc = parseHTML(t, rec)
	if got := doc.Find(testid("publish-form") + " .field-error").Text(); !strings.Contains(got, "rationale") {
		t.Errorf("the error beside the rationale reads %q", got)
	}
	if _, open := doc.Find("details.publish").Attr("open"); !open {
		t.Error("the publish form is closed after a refused submission")
	}

	form.Set("rationale", rationaleOne)
	rec = ed.fragment("/claims/"+itoa(c.ID)+"/publish", form)
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	if got := doc.Find(testid("publication")).AttrOr("data-state", ""); got != "published" {
		t.Errorf("publication state after publishing %q", got)
	}
	if got := strings.TrimSpace(doc.Find(testid("published-rationale")).Text()); got != rationaleOne {
		t.Errorf("published rationale %q", got)
	}
	if got := doc.Find(testid("rationale")).Text(); got != rationaleOne {
		t.Errorf("the re-publish form is prefilled with %q, want the published rationale", got)
	}
	if doc.Find(testid("verdict-differs")).Length() != 0 {
		t.Error("the panel says the verdict differs right after publishing it")
	}
	var labels []string
	doc.Find(testid("event")).Each(func(_ int, s *goquery.Selection) {
		labels = append(labels, strings.Join(strings.Fields(s.Text()), " "))
	})
	if last := labels[len(labels)-1]; !strings.Contains(last, "Review Not published → Published: Misleading") {
		t.Errorf("the last history entry reads %q", last)
	}

	wantStatus(t, e.api(http.MethodPatch, "/api/v1/claims/"+itoa(c.ID), "ed", map[string]any{"status": "false"}), http.StatusOK)
	doc = parseHTML(t, panel(ed, c.ID))
	if got := doc.Find(testid("verdict-differs")).Text(); !strings.Contains(got, "Working verdict differs from the published one — publish again to update") {
		t.Errorf("verdict-differs reads %q", got)
	}
	if doc.Find(testid("withdraw-review")).Length() != 1 {
		t.Error("no Withdraw review… on a published review")
	}
	rec = ed.fragment("/claims/"+itoa(c.ID)+"/unpublish", url.Values{"reason": {""}})
	if rec.Code != http.StatusBadRequest {
		t.Errorf("empty reason: %d, want 400", rec.Code)
	}
	if got := parseHTML(t, rec).Find(testid("withdraw-form") + " .field-error").Text(); got == "" {
		t.Error("no error beside the reason")
	}
	rec = ed.fragment("/claims/"+itoa(c.ID)+"/unpublish", url.Values{"reason": {withdrawReason}})
	wantStatus(t, rec, http.StatusOK)
	doc = parseHTML(t, rec)
	if got := doc.Find(testid("publication")).AttrOr("data-state", ""); got != "withdrawn" {
		t.Errorf("state after withdrawal %q", got)
	}
	if got := doc.Find(testid("withdrawn-reason")).Text(); got != withdrawReason {
		t.Errorf("withdrawn reason %q", got)
	}
}

// The workspace offers both editions, in groups that say who each is for.
func TestWorkspaceExportLinks(t *testing.T) {
	e, a, _, _ := publishEnv(t)
	doc := parseHTML(t, e.loggedIn("ed").get("/articles/"+itoa(a.ID)))
	base := "/api/v1/articles/" + itoa(a.ID) + "/export?format="
	for group, links := range map[string]map[string]string{
		"exports-public": {
			"export-html": base + "html&edition=public", "export-markdown": base + "markdown&edition=public",
			"export-csv": base + "csv&edition=public", "export-claimreview": base + "claimreview",
		},
		"exports-internal": {
			"export-html-internal": base + "html&edition=internal", "export-markdown-internal": base + "markdown&edition=internal",
			"export-csv-internal": base + "csv&edition=internal", "export-json": base + "json", "export-w3c": base + "w3c",
		},
	} {
		g := doc.Find(testid(group))
		for id, want := range links {
			if got := g.Find(testid(id)).AttrOr("href", ""); got != want {
				t.Errorf("%s %s href = %q, want %q", group, id, got, want)
			}
		}
	}
	if got := doc.Find(testid("exports-internal")).Text(); !strings.Contains(got, "Internal — not for publication") {
		t.Errorf("the internal links are labelled %q", got)
	}
	if n := doc.Find(testid("claim-published")).Length(); n != 0 {
		t.Errorf("%d claims marked public before any publication", n)
	}
}

// The claim list marks the claims whose review readers can see.
func TestClaimListMarksPublished(t *testing.T) {
	e, a, c, _ := publishEnv(t)
	wantStatus(t, e.api(http.MethodPost, "/api/v1/claims/"+itoa(c.ID)+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)
	doc := parseHTML(t, e.loggedIn("vi").get("/articles/"+itoa(a.ID)))
	item := doc.Find(`[data-testid="claim-item"][data-claim-id="` + itoa(c.ID) + `"]`)
	if item.Find(testid("claim-published")).Length() != 1 {
		t.Error("the published claim is not marked public in the list")
	}
	if n := doc.Find(testid("claim-published")).Length(); n != 1 {
		t.Errorf("%d claims marked public, want 1", n)
	}
}

// Publishing freezes what readers see of the claim itself, like its verdict
// and rationale: a later edit of the statement, a party or a source stays
// internal (QA: a draft statement and an unvetted source appeared on the
// public page at once) until the review is published again, which then
// shows an "Updated" notice.
func TestPublishedContentIsFrozen(t *testing.T) {
	e, a, c, _ := publishEnv(t)
	path := "/api/v1/claims/" + itoa(c.ID)
	wantStatus(t, e.api(http.MethodPost, path+"/parties", "ed", map[string]any{"name": "Veloria", "role": "invited"}), http.StatusCreated)
	wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)

	const draft, unvetted, newParty = "DRAFT-STATEMENT under discussion", "UNVETTED-SOURCE", "DRAFT-PARTY"
	wantStatus(t, e.api(http.MethodPatch, path, "ed", map[string]any{"statement": draft}), http.StatusOK)
	wantStatus(t, e.api(http.MethodPost, path+"/sources", "ed", map[string]any{"title": unvetted, "url": "https://example.org/u", "excerpt": "x", "relation": "supports"}), http.StatusCreated)
	wantStatus(t, e.api(http.MethodPost, path+"/parties", "ed", map[string]any{"name": newParty, "role": "excluded"}), http.StatusCreated)

	public := map[string]*httptest.ResponseRecorder{
		"review page": getReview(e, c.ID),
		"ClaimReview": e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format=claimreview", "vi", nil),
	}
	for _, f := range []string{"html", "markdown", "csv"} {
		public["public "+f] = e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format="+f, "vi", nil)
	}
	for name, rec := range public {
		wantStatus(t, rec, http.StatusOK)
		for _, secret := range []string{draft, unvetted, newParty} {
			if strings.Contains(rec.Body.String(), secret) {
				t.Errorf("%s shows %q, edited after publication", name, secret)
			}
		}
		if !strings.Contains(rec.Body.String(), "The council invited only Veloria") {
			t.Errorf("%s does not show the published statement", name)
		}
	}
	// The panel tells the editor that readers see the published content.
	panel := parseHTML(t, e.loggedIn("ed").get("/claims/"+itoa(c.ID)+"/panel"))
	if panel.Find(testid("content-differs")).Length() != 1 {
		t.Error("the panel does not say the published content differs from the working one")
	}
	// The internal edition is the desk's working state.
	internal := e.api(http.MethodGet, "/api/v1/articles/"+itoa(a.ID)+"/export?format=html&edition=internal", "vi", nil)
	if !strings.Contains(internal.Body.String(), draft) {
		t.Error("the internal edition lacks the working statement")
	}

	// Published again: readers see the new content, with a notice.
	e.clock.Advance(3600e9)
	wantStatus(t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}), http.StatusOK)
	rec := getReview(e, c.ID)
	body := rec.Body.String()
	for _, now := range []string{draft, unvetted, newParty} {
		if !strings.Contains(body, now) {
			t.Errorf("after publishing again the review page lacks %q", now)
		}
	}
	if n := parseHTML(t, rec).Find(testid("review-updated")).Length(); n != 1 {
		t.Errorf("%d update notices after publishing changed content, want 1", n)
	}
	if n := parseHTML(t, e.loggedIn("ed").get("/claims/"+itoa(c.ID)+"/panel")).Find(testid("content-differs")).Length(); n != 0 {
		t.Error("the panel still says the content differs after publishing it")
	}
	// Publishing the same again changes nothing.
	before := decode[claimWithPublication](t, e.api(http.MethodGet, path, "vi", nil))
	again := decode[claimWithPublication](t, e.api(http.MethodPost, path+"/publish", "ed", map[string]any{"rationale": rationaleOne}))
	if again.Version != before.Version {
		t.Errorf("publishing the same content again made version %d → %d", before.Version, again.Version)
	}
}
