package ingest

import (
	"errors"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// An import plans a claim per new annotation; one imported before, one
// repeated in the same import and one whose words are not in the article
// are reported, in the import's order, and the report names the claims
// the store made.
func TestPlanW3CImport(t *testing.T) {
	body := "The minister invited three neighbours to the talks."
	doc := text.Build(plainBlocks(body))
	a := model.Article{ID: 7, Text: doc.Text, Blocks: doc.Blocks}
	anno := func(id, exact string) string {
		return `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "id": "` + id + `",
			"target": {"source": "https://factmark.example/articles/7", "selector": {"type": "TextQuoteSelector", "exact": "` + exact + `"}}}`
	}
	items := decodeW3C(t, `[`+anno("urn:a", "three neighbours")+`, `+anno("urn:b", "the talks")+`, `+anno("urn:a", "three neighbours")+
		`, `+anno("urn:c", "the moon")+`, `+anno("urn:d", "minister")+`]`)
	existing := []model.Claim{{ID: 40, Via: "urn:b"}}

	plan := PlanW3CImport("https://factmark.example", a, existing, items)
	if len(plan.NewClaims) != 2 {
		t.Fatalf("%d claims planned, want 2 (urn:a and urn:d)", len(plan.NewClaims))
	}
	if got := plan.NewClaims[0].Via; got != "urn:a" {
		t.Errorf("first planned claim via %q, want urn:a", got)
	}
	if got := plan.NewClaims[1].Via; got != "urn:d" {
		t.Errorf("second planned claim via %q, want urn:d", got)
	}

	// The store made the first and refused the second.
	report := plan.Report([]model.Claim{{ID: 41}, {}}, []error{nil, model.Invalid("end", "no room")})
	if len(report.Created) != 1 {
		t.Fatalf("created %+v, want one", report.Created)
	}
	if got, want := report.Created[0].Annotation, "https://factmark.example/annotations/7/41"; got != want {
		t.Errorf("created annotation %q, want %q", got, want)
	}
	want := []W3CImportFailure{
		{Index: 1, ID: "urn:b", Reason: "This annotation was imported before: it is claim 40 (https://factmark.example/annotations/7/40)."},
		{Index: 2, ID: "urn:a", Reason: "This annotation was imported before: it is claim 41 (https://factmark.example/annotations/7/41)."},
		{Index: 3, ID: "urn:c"},
		{Index: 4, ID: "urn:d", Reason: "no room", Field: "end"},
	}
	if len(report.Failed) != len(want) {
		t.Fatalf("failed %+v, want %d", report.Failed, len(want))
	}
	for i, w := range want {
		got := report.Failed[i]
		if got.Index != w.Index {
			t.Errorf("failure %d: index %d, want %d", i, got.Index, w.Index)
		}
		if got.ID != w.ID {
			t.Errorf("failure %d: id %q, want %q", i, got.ID, w.ID)
		}
		if w.Reason != "" && got.Reason != w.Reason {
			t.Errorf("failure %d: reason %q, want %q", i, got.Reason, w.Reason)
		}
		if got.Field != w.Field && w.Reason != "" {
			t.Errorf("failure %d: field %q, want %q", i, got.Field, w.Field)
		}
	}
	if report.Error != nil {
		t.Errorf("error %v, want none: a claim was created", report.Error)
	}
}

// When nothing could be created the report says so.
func TestW3CImportReportNothingCreated(t *testing.T) {
	items := []W3CItem{{Index: 0, ID: "urn:x", Err: errors.New("broken")}}
	report := PlanW3CImport("https://factmark.example", model.Article{ID: 1}, nil, items).Report(nil, nil)
	if report.Error == nil {
		t.Fatal("no error, want one: nothing was created")
	}
	if report.Error.Code != model.EINVALID {
		t.Errorf("code %q, want %q", report.Error.Code, model.EINVALID)
	}
	if got := report.Failed[0].Reason; got != "Internal error." {
		t.Errorf("reason %q, want the user-safe message of a non-domain error", got)
	}
}
