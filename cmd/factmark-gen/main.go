// Command factmark-gen fills a factmark database with a large newsroom's
// worth of generated articles and claims, for measuring factmark at scale
// (`make load-big`). The database is created and migrated by the store
// itself, so the schema, its indexes and its triggers are the application's;
// the rows are then written with plain SQL in large transactions, which is
// far faster than a claim at a time through the store. Each claim gets two
// parties, two sources and two history events (created, and its status),
// as the generated fixture claims have (internal/fixture); then the desk's
// data is added over them (desk.go): checkers, assignments with due dates,
// comments, notifications, saved searches, second checks and published
// reviews. --desk-only adds that to a database generated without it. Last,
// the full-text indexes are merged as a server keeps them merged once its
// writes pause (db.MergeSearchIndexes); --merge-only does only that.
//
//	go run ./cmd/factmark-gen --articles 20000 --claims 1000000 --db big.db
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "factmark-gen:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	path              string
	articles, claims  int
	words, perCommit  int
	overwriteExisting bool
	deskOnly          bool
	mergeOnly         bool
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("factmark-gen", flag.ContinueOnError)
	fs.StringVar(&cfg.path, "db", "big.db", "database file to create")
	fs.IntVar(&cfg.articles, "articles", 20000, "articles to generate")
	fs.IntVar(&cfg.claims, "claims", 1000000, "claims to generate, spread evenly over the articles")
	fs.IntVar(&cfg.words, "words", 800, "words per article")
	fs.IntVar(&cfg.perCommit, "per-commit", 100, "articles written per transaction")
	fs.BoolVar(&cfg.overwriteExisting, "force", false, "replace the database file if it exists")
	fs.BoolVar(&cfg.deskOnly, "desk-only", false, "add only the desk's data (checkers, assignments, comments, notifications, saved searches, checks, reviews) to a database generated without it")
	fs.BoolVar(&cfg.mergeOnly, "merge-only", false, "only merge the full-text indexes of an existing database, as a server keeps them (a database generated before this step was added)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.mergeOnly {
		return mergeIndexes(ctx, cfg.path, out)
	}
	if cfg.articles < 1 || cfg.claims < 0 || cfg.words < 20 || cfg.perCommit < 1 {
		return errors.New("need --articles ≥ 1, --claims ≥ 0, --words ≥ 20 and --per-commit ≥ 1")
	}
	if cfg.deskOnly {
		return addDesk(ctx, cfg, out)
	}
	if _, err := os.Stat(cfg.path); err == nil {
		if !cfg.overwriteExisting {
			return fmt.Errorf("%s exists: remove it or pass --force", cfg.path)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(cfg.path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
	}
	store, err := db.Open(ctx, cfg.path)
	if err != nil {
		return err
	}
	if err := store.Close(); err != nil {
		return err
	}
	start := time.Now()
	if err := generate(ctx, cfg, out); err != nil {
		return err
	}
	if err := mergeIndexes(ctx, cfg.path, out); err != nil {
		return err
	}
	info, err := os.Stat(cfg.path)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %d articles, %d claims in %s; %.1f MB, %.0f bytes per claim\n", cfg.path, cfg.articles, cfg.claims,
		time.Since(start).Round(time.Second), float64(info.Size())/1e6, float64(info.Size())/float64(max(cfg.claims, 1)))
	return nil
}

// statements are the inserts generate prepares once per transaction.
var statements = map[string]string{
	"article": `INSERT INTO articles (id, title, byline, publication, url, published_at, text, blocks, links, revision, version, created_at, created_by, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, '[]', 1, 1, ?, 'gen', ?, 'gen')`,
	"revision": `INSERT INTO article_revisions (article_id, version, text, blocks, links, origin, created_at, created_by) VALUES (?, 1, ?, ?, '[]', 'text', ?, 'gen')`,
	"claim": `INSERT INTO claims (id, number, article_id, start_pos, end_pos, exact, prefix, suffix, statement, kind, status, note, version, created_at, created_by, updated_at, updated_by,
		anchored_revision, verdict_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?, 'gen', ?, 'gen', 1, ?)`,
	"party":        `INSERT INTO parties (claim_id, name, role, start_pos, end_pos, exact) VALUES (?, ?, ?, NULL, NULL, '')`,
	"source":       `INSERT INTO sources (url, reference, title, publisher, published_at, accessed_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, 'gen') RETURNING id`,
	"claimSource":  `INSERT INTO claim_sources (claim_id, source_id, position, excerpt, relation, note) VALUES (?, ?, ?, ?, ?, ?)`,
	"event":        `INSERT INTO claim_events (claim_id, at, user_name, field, from_val, to_val, comment) VALUES (?, ?, 'gen', ?, ?, ?, '')`,
	"claimNumbers": `INSERT INTO claim_numbers (article_id, last) VALUES (?, ?)`,
}

// generate writes the articles and claims, cfg.perCommit articles per
// transaction, then brings the id counters up to date.
func generate(ctx context.Context, cfg config, out io.Writer) error {
	conn, err := openWriter(cfg.path)
	if err != nil {
		return err
	}
	defer conn.Close()

	base := fixture.Article(cfg.words)
	blocks, err := marshalBlocks(base)
	if err != nil {
		return err
	}
	var claimID int64
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for first := 0; first < cfg.articles; first += cfg.perCommit {
		last := min(first+cfg.perCommit, cfg.articles)
		err := inTx(ctx, conn, func(st map[string]*sql.Stmt) error {
			for i := first; i < last; i++ {
				n := cfg.claims/cfg.articles + boolInt(i < cfg.claims%cfg.articles)
				at := now.Add(time.Duration(i) * time.Minute).Format(time.RFC3339)
				if err := writeArticle(ctx, st, base, blocks, int64(i+1), n, &claimID, at); err != nil {
					return fmt.Errorf("article %d: %w", i+1, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if last%(cfg.perCommit*20) == 0 || last == cfg.articles {
			fmt.Fprintf(out, "%d/%d articles, %d claims\n", last, cfg.articles, claimID)
		}
	}
	_, err = conn.ExecContext(ctx, `UPDATE id_sequences SET last = (SELECT coalesce(max(id), 0) FROM articles) WHERE name = 'articles';
		UPDATE id_sequences SET last = (SELECT coalesce(max(id), 0) FROM claims) WHERE name = 'claims';
		PRAGMA wal_checkpoint(TRUNCATE);`)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "the desk: checkers, assignments, comments, notifications, saved searches, checks, reviews")
	return writeDesk(ctx, conn, now.Format(time.RFC3339))
}

// addDesk adds the desk's data to a database generate wrote before it
// wrote any (--desk-only), after the store has migrated it.
func addDesk(ctx context.Context, cfg config, out io.Writer) error {
	store, err := db.Open(ctx, cfg.path)
	if err != nil {
		return err
	}
	if err := store.Close(); err != nil {
		return err
	}
	conn, err := openWriter(cfg.path)
	if err != nil {
		return err
	}
	defer conn.Close()
	start := time.Now()
	if err := writeDesk(ctx, conn, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC).Format(time.RFC3339)); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: the desk's data added in %s\n", cfg.path, time.Since(start).Round(time.Second))
	conn.Close()
	return mergeIndexes(ctx, cfg.path, out)
}

// mergeIndexes merges the database's full-text indexes, as a server does
// in the background once writes pause (db.MergeSearchIndexes): generate
// writes with its own SQL, so the database it leaves is as a server keeps
// it only after this.
func mergeIndexes(ctx context.Context, path string, out io.Writer) error {
	start := time.Now()
	store, err := db.Open(ctx, path)
	if err != nil {
		return err
	}
	if err := store.MergeSearchIndexes(ctx); err != nil {
		store.Close()
		return fmt.Errorf("merging the full-text indexes: %w", err)
	}
	if err := store.Close(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: full-text indexes merged in %s\n", path, time.Since(start).Round(time.Second))
	return nil
}

// openWriter opens the database for generate's one writer.
func openWriter(path string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}

// writeArticle writes article id with n claims, numbered from *claimID+1.
func writeArticle(ctx context.Context, st map[string]*sql.Stmt, base model.Article, blocks string, id int64, n int, claimID *int64, at string) error {
	title := fmt.Sprintf("%s (%d)", base.Title, id)
	if _, err := st["article"].ExecContext(ctx, id, title, base.Byline, base.Publication, fmt.Sprintf("%s/%d", base.URL, id), base.PublishedAt,
		base.Text, blocks, at, at); err != nil {
		return err
	}
	if _, err := st["revision"].ExecContext(ctx, id, base.Text, blocks, at); err != nil {
		return err
	}
	if _, err := st["claimNumbers"].ExecContext(ctx, id, n); err != nil {
		return err
	}
	sources := map[string]int64{} // one source row per URL within the article
	for k, c := range fixture.Claims(base, n) {
		*claimID++
		cid := *claimID
		verdictRevision := 0
		if c.Status != model.StatusUnchecked {
			verdictRevision = 1
		}
		if _, err := st["claim"].ExecContext(ctx, cid, k+1, id, c.Start, c.End, c.Quote.Exact, c.Quote.Prefix, c.Quote.Suffix, c.Statement,
			c.Kind, c.Status, c.Note, at, at, verdictRevision); err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		for _, p := range c.Parties {
			if _, err := st["party"].ExecContext(ctx, cid, p.Name, p.Role); err != nil {
				return fmt.Errorf("party: %w", err)
			}
		}
		for pos, s := range c.Sources {
			sid, ok := sources[s.URL+"\x00"+s.Reference]
			if !ok {
				if err := st["source"].QueryRowContext(ctx, s.URL, s.Reference, s.Title, s.Publisher, s.PublishedAt, s.AccessedAt, at).Scan(&sid); err != nil {
					return fmt.Errorf("source: %w", err)
				}
				sources[s.URL+"\x00"+s.Reference] = sid
			}
			if _, err := st["claimSource"].ExecContext(ctx, cid, sid, pos, s.Excerpt, s.Relation, s.Note); err != nil {
				return fmt.Errorf("claim source: %w", err)
			}
		}
		if _, err := st["event"].ExecContext(ctx, cid, at, model.EventClaim, "", "created"); err != nil {
			return err
		}
		if _, err := st["event"].ExecContext(ctx, cid, at, model.EventStatus, model.StatusUnchecked, c.Status); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in one transaction with the statements prepared in it.
func inTx(ctx context.Context, conn *sql.DB, fn func(map[string]*sql.Stmt) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := make(map[string]*sql.Stmt, len(statements))
	for name, query := range statements {
		s, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return fmt.Errorf("prepare %s: %w", name, err)
		}
		defer s.Close()
		st[name] = s
	}
	if err := fn(st); err != nil {
		return err
	}
	if err := db.WriteSearchDocs(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// marshalBlocks is the article's blocks as the store keeps them (JSON).
func marshalBlocks(a model.Article) (string, error) {
	b, err := json.Marshal(a.Blocks)
	return string(b), err
}
