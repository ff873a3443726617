package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/factmark/factmark/db"
)

// backupCmd is `factmark backup --db F [--force] OUT`: a consistent copy of
// the database, taken while the server may be writing it.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const usage = "usage: factmark backup [--db FILE] [--force] OUT"
	fs, dbPath := newFlags("backup", getenv, stderr)
	force := fs.Bool("force", false, "replace OUT if it exists")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New(usage)
	}
	out := pos[0]
	if abs, err := filepath.Abs(out); err == nil {
		if src, err := filepath.Abs(*dbPath); err == nil && abs == src {
			return fmt.Errorf("%s is the database itself: give the backup another name", out)
		}
	}
	store, err := db.OpenReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	info, err := store.Backup(ctx, out, *force)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists: choose another name, or add --force to replace it", out)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %s, %d claims, checked, in %s\n", info.Path, formatBytes(info.Bytes), info.Claims, info.Took.Round(time.Millisecond))
	return nil
}

// checkCmd is `factmark check --db F`: SQLite's integrity_check and
// foreign_key_check; it prints "ok" or each problem and fails on any.
func checkCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("check", getenv, stderr)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return errors.New("usage: factmark check [--db FILE]")
	}
	store, err := db.OpenReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	problems, err := store.Check(ctx)
	if err != nil {
		return fmt.Errorf("could not check %s: %w", *dbPath, err)
	}
	if len(problems) == 0 {
		fmt.Fprintln(stdout, "ok")
		return nil
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	return fmt.Errorf("%s: %d problem(s) found: restore the newest backup that passes `factmark check` (README, Backups)", *dbPath, len(problems))
}

// formatBytes writes a size the way an operator reads it.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// minBackupEvery is the shortest schedule accepted: a backup copies the
// whole database, and more often than this is a typo ("24" for "24h").
const minBackupEvery = time.Minute

// backupFlags are serve's flags for scheduled backups.
type backupFlags struct {
	dir   *string
	every *time.Duration
	keep  *int
	// envErr is a malformed environment variable, reported after parsing.
	envErr error
}

// addBackupFlags declares the scheduled-backup flags on serve's flag set,
// their defaults taken from the environment.
func addBackupFlags(fs *flag.FlagSet, getenv func(string) string) *backupFlags {
	b := &backupFlags{}
	every := 24 * time.Hour
	if v := getenv("FACTMARK_BACKUP_EVERY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.envErr = fmt.Errorf("FACTMARK_BACKUP_EVERY=%q is not a duration such as 24h or 90m", v)
		}
		every = d
	}
	keep := 7
	if v := getenv("FACTMARK_BACKUP_KEEP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.envErr = errors.Join(b.envErr, fmt.Errorf("FACTMARK_BACKUP_KEEP=%q is not a whole number", v))
		}
		keep = n
	}
	b.dir = fs.String("backup-dir", getenv("FACTMARK_BACKUP_DIR"), "directory for scheduled backups; none are taken when empty (env FACTMARK_BACKUP_DIR)")
	b.every = fs.Duration("backup-every", every, "time between scheduled backups, at least 1m (env FACTMARK_BACKUP_EVERY)")
	b.keep = fs.Int("backup-keep", keep, "scheduled backups to keep; older ones are deleted (env FACTMARK_BACKUP_KEEP)")
	return b
}

// schedule validates the flags and returns the schedule for the database
// at dbPath, nil when no --backup-dir is set. The directory is created if
// needed and must be writable: a schedule that can never succeed is an
// error at start-up, not a log line a day later.
func (b *backupFlags) schedule(dbPath string) (*backupSchedule, error) {
	if b.envErr != nil {
		return nil, b.envErr
	}
	if *b.every < minBackupEvery {
		return nil, fmt.Errorf("--backup-every %s is too short: give at least %s, such as 24h", *b.every, minBackupEvery)
	}
	if *b.keep < 1 {
		return nil, fmt.Errorf("--backup-keep %d: keep at least 1 backup", *b.keep)
	}
	if *b.dir == "" {
		return nil, nil
	}
	if err := os.MkdirAll(*b.dir, 0o700); err != nil {
		return nil, fmt.Errorf("--backup-dir: %w", err)
	}
	probe, err := os.CreateTemp(*b.dir, ".factmark-write-probe-*")
	if err != nil {
		return nil, fmt.Errorf("--backup-dir %s is not writable: %w", *b.dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	name := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	return &backupSchedule{dir: *b.dir, every: *b.every, keep: *b.keep, prefix: name + "-"}, nil
}

// backupStamp is the UTC time in a backup's file name: fixed width, so that
// names sort in time order.
const backupStamp = "20060102T150405Z"

// backupSchedule takes a backup every `every` into dir, named
// PREFIX-STAMP.db, and keeps the newest `keep` of them.
type backupSchedule struct {
	dir    string
	every  time.Duration
	keep   int
	prefix string
	now    func() time.Time // time.Now unless a test sets it
}

// start runs the schedule in a goroutine until ctx ends, and returns a
// function that stops it and waits for a backup under way to end, so that
// the store is not closed under it. A nil schedule (no --backup-dir) does
// nothing.
func (s *backupSchedule) start(ctx context.Context, store *db.DB, log *slog.Logger) (stop func()) {
	if s == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { s.loop(ctx, store, log) })
	log.Info("scheduled backups", "dir", s.dir, "every", s.every.String(), "keep", s.keep)
	return func() {
		cancel()
		wg.Wait()
	}
}

// loop waits until the newest backup is `every` old (not at all when there
// is none, so that a server restarted more often than `every` still gets
// backed up), takes one, and repeats. A failure is logged, never fatal: it
// is retried after a while, and the server goes on serving.
func (s *backupSchedule) loop(ctx context.Context, store *db.DB, log *slog.Logger) {
	now := s.now
	if now == nil {
		now = time.Now
	}
	retry := min(s.every, 10*time.Minute)
	for {
		wait := time.Duration(0)
		if newest, ok := s.newest(); ok {
			// A backup stamped in the future (the clock was set back)
			// delays the next one by at most every.
			wait = min(s.every-now().Sub(newest), s.every)
		}
		if !sleepCtx(ctx, wait) {
			return
		}
		if err := s.once(ctx, store, log, now()); err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Error("scheduled backup failed; the server goes on, and the backup is retried", "err", err, "retry_in", retry.String())
			if !sleepCtx(ctx, retry) {
				return
			}
		}
	}
}

// sleepCtx waits for d or until ctx ends, and reports whether ctx is still
// live.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// once takes one backup named after at, then deletes the oldest backups
// beyond keep.
func (s *backupSchedule) once(ctx context.Context, store *db.DB, log *slog.Logger, at time.Time) error {
	path := filepath.Join(s.dir, s.prefix+at.UTC().Format(backupStamp)+".db")
	info, err := store.Backup(ctx, path, false)
	if err != nil {
		return err
	}
	log.Info("backup written", "path", info.Path, "bytes", info.Bytes, "claims", info.Claims, "took", info.Took.Round(time.Millisecond).String())
	for _, old := range append(s.prunable(), s.leftovers()...) {
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			log.Error("removing an old backup", "path", old, "err", err)
			continue
		}
		log.Info("old backup removed", "path", old)
	}
	return nil
}

// backups lists this schedule's backups, oldest first. Other files in the
// directory are never touched.
func (s *backupSchedule) backups() []string {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if _, ok := s.stampOf(e.Name()); ok && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// stampOf returns the time in a backup's name, and whether name is one of
// this schedule's backups.
func (s *backupSchedule) stampOf(name string) (time.Time, bool) {
	stamp, ok := strings.CutPrefix(name, s.prefix)
	if !ok {
		return time.Time{}, false
	}
	stamp, ok = strings.CutSuffix(stamp, ".db")
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(backupStamp, stamp)
	return t, err == nil
}

// leftovers returns the paths of temporary files that a scheduled backup
// interrupted by a crash left behind (db.Backup writes .NAME.tmp-* beside
// NAME). Backups run one at a time, so none of them is in use.
func (s *backupSchedule) leftovers() []string {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name, ok := strings.CutPrefix(e.Name(), ".")
		if !ok {
			continue
		}
		backup, _, ok := strings.Cut(name, ".tmp-")
		if _, isOurs := s.stampOf(backup); ok && isOurs && e.Type().IsRegular() {
			out = append(out, filepath.Join(s.dir, e.Name()))
		}
	}
	return out
}

// newest returns the time of the newest backup, if there is one.
func (s *backupSchedule) newest() (time.Time, bool) {
	names := s.backups()
	if len(names) == 0 {
		return time.Time{}, false
	}
	return s.stampOf(names[len(names)-1])
}

// prunable returns the paths of the backups beyond the newest keep.
func (s *backupSchedule) prunable() []string {
	names := s.backups()
	if len(names) <= s.keep {
		return nil
	}
	var out []string
	for _, n := range names[:len(names)-s.keep] {
		out = append(out, filepath.Join(s.dir, n))
	}
	return out
}
