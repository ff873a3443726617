package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
)

// TestPragmasOnEveryConnection holds as many connections of each pool open
// at once as the pool allows, so that each is a distinct SQLite connection,
// and checks that every one of them has the DSN's pragmas: a pragma run once
// with Exec would only reach the first.
func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "factmark.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	type pragmas struct {
		foreignKeys, busyTimeout, queryOnly int
		journalMode                         string
	}
	read := func(conn *sql.Conn) (pragmas, error) {
		var p pragmas
		for _, q := range []struct {
			sql  string
			dest any
		}{
			{"PRAGMA foreign_keys", &p.foreignKeys},
			{"PRAGMA journal_mode", &p.journalMode},
			{"PRAGMA busy_timeout", &p.busyTimeout},
			{"PRAGMA query_only", &p.queryOnly},
		} {
			if err := conn.QueryRowContext(ctx, q.sql).Scan(q.dest); err != nil {
				return p, err
			}
		}
		return p, nil
	}
	for _, tc := range []struct {
		name      string
		pool      *sql.DB
		queryOnly int
	}{
		{"read pool", d.read, 1},
		{"write connection", d.write, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.pool.Stats().MaxOpenConnections
			if n <= 0 || n > 64 {
				t.Fatalf("pool allows %d connections: want a bounded pool", n)
			}
			if tc.queryOnly == 1 && n < 2 {
				t.Errorf("the read pool allows %d connection, want several", n)
			}
			conns := make([]*sql.Conn, n)
			for i := range conns {
				c, err := tc.pool.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				conns[i] = c
			}
			var wg sync.WaitGroup
			got := make([]pragmas, len(conns))
			errs := make([]error, len(conns))
			for i, c := range conns {
				wg.Go(func() { got[i], errs[i] = read(c) })
			}
			wg.Wait()
			for i := range conns {
				want := pragmas{foreignKeys: 1, journalMode: "wal", busyTimeout: 10000, queryOnly: tc.queryOnly}
				if errs[i] != nil {
					t.Errorf("connection %d: %v", i, errs[i])
				} else if got[i] != want {
					t.Errorf("connection %d: pragmas %+v, want %+v", i, got[i], want)
				}
			}
		})
	}
	t.Run("read pool refuses writes", func(t *testing.T) {
		if _, err := d.read.ExecContext(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES ('x', 'admin', 'h', 'now')`); err == nil {
			t.Error("a write through the read pool succeeded")
		}
	})
}
