package db

import (
	"container/list"
	"context"
	"database/sql/driver"
	"reflect"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// stmtCacheSize is how many prepared statements each connection keeps. The
// store's queries are a few hundred fixed strings; those built at run time
// (an IN list of some length, a search's filters) come and go through the
// least recently used end.
const stmtCacheSize = 96

// cachingConnector opens SQLite connections that keep their prepared
// statements. The driver prepares every statement handed to Exec or Query
// again and finalizes it after one use; preparing is parsing the SQL and
// compiling it, with the program of every trigger the statement fires, and
// it was a fifth of the CPU of a claim's creation (the triggers that keep the
// search index and the read model current run on every write). A statement
// reset after use runs again without that cost, and SQLite prepares it again
// by itself when the schema changes under it.
type cachingConnector struct {
	inner driver.Connector
}

func newCachingConnector(dsn string) (driver.Connector, error) {
	inner, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return cachingConnector{inner: inner}, nil
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn, stmtCacheSize), nil
}

func (c cachingConnector) Driver() driver.Driver { return c.inner.Driver() }

// sqliteConn is what the driver's connection offers and database/sql uses.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is a connection with a cache of its prepared statements, keyed
// by their SQL. database/sql uses a connection from one goroutine at a time,
// but a transaction may run a query while the rows of another are still
// open, and rows may be closed from the goroutine that watches a context: a
// statement whose rows are open is busy, and a second use of the same SQL
// meanwhile prepares a statement of its own.
type cachingConn struct {
	sqliteConn
	size int

	mu      sync.Mutex
	entries map[string]*list.Element // of *cachedStmt
	order   list.List                // most recently used first
}

type cachedStmt struct {
	query   string
	stmt    driver.Stmt
	busy    bool // its rows are open
	evicted bool // left the cache while busy: finalize when its rows close
}

func newCachingConn(conn driver.Conn, size int) driver.Conn {
	sc, ok := conn.(sqliteConn)
	if !ok {
		// Not the driver this was written against: no cache.
		return conn
	}
	return &cachingConn{sqliteConn: sc, size: size, entries: map[string]*list.Element{}}
}

// cacheable reports whether query is one statement. A script of several is
// run statement by statement by the driver, which prepares each one anyway.
func cacheable(query string) bool {
	q := strings.TrimRight(query, " \t\r\n;")
	return q != "" && !strings.Contains(q, ";")
}

// acquire returns the cached statement for query, prepared now if it is not
// cached or is busy; release must be called when the caller is done with it.
func (c *cachingConn) acquire(ctx context.Context, query string) (driver.Stmt, func(), error) {
	c.mu.Lock()
	if el, ok := c.entries[query]; ok {
		cs := el.Value.(*cachedStmt)
		if !cs.busy {
			cs.busy = true
			c.order.MoveToFront(el)
			c.mu.Unlock()
			return cs.stmt, func() { c.release(cs) }, nil
		}
		c.mu.Unlock()
		// In use by open rows: a statement of its own, finalized after.
		stmt, err := c.sqliteConn.PrepareContext(ctx, query)
		if err != nil {
			return nil, nil, err
		}
		return stmt, func() { stmt.Close() }, nil
	}
	c.mu.Unlock()
	stmt, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	cs := &cachedStmt{query: query, stmt: stmt, busy: true}
	c.mu.Lock()
	c.entries[query] = c.order.PushFront(cs)
	var drop []driver.Stmt
	for c.order.Len() > c.size {
		old := c.order.Back()
		oc := old.Value.(*cachedStmt)
		c.order.Remove(old)
		delete(c.entries, oc.query)
		if oc.busy {
			oc.evicted = true
		} else {
			drop = append(drop, oc.stmt)
		}
	}
	c.mu.Unlock()
	for _, s := range drop {
		s.Close()
	}
	return stmt, func() { c.release(cs) }, nil
}

func (c *cachingConn) release(cs *cachedStmt) {
	c.mu.Lock()
	cs.busy = false
	evicted := cs.evicted
	c.mu.Unlock()
	if evicted {
		cs.stmt.Close()
	}
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if !cacheable(query) {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	stmt, release, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	defer release()
	return stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if !cacheable(query) {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	stmt, release, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		release()
		return nil, err
	}
	return &releasingRows{Rows: rows, release: release}, nil
}

// Close finalizes the cached statements, then closes the connection:
// SQLite will not close a connection with statements left.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	var stmts []driver.Stmt
	for el := c.order.Front(); el != nil; el = el.Next() {
		stmts = append(stmts, el.Value.(*cachedStmt).stmt)
	}
	c.order.Init()
	clear(c.entries)
	c.mu.Unlock()
	for _, s := range stmts {
		s.Close()
	}
	return c.sqliteConn.Close()
}

// releasingRows gives its statement back to the cache when closed.
type releasingRows struct {
	driver.Rows
	once    sync.Once
	release func()
}

func (r *releasingRows) Close() error {
	err := r.Rows.Close()
	r.once.Do(r.release)
	return err
}

// The column type methods the driver's rows have, passed through.

func (r *releasingRows) ColumnTypeDatabaseTypeName(i int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}

func (r *releasingRows) ColumnTypeScanType(i int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(i)
	}
	return reflect.TypeFor[any]()
}

func (r *releasingRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(i)
	}
	return false, false
}

func (r *releasingRows) ColumnTypeLength(i int) (int64, bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeLength); ok {
		return t.ColumnTypeLength(i)
	}
	return 0, false
}

func (r *releasingRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypePrecisionScale); ok {
		return t.ColumnTypePrecisionScale(i)
	}
	return 0, 0, false
}
