package db

import (
	"context"
	"fmt"
	"os"
)

// StartupCheckBytes is the largest file Open checks in full (SQLite's
// quick_check, which reads every page) before it returns. quick_check
// reads 17–50 MB/s through the pure-Go driver on the project's machine (0.7 s
// for a 12 MB file under load), so only a file this small fits the 200 ms
// start-up budget. A larger file gets the cheap checks at start-up (its
// header and schema are read, a write is probed) and its quick_check in
// the background: see BackgroundCheck.
const StartupCheckBytes = 8 << 20

// startupCheck checks the file before anything is migrated: in full when it
// is small, otherwise only the schema, and then it leaves the full check to
// BackgroundCheck.
func (d *DB) startupCheck(ctx context.Context) error {
	if info, err := os.Stat(d.path); err == nil && info.Size() > d.checkBytes {
		d.deferredCheck = true
		// Reading the schema parses every table, index and trigger, and
		// reads the header: a file that is not a database, or whose first
		// pages are damaged, fails here.
		var n int
		if err := d.write.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
			if _, derr := damageOrError(err); derr != nil {
				return d.openError(derr)
			}
			return d.damaged(err.Error())
		}
		return nil
	}
	problems, err := quickCheck(ctx, d.write)
	if err != nil {
		return d.openError(err)
	}
	if len(problems) > 0 {
		return d.damaged("quick_check: " + summarize(problems, 3))
	}
	return nil
}

// BackgroundCheck runs the quick_check that Open left out for a large file
// (see StartupCheckBytes) on a reading connection, and sends its outcome:
// nil when the file is sound, or an error wrapping ErrDamaged that says
// what to do. For a file Open checked in full it sends nil at once. The
// server stops when it receives an error: pages SQLite reads meanwhile are
// still checked by SQLite as it reads them, and a write that meets damage
// fails without committing.
func (d *DB) BackgroundCheck(ctx context.Context) <-chan error {
	out := make(chan error, 1)
	if !d.deferredCheck {
		out <- nil
		return out
	}
	go func() {
		problems, err := quickCheck(ctx, d.read)
		switch {
		case err != nil:
			out <- fmt.Errorf("db: the background quick_check could not run: %w", err)
		case len(problems) > 0:
			out <- d.damaged("quick_check: " + summarize(problems, 3))
		default:
			out <- nil
		}
	}()
	return out
}
