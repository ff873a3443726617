// Command factmark-anchorbench measures re-anchoring against the reference.
// It builds a corpus of article revisions with the true new span of every
// claim and party (internal/anchor/anchortest), re-anchors every span with
// factmark's internal/anchor, and, in the same run, with Hypothesis' way
// (approx-string-match from npm, pinned, and the client's match-quote
// scoring) under node, from testdata/anchorbench. It prints one table:
// spans re-found at their true place, wrong anchors, orphans, and time per
// anchor.
//
// Run it from the repository's root: go run ./cmd/factmark-anchorbench
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/anchor/anchortest"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "factmark-anchorbench:", err)
		os.Exit(1)
	}
}

// config is what the flags set.
type config struct {
	seed       uint64
	cases      int
	rounds     int
	nodeDir    string
	corpusOut  string
	noHypothes bool
	showMisses int
}

func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("factmark-anchorbench", flag.ContinueOnError)
	var cfg config
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the corpus")
	fs.IntVar(&cfg.cases, "cases", 300, "revisions in the corpus")
	fs.IntVar(&cfg.rounds, "rounds", 5, "times each system re-anchors the whole corpus; the median time counts")
	fs.StringVar(&cfg.nodeDir, "node-dir", "testdata/anchorbench", "folder of the node harness (package.json, hypothesis.mjs)")
	fs.StringVar(&cfg.corpusOut, "corpus", "", "also write the corpus JSON to this file")
	fs.BoolVar(&cfg.noHypothes, "no-hypothesis", false, "measure factmark only (no node)")
	fs.IntVar(&cfg.showMisses, "show", 0, "print up to this many of factmark's wrong anchors, for study")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cases := anchortest.Corpus(cfg.seed, cfg.cases)
	corpus, err := json.Marshal(cases)
	if err != nil {
		return err
	}
	if cfg.corpusOut != "" {
		if err := os.WriteFile(cfg.corpusOut, corpus, 0o644); err != nil {
			return err
		}
	}

	ours, oursNS := runFactmark(cases, cfg.rounds)
	rows := []row{tally("factmark (internal/anchor)", cases, ours, oursNS)}
	if !cfg.noHypothes {
		theirs, theirsNS, err := runHypothesis(ctx, cfg, corpus, errOut)
		if err != nil {
			return fmt.Errorf("hypothesis: %w", err)
		}
		rows = append(rows, tally("Hypothesis (approx-string-match 2.0.0)", cases, theirs, theirsNS))
	}
	anchors := 0
	for _, c := range cases {
		anchors += len(c.Anchors)
	}
	fmt.Fprintf(out, "corpus: seed %d, %d revisions, %d anchors (%s); median of %d rounds\n\n",
		cfg.seed, len(cases), anchors, changeCounts(cases), cfg.rounds)
	printTable(out, rows)
	if cfg.showMisses > 0 {
		showWrong(out, cases, ours, cfg.showMisses)
	}
	return nil
}

// found is where a system put an anchor; nil for an orphan.
type found = *anchortest.Span

// runFactmark re-anchors the corpus rounds times and returns the last
// round's spans and the median nanoseconds of a round. A round includes
// each revision's diff.
func runFactmark(cases []anchortest.Case, rounds int) ([][]found, float64) {
	inputs := make([][]anchor.Anchor, len(cases))
	for i, c := range cases {
		for _, a := range c.Anchors {
			inputs[i] = append(inputs[i], anchor.Anchor{Start: a.Start, End: a.End,
				Quote: anchor.Quote{Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix}})
		}
	}
	var results [][]anchor.Result
	times := make([]float64, 0, rounds)
	for range max(1, rounds) {
		t0 := time.Now()
		results = make([][]anchor.Result, len(cases))
		for i, c := range cases {
			results[i] = anchor.Reanchor(c.OldText, c.NewText, inputs[i])
		}
		times = append(times, float64(time.Since(t0).Nanoseconds()))
	}
	out := make([][]found, len(cases))
	for i, rs := range results {
		out[i] = make([]found, len(rs))
		for j, r := range rs {
			if r.Outcome != anchor.Orphaned {
				out[i][j] = &anchortest.Span{Start: r.Start, End: r.End}
			}
		}
	}
	return out, median(times)
}

// runHypothesis runs the node harness on the corpus, installing its pinned
// package first when node_modules is missing.
func runHypothesis(ctx context.Context, cfg config, corpus []byte, errOut io.Writer) ([][]found, float64, error) {
	if _, err := os.Stat(filepath.Join(cfg.nodeDir, "package.json")); err != nil {
		return nil, 0, fmt.Errorf("no node harness in %s (run from the repository's root, or give --node-dir): %w", cfg.nodeDir, err)
	}
	if _, err := os.Stat(filepath.Join(cfg.nodeDir, "node_modules", "approx-string-match")); errors.Is(err, os.ErrNotExist) {
		npm := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund")
		npm.Dir, npm.Stdout, npm.Stderr = cfg.nodeDir, errOut, errOut
		if err := npm.Run(); err != nil {
			return nil, 0, fmt.Errorf("npm ci in %s: %w", cfg.nodeDir, err)
		}
	}
	f, err := os.CreateTemp("", "anchorbench-*.json")
	if err != nil {
		return nil, 0, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(corpus); err != nil {
		f.Close()
		return nil, 0, err
	}
	if err := f.Close(); err != nil {
		return nil, 0, err
	}
	var stdout bytes.Buffer
	node := exec.CommandContext(ctx, "node", "hypothesis.mjs", f.Name(), fmt.Sprint(cfg.rounds))
	node.Dir, node.Stdout, node.Stderr = cfg.nodeDir, &stdout, errOut
	if err := node.Run(); err != nil {
		return nil, 0, fmt.Errorf("node: %w", err)
	}
	var res struct {
		NSPerRound []float64 `json:"ns_per_round"`
		Results    [][]found `json:"results"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, 0, fmt.Errorf("reading node's output: %w", err)
	}
	return res.Results, median(res.NSPerRound), nil
}

// row is one system's tally.
type row struct {
	name                  string
	byChange              map[anchortest.Change]*[2]int // right, wrong
	anchors               int
	rightFound, rightGone int // at the truth; orphaned when the words are gone
	edges, elsewhere      int // found, overlapping the truth or not
	whenGone              int // found although the words are gone
	missed                int // orphaned although the words are there
	nsPerAnchor           float64
}

func (r row) wrong() int { return r.edges + r.elsewhere + r.whenGone }

// verdict classifies one anchor's result against its truth.
type verdict int

const (
	rightFound verdict = iota
	rightGone
	edges
	elsewhere
	whenGone
	missed
)

func judge(a anchortest.Anchor, f found) verdict {
	switch {
	case a.Truth == nil && f == nil:
		return rightGone
	case a.Truth == nil:
		return whenGone
	case f == nil:
		return missed
	case *f == *a.Truth:
		return rightFound
	case f.Start < a.Truth.End && a.Truth.Start < f.End:
		return edges
	default:
		return elsewhere
	}
}

func tally(name string, cases []anchortest.Case, results [][]found, ns float64) row {
	r := row{name: name, byChange: map[anchortest.Change]*[2]int{}}
	for i, c := range cases {
		for j, a := range c.Anchors {
			r.anchors++
			var f found
			if i < len(results) && j < len(results[i]) {
				f = results[i][j]
			}
			v := judge(a, f)
			bc := r.byChange[a.Change]
			if bc == nil {
				bc = &[2]int{}
				r.byChange[a.Change] = bc
			}
			switch v {
			case rightFound, rightGone:
				bc[0]++
			case edges, elsewhere, whenGone:
				bc[1]++
			}
			switch v {
			case rightFound:
				r.rightFound++
			case rightGone:
				r.rightGone++
			case edges:
				r.edges++
			case elsewhere:
				r.elsewhere++
			case whenGone:
				r.whenGone++
			case missed:
				r.missed++
			}
		}
	}
	if r.anchors > 0 {
		r.nsPerAnchor = ns / float64(r.anchors)
	}
	return r
}

func printTable(out io.Writer, rows []row) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tre-found at the truth\twrong\t(edges off\telsewhere\twords gone)\torphans\t(words gone\twords there)\tµs per anchor\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t\n", r.name, r.rightFound, r.wrong(),
			r.edges, r.elsewhere, r.whenGone, r.rightGone+r.missed, r.rightGone, r.missed, r.nsPerAnchor/1e3)
	}
	tw.Flush()
	fmt.Fprintln(out, "\nby what the revision did to the words (right: at the truth, or orphaned when gone):")
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tsame: right\twrong\tedited: right\twrong\tgone: right\twrong\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s", r.name)
		for _, ch := range []anchortest.Change{anchortest.Same, anchortest.Edited, anchortest.Gone} {
			bc := r.byChange[ch]
			if bc == nil {
				bc = &[2]int{}
			}
			fmt.Fprintf(tw, "\t%d\t%d", bc[0], bc[1])
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()
}

func changeCounts(cases []anchortest.Case) string {
	n := map[anchortest.Change]int{}
	for _, c := range cases {
		for _, a := range c.Anchors {
			n[a.Change]++
		}
	}
	return fmt.Sprintf("%d same words, %d edited, %d gone", n[anchortest.Same], n[anchortest.Edited], n[anchortest.Gone])
}

// showWrong prints factmark's wrong anchors and misses, to study them.
func showWrong(out io.Writer, cases []anchortest.Case, results [][]found, limit int) {
	fmt.Fprintln(out)
	shown := 0
	for i, c := range cases {
		ix := []rune(c.NewText)
		for j, a := range c.Anchors {
			v := judge(a, results[i][j])
			if v == rightFound || v == rightGone || shown >= limit {
				continue
			}
			shown++
			fmt.Fprintf(out, "%s anchor %d (%s, %s): exact %q\n", c.Name, j, a.Kind, a.Change, a.Exact)
			if a.Truth != nil {
				fmt.Fprintf(out, "  truth %v %q\n", *a.Truth, string(ix[a.Truth.Start:a.Truth.End]))
			}
			if f := results[i][j]; f != nil {
				fmt.Fprintf(out, "  found %v %q\n", *f, string(ix[f.Start:f.End]))
			} else {
				fmt.Fprintln(out, "  orphaned")
			}
		}
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
