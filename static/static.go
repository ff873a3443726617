// Package static embeds factmark's CSS and JavaScript and serves them under
// content-hashed URLs, so that browsers may cache them forever and still see
// a new version the moment it ships.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed css js
var files embed.FS

// Prefix is where assets are served.
const Prefix = "/static/"

// hashed maps an asset's name ("css/app.css") to its hashed name
// ("css/app.1a2b3c4d5e.css") and byHashed maps back. Both are filled once at
// start-up from the embedded files and never written again.
var hashed, byHashed = index()

func index() (map[string]string, map[string]string) {
	h, b := map[string]string{}, map[string]string{}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		hn := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		h[name], b[hn] = hn, name
		return nil
	})
	if err != nil {
		panic("static: " + err.Error()) // the files are embedded: this cannot fail at run time
	}
	return h, b
}

// URL returns the content-hashed URL of the asset called name. An unknown
// name panics, so that a typo fails the first test that renders the page.
func URL(name string) string {
	hn, ok := hashed[name]
	if !ok {
		panic("static: no asset " + name)
	}
	return Prefix + hn
}

// Handler serves the assets under their hashed names (with Prefix stripped)
// as immutable. Unhashed names are not served: every page links the hashed
// URL.
func Handler() http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, ok := byHashed[strings.TrimPrefix(r.URL.Path, "/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		fileServer.ServeHTTP(w, r2)
	})
}
