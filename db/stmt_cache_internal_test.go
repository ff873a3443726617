package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"testing"
)

// openCachingTest opens a pool of one caching connection, holding size
// statements, on a new file.
func openCachingTest(t *testing.T, size int) (*sql.DB, *cachingConn) {
	t.Helper()
	c, err := newCachingConnector("file:" + filepath.Join(t.TempDir(), "c.db") + "?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	pool := sql.OpenDB(sizedConnector{c.(cachingConnector), size})
	pool.SetMaxOpenConns(1)
	pool.SetMaxIdleConns(1)
	t.Cleanup(func() { pool.Close() })
	if _, err := pool.Exec(`CREATE TABLE t (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	conn, err := pool.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var cc *cachingConn
	if err := conn.Raw(func(dc any) error { cc = dc.(*cachingConn); return nil }); err != nil {
		t.Fatal(err)
	}
	return pool, cc
}

// sizedConnector is a cachingConnector with a cache of another size.
type sizedConnector struct {
	cachingConnector
	size int
}

func (s sizedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := s.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn, s.size), nil
}

func TestStmtCacheNestedQueryOfTheSameSQL(t *testing.T) {
	pool, _ := openCachingTest(t, 8)
	ctx := context.Background()
	for i := range 3 {
		if _, err := pool.Exec(`INSERT INTO t (n) VALUES (?)`, i); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const q = `SELECT n FROM t WHERE n >= ? ORDER BY n`
	outer, err := tx.Query(q, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for outer.Next() {
		var n int
		if err := outer.Scan(&n); err != nil {
			t.Fatal(err)
		}
		// The same SQL while the outer rows are open: a statement of its own.
		inner, err := tx.Query(q, n)
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for inner.Next() {
			count++
		}
		inner.Close()
		got = append(got, n*10+count)
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	want := []int{3, 12, 21} // n, then how many rows are >= n
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: got %d, want %d", i, got[i], want[i])
		}
	}
}

func TestStmtCacheBoundedAndReused(t *testing.T) {
	pool, conn := openCachingTest(t, 4)
	for i := range 10 {
		// Ten distinct statements through a cache of four.
		if _, err := pool.Exec(`INSERT INTO t (n) VALUES (?)`+spaces(i), i); err != nil {
			t.Fatal(err)
		}
	}
	conn.mu.Lock()
	n := conn.order.Len()
	conn.mu.Unlock()
	if n != 4 {
		t.Errorf("cache holds %d statements, want its size, 4", n)
	}
	var count int
	if err := pool.QueryRow(`SELECT count(*) FROM t`).Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count != 10 {
		t.Errorf("%d rows, want 10", count)
	}
	// A cached statement still runs after the schema changed under it.
	if err := pool.QueryRow(`SELECT count(*) FROM t`).Scan(&count); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(`ALTER TABLE t ADD COLUMN m INTEGER NOT NULL DEFAULT 7`); err != nil {
		t.Fatal(err)
	}
	var m int
	if err := pool.QueryRow(`SELECT count(*) FROM t`).Scan(&count); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(`SELECT max(m) FROM t`).Scan(&m); err != nil {
		t.Fatal(err)
	}
	if m != 7 {
		t.Errorf("after the schema change: m = %d, want 7", m)
	}
}

func TestStmtCacheLeavesScriptsToTheDriver(t *testing.T) {
	pool, conn := openCachingTest(t, 8)
	if _, err := pool.Exec(`INSERT INTO t (n) VALUES (1); INSERT INTO t (n) VALUES (2);`); err != nil {
		t.Fatal(err)
	}
	var count int
	if err := pool.QueryRow(`SELECT count(*) FROM t`).Scan(&count); err != nil {
		t.Fatal(err)
	}
	if count != 2 {
		t.Errorf("the script inserted %d rows, want 2", count)
	}
	conn.mu.Lock()
	defer conn.mu.Unlock()
	for q := range conn.entries {
		if !cacheable(q) {
			t.Errorf("cached a script: %q", q)
		}
	}
}

func spaces(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}
