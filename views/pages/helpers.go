// Package pages holds factmark's full pages and the fragments the workspace
// swaps in, each taking a typed view model.
package pages

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/factmark/factmark/internal/model"
)

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	return "Error"
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// formatTime shows a stored UTC time the same way everywhere.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// percent formats n of total as a CSS width.
func percent(n, total int) string {
	if total == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.2f%%", float64(n)*100/float64(total))
}

func statusClass(s model.Status) string { return "st-" + string(s) }

// truncate shortens s to at most n code points, with an ellipsis. It walks
// s rather than converting it to runes: My work truncates 500 statements a
// request, and the conversions were a tenth of its rendering.
func truncate(s string, n int) string {
	cut, count := len(s), 0 // cut: where the n-1th code point ends
	for i := range s {
		if count == n-1 {
			cut = i
		}
		if count == n {
			return s[:cut] + "…"
		}
		count++
	}
	return s
}

// orNever shows a time, or "never" for the zero time.
func orNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return formatTime(t)
}

// tokenLabel names a token, unnamed ones by their id.
func tokenLabel(t model.APIToken) string {
	if t.Label != "" {
		return t.Label
	}
	return "token " + itoa64(t.ID)
}

// tokenAccess says what a token may do.
func tokenAccess(t model.APIToken) string {
	if t.ReadOnly {
		return "read-only"
	}
	return "read and write (as your role allows)"
}
