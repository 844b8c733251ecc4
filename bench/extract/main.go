// Command extract measures newsnorm, go-trafilatura, go-readability and
// go-htmldate side by side on the four eval sets in ../shared/eval (read
// from there, never copied into the repository): headline, publish day
// and time, authors, body, speed and peak memory. Run it with
// bench/extract.sh.
//
// Each extractor runs on each set in its own child process with -only NAME
// -sets SET, so that its peak RSS is its own: bench-extract-NAME next to
// this binary when extract.sh built it (that extractor alone linked), else
// this binary. A child writes results/<set>/<extractor>.jsonl; the parent
// scores each with score_bodies.py (sets with ground-truth.json) and
// score_meta.py (sets with truth.jsonl) and prints one Markdown table and
// the PASS/FAIL verdict of each newsnorm target.
//
// Which file holds what:
//   - main.go: flags and exit codes.
//   - corpus.go: finding the eval directory, reading gzip files.
//   - sets.go: the four sets, their truth and their pages.
//   - extractors.go: the prediction, the registry of extractors and its
//     build tags.
//   - newsnorm.go, trafilatura.go, readability.go, htmldate.go: one
//     extractor each, with its options.
//   - measure.go: a child's timed passes, heap sampling and JSONL output.
//   - score.go: running the scorers and reading what they print.
//   - report.go: running the children, the table and its notes.
//   - targets.go: the newsnorm targets and their PASS/FAIL lines.
//   - details.go: -per-item and -details, the pages newsnorm misses.
//   - show.go: -show, one page's fields and body next to the truth.
//
// Exit codes: 0 all targets pass (or -show/-only succeeded), 1 an error,
// 2 bad flags, 3 the run completed but a target failed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

type options struct {
	data    string // the eval directory holding the sets and scorers
	out     string // where <set>/<name>.jsonl go
	sets    []evalSet
	passes  int
	only    string
	perItem string
	details string
	show    string
	width   int
	python  string
	cpus    int // scorers run at a time
	quick   bool
}

func main() {
	var o options
	var sets string
	flag.StringVar(&o.data, "data", "", "eval directory with the sets, "+bodyScorer+" and "+metaScorer+
		" (default $"+dataEnv+", else ../shared/eval next to the repository root, or the nearest shared/eval above it)")
	flag.StringVar(&o.out, "out", "", "directory for <set>/<extractor>.jsonl (default <repo>/bench/results)")
	flag.StringVar(&sets, "sets", strings.Join(setNames(evalSets), ","), "comma-separated eval sets to run")
	flag.IntVar(&o.passes, "passes", 3, "timed passes over each set's pages; the best one counts")
	flag.StringVar(&o.only, "only", "", "measure one extractor on the one set of -sets in this process (used for the child processes)")
	flag.StringVar(&o.perItem, "per-item", "", "write score_bodies.py's per-item TSV for newsnorm on "+benchSet+" to this file and list the worst pages")
	flag.StringVar(&o.details, "details", "", "keep every scorer's per-page output in this directory, as <set>/<extractor>.jsonl (score_meta.py) and .tsv (score_bodies.py)")
	flag.StringVar(&o.show, "show", "", "print newsnorm's fields and body next to the truth for this page id (or unique prefix), from any set")
	flag.IntVar(&o.width, "width", 70, "column width for -show")
	flag.StringVar(&o.python, "python", "python3", "Python interpreter for the scorers")
	flag.BoolVar(&o.quick, "quick", false, "newsnorm alone, one pass: the scores for a quick check while working; no speed or memory verdicts")
	flag.Parse()
	var err error
	if o.sets, err = parseSets(sets); err != nil {
		fmt.Fprintln(os.Stderr, "bench/extract:", err)
		os.Exit(2)
	}
	if o.perItem != "" && o.show == "" && o.only == "" && !hasSet(o.sets, benchSet) {
		fmt.Fprintf(os.Stderr, "bench/extract: -per-item is for %s, which -sets leaves out\n", benchSet)
		os.Exit(2)
	}
	if flag.NArg() > 0 || o.passes < 1 || o.width < 20 || (o.only != "" && len(o.sets) != 1) {
		flag.Usage()
		os.Exit(2)
	}
	o.cpus = runtime.NumCPU()
	if o.quick {
		o.passes = 1
	}
	os.Exit(run(o))
}

func run(o options) int {
	var err error
	if o.data, err = dataDir(o.data); err != nil {
		return fail(err)
	}
	if o.out == "" && o.show == "" {
		if o.out, err = defaultOut(); err != nil {
			return fail(err)
		}
	}
	for _, p := range []*string{&o.perItem, &o.details} {
		if *p != "" {
			if *p, err = filepath.Abs(*p); err != nil {
				return fail(err)
			}
		}
	}
	switch {
	case o.show != "":
		err = runShow(os.Stdout, o.data, o.show, o.width)
	case o.only != "":
		err = runChild(o.only, o.sets[0], o.data, o.out, o.passes)
	default:
		var pass bool
		pass, err = runAll(os.Stdout, o)
		if err == nil && !pass {
			return 3
		}
	}
	if err != nil {
		return fail(err)
	}
	return 0
}

// defaultOut is <repo>/bench/results, the repository found from the working
// directory or, failing that, from the executable.
func defaultOut() (string, error) {
	for _, s := range searchStarts() {
		if root, ok := repoRoot(s); ok {
			return filepath.Join(root, "bench", "results"), nil
		}
	}
	return "", fmt.Errorf("cannot find the repository root above %v: pass -out", searchStarts())
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "bench/extract:", err)
	return 1
}

func hasSet(sets []evalSet, name string) bool {
	for _, s := range sets {
		if s.Name == name {
			return true
		}
	}
	return false
}
