package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/testkit"
	"github.com/factmark/factmark/internal/wire"
)

// claimReviewsOf exports d as ClaimReview and parses the result.
func claimReviewsOf(t *testing.T, d *Document) []map[string]any {
	t.Helper()
	out := encode(t, mustLookup(t, "claimreview"), d)
	var reviews []map[string]any
	if err := json.Unmarshal(out, &reviews); err != nil {
		t.Fatalf("ClaimReview export is not a JSON array of objects: %v\n%s", err, out)
	}
	return reviews
}

// get follows a dotted path ("itemReviewed.appearance.url") through nested
// objects.
func get(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[k]; !ok {
			return nil, false
		}
	}
	return v, true
}

func getString(v any, path string) string {
	s, _ := get(v, path)
	str, _ := s.(string)
	return str
}

// speakerDoc is the sample with a speaker on claim 1 (the ministry that
// announced the invitations) and a history in which claim 3's verdict
// changed twice.
func speakerDoc() *Document {
	d := sampleDoc()
	d.Claims[0].Parties = append(d.Claims[0].Parties, model.Party{ID: 8, Name: "Veloria Foreign Ministry", Role: model.RoleSpeaker})
	c3 := d.Claims[2]
	t0 := c3.CreatedAt
	d.History[c3.ID] = []model.Event{
		{ClaimID: c3.ID, At: t0, User: "editor", Field: "claim", To: "created"},
		{ClaimID: c3.ID, At: t0.Add(time.Hour), User: "jonas", Field: "status", From: "unchecked", To: "misleading"},
		{ClaimID: c3.ID, At: t0.Add(2 * time.Hour), User: "jonas", Field: "status", From: "misleading", To: "false"},
		{ClaimID: c3.ID, At: t0.Add(3 * time.Hour), User: "amira", Field: "status", From: "false", To: "misleading", Comment: "The Guild was never asked."},
		// Later edits that are not a status change do not move the date.
		{ClaimID: c3.ID, At: t0.Add(4 * time.Hour), User: "amira", Field: "note", From: "a", To: "b"},
	}
	return d
}

// TestClaimReviewSample checks every required and recommended field of the
// conformance README (Google's requirements) on the sample's export.
func TestClaimReviewSample(t *testing.T) {
	d := speakerDoc()
	reviews := claimReviewsOf(t, d)
	// Claim 2 is unchecked: left out, and counted.
	if len(reviews) != 2 {
		t.Fatalf("%d reviews, want 2 (claims 1 and 3)", len(reviews))
	}
	if n := Unreviewed(d); n != 1 {
		t.Errorf("Unreviewed = %d, want 1", n)
	}
	a := d.Article
	for i, c := range []model.Claim{d.Claims[0], d.Claims[2]} {
		r := reviews[i]
		t.Run(fmt.Sprintf("claim %d", c.ID), func(t *testing.T) {
			// A self-contained JSON-LD document.
			if r["@context"] != "https://schema.org" || r["@type"] != "ClaimReview" {
				t.Errorf("@context %v, @type %v", r["@context"], r["@type"])
			}
			// Required: claimReviewed, the claim without the verdict.
			if got := getString(r, "claimReviewed"); got != c.Statement {
				t.Errorf("claimReviewed = %q, want the statement %q", got, c.Statement)
			}
			// Required: reviewRating with alternateName, and the numeric
			// rating on a scale that starts at 1 with best above worst.
			checkRating(t, r, c.Status)
			// Required: url, absolute, the review's public address.
			u := getString(r, "url")
			if pu, err := url.Parse(u); err != nil {
				t.Errorf("url %q does not parse: %v", u, err)
			} else {
				if !pu.IsAbs() {
					t.Errorf("url %q is not absolute", u)
				}
				if pu.Host == "" {
					t.Errorf("url %q has no host", u)
				}
				if pu.Scheme != "https" {
					t.Errorf("url %q scheme = %q, want %q", u, pu.Scheme, "https")
				}
			}
			if want := fmt.Sprintf("https://factmark.example/reviews/%d", c.ID); u != want {
				t.Errorf("url = %q, want %q", u, want)
			}
			// Recommended: author, the fact-checking organization.
			for _, f := range []struct{ path, want string }{
				{"author.@type", "Organization"},
				{"author.name", d.Site.NewsroomName},
				{"author.url", d.Site.NewsroomURL},
			} {
				if got := getString(r, f.path); got != f.want {
					t.Errorf("%s = %q, want %q (the newsroom of Site)", f.path, got, f.want)
				}
			}
			// Recommended: datePublished, when the review was first
			// published, whatever the status events say; dateModified when
			// it was published again (claim 3's correction).
			want := *c.Publication.FirstPublishedAt
			if got := getString(r, "datePublished"); got != want.UTC().Format(time.RFC3339) {
				t.Errorf("datePublished = %q, want %s", got, want.UTC().Format(time.RFC3339))
			}
			modified, hasModified := get(r, "dateModified")
			switch {
			case c.ID == 3 && modified != c.Publication.PublishedAt.UTC().Format(time.RFC3339):
				t.Errorf("dateModified = %v, want the re-publication's time %s", modified, c.Publication.PublishedAt.UTC().Format(time.RFC3339))
			case c.ID == 1 && hasModified:
				t.Errorf("dateModified = %v for a review published once", modified)
			}
			// reviewBody is the public rationale, never the status comment.
			if got := getString(r, "reviewBody"); got != c.Publication.Rationale {
				t.Errorf("reviewBody = %q, want the rationale %q", got, c.Publication.Rationale)
			}
			// Recommended: itemReviewed, a Claim with its appearance (the
			// article), its date and its author (the speaker, when known).
			for path, want := range map[string]string{
				"itemReviewed.@type":                     "Claim",
				"itemReviewed.datePublished":             a.PublishedAt,
				"itemReviewed.appearance.@type":          "CreativeWork",
				"itemReviewed.appearance.url":            a.URL,
				"itemReviewed.appearance.headline":       a.Title,
				"itemReviewed.appearance.datePublished":  a.PublishedAt,
				"itemReviewed.appearance.author.@type":   "Person",
				"itemReviewed.appearance.author.name":    a.Byline,
				"itemReviewed.appearance.publisher.name": a.Publication,
			} {
				if got := getString(r, path); got != want {
					t.Errorf("%s = %q, want %q", path, got, want)
				}
			}
			speaker, hasSpeaker := get(r, "itemReviewed.author")
			switch {
			case c.ID == 1 && (!hasSpeaker || getString(speaker, "name") != "Veloria Foreign Ministry" || getString(speaker, "@type") == ""):
				t.Errorf("itemReviewed.author = %v, want the speaker party", speaker)
			case c.ID == 3 && hasSpeaker:
				t.Errorf("itemReviewed.author = %v for a claim without a speaker: nothing may be invented", speaker)
			}
			// Editors' working notes stay private.
			raw, _ := json.Marshal(r)
			for _, private := range []string{"ask the ministry", "annex", "Guild was never asked", c.Assignee} {
				if bytes.Contains(raw, []byte(private)) {
					t.Errorf("review publishes %q", private)
				}
			}
		})
	}
}

// checkRating checks r's reviewRating against the verdict s and the scale.
func checkRating(t *testing.T, r map[string]any, s model.Status) {
	t.Helper()
	if got := getString(r, "reviewRating.@type"); got != "Rating" {
		t.Errorf("reviewRating.@type = %q, want %q", got, "Rating")
	}
	if got := getString(r, "reviewRating.alternateName"); got != s.Label() {
		t.Errorf("reviewRating.alternateName = %q, want %q", got, s.Label())
	}
	v, hasV := get(r, "reviewRating.ratingValue")
	best, hasB := get(r, "reviewRating.bestRating")
	worst, hasW := get(r, "reviewRating.worstRating")
	want, onScale := RatingValue(s)
	if !onScale {
		if hasV || hasB || hasW {
			t.Errorf("%s has a numeric rating %v/%v/%v, want none", s, v, best, worst)
		}
		return
	}
	fv, ok1 := v.(float64)
	fb, ok2 := best.(float64)
	fw, ok3 := worst.(float64)
	if !ok1 || !ok2 || !ok3 {
		t.Fatalf("%s: ratingValue, bestRating, worstRating = %#v, %#v, %#v, want JSON numbers", s, v, best, worst)
	}
	if fv != float64(want) || fw != 1 || fb != 5 || fv < fw || fv > fb {
		t.Errorf("%s: rating %v on [%v, %v], want %d on [1, 5]", s, fv, fw, fb, want)
	}
}

// TestClaimReviewStatuses runs every status through the export: verdicts
// give a review with their rating, open statuses are left out and counted.
// publishAs gives c a published review of verdict at t.
func publishAs(c *model.Claim, verdict model.Status, rationale string, t time.Time) {
	c.Publication = model.NewPublication([]model.PublicationRecord{{Verdict: verdict, Rationale: rationale, PublishedAt: t, PublishedBy: "amira"}})
}

// Only a published review is in ClaimReview, rated by its published
// verdict: a verdict that was never published is a working state.
func TestClaimReviewStatuses(t *testing.T) {
	for _, s := range model.Statuses() {
		t.Run(string(s), func(t *testing.T) {
			d := sampleDoc()
			d.Claims = d.Claims[:1]
			d.Claims[0].Status = s
			d.Claims[0].Publication = model.Publication{}
			if reviews := claimReviewsOf(t, d); len(reviews) != 0 {
				t.Errorf("%d reviews of an unpublished %s claim, want 0", len(reviews), s)
			}
			if got := Unreviewed(d); got != 1 {
				t.Errorf("Unreviewed = %d for an unpublished claim, want 1", got)
			}
			if !s.IsVerdict() {
				return
			}
			publishAs(&d.Claims[0], s, "Why, for readers.", d.Claims[0].UpdatedAt)
			reviews := claimReviewsOf(t, d)
			if len(reviews) != 1 {
				t.Fatalf("%d reviews of a published review, want 1", len(reviews))
			}
			if got := Unreviewed(d); got != 0 {
				t.Errorf("Unreviewed = %d, want 0", got)
			}
			checkRating(t, reviews[0], s)
		})
	}
	t.Run("a later status change stays internal", func(t *testing.T) {
		d := sampleDoc()
		d.Claims = d.Claims[:1]
		publishAs(&d.Claims[0], model.StatusMisleading, "Why, for readers.", d.Claims[0].UpdatedAt)
		d.Claims[0].Status = model.StatusFalse
		reviews := claimReviewsOf(t, d)
		if len(reviews) != 1 {
			t.Fatalf("%d reviews, want 1", len(reviews))
		}
		checkRating(t, reviews[0], model.StatusMisleading)
		d.Claims[0].Status = model.StatusInProgress
		if got := len(claimReviewsOf(t, d)); got != 1 {
			t.Errorf("%d reviews after the claim was reopened, want its published one still", got)
		}
	})
	t.Run("withdrawn", func(t *testing.T) {
		d := sampleDoc()
		d.Claims = d.Claims[:1]
		at := d.Claims[0].UpdatedAt
		d.Claims[0].Publication = model.NewPublication([]model.PublicationRecord{{Verdict: model.StatusVerified, Rationale: "r",
			PublishedAt: at, WithdrawnAt: &at, Reason: "wrong article"}})
		if got := len(claimReviewsOf(t, d)); got != 0 {
			t.Errorf("%d reviews of a withdrawn review, want 0", got)
		}
		if got := Unreviewed(d); got != 1 {
			t.Errorf("Unreviewed = %d, want 1", got)
		}
	})
}

// TestRatingScale pins the scale the README documents: worse verdicts rate
// lower, all within [1, 5], and only verdicts about the claim are on it.
func TestRatingScale(t *testing.T) {
	order := []model.Status{model.StatusFalse, model.StatusMisleading, model.StatusNeedsContext, model.StatusVerified}
	want := []int{1, 2, 3, 5}
	for i, s := range order {
		if v, ok := RatingValue(s); !ok || v != want[i] {
			t.Errorf("RatingValue(%s) = %d, %v; want %d", s, v, ok, want[i])
		}
	}
	for _, s := range []model.Status{model.StatusUnverifiable, model.StatusUnchecked, model.StatusInProgress, "", "bogus"} {
		if v, ok := RatingValue(s); ok {
			t.Errorf("RatingValue(%q) = %d, want no place on the scale", s, v)
		}
	}
	if ratingWorst != 1 || ratingBest <= ratingWorst {
		t.Errorf("scale [%d, %d]: Google wants it to start at 1 with best above worst", ratingWorst, ratingBest)
	}
}

func TestClaimReviewEdges(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		if out := string(encode(t, mustLookup(t, "claimreview"), &Document{})); out != "[]\n" {
			t.Errorf("export of no claims = %q, want []", out)
		}
	})
	t.Run("no site", func(t *testing.T) {
		// Without a base URL there is no absolute URL to give: url is left
		// out rather than made relative; without a newsroom, so is author.
		d := sampleDoc()
		d.Site = wire.Site{}
		for _, r := range claimReviewsOf(t, d) {
			if _, ok := r["url"]; ok {
				t.Errorf("url = %v without a base URL", r["url"])
			}
			if _, ok := r["author"]; ok {
				t.Errorf("author = %v without a newsroom", r["author"])
			}
		}
	})
	t.Run("base URL forms", func(t *testing.T) {
		for base, want := range map[string]string{
			"https://x.example/":        "https://x.example/reviews/1",
			"http://localhost:8080":     "http://localhost:8080/reviews/1",
			"https://x.example/fm//":    "https://x.example/fm/reviews/1",
			"javascript:alert(1)//":     "",
			"x.example":                 "",
			"https://x.example/a b":     "",
			"https://x.example\n/evil/": "",
		} {
			d := sampleDoc()
			d.Site.BaseURL = base
			if got := getString(claimReviewsOf(t, d)[0], "url"); got != want {
				t.Errorf("base %q: url = %q, want %q", base, got, want)
			}
		}
	})
	t.Run("sparse article", func(t *testing.T) {
		// What is not known is left out, never written empty; the quote
		// stands in for a missing statement, which claimReviewed requires.
		d := sampleDoc()
		d.Article.URL, d.Article.Byline, d.Article.Publication, d.Article.PublishedAt = "javascript:alert(1)", "", "", ""
		d.Claims[0].Statement = ""
		r := claimReviewsOf(t, d)[0]
		if got := getString(r, "claimReviewed"); got != d.Claims[0].Quote.Exact {
			t.Errorf("claimReviewed = %q, want the quote", got)
		}
		for _, path := range []string{"itemReviewed.datePublished", "itemReviewed.appearance.url", "itemReviewed.appearance.author",
			"itemReviewed.appearance.publisher", "itemReviewed.appearance.datePublished"} {
			if v, ok := get(r, path); ok {
				t.Errorf("%s = %#v, want it left out", path, v)
			}
		}
	})
	t.Run("hostile text", func(t *testing.T) {
		d := sampleDoc()
		d.Claims[0].Statement = hostile + "\u2028\x00"
		d.Claims[0].Parties = []model.Party{{Name: hostile, Role: model.RoleSpeaker}}
		r := claimReviewsOf(t, d)[0]
		if got, want := getString(r, "claimReviewed"), hostile+"\u2028\x00"; got != want {
			t.Errorf("claimReviewed = %q, want %q", got, want)
		}
		if got := getString(r, "itemReviewed.author.name"); got != hostile {
			t.Errorf("itemReviewed.author.name = %q, want %q", got, hostile)
		}
	})
	t.Run("publication dates", func(t *testing.T) {
		d := sampleDoc()
		c := &d.Claims[0]
		t1 := c.CreatedAt.Add(10 * time.Hour)
		publishAs(c, model.StatusVerified, "first", t1)
		// Status events after the publication move no date.
		d.History[c.ID] = append(d.History[c.ID], model.Event{Field: "status", From: "verified", To: "verified", At: t1.Add(time.Hour), Comment: "again"})
		r := claimReviewsOf(t, d)[0]
		if got, want := getString(r, "datePublished"), t1.UTC().Format(time.RFC3339); got != want {
			t.Errorf("datePublished = %q, want the publication's time %s", got, want)
		}
		if v, ok := get(r, "dateModified"); ok {
			t.Errorf("dateModified = %v for a review published once", v)
		}
		t2 := t1.Add(2 * time.Hour)
		c.Publication = model.NewPublication(append(c.Publication.Records, model.PublicationRecord{Verdict: model.StatusNeedsContext, Rationale: "second", PublishedAt: t2}))
		r = claimReviewsOf(t, d)[0]
		if got, want := getString(r, "datePublished"), t1.UTC().Format(time.RFC3339); got != want {
			t.Errorf("datePublished after a re-publication = %q, want the first publication's %s", got, want)
		}
		if got, want := getString(r, "dateModified"), t2.UTC().Format(time.RFC3339); got != want {
			t.Errorf("dateModified = %q, want the re-publication's %s", got, want)
		}
		if got := getString(r, "reviewBody"); got != "second" {
			t.Errorf("reviewBody = %q, want the latest rationale", got)
		}
	})
}

func TestUnreviewed(t *testing.T) {
	d := largeDoc(1000, 70)
	want := 0
	for i := range d.Claims {
		c := &d.Claims[i]
		// Every other verdict is published; the rest are working states.
		if c.Status.IsVerdict() && c.ID%2 == 0 {
			publishAs(c, c.Status, "r", c.UpdatedAt)
			continue
		}
		want++
	}
	if want == 0 {
		t.Error("the fixture has no unreviewed claims; the test checks nothing")
	}
	if got := Unreviewed(d); got != want {
		t.Errorf("Unreviewed = %d, want %d", got, want)
	}
	if got := len(claimReviewsOf(t, d)); got != len(d.Claims)-want {
		t.Errorf("%d reviews of %d claims with %d unreviewed", got, len(d.Claims), want)
	}
	if Unreviewed(&Document{}) != 0 {
		t.Error("Unreviewed of nothing is not 0")
	}
}

// conformanceDir returns the conformance material's folder sub (see
// locateConformance). When it is absent the test skips, unless CI is set:
// CI always has the material, so there its absence is a failure.
func conformanceDir(t *testing.T, sub string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := locateConformance(sub, os.Getenv("FACTMARK_CONFORMANCE"), wd)
	switch {
	case err != nil:
		t.Fatal(err)
	case dir == "" && os.Getenv("CI") != "":
		t.Fatalf("conformance material missing under CI: no shared/conformance/%s above %s (set FACTMARK_CONFORMANCE to the conformance folder)", sub, wd)
	case dir == "":
		t.Skipf("skipping: conformance material not found (no shared/conformance/%s above %s; set FACTMARK_CONFORMANCE to the conformance folder)", sub, wd)
	}
	return dir
}

// locateConformance finds the conformance folder sub: under env when it is
// set (FACTMARK_CONFORMANCE, the conformance folder itself; an error when
// sub is not there, since someone asked for it), otherwise in the first
// shared/conformance found walking up from wd (../shared/conformance from
// the repository root). It returns "" when there is none.
func locateConformance(sub, env, wd string) (string, error) {
	return testkit.LocateShared("FACTMARK_CONFORMANCE", env, wd, "conformance", sub)
}

func TestLocateConformance(t *testing.T) {
	root := t.TempDir()
	want := filepath.Join(root, "shared", "conformance", "claimreview")
	repo := filepath.Join(root, "main", "internal", "export")
	bare := filepath.Join(t.TempDir(), "main", "internal", "export")
	for _, d := range []string{want, repo, bare} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := locateConformance("claimreview", "", repo); got != want || err != nil {
		t.Errorf("walking up: %q, %v; want %q", got, err, want)
	}
	if got, err := locateConformance("claimreview", "", bare); got != "" || err != nil {
		t.Errorf("absent: %q, %v; want nothing, to skip", got, err)
	}
	if got, err := locateConformance("claimreview", filepath.Join(root, "shared", "conformance"), bare); got != want || err != nil {
		t.Errorf("from the environment: %q, %v; want %q", got, err, want)
	}
	if _, err := locateConformance("claimreview", filepath.Join(root, "nowhere"), repo); err == nil {
		t.Error("a FACTMARK_CONFORMANCE without the folder is not an error")
	}
}

func readJSONFile(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// keyPaths lists every key path of v ("reviewRating.alternateName") with
// the JSON type of its value.
func keyPaths(v any, prefix string, out map[string]string) map[string]string {
	m, ok := v.(map[string]any)
	if !ok {
		return out
	}
	for k, x := range m {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		out[p] = jsonType(x)
		keyPaths(x, p, out)
	}
	return out
}

// googleOptional are the parts of Google's example that factmark has no
// data for and that Google lists neither as required nor as recommended:
// sameAs links for the claim's author, the article's image and the
// publisher's logo.
var googleOptional = []string{
	"itemReviewed.author.sameAs",
	"itemReviewed.appearance.image",
	"itemReviewed.appearance.publisher.logo",
}

func isGoogleOptional(path string) bool {
	for _, o := range googleOptional {
		if path == o || strings.HasPrefix(path, o+".") {
			return true
		}
	}
	return false
}

// TestClaimReviewGoogleShape holds each of our reviews against Google's
// documented example: every key path of the example, bar the optional ones
// above, is in ours with the same JSON type. Two paths depend on data: the
// claim's author exists only where a claim has a speaker (claim 3 has none)
// and the numeric rating only for verdicts on the scale.
func TestClaimReviewGoogleShape(t *testing.T) {
	dir := conformanceDir(t, "claimreview")
	google := keyPaths(readJSONFile(t, filepath.Join(dir, "google", "factcheck-example.jsonld")), "", map[string]string{})
	if len(google) < 20 {
		t.Fatalf("Google's example has %d key paths, want at least 20: %v", len(google), google)
	}
	for _, k := range []string{"reviewRating.alternateName", "itemReviewed.appearance.url"} {
		if got := google[k]; got != "string" {
			t.Fatalf("Google's example: %s is %q, want %q", k, got, "string")
		}
	}
	d := speakerDoc()
	d.Claims = append(d.Claims, d.Claims[0])
	d.Claims[3].ID, d.Claims[3].Status = 4, model.StatusUnverifiable
	publishAs(&d.Claims[3], model.StatusUnverifiable, "No record either way.", d.Claims[3].UpdatedAt)
	reviews := claimReviewsOf(t, d)
	var verdicts []model.Claim // in export order: 1, 4 (same span, higher id), 3
	for _, c := range d.orderedClaims() {
		if c.Publication.IsPublished() {
			verdicts = append(verdicts, c)
		}
	}
	if len(reviews) != len(verdicts) {
		t.Fatalf("%d reviews, want %d", len(reviews), len(verdicts))
	}
	paths := slices.Sorted(maps.Keys(google))
	for i, r := range reviews {
		c := verdicts[i]
		id := fmt.Sprintf("claim %d", c.ID)
		hasSpeaker := slices.ContainsFunc(c.Parties, func(p model.Party) bool { return p.Role == model.RoleSpeaker })
		_, onScale := RatingValue(c.Status)
		if !strings.HasSuffix(getString(r, "url"), fmt.Sprintf("/reviews/%d", c.ID)) {
			t.Errorf("review %d is of %s, want %s: reviews follow the export order", i, getString(r, "url"), id)
		}
		ours := keyPaths(r, "", map[string]string{})
		checked := 0
		for _, p := range paths {
			switch {
			case isGoogleOptional(p):
				continue
			case strings.HasPrefix(p, "itemReviewed.author") && !hasSpeaker:
				if _, ok := ours[p]; ok {
					t.Errorf("%s: %s present for a claim without a speaker", id, p)
				}
				continue
			case slices.Contains([]string{"reviewRating.ratingValue", "reviewRating.bestRating", "reviewRating.worstRating"}, p) && !onScale:
				if _, ok := ours[p]; ok {
					t.Errorf("%s: %s present for an unverifiable claim", id, p)
				}
				continue
			}
			checked++
			if got, ok := ours[p]; !ok {
				t.Errorf("%s lacks %s (a %s in Google's example)", id, p, google[p])
			} else if got != google[p] {
				t.Errorf("%s: %s is a %s, Google's example has a %s", id, p, got, google[p])
			}
		}
		if checked < 20 {
			t.Errorf("%s: only %d of Google's %d paths checked", id, checked, len(google))
		}
	}

	// The embedded form: Google's HTML example puts the JSON-LD in one
	// <script type="application/ld+json"> in <head>; so does the HTML export.
	gdoc := parseConformanceHTML(t, filepath.Join(dir, "google", "factcheck-example.html"))
	gs := elements(gdoc, func(e *html.Node) bool { return e.DataAtom == atom.Script })
	if len(gs) != 1 {
		t.Fatalf("Google's HTML example has %d scripts", len(gs))
	}
	var out bytes.Buffer
	if err := mustLookup(t, "html").Write(&out, d, TestPages); err != nil {
		t.Fatal(err)
	}
	ours := elements(parseHTML(t, out.Bytes()), func(e *html.Node) bool { return e.DataAtom == atom.Script })
	if len(ours) != 1 {
		t.Fatalf("the HTML export has %d scripts, want 1 like Google's example", len(ours))
	}
	if got, want := attrOr(ours[0], "type"), attrOr(gs[0], "type"); got != want {
		t.Errorf("the HTML export's script type = %q, want %q like Google's example", got, want)
	}
	if got, want := ours[0].Parent.Data, gs[0].Parent.Data; ours[0].Parent.DataAtom != gs[0].Parent.DataAtom {
		t.Errorf("the HTML export's script is in <%s>, want <%s> like Google's example", got, want)
	}
}

func parseConformanceHTML(t *testing.T, path string) *html.Node {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseHTML(t, b)
}

// vocabulary is what the schema.org subset defines: each class's parents
// and each property's domains.
type vocabulary struct {
	parents map[string][]string // class → superclasses
	domains map[string][]string // property → classes it is defined on
}

// coreVocabulary is the part of schema.org core that the conformance
// subset (ClaimReview, Claim, Rating, Review and their properties) leaves
// out but our markup relies on: the class tree above it, and the
// properties every Thing and every CreativeWork has. A property the subset
// does define is always checked against the subset, never against this.
var coreVocabulary = vocabulary{
	parents: map[string][]string{
		"Thing":        nil,
		"CreativeWork": {"Thing"},
		"Intangible":   {"Thing"},
		"Organization": {"Thing"},
		"Person":       {"Thing"},
	},
	domains: map[string][]string{
		"name":          {"Thing"},
		"url":           {"Thing"},
		"alternateName": {"Thing"},
		"headline":      {"CreativeWork"},
		"datePublished": {"CreativeWork"},
		"dateModified":  {"CreativeWork"},
		"publisher":     {"CreativeWork"},
	},
}

// loadVocabulary reads the schema.org subset's @graph.
func loadVocabulary(t *testing.T, path string) vocabulary {
	t.Helper()
	root, ok := readJSONFile(t, path).(map[string]any)
	graph, ok2 := root["@graph"].([]any)
	if !ok {
		t.Fatalf("%s is not a JSON object", path)
	}
	if !ok2 {
		t.Fatalf("%s has no @graph array: %T", path, root["@graph"])
	}
	v := vocabulary{parents: map[string][]string{}, domains: map[string][]string{}}
	ids := func(x any) []string {
		var out []string
		switch x := x.(type) {
		case map[string]any:
			if s, ok := x["@id"].(string); ok {
				out = append(out, strings.TrimPrefix(s, "schema:"))
			}
		case []any:
			for _, e := range x {
				if m, ok := e.(map[string]any); ok {
					if s, ok := m["@id"].(string); ok {
						out = append(out, strings.TrimPrefix(s, "schema:"))
					}
				}
			}
		}
		return out
	}
	for _, n := range graph {
		node, _ := n.(map[string]any)
		id, _ := node["@id"].(string)
		id = strings.TrimPrefix(id, "schema:")
		switch node["@type"] {
		case "rdfs:Class":
			v.parents[id] = ids(node["rdfs:subClassOf"])
		case "rdf:Property":
			v.domains[id] = ids(node["schema:domainIncludes"])
		}
	}
	return v
}

// allows reports whether property p may be used on an object of type class:
// some class that p is defined on is class itself or one of its ancestors.
// The subset is asked first; core only for what the subset lacks.
func (v vocabulary) allows(class, p string) (bool, error) {
	domains, ok := v.domains[p]
	if !ok {
		if domains, ok = coreVocabulary.domains[p]; !ok {
			return false, fmt.Errorf("%s is not a schema.org property in the subset or the core list", p)
		}
	}
	if !v.known(class) {
		return false, fmt.Errorf("%s is not a known schema.org class", class)
	}
	ancestors := map[string]bool{}
	var climb func(string)
	climb = func(c string) {
		if ancestors[c] {
			return
		}
		ancestors[c] = true
		ps, ok := v.parents[c]
		if !ok {
			ps = coreVocabulary.parents[c]
		}
		for _, p := range ps {
			climb(p)
		}
	}
	climb(class)
	for _, d := range domains {
		if ancestors[d] {
			return true, nil
		}
	}
	return false, fmt.Errorf("%s is defined on %v, not on %s or its superclasses", p, domains, class)
}

func (v vocabulary) known(class string) bool {
	_, a := v.parents[class]
	_, b := coreVocabulary.parents[class]
	return a || b
}

// checkVocabulary walks a JSON-LD value and reports every typed object's
// property that schema.org does not define for the object's type. Keywords
// (@context, @type, @id) are not properties.
func checkVocabulary(v vocabulary, x any, path string) []error {
	var errs []error
	switch x := x.(type) {
	case []any:
		for i, e := range x {
			errs = append(errs, checkVocabulary(v, e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case map[string]any:
		class, _ := x["@type"].(string)
		if class == "" {
			return []error{fmt.Errorf("%s: an object without @type", path)}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.HasPrefix(k, "@") {
				continue
			}
			if ok, err := v.allows(class, k); !ok {
				errs = append(errs, fmt.Errorf("%s.%s on %s: %w", path, k, class, err))
			}
			errs = append(errs, checkVocabulary(v, x[k], path+"."+k)...)
		}
	}
	return errs
}

// TestClaimReviewVocabulary checks that every property we emit on
// ClaimReview, Claim, Rating, CreativeWork, Organization and the speaker
// is a schema.org property of that type, by the conformance subset's own
// definitions (and schema.org core for Thing and CreativeWork basics).
func TestClaimReviewVocabulary(t *testing.T) {
	dir := conformanceDir(t, "claimreview")
	matches, err := filepath.Glob(filepath.Join(dir, "schemaorg", "*subset*.jsonld"))
	if err != nil || len(matches) != 1 {
		t.Fatalf("want one schema.org subset in %s/schemaorg, found %v (%v)", dir, matches, err)
	}
	v := loadVocabulary(t, matches[0])
	for _, c := range []string{"ClaimReview", "Claim", "Rating", "Review"} {
		if _, ok := v.parents[c]; !ok {
			t.Fatalf("the subset does not define %s", c)
		}
	}
	for p := range coreVocabulary.domains {
		if _, ok := v.domains[p]; ok {
			t.Logf("the subset defines %s: checked against the subset", p)
		}
	}

	// The checker itself catches a property on the wrong type, an unknown
	// property and an unknown type.
	for _, bad := range []string{
		`{"@type":"Rating","claimReviewed":"x"}`,
		`{"@type":"ClaimReview","verdict":"x"}`,
		`{"@type":"Claim","appearance":{"@type":"CreativeWork","ratingValue":5}}`,
		`{"@type":"Snippet","name":"x"}`,
	} {
		var x any
		json.Unmarshal([]byte(bad), &x)
		if errs := checkVocabulary(v, x, "$"); len(errs) == 0 {
			t.Errorf("checker accepts %s", bad)
		}
	}
	// Google's own example passes, bar the publisher's logo and the image,
	// which the subset and our core list do not cover.
	google := readJSONFile(t, filepath.Join(dir, "google", "factcheck-example.jsonld"))
	for _, err := range checkVocabulary(v, google, "$") {
		if s := err.Error(); !strings.Contains(s, "logo") && !strings.Contains(s, "image") && !strings.Contains(s, "sameAs") &&
			!strings.Contains(s, "OpinionNewsArticle") && !strings.Contains(s, "ImageObject") {
			t.Errorf("Google's example: %v", err)
		}
	}

	d := speakerDoc()
	d.Claims[1].Status = model.StatusUnverifiable
	var x any
	if err := json.Unmarshal(encode(t, mustLookup(t, "claimreview"), d), &x); err != nil {
		t.Fatal(err)
	}
	for _, err := range checkVocabulary(v, x, "$") {
		t.Error(err)
	}
	// Every type we emit was looked at.
	seen := map[string]bool{}
	var collect func(any)
	collect = func(x any) {
		switch x := x.(type) {
		case []any:
			for _, e := range x {
				collect(e)
			}
		case map[string]any:
			if s, ok := x["@type"].(string); ok {
				seen[s] = true
			}
			for _, e := range x {
				collect(e)
			}
		}
	}
	collect(x)
	for _, c := range []string{"ClaimReview", "Claim", "Rating", "CreativeWork", "Organization", "Person", "Thing"} {
		if !seen[c] {
			t.Errorf("the export has no %s: the check did not cover it", c)
		}
	}
}
