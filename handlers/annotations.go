package handlers

// The Web Annotation Protocol server (W3C Recommendation 2017). Each
// article is an annotation container at /annotations/{article_id}/, an LDP
// BasicContainer and an AnnotationCollection of its claims as W3C
// annotations (export.Annotation has the mapping); each claim is an
// annotation at /annotations/{article_id}/{claim_id}. Reads need a
// logged-in user and writes an editor or admin, with the session cookie
// (and the CSRF header) or a bearer token, as for the JSON API. Errors are
// the API's JSON errors.
//
// The container's representation follows the client's Prefer header:
// PreferMinimalContainer links its first page instead of embedding it,
// PreferContainedIRIs lists annotations by IRI, PreferContainedDescriptions
// (the default, as the protocol recommends) in full. Its id and
// Content-Location say which (?iris=1 or ?iris=0); its pages are
// ?iris=N&page=P, Config.AnnotationPageSize annotations each, and follow the
// same choice. The ETag of an annotation is its claim's version, which
// If-Match on PUT and DELETE checks (412 with the current annotation when
// stale); the container's and a page's is a hash of the representation.
//
// Both application/ld+json (with the Web Annotation profile, or none) and
// application/json are served; an Accept header that allows neither gets
// 406.

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

// The IRIs of the protocol's link relations and preferences.
const (
	ldpBasicContainer     = "http://www.w3.org/ns/ldp#BasicContainer"
	ldpResource           = "http://www.w3.org/ns/ldp#Resource"
	ldpConstrainedBy      = "http://www.w3.org/ns/ldp#constrainedBy"
	annotationProtocol    = "http://www.w3.org/TR/annotation-protocol/"
	oaAnnotation          = "http://www.w3.org/ns/oa#Annotation"
	preferMinimal         = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
	preferIRIs            = "http://www.w3.org/ns/oa#PreferContainedIRIs"
	preferDescriptions    = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
	annotationProfile     = "http://www.w3.org/ns/anno.jsonld"
	acceptPost            = wire.AnnoMediaType + ", application/ld+json, application/json"
	containerAllowRead    = "GET,HEAD,OPTIONS"
	containerAllowWrite   = "GET,HEAD,OPTIONS,POST"
	annotationAllowRead   = "GET,HEAD,OPTIONS"
	annotationAllowWrite  = "GET,HEAD,OPTIONS,PUT,DELETE"
	defaultAnnotationPage = 100
)

// containerIRI is the IRI of article id's annotation container.
func (s *Server) containerIRI(c echo.Context, id int64) string {
	return wire.ContainerIRI(s.site(c).BaseURL, id)
}

// canWrite reports whether the current user may change annotations.
func canWrite(c echo.Context) bool {
	u, ok := currentUser(c)
	return ok && u.Role.CanWrite()
}

func isLoggedIn(c echo.Context) bool {
	_, ok := currentUser(c)
	return ok
}

// redirectContainer sends /annotations/{id} to the container IRI, which
// ends in "/".
func (s *Server) redirectContainer(c echo.Context) error {
	id, err := pathID(c, "aid", "Article")
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusMovedPermanently, s.containerIRI(c, id))
}

// optionsContainer describes the container without a body. It needs no
// login, so that any client can discover what the container allows; for
// a logged-in user it also checks that the article exists and lists the
// methods that user may use.
func (s *Server) optionsContainer(c echo.Context) error {
	id, err := pathID(c, "aid", "Article")
	if err != nil {
		return err
	}
	if isLoggedIn(c) {
		if _, err := s.store.Article(c.Request().Context(), id); err != nil {
			return err
		}
	}
	setContainerHeaders(c)
	return c.NoContent(http.StatusOK)
}

// getContainer serves the container (GET and HEAD), or one of its pages
// when ?page= is given.
func (s *Server) getContainer(c echo.Context) error {
	id, err := pathID(c, "aid", "Article")
	if err != nil {
		return err
	}
	ct, err := negotiate(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, claims, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	pref := parsePrefer(c.Request().Header.Values("Prefer"))
	v := export.Collection{Site: s.site(c), Article: a, Claims: claims, PageSize: s.cfg.AnnotationPageSize, Container: true,
		IRIs: c.QueryParam("iris") == "1"}
	if pref.given {
		v.IRIs, v.Minimal = pref.iris, pref.minimal
	}

	var body any
	h := c.Response().Header()
	if p := c.QueryParam("page"); p != "" {
		// A page: it follows the IRIs or descriptions choice of its IRI,
		// not Prefer, which a client should not send for pages.
		v.IRIs = c.QueryParam("iris") == "1"
		n, err := strconv.Atoi(p)
		page, ok := v.Page(n)
		if err != nil || !ok {
			return model.Errorf(model.ENOTFOUND, "Page %q of the annotations of article %d does not exist: it has %d.", p, id, v.Pages())
		}
		body = page
		h.Set("Allow", "GET,HEAD,OPTIONS")
		h.Add("Vary", "Accept, Prefer")
	} else {
		body = v.Collection()
		setContainerHeaders(c)
		h.Set("Content-Location", v.ID())
		if pref.given {
			h.Set("Preference-Applied", "return=representation")
		}
	}
	var buf bytes.Buffer
	if err := export.WriteJSONLD(&buf, body); err != nil {
		return err
	}
	etag := hashETag(ct, buf.Bytes())
	h.Set("ETag", etag)
	if notModified(c, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return sendBytes(c, http.StatusOK, ct, buf.Bytes())
}

// articleClaim loads the claim of the path, which must belong to the
// path's article, and that article.
func (s *Server) articleClaim(c echo.Context) (model.Article, model.Claim, error) {
	aid, err := pathID(c, "aid", "Article")
	if err != nil {
		return model.Article{}, model.Claim{}, err
	}
	cid, err := pathID(c, "cid", "Annotation")
	if err != nil {
		return model.Article{}, model.Claim{}, err
	}
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, cid)
	if err == nil && cl.ArticleID != aid {
		err = model.Errorf(model.ENOTFOUND, "Annotation %d is not in the container of article %d.", cid, aid)
	}
	if err != nil {
		return model.Article{}, model.Claim{}, err
	}
	a, err := s.store.Article(ctx, aid)
	return a, cl, err
}

// optionsAnnotation describes an annotation without a body (see
// optionsContainer).
func (s *Server) optionsAnnotation(c echo.Context) error {
	if isLoggedIn(c) {
		if _, _, err := s.articleClaim(c); err != nil {
			return err
		}
	} else if _, err := pathID(c, "cid", "Annotation"); err != nil {
		return err
	}
	setAnnotationHeaders(c)
	return c.NoContent(http.StatusOK)
}

// sendAnnotation answers with a claim's annotation and its headers.
func (s *Server) sendAnnotation(c echo.Context, status int, ct string, a model.Article, cl model.Claim) error {
	setAnnotationHeaders(c)
	setETag(c, cl.Version)
	if status == http.StatusCreated {
		c.Response().Header().Set("Location", wire.AnnotationIRI(s.site(c).BaseURL, a.ID, cl.ID))
	}
	return sendLD(c, status, ct, export.Annotation(s.site(c), a, cl))
}

// getAnnotation serves one annotation (GET and HEAD).
func (s *Server) getAnnotation(c echo.Context) error {
	ct, err := negotiate(c)
	if err != nil {
		return err
	}
	a, cl, err := s.articleClaim(c)
	if err != nil {
		return err
	}
	if notModified(c, `"`+strconv.Itoa(cl.Version)+`"`) {
		setAnnotationHeaders(c)
		setETag(c, cl.Version)
		return c.NoContent(http.StatusNotModified)
	}
	return s.sendAnnotation(c, http.StatusOK, ct, a, cl)
}

// readAnnotation reads the request's annotation, refusing bodies that are
// not JSON.
func readAnnotation(c echo.Context) (ingest.W3CAnnotation, error) {
	if err := requireJSON(c); err != nil {
		return ingest.W3CAnnotation{}, err
	}
	// A body over the limit comes back wrapped, for toDomain's 413.
	return ingest.ParseW3C(c.Request().Body)
}

// postAnnotation creates a claim from a W3C annotation anchored in the
// article's text (201, Location = the new annotation's IRI, inside the
// container). Its id, if it had one, becomes via; canonical is kept.
func (s *Server) postAnnotation(c echo.Context) error {
	id, err := pathID(c, "aid", "Article")
	if err != nil {
		return err
	}
	ct, err := negotiate(c)
	if err != nil {
		return err
	}
	ann, err := readAnnotation(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return err
	}
	nc, err := ann.NewClaim(ingest.NewW3CArticle(s.site(c).BaseURL, a))
	if err != nil {
		return err
	}
	cl, err := s.store.CreateClaim(ctx, id, nc, userName(c))
	if err != nil {
		return err
	}
	return s.sendAnnotation(c, http.StatusCreated, ct, a, cl)
}

// putAnnotation replaces the claim's statement, kind, status, note,
// parties and sources with what the annotation says. Its target must still
// be the claim's span: a PUT cannot move a claim (409). A canonical or via
// IRI already set cannot change (409).
func (s *Server) putAnnotation(c echo.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	ct, err := negotiate(c)
	if err != nil {
		return err
	}
	a, cl, err := s.articleClaim(c)
	if err != nil {
		return err
	}
	ann, err := readAnnotation(c)
	if err != nil {
		return err
	}
	if err := sameSpan(ann, ingest.NewW3CArticle(s.site(c).BaseURL, a), cl); err != nil {
		return err
	}
	switch {
	case cl.Canonical != "" && ann.Canonical != "" && ann.Canonical != cl.Canonical:
		return &model.Error{Code: model.ECONFLICT, Field: "canonical", Message: "The annotation's canonical IRI is " + cl.Canonical + " and cannot change."}
	case cl.Via != "" && ann.Via != "" && ann.Via != cl.Via:
		return &model.Error{Code: model.ECONFLICT, Field: "via", Message: "The annotation's via IRI is " + cl.Via + " and cannot change."}
	}
	r := ann.Replacement(version)
	r.Via = ann.Via
	updated, err := s.store.ReplaceClaim(c.Request().Context(), cl.ID, r, userName(c))
	if err != nil {
		return s.staleAnnotation(c, a, err)
	}
	return s.sendAnnotation(c, http.StatusOK, ct, a, updated)
}

// sameSpan checks that a PUT's annotation still targets the claim's span:
// its target anchors there, or, for an orphan whose words are gone, it
// quotes what the claim quotes (on this article).
func sameSpan(ann ingest.W3CAnnotation, doc ingest.W3CArticle, cl model.Claim) error {
	if cl.Orphan {
		for _, t := range ann.Targets {
			if t.Quote != nil && (t.Source == "" || doc.Names(t.Source)) && anchor.Normalize(*t.Quote).Exact == anchor.Normalize(cl.Quote).Exact {
				return nil
			}
		}
	}
	start, end, err := ann.Anchor(doc)
	switch {
	case err != nil:
		return err
	case start != cl.Start || end != cl.End || cl.Orphan:
		return &model.Error{Code: model.ECONFLICT, Field: "target",
			Message: "The annotation's target is not the claim's span: a PUT changes what an annotation says, not where it is. Create a new annotation for other words."}
	}
	return nil
}

// staleAnnotation gives a 412's current state as the annotation, not the
// claim, so that a protocol client can merge.
func (s *Server) staleAnnotation(c echo.Context, a model.Article, err error) error {
	var de *model.Error
	if errors.As(err, &de) && de.Code == model.EPRECONDITION {
		if cur, ok := de.Current.(model.Claim); ok {
			out := *de
			out.Current = export.Annotation(s.site(c), a, cur)
			setETag(c, cur.Version)
			return &out
		}
	}
	return err
}

// deleteAnnotation deletes the claim (204); a stale If-Match gets 412.
func (s *Server) deleteAnnotation(c echo.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	a, cl, err := s.articleClaim(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteClaim(c.Request().Context(), cl.ID, version); err != nil {
		return s.staleAnnotation(c, a, err)
	}
	return c.NoContent(http.StatusNoContent)
}
