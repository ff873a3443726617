package gctune

import (
	"math"
	"runtime/debug"
	"testing"
)

// current reads the collector's settings without changing them.
func current() (percent int, limit int64) {
	percent = debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1) // a negative limit only reads it
}

func restore(t *testing.T) {
	percent, limit := current()
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	})
}

func TestApplySetsTheCollector(t *testing.T) {
	restore(t)
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	Apply()
	if percent, limit := current(); percent != Percent || limit != MemoryLimit {
		t.Errorf("after Apply: GOGC %d, limit %d; want %d, %d", percent, limit, Percent, MemoryLimit)
	}
}

func TestApplyLeavesWhatTheEnvironmentSets(t *testing.T) {
	restore(t)
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetGCPercent(150)
	debug.SetMemoryLimit(1 << 30)
	Apply()
	if percent, limit := current(); percent != 150 || limit != 1<<30 {
		t.Errorf("after Apply with GOGC and GOMEMLIMIT set: GOGC %d, limit %d; want 150, %d", percent, limit, 1<<30)
	}
}
