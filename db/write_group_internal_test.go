package db

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
)

// openGroupTest opens a store with a table of its own for the writes of a
// test to fill.
func openGroupTest(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "factmark.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE marks (name TEXT PRIMARY KEY)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return d
}

// mark is a write that inserts name, then fails with fail when it is set.
func mark(name string, fail error) func(ctx context.Context, tx *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO marks (name) VALUES (?)`, name); err != nil {
			return err
		}
		return fail
	}
}

func marks(t *testing.T, d *DB) []string {
	t.Helper()
	return column[string](t, d, `SELECT name FROM marks ORDER BY name`)
}

// column reads the one column of each row q answers on a reader.
func column[T any](t *testing.T, d *DB, q string, args ...any) []T {
	t.Helper()
	rows, err := d.read.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// harbourArticle stores a short article for the claims of a test.
func harbourArticle(t *testing.T, d *DB) model.Article {
	t.Helper()
	na, err := ingest.Plain(ingest.PlainInput{Title: "Harbour talks", Text: "The mayor invited the ferry union to talks on Monday. The fishermen were not invited."})
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.CreateArticle(context.Background(), na, "ed")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func pending(fn func(ctx context.Context, tx *sql.Tx) error) *pendingWrite {
	return &pendingWrite{ctx: context.Background(), fn: fn, done: make(chan struct{})}
}

// commitGroup commits ps as one group, as the writer does with the writes
// it finds waiting, and returns each one's answer.
func commitGroup(t *testing.T, d *DB, ps ...*pendingWrite) []error {
	t.Helper()
	for rest := ps; len(rest) > 0; {
		rest = d.writer.commit(rest)
	}
	errs := make([]error, len(ps))
	for i, p := range ps {
		select {
		case <-p.done:
		default:
			t.Fatalf("write %d was never answered", i)
		}
		errs[i] = p.err
	}
	return errs
}

// A write that fails in a group is rolled back alone: the writes before and
// after it in the same transaction commit, and each gets its own answer.
func TestGroupRollsBackOnlyTheWriteThatFails(t *testing.T) {
	d := openGroupTest(t)
	refused := errors.New("refused")
	commits, _ := d.WriteGroups()
	errs := commitGroup(t, d,
		pending(mark("a", nil)),
		pending(mark("b", refused)),
		pending(mark("a", nil)), // the primary key refuses it: a failing statement
		pending(mark("c", nil)),
	)
	if errs[0] != nil || errs[3] != nil {
		t.Errorf("the writes that succeeded answered %v and %v, want nil", errs[0], errs[3])
	}
	if !errors.Is(errs[1], refused) {
		t.Errorf("the refused write answered %v, want its own error", errs[1])
	}
	if errs[2] == nil {
		t.Error("the write that broke the primary key answered nil")
	}
	if got, want := marks(t, d), []string{"a", "c"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if after, _ := d.WriteGroups(); after != commits+1 {
		t.Errorf("%d commits for one group, want 1", after-commits)
	}
}

// A write that ends the transaction itself (here it rolls it back, as
// SQLite does on some I/O and disk-full errors) takes the writes held with
// it down too, and none of them is answered as done; the writes after it
// start a new transaction and commit.
func TestGroupWhoseTransactionEndsAnswersNoWriteAsDone(t *testing.T) {
	d := openGroupTest(t)
	rollback := func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO marks (name) VALUES ('b')`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `ROLLBACK`)
		return err
	}
	errs := commitGroup(t, d, pending(mark("a", nil)), pending(rollback), pending(mark("c", nil)), pending(mark("d", nil)))
	if errs[0] == nil || errs[1] == nil {
		t.Errorf("the writes of the lost transaction answered %v and %v, want errors", errs[0], errs[1])
	}
	if errs[2] != nil || errs[3] != nil {
		t.Errorf("the writes after it answered %v and %v, want nil", errs[2], errs[3])
	}
	if got, want := marks(t, d), []string{"c", "d"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	// The writer goes on with the next write.
	if err := d.inTx(context.Background(), mark("e", nil)); err != nil {
		t.Fatal(err)
	}
	if got, want := marks(t, d), []string{"c", "d", "e"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
}

// A write whose request ended before its turn is not run; one whose
// request ends while it runs still commits whole, since SQLite would answer
// an interrupted statement by rolling back the group's transaction.
func TestGroupWriteAndItsContext(t *testing.T) {
	d := openGroupTest(t)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	before := &pendingWrite{ctx: gone, fn: mark("a", nil), done: make(chan struct{})}
	during, cancelDuring := context.WithCancel(context.Background())
	defer cancelDuring()
	runs := &pendingWrite{ctx: during, done: make(chan struct{}), fn: func(ctx context.Context, tx *sql.Tx) error {
		cancelDuring()
		if err := ctx.Err(); err != nil {
			return err
		}
		return mark("b", nil)(ctx, tx)
	}}
	errs := commitGroup(t, d, before, runs)
	if !errors.Is(errs[0], context.Canceled) {
		t.Errorf("the write whose request had ended answered %v, want context.Canceled", errs[0])
	}
	if errs[1] != nil {
		t.Errorf("the write whose request ended while it ran answered %v, want nil", errs[1])
	}
	if got, want := marks(t, d), []string{"b"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	// inTx gives up a write still waiting for its turn when its request ends.
	if err := d.inTx(gone, mark("c", nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("inTx with an ended request answered %v, want context.Canceled", err)
	}
}

// Writes that wait while another commits are committed together, in the
// order they came, and every one of them is there afterwards.
func TestWritesWaitingTogetherCommitTogether(t *testing.T) {
	d := openGroupTest(t)
	ctx := context.Background()
	started, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
			close(started)
			<-release
			return mark("first", nil)(ctx, tx)
		})
	}()
	<-started
	commits, writes := d.WriteGroups()
	const n = 12
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- d.inTx(ctx, mark(string(rune('a'+i)), nil)) }()
	}
	// Let the writers reach the queue: they have nothing else to do.
	waitQueued(t, d, n)
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	c, w := d.WriteGroups()
	if w-writes != n+1 {
		t.Errorf("%d writes committed, want %d", w-writes, n+1)
	}
	if c-commits >= w-writes {
		t.Errorf("%d writes in %d commits: none was grouped", w-writes, c-commits)
	}
	if got := len(marks(t, d)); got != n+1 {
		t.Errorf("%d rows, want %d", got, n+1)
	}
}

// waitQueued waits until n writes wait in the writer's queue.
func waitQueued(t *testing.T, d *DB, n int) {
	t.Helper()
	for range 5000 {
		if int(d.writer.waiting.Load()) >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%d writes waiting, want %d", d.writer.waiting.Load(), n)
}

// After Close, a write is refused rather than left waiting.
func TestWriteAfterCloseIsRefused(t *testing.T) {
	d := openGroupTest(t)
	d.Close()
	if err := d.inTx(context.Background(), mark("a", nil)); !errors.Is(err, errClosed) {
		t.Errorf("a write after Close answered %v, want %v", err, errClosed)
	}
}

// A party's search document is written once, before the commit, with the
// name the party has then (migration 0055): parties added, renamed,
// removed or rolled back by the writes of one group leave search_parties
// matching the parties table, and a party that had a document before the
// group has it changed at once.
func TestPartyDocumentsWithinAGroup(t *testing.T) {
	ctx := context.Background()
	d := openGroupTest(t)
	a := harbourArticle(t, d)
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Quote: &anchor.Quote{Exact: "The mayor invited the ferry union"},
		Parties: []model.NewParty{{Name: "Mayor", Role: model.RoleSpeaker}}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) func(ctx context.Context, tx *sql.Tx) error {
		return func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, q, args...)
			return err
		}
	}
	add := `INSERT INTO parties (id, claim_id, name, role) VALUES (?, ?, ?, 'invited')`
	refused := errors.New("refused")
	errs := commitGroup(t, d,
		pending(exec(add, 901, c.ID, "Ferry union")),
		pending(exec(`UPDATE parties SET name = 'Harbour pilots' WHERE id = 901`)),
		pending(exec(add, 902, c.ID, "Port authority")),
		pending(exec(`DELETE FROM parties WHERE id = 902`)),
		pending(func(ctx context.Context, tx *sql.Tx) error {
			if err := exec(add, 903, c.ID, "Coast guard")(ctx, tx); err != nil {
				return err
			}
			return refused
		}),
		pending(exec(`UPDATE parties SET name = 'Lord mayor' WHERE id = ?`, c.Parties[0].ID)),
	)
	for i, err := range errs {
		if i != 4 && err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if err := d.inTx(ctx, exec(`INSERT INTO search_parties (search_parties, rank) VALUES ('integrity-check', 1)`)); err != nil {
		t.Errorf("search_parties integrity-check: %v", err)
	}
	for word, want := range map[string][]int64{
		"pilots": {901}, "ferry": nil, "authority": nil, "coast": nil, "lord": {c.Parties[0].ID},
	} {
		got := column[int64](t, d, `SELECT rowid FROM search_parties WHERE search_parties MATCH ? ORDER BY rowid`, word)
		if !slices.Equal(got, want) {
			t.Errorf("parties matching %q: %v, want %v", word, got, want)
		}
	}
	var left int
	if err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM search_stale_parties`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d parties still noted (%v), want none", left, err)
	}
}

// A write that panics fails alone, with an error, and is rolled back; the
// writer, the server and the group's other writes go on.
func TestGroupWriteThatPanicsFailsAlone(t *testing.T) {
	d := openGroupTest(t)
	panics := func(ctx context.Context, tx *sql.Tx) error {
		if err := mark("b", nil)(ctx, tx); err != nil {
			return err
		}
		var m map[string]int
		m["boom"]++ // a nil map: a bug in a write
		return nil
	}
	errs := commitGroup(t, d, pending(mark("a", nil)), pending(panics), pending(mark("c", nil)))
	if errs[0] != nil || errs[2] != nil {
		t.Errorf("the writes around it answered %v and %v, want nil", errs[0], errs[2])
	}
	if errs[1] == nil {
		t.Error("the write that panicked answered nil")
	}
	if got, want := marks(t, d), []string{"a", "c"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if err := d.inTx(context.Background(), mark("d", nil)); err != nil {
		t.Fatalf("the next write: %v", err)
	}
}

// The store's upkeep (merging the search indexes) commits alone: an upkeep
// step that ends its transaction fails no write.
func TestUpkeepCommitsAlone(t *testing.T) {
	d := openGroupTest(t)
	d.merger.close()
	upkeep := &pendingWrite{ctx: context.Background(), maintenance: true, done: make(chan struct{}),
		fn: func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `ROLLBACK`) // as an error that ends the transaction would
			return err
		}}
	commits, writes := d.WriteGroups()
	errs := commitGroup(t, d, pending(mark("a", nil)), pending(mark("b", nil)), upkeep, pending(mark("c", nil)))
	if errs[0] != nil || errs[1] != nil || errs[3] != nil {
		t.Errorf("the writes around the upkeep answered %v, %v and %v, want nil", errs[0], errs[1], errs[3])
	}
	if errs[2] == nil {
		t.Error("the upkeep whose transaction ended answered nil")
	}
	if got, want := marks(t, d), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if c, w := d.WriteGroups(); c-commits != 2 || w-writes != 3 {
		t.Errorf("%d commits of %d writes, want 2 of 3 (a and b together, c after the upkeep)", c-commits, w-writes)
	}
}
