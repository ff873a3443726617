// Command factmark serves the factmark web application and manages its
// accounts.
//
//	factmark [serve] [--addr ADDR] [--db FILE]
//	factmark user add NAME --role ROLE --password-stdin [--db FILE]
//	factmark user list|set|passwd|disable|enable ... [--db FILE]
//	factmark token create NAME [--label L] [--read-only] [--db FILE]
//	factmark token list [NAME] | token revoke ID [--db FILE]
//	factmark backup [--db FILE] [--force] OUT
//	factmark check [--db FILE]
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/factmark/factmark/db"
	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/gctune"
	"github.com/factmark/factmark/internal/model"
)

func main() {
	gctune.Apply()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "factmark:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run is main with its dependencies passed in, so that tests can drive every
// subcommand.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "user":
		return userCmd(ctx, args, getenv, stdin, stdout, stderr)
	case "token":
		return tokenCmd(ctx, args, getenv, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args, getenv, stdout, stderr)
	case "check":
		return checkCmd(ctx, args, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, "usage: factmark [serve|user add|list|set|passwd|disable|enable|token create|list|revoke|backup|check] [flags]; factmark COMMAND -h for the flags")
		return nil
	}
	return fmt.Errorf("unknown command %q: use serve, user, token, backup or check", cmd)
}

// envOr returns the environment variable's value, or def when it is unset.
func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// newFlags returns a flag set with the --db flag every subcommand takes.
func newFlags(name string, getenv func(string) string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", envOr(getenv, "FACTMARK_DB", "factmark.db"), "SQLite database file (env FACTMARK_DB)")
	return fs, dbPath
}

// parseInterleaved parses flags that may come before or after positional
// arguments ("user add NAME --role editor").
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("serve", getenv, stderr)
	addr := fs.String("addr", envOr(getenv, "FACTMARK_ADDR", "localhost:8080"), "address to listen on (env FACTMARK_ADDR)")
	secure := fs.Bool("secure-cookies", envOr(getenv, "FACTMARK_SECURE_COOKIES", "") == "true", "mark cookies Secure, for a server behind HTTPS (env FACTMARK_SECURE_COOKIES=true)")
	maxBody := fs.String("max-body", envOr(getenv, "FACTMARK_MAX_BODY", strconv.FormatInt(handlers.DefaultConfig().MaxBodyBytes, 10)), "largest request body in bytes (env FACTMARK_MAX_BODY)")
	baseURL := fs.String("base-url", getenv("FACTMARK_BASE_URL"), "public base URL of this factmark, used in exported IRIs (env FACTMARK_BASE_URL; default: taken from each request)")
	newsroom := fs.String("newsroom-name", envOr(getenv, "FACTMARK_NEWSROOM_NAME", "factmark"), "the fact-checking organization's name, the author of ClaimReviews (env FACTMARK_NEWSROOM_NAME)")
	newsroomURL := fs.String("newsroom-url", getenv("FACTMARK_NEWSROOM_URL"), "the fact-checking organization's URL (env FACTMARK_NEWSROOM_URL)")
	cors := fs.String("cors-origins", getenv("FACTMARK_CORS_ORIGINS"), "comma-separated origins allowed to call the API and annotation server from scripts (env FACTMARK_CORS_ORIGINS)")
	proxies := fs.String("trusted-proxies", envOr(getenv, "FACTMARK_TRUSTED_PROXIES", defaultTrustedProxies), "comma-separated IPs or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; \"none\" for none (env FACTMARK_TRUSTED_PROXIES)")
	fetchPrivate := fs.Bool("fetch-allow-private", envOr(getenv, "FACTMARK_FETCH_ALLOW_PRIVATE", "") == "true", "let URL import fetch loopback, private and link-local addresses, for an intranet (env FACTMARK_FETCH_ALLOW_PRIVATE=true)")
	secondCheck := fs.String("require-second-check", envOr(getenv, "FACTMARK_REQUIRE_SECOND_CHECK", "true"), "publishing a review needs another editor's approval of its verdict: true or false (env FACTMARK_REQUIRE_SECOND_CHECK)")
	backups := addBackupFlags(fs, getenv)
	applySessions := sessionFlags(fs, getenv)
	_, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	cfg := handlers.DefaultConfig()
	if cfg.RequireSecondCheck, err = strconv.ParseBool(*secondCheck); err != nil {
		return fmt.Errorf("--require-second-check: %q is neither true nor false", *secondCheck)
	}
	if err := applySessions(&cfg); err != nil {
		return err
	}
	if cfg.MaxBodyBytes, err = parseMaxBody(*maxBody); err != nil {
		return err
	}
	if cfg.TrustedProxies, err = parseTrustedProxies(*proxies); err != nil {
		return err
	}
	schedule, err := backups.schedule(*dbPath)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	store, err := db.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	stopBackups := schedule.start(ctx, store, log)
	defer stopBackups()

	cfg.SecureCookies = *secure
	cfg.FetchAllowPrivate = *fetchPrivate
	cfg.BaseURL, cfg.NewsroomName, cfg.NewsroomURL = strings.TrimRight(*baseURL, "/"), *newsroom, *newsroomURL
	for _, o := range strings.Split(*cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			cfg.CORSOrigins = append(cfg.CORSOrigins, o)
		}
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           handlers.New(log, store, cfg),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "factmark: serving http://%s (database %s)\n", ln.Addr(), *dbPath)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	checked := store.BackgroundCheck(ctx)
	for waiting := true; waiting; {
		select {
		case err := <-errc:
			return err
		case err := <-checked:
			checked = nil
			if err != nil {
				// A damaged file is refused, as at start-up, only later.
				log.Error("database damaged: stopping", "err", err)
				shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				return errors.Join(err, srv.Shutdown(shutdownCtx))
			}
		case <-ctx.Done():
			waiting = false
		}
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// defaultTrustedProxies is a proxy on the same machine.
const defaultTrustedProxies = "127.0.0.0/8,::1"

// parseTrustedProxies reads --trusted-proxies: comma-separated IP addresses
// and CIDR ranges, or "none".
func parseTrustedProxies(v string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	if strings.TrimSpace(v) == "none" {
		return out, nil
	}
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, r, err := net.ParseCIDR(f); err == nil {
			out = append(out, r)
			continue
		}
		ip := net.ParseIP(f)
		if ip == nil {
			return nil, fmt.Errorf("--trusted-proxies: %q is neither an IP address nor a CIDR range such as 10.0.0.0/8", f)
		}
		bits := 128
		if ip4 := ip.To4(); ip4 != nil {
			ip, bits = ip4, 32
		}
		out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
	}
	return out, nil
}

// parseMaxBody reads --max-body: a positive number of bytes. Zero or a
// negative number would otherwise fall back to the default without a word.
func parseMaxBody(v string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("--max-body %s: give a positive number of bytes, such as 4194304 for 4 MiB", v)
	}
	return n, nil
}

func userAdd(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, dbPath := newFlags("user add", getenv, stderr)
	role := fs.String("role", "editor", "admin, editor or viewer")
	display := fs.String("display-name", "", "name shown in the interface")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("usage: factmark user add NAME --role ROLE --password-stdin")
	}
	if !*fromStdin {
		return errors.New("give the password on standard input with --password-stdin, so that it stays out of the shell history")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return errors.New("no password on standard input")
	}
	password := strings.TrimRight(line, "\r\n")
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	store, err := db.Open(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	u, err := store.CreateUser(ctx, model.User{Name: pos[0], DisplayName: *display, Role: model.UserRole(*role), PasswordHash: hash}, false)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "created %s user %s\n", u.Role, u.Name)
	return nil
}

// userError shows a domain error's message as it is, and any other error in
// full: the operator at the terminal needs the cause, not "Internal error."
func userError(err error) error {
	if model.ErrorCode(err) == model.EINTERNAL {
		return err
	}
	return errors.New(model.ErrorMessage(err))
}
