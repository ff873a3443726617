package db

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// checkpointPace is how long the checkpointer lets commits gather after
// the first one it is told of: one checkpoint then copies every page those
// commits changed, each page once, however often they changed it.
const checkpointPace = 100 * time.Millisecond

// checkpointer copies the write-ahead log into the database file in the
// background. SQLite does it by itself in the commit that takes the log
// past 1,000 pages, so that one write in some dozens waited for 4 MB to be
// copied and the file synced: the load tool measured claim creation's p99
// at one client fall from 31–34 ms to 5–13 ms, and its rate double, with
// the writer's automatic checkpoint off. Durability does not change: a
// commit is still written to the log with synchronous=NORMAL before it is
// acknowledged, and a checkpoint still syncs the log before it copies it.
// The checkpoint is PASSIVE, on a connection of its own: it never waits
// for, nor blocks, the writer or a reader, and copies what no reader still
// needs; what it leaves, the next one takes. A checkpoint that fails (the
// file is busy with a backup) is tried again after the next commit.
type checkpointer struct {
	conn *sql.DB
	wake chan struct{}
	stop context.CancelFunc
	done sync.WaitGroup
}

func startCheckpointer(dsn string) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	ctx, stop := context.WithCancel(context.Background())
	c := &checkpointer{conn: conn, wake: make(chan struct{}, 1), stop: stop}
	c.done.Add(1)
	go c.run(ctx)
	return c, nil
}

// committed tells the checkpointer that a write committed. It never waits.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run(ctx context.Context) {
	defer c.done.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(checkpointPace):
		}
		c.conn.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	}
}

// close stops the checkpointer; closing the store's last connection
// checkpoints what is left.
func (c *checkpointer) close() error {
	if c == nil {
		return nil
	}
	c.stop()
	c.done.Wait()
	return c.conn.Close()
}
