// Package static embeds factmark's CSS, JavaScript and vendored libraries
// and serves them under content-hashed URLs, so that browsers may cache them
// forever and still see a new version the moment it ships.
//
// The scripts are ES modules that import each other by relative path
// ("./offsets.js"). A browser resolves such a path against the importing
// module's URL, which is hashed, and would ask for the unhashed name, which
// is not served. So at start-up every relative import specifier in a module
// is rewritten to its target's hashed URL, and a module's hash is taken of
// its rewritten text: a change in a module changes the URL of every module
// that imports it, directly or not. No inline import map is needed, and the
// Content-Security-Policy stays script-src 'self'.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

//go:embed css js vendor
var files embed.FS

// Prefix is where assets are served.
const Prefix = "/static/"

// asset is one served file: its hashed name and the bytes served under it.
type asset struct {
	hashed string
	data   []byte
}

// assets maps an asset's name ("css/app.css") to what is served and byHashed
// maps a hashed name ("css/app.1a2b3c4d5e.css") back to the name. Both are
// filled once at start-up from the embedded files and never written again.
var assets, byHashed = index()

// importSpec finds the module specifiers of the import and export
// statements that begin a line ("import x from './a.js'", "import './a.js'",
// "export { y } from './b.js'"), the only ones factmark's modules use; the
// specifier is group 2. Dynamic import() is not rewritten.
var importSpec = regexp.MustCompile(`(?m)(^[ \t]*import[ \t]*|^[ \t]*(?:import|export)\b[^;'"]*?\bfrom[ \t]*)(['"][^'"\n]+['"])`)

func index() (map[string]asset, map[string]string) {
	raw := map[string][]byte{}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		raw[name] = data
		return err
	})
	if err != nil {
		panic("static: " + err.Error()) // the files are embedded: this cannot fail at run time
	}
	out, back := map[string]asset{}, map[string]string{}
	for name := range raw {
		if _, err := build(name, raw, out, nil); err != nil {
			panic("static: " + err.Error()) // a broken import fails the first test
		}
	}
	for name, a := range out {
		back[a.hashed] = name
	}
	return out, back
}

// build rewrites name's relative imports (building their targets first) and
// hashes the result. visiting holds the modules on the current import path,
// to refuse a cycle, whose hashes could not depend on each other.
func build(name string, raw map[string][]byte, out map[string]asset, visiting []string) (asset, error) {
	if a, ok := out[name]; ok {
		return a, nil
	}
	for _, v := range visiting {
		if v == name {
			return asset{}, fmt.Errorf("import cycle %s -> %s", strings.Join(visiting, " -> "), name)
		}
	}
	data, ok := raw[name]
	if !ok {
		return asset{}, fmt.Errorf("%s imports %s, which is not an asset", visiting[len(visiting)-1], name)
	}
	if path.Ext(name) == ".js" && !strings.HasPrefix(name, "vendor/") {
		var ferr error
		data = importSpec.ReplaceAllFunc(data, func(m []byte) []byte {
			sub := importSpec.FindSubmatch(m)
			spec := string(sub[2][1 : len(sub[2])-1])
			if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
				return m
			}
			dep, err := build(path.Join(path.Dir(name), spec), raw, out, append(visiting, name))
			if err != nil {
				ferr = err
				return m
			}
			return append(append([]byte{}, sub[1]...), `"`+Prefix+dep.hashed+`"`...)
		})
		if ferr != nil {
			return asset{}, ferr
		}
	}
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	a := asset{hashed: strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext, data: data}
	out[name] = a
	return a, nil
}

// URL returns the content-hashed URL of the asset called name. An unknown
// name panics, so that a typo fails the first test that renders the page.
func URL(name string) string {
	a, ok := assets[name]
	if !ok {
		panic("static: no asset " + name)
	}
	return Prefix + a.hashed
}

// Handler serves the assets under their hashed names (with Prefix stripped)
// as immutable. Unhashed names are not served: every page links the hashed
// URL, and every module imports hashed URLs.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := byHashed[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("X-Content-Type-Options", "nosniff")
		ct := mime.TypeByExtension(path.Ext(name))
		if path.Ext(name) == ".js" {
			ct = "text/javascript; charset=utf-8" // the type a module must have, whatever the system's table says
		}
		h.Set("Content-Type", ct)
		http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(assets[name].data)))
	})
}
