package ingest

import (
	"errors"
	"net/url"
	"strings"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/internal/wire"
)

// W3CArticle is the article annotations are anchored in: its canonical
// text, indexed, and the IRIs that name it.
type W3CArticle struct {
	Index *text.Index
	// IRIs are the article's URL (when it has one), its page in factmark
	// and its annotation container; the first is what export.W3C targets.
	IRIs []string
}

// NewW3CArticle returns article a as the annotations served under baseURL
// name it.
func NewW3CArticle(baseURL string, a model.Article) W3CArticle {
	iris := []string{wire.ArticleIRI(baseURL, a)}
	if page := wire.ArticlePageIRI(baseURL, a.ID); page != iris[0] {
		iris = append(iris, page)
	}
	iris = append(iris, wire.ContainerIRI(baseURL, a.ID))
	return W3CArticle{Index: text.NewIndex(a.Text), IRIs: iris}
}

// Names reports whether iri is one of the article's IRIs, but for trivial
// differences (see iriKey).
func (d W3CArticle) Names(iri string) bool {
	k := iriKey(iri)
	for _, own := range d.IRIs {
		if iriKey(own) == k {
			return true
		}
	}
	return false
}

// iriKey reduces an IRI to what tells resources apart when a target's
// source is compared with the article's IRIs: scheme and host in lower
// case, without a default port, a fragment (a part of the same page) or a
// trailing slash.
func iriKey(iri string) string {
	iri = strings.TrimSpace(iri)
	u, err := url.Parse(iri)
	if err != nil || u.Scheme == "" {
		return iri
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if (u.Scheme == "http" && u.Port() == "80") || (u.Scheme == "https" && u.Port() == "443") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	u.Path, u.RawPath = strings.TrimRight(u.Path, "/"), strings.TrimRight(u.RawPath, "/")
	return u.String()
}

// Anchor finds the span the annotation points at in the article's text:
// by the first target that can be anchored, each by its
// TextPositionSelector while the text there still equals its quote, else by
// its TextQuoteSelector (prefix and suffix telling occurrences apart), as
// the workspace anchors a claim (internal/anchor, which also lets the
// quote's white space and Unicode form differ from the text's). A
// TextPositionSelector alone is trusted when it lies in the text.
//
// A target that names its source must name this article (see
// W3CArticle.Names): a quote from another page is not looked for here,
// even if the same words occur. A target without a source (selectors
// alone) is taken to be about this article. The error says why no target
// could be anchored: its words are not in the article, else it has no
// text selector, else it is about another document.
func (a W3CAnnotation) Anchor(doc W3CArticle) (start, end int, err error) {
	var (
		first      error  // the first error about words of the article
		noSelector bool   // a target of this article has no text selector
		elsewhere  string // the source of the first target of another document
	)
	for _, t := range a.Targets {
		if t.Source != "" && !doc.Names(t.Source) {
			if elsewhere == "" {
				elsewhere = t.Source
			}
			continue
		}
		s, e, err := t.anchor(doc.Index)
		switch {
		case err == nil:
			return s, e, nil
		case errors.Is(err, errNoSelector):
			noSelector = true
		case first == nil:
			first = err
		}
	}
	switch {
	case first != nil:
		return 0, 0, first
	case elsewhere != "" && !noSelector:
		return 0, 0, model.Invalid("target", "The annotation is about another document: its target is %s, not this article (%s).", clip(elsewhere), doc.IRIs[0])
	}
	return 0, 0, model.Invalid("target", "The annotation gives no TextQuoteSelector or TextPositionSelector: factmark can only anchor an annotation on words of the article.")
}

var errNoSelector = errors.New("no text selector")

func (t W3CTarget) anchor(ix *text.Index) (int, int, error) {
	switch {
	case t.Quote != nil:
		if t.Start != nil {
			if s, e, ok := anchor.Resolve(ix, *t.Start, *t.End, *t.Quote); ok {
				return s, e, nil
			}
		}
		s, e, err := anchor.Locate(ix, *t.Quote)
		switch {
		case errors.Is(err, anchor.ErrEmptyQuote):
			return 0, 0, model.Invalid("target", "The TextQuoteSelector's exact text is only white space.")
		case errors.Is(err, anchor.ErrNotFound):
			return 0, 0, model.Invalid("target", "The quoted text %q does not occur in the article.", clip(t.Quote.Exact))
		case errors.Is(err, anchor.ErrAmbiguous):
			return 0, 0, model.Invalid("target", "The quoted text %q occurs more than once in the article, and its prefix and suffix do not tell which occurrence is meant.", clip(t.Quote.Exact))
		case err != nil:
			return 0, 0, model.Invalid("target", "The quote cannot be anchored: %v.", err)
		}
		return s, e, nil
	case t.Start != nil:
		if !ix.InRange(*t.Start, *t.End) {
			return 0, 0, model.Invalid("target", "The TextPositionSelector [%d, %d) is empty or outside the article's text (%d characters), and there is no quote to find the words by.", *t.Start, *t.End, ix.Len())
		}
		return *t.Start, *t.End, nil
	}
	return 0, 0, errNoSelector
}

// NewClaim anchors the annotation in the article's text and returns the
// claim it makes, validated as the API validates a claim: an annotation is
// imported whole or not at all.
func (a W3CAnnotation) NewClaim(doc W3CArticle) (model.NewClaim, error) {
	start, end, err := a.Anchor(doc)
	if err != nil {
		return model.NewClaim{}, err
	}
	nc := model.NewClaim{
		Start: &start, End: &end,
		Statement: a.Statement, Kind: a.Kind, Status: a.Status, Note: a.Note,
		Parties: a.Parties, Sources: a.Sources, Canonical: a.Canonical,
	}
	// The protocol asks a server to keep an annotation's former id as via;
	// without one, its own via is the best provenance there is.
	if isIRI(a.ID) {
		nc.Via = a.ID
	} else if isIRI(a.Via) {
		nc.Via = a.Via
	}
	if err := nc.Normalize(); err != nil {
		return model.NewClaim{}, err
	}
	return nc, nil
}

// Replacement returns the claim content the annotation states, for a PUT
// (see model.ClaimReplacement).
func (a W3CAnnotation) Replacement(ifVersion int) model.ClaimReplacement {
	return model.ClaimReplacement{
		Statement: a.Statement, Kind: a.Kind, Status: a.Status, Note: a.Note,
		Parties: a.Parties, Sources: a.Sources, Canonical: a.Canonical, IfVersion: ifVersion,
	}
}
