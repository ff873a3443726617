package export_test

import (
	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/views/exportpage"
)

// The HTML export's tests in this package render the page with templ as
// the server does (see TestPages).
func init() { export.TestPages = exportpage.Renderer{} }
