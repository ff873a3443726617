package static

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"
)

// anySpec finds every import specifier in a module, relative or not.
var anySpec = regexp.MustCompile(`(?m)(?:^[ \t]*import[ \t]*|^[ \t]*(?:import|export)\b[^;'"]*?\bfrom[ \t]*|\bimport\s*\(\s*)['"]([^'"\n]+)['"]`)

// get fetches a URL from the handler as the router mounts it.
func get(t *testing.T, url string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	http.StripPrefix(Prefix, Handler()).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	return rec
}

// TestEveryImportResolves fetches every served module and checks that each
// of its imports names a hashed URL that is served, so that the browser
// resolves the module graph under script-src 'self' without an import map.
func TestEveryImportResolves(t *testing.T) {
	modules := 0
	for name := range assets {
		if path.Ext(name) != ".js" {
			continue
		}
		modules++
		rec := get(t, URL(name))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d", URL(name), rec.Code)
		}
		if got := rec.Header().Get("Content-Type"); got != "text/javascript; charset=utf-8" {
			t.Errorf("%s is served as %q, want text/javascript", name, got)
		}
		body, _ := io.ReadAll(rec.Body)
		for _, m := range anySpec.FindAllSubmatch(body, -1) {
			spec := string(m[1])
			if !strings.HasPrefix(spec, Prefix) {
				t.Errorf("%s imports %q, which is not a served URL", name, spec)
				continue
			}
			if r := get(t, spec); r.Code != http.StatusOK {
				t.Errorf("%s imports %s, which answers %d", name, spec, r.Code)
			}
		}
	}
	if modules < 2 {
		t.Fatalf("%d modules served, want the workspace's", modules)
	}
}

// TestMainImportsItsModules checks the rewriting itself on the workspace's
// entry module: its relative imports became the hashed URLs of the modules
// they name.
func TestMainImportsItsModules(t *testing.T) {
	body := string(assets["js/workspace/main.js"].data)
	for _, dep := range []string{"js/workspace/panel.js", "js/workspace/keyboard.js", "vendor/htmx/htmx.esm.js"} {
		if !strings.Contains(body, `"`+URL(dep)+`"`) {
			t.Errorf("main.js does not import %s as %s", dep, URL(dep))
		}
	}
	for _, rel := range []string{"'./", `"./`} {
		if strings.Contains(body, rel) {
			t.Errorf("main.js still has a relative import (%s)", rel)
		}
	}
}

// TestHashFollowsImports checks that changing a module changes the URL of
// the modules that import it, else a browser would keep a cached importer
// that asks for the old version.
func TestHashFollowsImports(t *testing.T) {
	raw := map[string][]byte{
		"js/a.js": []byte(`import { b } from './b.js';`),
		"js/b.js": []byte(`export const b = 1;`),
	}
	first, _ := build("js/a.js", raw, map[string]asset{}, nil)
	raw["js/b.js"] = []byte(`export const b = 2;`)
	second, _ := build("js/a.js", raw, map[string]asset{}, nil)
	if first.hashed == second.hashed {
		t.Errorf("a.js keeps its URL %s when the module it imports changes", first.hashed)
	}
}

// TestBrokenImportsRefused checks that a missing module and an import cycle
// are refused at start-up rather than served broken.
func TestBrokenImportsRefused(t *testing.T) {
	for name, raw := range map[string]map[string][]byte{
		"missing": {"js/a.js": []byte(`import './gone.js';`)},
		"cycle":   {"js/a.js": []byte(`import './b.js';`), "js/b.js": []byte(`export * from './a.js';`)},
	} {
		if _, err := build("js/a.js", raw, map[string]asset{}, nil); err == nil {
			t.Errorf("%s: built without an error", name)
		}
	}
}

// TestUnhashedNotServed checks that only hashed names are served.
func TestUnhashedNotServed(t *testing.T) {
	if rec := get(t, Prefix+"js/workspace/main.js"); rec.Code != http.StatusNotFound {
		t.Errorf("the unhashed name answers %d, want 404", rec.Code)
	}
}
