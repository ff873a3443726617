package db_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

// TestCheckpointerCopiesTheLog: a write lands in the write-ahead log; the
// checkpointer, not a later write, copies it into the database file soon
// after, while the store stays open.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	d := MustOpenDB(t)
	// Let the checkpoint after the migrations pass: this one must come
	// from the write.
	time.Sleep(400 * time.Millisecond)
	size := func() int64 {
		t.Helper()
		fi, err := os.Stat(d.path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	// About 600 KB of text: well under the 1,000 pages (4 MB) at which
	// SQLite would checkpoint by itself in the writing commit.
	body := strings.Repeat("The council voted seven to two on Tuesday to fund the ferry. ", 10000)
	mustArticle(t, d, "Long", body)
	deadline := time.Now().Add(5 * time.Second)
	for size() < before+int64(len(body)) {
		if time.Now().After(deadline) {
			t.Fatalf("database file %d bytes 5 s after a write of %d bytes of text (%d before): the log was not checkpointed", size(), len(body), before)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The store still reads what it wrote.
	var n int
	if err := d.raw(t).QueryRowContext(context.Background(), `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
}
