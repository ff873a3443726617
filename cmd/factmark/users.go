package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
)

const (
	userUsage  = "usage: factmark user add|list|set|passwd|disable|enable ... (factmark user COMMAND -h for its flags)"
	tokenUsage = "usage: factmark token create NAME [--label L] [--read-only] | token list [NAME] | token revoke ID"
)

// userCmd runs "factmark user ...".
func userCmd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	sub, args := args[0], args[1:]
	switch sub {
	case "add":
		return userAdd(ctx, args, getenv, stdin, stdout, stderr)
	case "list":
		return userList(ctx, args, getenv, stdout, stderr)
	case "set":
		return userSet(ctx, args, getenv, stdout, stderr)
	case "passwd":
		return userPasswd(ctx, args, getenv, stdin, stdout, stderr)
	case "disable", "enable":
		return userEnable(ctx, sub == "enable", args, getenv, stdout, stderr)
	}
	return errors.New(userUsage)
}

// tokenCmd runs "factmark token ...".
func tokenCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(tokenUsage)
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, args[1:], getenv, stdout, stderr)
	case "list":
		return tokenList(ctx, args[1:], getenv, stdout, stderr)
	case "revoke":
		return tokenRevoke(ctx, args[1:], getenv, stdout, stderr)
	}
	return errors.New(tokenUsage)
}

// openFor parses a subcommand's flags, checks that it got want positional
// arguments (want < 0: at most -want) and opens the database, which must
// exist.
func openFor(ctx context.Context, fs *flag.FlagSet, dbPath *string, args []string, want int, usage string) (*db.DB, []string, error) {
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if (want >= 0 && len(pos) != want) || (want < 0 && len(pos) > -want) {
		return nil, nil, errors.New(usage)
	}
	if err := requireDatabase(*dbPath); err != nil {
		return nil, nil, err
	}
	store, err := db.Open(ctx, *dbPath)
	if err != nil {
		return nil, nil, err
	}
	return store, pos, nil
}

// requireDatabase refuses a database file that does not exist: db.Open
// would create it, and a mistyped --db would then become an empty database
// that a command reports on as if it were the real one. Only `user add`
// starts a new database.
func requireDatabase(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s (check --db; `factmark user add` creates a new one)", db.ErrNoDatabase, path)
	}
	if err != nil {
		return err
	}
	if info.IsDir() {
		return fmt.Errorf("%s is a directory, not a database file", path)
	}
	return nil
}

func userList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("user list", getenv, stderr)
	store, _, err := openFor(ctx, fs, dbPath, args, 0, "usage: factmark user list")
	if err != nil {
		return err
	}
	defer store.Close()
	users, err := store.ListUsers(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tDISPLAY NAME\tROLE\tSTATUS\tLAST LOGIN")
	for _, u := range users {
		status := "active"
		if !u.Active {
			status = "disabled"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Name, orDash(u.DisplayName), u.Role, status, timeOrNever(u.LastLoginAt))
	}
	return w.Flush()
}

func userSet(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("user set", getenv, stderr)
	role := fs.String("role", "", "admin, editor or viewer")
	const usage = "usage: factmark user set NAME --role admin|editor|viewer"
	store, pos, err := openFor(ctx, fs, dbPath, args, 1, usage)
	if err != nil {
		return err
	}
	defer store.Close()
	if *role == "" {
		return errors.New(usage)
	}
	r := model.UserRole(*role)
	u, err := store.UpdateUser(ctx, pos[0], model.UserChange{Role: &r})
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "%s is now %s\n", u.Name, u.Role)
	return nil
}

func userPasswd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("user passwd", getenv, stderr)
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input")
	store, pos, err := openFor(ctx, fs, dbPath, args, 1, "usage: factmark user passwd NAME --password-stdin")
	if err != nil {
		return err
	}
	defer store.Close()
	if !*fromStdin {
		return errors.New("give the password on standard input with --password-stdin, so that it stays out of the shell history")
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u, err := store.UpdateUser(ctx, pos[0], model.UserChange{PasswordHash: &hash})
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "changed the password of %s; their sessions have ended\n", u.Name)
	return nil
}

func userEnable(ctx context.Context, enable bool, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	verb := "disable"
	if enable {
		verb = "enable"
	}
	fs, dbPath := newFlags("user "+verb, getenv, stderr)
	store, pos, err := openFor(ctx, fs, dbPath, args, 1, "usage: factmark user "+verb+" NAME")
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := store.UpdateUser(ctx, pos[0], model.UserChange{Active: &enable})
	if err != nil {
		return userError(err)
	}
	if enable {
		fmt.Fprintf(stdout, "enabled %s: they can log in, and their API tokens work again\n", u.Name)
	} else {
		fmt.Fprintf(stdout, "disabled %s: their sessions have ended and their API tokens are refused\n", u.Name)
	}
	return nil
}

// readPassword reads the first line of stdin, without its line end.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no password on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func tokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("token create", getenv, stderr)
	label := fs.String("label", "", "what the token is for, shown in token lists")
	readOnly := fs.Bool("read-only", false, "the token may only read (GET and HEAD)")
	store, pos, err := openFor(ctx, fs, dbPath, args, 1, "usage: factmark token create NAME [--label L] [--read-only]")
	if err != nil {
		return err
	}
	defer store.Close()
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	if _, err := store.CreateAPIToken(ctx, model.NewToken{UserName: pos[0], Label: *label, ReadOnly: *readOnly}, auth.HashToken(token)); err != nil {
		return userError(err)
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func tokenList(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("token list", getenv, stderr)
	store, pos, err := openFor(ctx, fs, dbPath, args, -1, "usage: factmark token list [NAME]")
	if err != nil {
		return err
	}
	defer store.Close()
	name := ""
	if len(pos) == 1 {
		name = pos[0]
	}
	tokens, err := store.ListTokens(ctx, name)
	if err != nil {
		return userError(err)
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tUSER\tLABEL\tACCESS\tCREATED\tLAST USED")
	for _, t := range tokens {
		access := "read-write"
		if t.ReadOnly {
			access = "read-only"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.UserName, orDash(t.Label), access, t.CreatedAt.UTC().Format(time.RFC3339), timeOrNever(t.LastUsedAt))
	}
	return w.Flush()
}

func tokenRevoke(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("token revoke", getenv, stderr)
	const usage = "usage: factmark token revoke ID (the ID from factmark token list)"
	store, pos, err := openFor(ctx, fs, dbPath, args, 1, usage)
	if err != nil {
		return err
	}
	defer store.Close()
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%q is not a token id: %s", pos[0], usage)
	}
	if err := store.RevokeToken(ctx, id, 0); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "revoked token %d\n", id)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func timeOrNever(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

// minSessionIdle is the shortest --session-idle: a session's use is written
// at most once a minute (db.SessionUser), so an idle limit must leave at
// least that much room on top of the time between two requests.
const minSessionIdle = 2 * time.Minute

// sessionFlags adds serve's session flags to fs; the function it returns
// copies them into the handlers' configuration, or says what is wrong.
func sessionFlags(fs *flag.FlagSet, getenv func(string) string) func(*handlers.Config) error {
	def := handlers.DefaultConfig()
	idle := fs.String("session-idle", envOr(getenv, "FACTMARK_SESSION_IDLE", def.SessionIdle.String()), "end a session unused for this long, e.g. 12h or 30m; 0 for never (env FACTMARK_SESSION_IDLE)")
	maxAge := fs.String("session-max-age", envOr(getenv, "FACTMARK_SESSION_MAX_AGE", def.SessionTTL.String()), "end every session this long after its login, e.g. 336h (env FACTMARK_SESSION_MAX_AGE)")
	return func(cfg *handlers.Config) error {
		i, err := time.ParseDuration(*idle)
		if err != nil || i < 0 {
			return fmt.Errorf("--session-idle %q: give a duration such as 12h or 30m, or 0 for no idle limit", *idle)
		}
		if i > 0 && i < minSessionIdle {
			return fmt.Errorf("--session-idle %s is too short: give at least 2m (a session's use is recorded at most once a minute, so a shorter idle time would end sessions in use), or 0 for no idle limit", i)
		}
		m, err := time.ParseDuration(*maxAge)
		if err != nil || m <= 0 {
			return fmt.Errorf("--session-max-age %q: give a positive duration such as 336h", *maxAge)
		}
		cfg.SessionIdle, cfg.SessionTTL = i, m
		return nil
	}
}
