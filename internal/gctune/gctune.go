// Package gctune sets Go's garbage collector for factmark's server, whose
// requests allocate far more than the process keeps: a workspace page or
// My work renders hundreds of kilobytes, a search reads thousands of rows,
// while what stays (the caches, the connections) is some tens of
// megabytes. With Go's default (GOGC=100) the collector ran every time the
// heap grew by what it kept, many times a second under load, and marking
// took a large share of two cores: on a million-claim database, 8 clients
// got half the workspace pages per second, and the p99 of My work and of
// searches was a third to a half higher, than with GOGC=400 (README,
// "Performance").
package gctune

import (
	"os"
	"runtime/debug"
)

const (
	// Percent is GOGC: the heap may grow by four times what it keeps
	// before the next collection.
	Percent = 400
	// MemoryLimit is GOMEMLIMIT, a soft limit: nearing it, the collector
	// runs as often as needed to stay under it, whatever Percent allows.
	// It leaves room for the largest request, an export of a 10,000-claim
	// article, which allocates some 90 MB: at 128 MiB the collector ran
	// without pause during it and the export took five times as long.
	MemoryLimit = 256 << 20
)

// Apply sets Percent and MemoryLimit, each unless the environment sets it
// (GOGC, GOMEMLIMIT), so that an operator keeps the last word.
func Apply() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
}
