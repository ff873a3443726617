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
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

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

// negotiate picks the response's media type from the Accept header: the
// JSON-LD annotation type, or application/json when the client prefers
// it. Wildcards and application/ld+json without a profile, or with the
// Web Annotation one among its profiles, get JSON-LD; nothing acceptable
// is a 406.
func negotiate(c echo.Context) (string, error) {
	accept := strings.TrimSpace(strings.Join(c.Request().Header.Values("Accept"), ","))
	if accept == "" {
		return wire.AnnoMediaType, nil
	}
	var ld, js float64
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch mt {
		case "application/ld+json":
			if p, ok := params["profile"]; ok && !containsField(p, annotationProfile) {
				continue
			}
			ld = max(ld, q)
		case "application/json":
			js = max(js, q)
		case "application/*", "*/*":
			ld = max(ld, q)
		}
	}
	switch {
	case ld <= 0 && js <= 0:
		return "", model.Errorf(model.ENOTACCEPTABLE, "Annotations are served as %s or application/json; the Accept header (%s) allows neither.", wire.AnnoMediaType, accept)
	case js > ld:
		return "application/json", nil
	}
	return wire.AnnoMediaType, nil
}

func containsField(list, want string) bool {
	for _, f := range strings.Fields(list) {
		if f == want {
			return true
		}
	}
	return false
}

// preference is what a Prefer header asks of a container.
type preference struct {
	given, minimal, iris bool
}

// parsePrefer reads return=representation; include="..." preferences.
// Asking for both IRIs and descriptions, which the protocol forbids,
// gives descriptions.
func parsePrefer(values []string) preference {
	var p preference
	descriptions := false
	for _, v := range values {
		for _, pref := range strings.Split(v, ",") {
			fields := strings.Split(pref, ";")
			if !strings.EqualFold(strings.ReplaceAll(strings.TrimSpace(fields[0]), " ", ""), "return=representation") {
				continue
			}
			for _, param := range fields[1:] {
				k, val, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "include") {
					continue
				}
				for _, iri := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					switch iri {
					case preferMinimal:
						p.given, p.minimal = true, true
					case preferIRIs:
						p.given, p.iris = true, true
					case preferDescriptions:
						p.given, descriptions = true, true
					}
				}
			}
		}
	}
	if descriptions {
		p.iris = false
	}
	return p
}

// sendLD answers with v as JSON-LD (or JSON, as negotiated), writing no
// body for HEAD.
func sendLD(c echo.Context, status int, contentType string, v any) error {
	var buf bytes.Buffer
	if err := export.WriteJSONLD(&buf, v); err != nil {
		return err
	}
	return sendBytes(c, status, contentType, buf.Bytes())
}

func sendBytes(c echo.Context, status int, contentType string, body []byte) error {
	h := c.Response().Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if c.Request().Method == http.MethodHead {
		c.Response().WriteHeader(status)
		return nil
	}
	return c.Blob(status, contentType, body)
}

// hashETag is a strong entity tag for a representation: its bytes and
// media type hashed.
func hashETag(contentType string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(contentType))
	h.Write([]byte{0})
	h.Write(body)
	return `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
}

// notModified reports whether the request's If-None-Match names etag.
func notModified(c echo.Context, etag string) bool {
	for _, v := range c.Request().Header.Values("If-None-Match") {
		for _, t := range strings.Split(v, ",") {
			if t = strings.TrimSpace(t); t == etag || t == "*" || strings.TrimPrefix(t, "W/") == etag {
				return true
			}
		}
	}
	return false
}

// setContainerHeaders sets the headers of every container response.
func setContainerHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Add("Link", "<"+ldpBasicContainer+`>; rel="type"`)
	h.Add("Link", "<"+annotationProtocol+`>; rel="`+ldpConstrainedBy+`"`)
	if canWrite(c) || !isLoggedIn(c) {
		h.Set("Allow", containerAllowWrite)
	} else {
		h.Set("Allow", containerAllowRead)
	}
	h.Set("Accept-Post", acceptPost)
	h.Add("Vary", "Accept, Prefer")
}

// setAnnotationHeaders sets the headers of every annotation response.
func setAnnotationHeaders(c echo.Context) {
	h := c.Response().Header()
	h.Add("Link", "<"+ldpResource+`>; rel="type"`)
	h.Add("Link", "<"+oaAnnotation+`>; rel="type"`)
	if canWrite(c) || !isLoggedIn(c) {
		h.Set("Allow", annotationAllowWrite)
	} else {
		h.Set("Allow", annotationAllowRead)
	}
	h.Add("Vary", "Accept")
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

// importAnnotations creates a claim from each W3C annotation of the body
// (an AnnotationCollection, a page, an array or a single annotation, from
// factmark, Hypothesis or any W3C client), each anchored in the article's
// text as ingest.W3CAnnotation.Anchor says.
//
// Each annotation is imported whole, with its parties and sources, or not
// at all; one that cannot be (its words are not in the article, it is
// about another document, it is invalid, or it was imported here before:
// a claim already has its id as via) is reported in failed with its index,
// id and the reason, and the others are still created, as an editor
// importing a colleague's 40 annotations expects 37 claims and the list of
// the 3 to redo by hand. Every annotation is read and anchored first, and
// the claims are then created in one transaction (db.CreateClaims): when
// the store fails, or the client goes away, none is, and the answer is the
// error alone, never a report of claims half saved.
//
// The answer is 201 with {"created": [...], "failed": [...]} when at least
// one claim was created; 400 with the same lists and an error when none
// could be; 200 with two empty lists for an empty collection. A body that
// is not annotations at all is a plain 400.
func (s *Server) importAnnotations(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	if err := requireJSON(c); err != nil {
		return err
	}
	items, err := ingest.DecodeW3C(c.Request().Body)
	if err != nil {
		return err // a body over the limit comes back wrapped, for toDomain's 413
	}
	ctx := c.Request().Context()
	a, existing, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	plan := ingest.PlanW3CImport(s.site(c).BaseURL, a, existing, items)
	claims, errs, err := s.store.CreateClaims(ctx, id, plan.NewClaims, userName(c))
	if err != nil {
		return err
	}
	report := plan.Report(claims, errs)
	switch {
	case len(report.Created) > 0:
		return c.JSON(http.StatusCreated, report)
	case report.Error != nil:
		return c.JSON(http.StatusBadRequest, report)
	}
	return c.JSON(http.StatusOK, report)
}
