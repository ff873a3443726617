package handlers

// Content negotiation and caching headers of the Web Annotation Protocol
// server (annotations.go): which representation a request accepts, what
// its Prefer header asks of a container, and the ETags and Link headers
// every answer carries.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

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
