package ingest

import (
	"errors"
	"slices"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

// W3CImported is an annotation an import made into a claim.
type W3CImported struct {
	Index      int         `json:"index"`
	ID         string      `json:"id"`
	Annotation string      `json:"annotation"`
	Claim      model.Claim `json:"claim"`
}

// W3CImportFailure is an annotation an import could not use, and why.
type W3CImportFailure struct {
	Index  int    `json:"index"`
	ID     string `json:"id"`
	Reason string `json:"reason"`
	Field  string `json:"field,omitempty"`
}

// W3CImportReport is the answer to an import: what was created, what was
// not and why, in the order of the import, and, when nothing could be
// created, an error saying so.
type W3CImportReport struct {
	Error   *model.Error       `json:"error,omitempty"`
	Created []W3CImported      `json:"created"`
	Failed  []W3CImportFailure `json:"failed"`
}

// W3CImportPlan is an import of annotations into one article, read and
// anchored, before the store creates its claims: the pure half of an
// import, so that the rules (what is a repeat, what was imported before,
// what the report says) live here and not in a handler.
type W3CImportPlan struct {
	// NewClaims are the claims to create, in one transaction.
	NewClaims []model.NewClaim

	baseURL   string
	articleID int64
	items     []W3CItem
	queued    []W3CItem   // the item of each of NewClaims
	repeat    map[int]int // item index → the queued item it repeats
	failed    []W3CImportFailure
}

// PlanW3CImport reads and anchors each of items in article a, served under
// baseURL, whose claims are existing. An annotation whose id a claim
// already has as via was imported before, and so is one that repeats an
// earlier annotation of the same import; an annotation that cannot be read
// or anchored fails with its reason. The others become NewClaims.
func PlanW3CImport(baseURL string, a model.Article, existing []model.Claim, items []W3CItem) *W3CImportPlan {
	p := &W3CImportPlan{baseURL: baseURL, articleID: a.ID, items: items, repeat: map[int]int{}}
	imported := map[string]int64{}
	for _, cl := range existing {
		if cl.Via != "" {
			imported[cl.Via] = cl.ID
		}
	}
	doc := NewW3CArticle(baseURL, a)
	firsts := map[string]int{} // via → the queued item that has it
	for _, it := range items {
		if it.Err != nil {
			p.fail(it, it.Err)
			continue
		}
		if prev, ok := imported[it.ID]; it.ID != "" && ok {
			p.fail(it, p.importedBefore(prev))
			continue
		}
		if j, ok := firsts[it.ID]; it.ID != "" && ok {
			p.repeat[it.Index] = j
			continue
		}
		nc, err := it.Annotation.NewClaim(doc)
		if err != nil {
			p.fail(it, err)
			continue
		}
		if nc.Via != "" {
			firsts[nc.Via] = len(p.queued)
		}
		p.queued, p.NewClaims = append(p.queued, it), append(p.NewClaims, nc)
	}
	return p
}

// Report is the import's report once the store created NewClaims: claims
// and errs are what it answered for each (a claim, or why it could not be
// made).
func (p *W3CImportPlan) Report(claims []model.Claim, errs []error) W3CImportReport {
	report := W3CImportReport{Created: []W3CImported{}, Failed: slices.Clone(p.failed)}
	if report.Failed == nil {
		report.Failed = []W3CImportFailure{}
	}
	for i, it := range p.queued {
		if errs[i] != nil {
			report.Failed = append(report.Failed, failure(it, errs[i]))
			continue
		}
		report.Created = append(report.Created, W3CImported{Index: it.Index, ID: it.ID,
			Annotation: wire.AnnotationIRI(p.baseURL, p.articleID, claims[i].ID), Claim: claims[i]})
	}
	for _, it := range p.items {
		j, ok := p.repeat[it.Index]
		switch {
		case !ok:
		case errs[j] == nil:
			report.Failed = append(report.Failed, failure(it, p.importedBefore(claims[j].ID)))
		default:
			report.Failed = append(report.Failed, failure(it, model.Errorf(model.ECONFLICT,
				"This annotation is also at index %d of this import, which could not be imported: see the reason there.", p.queued[j].Index)))
		}
	}
	slices.SortFunc(report.Failed, func(x, y W3CImportFailure) int { return x.Index - y.Index })
	if len(report.Created) == 0 && len(report.Failed) > 0 {
		report.Error = model.Errorf(model.EINVALID, "None of the %d annotations could be imported: see failed for each one's reason.", len(p.items))
	}
	return report
}

// importedBefore is the failure of an annotation that claim prev already
// holds.
func (p *W3CImportPlan) importedBefore(prev int64) error {
	return model.Errorf(model.ECONFLICT, "This annotation was imported before: it is claim %d (%s).", prev, wire.AnnotationIRI(p.baseURL, p.articleID, prev))
}

func (p *W3CImportPlan) fail(it W3CItem, err error) { p.failed = append(p.failed, failure(it, err)) }

// failure reports item it as failed for err's user-safe reason, naming the
// field at fault when err does.
func failure(it W3CItem, err error) W3CImportFailure {
	f := W3CImportFailure{Index: it.Index, ID: it.ID, Reason: model.ErrorMessage(err)}
	var de *model.Error
	if errors.As(err, &de) {
		f.Field = de.Field
	}
	return f
}
