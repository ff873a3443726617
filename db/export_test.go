package db

import "context"

// OpenCheckingAtMost is Open with the full check at start-up only for files
// of at most checkBytes: tests make a small file behave as a large one.
func OpenCheckingAtMost(ctx context.Context, path string, checkBytes int64) (*DB, error) {
	return open(ctx, path, checkBytes)
}
