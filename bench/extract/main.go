// Command extract measures article-body extraction quality, speed and peak
// memory of newsnorm, go-trafilatura and go-readability side by side on the
// article-extraction-benchmark pages (read from ../shared/eval, never copied
// into the repository). Run it with bench/extract.sh.
//
// Each extractor runs in its own child process with -only NAME, so that its
// peak RSS is its own: bench-extract-NAME next to this binary when
// extract.sh built it (that extractor alone linked), else this binary. The
// parent scores each results/NAME.jsonl with score_bodies.py and prints a
// Markdown table and the PASS/FAIL verdict of each newsnorm target.
//
// Which file holds what:
//   - main.go: flags and exit codes.
//   - corpus.go: finding the data, loading the ground truth and pages.
//   - extractors.go: the registry of extractors and its build tags.
//   - newsnorm.go, trafilatura.go, readability.go: one extractor each, with
//     its options.
//   - measure.go: a child's timed passes, heap sampling and JSONL output.
//   - report.go: running the children, scoring, the table and targets.
//   - show.go: -show, one page's body next to the ground truth.
//
// Exit codes: 0 all targets pass (or -show/-only succeeded), 1 an error,
// 2 bad flags, 3 the run completed but a target failed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

type options struct {
	data    string // the eval directory holding score_bodies.py
	out     string // where <name>.jsonl go
	passes  int
	only    string
	perItem string
	show    string
	width   int
	python  string
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "", "eval directory with "+benchDir+"/ and "+scorerFile+
		" (default $"+dataEnv+", else ../shared/eval next to the repository root)")
	flag.StringVar(&o.out, "out", "", "directory for <extractor>.jsonl (default <repo>/bench/results)")
	flag.IntVar(&o.passes, "passes", 5, "timed passes over all pages; the best one counts")
	flag.StringVar(&o.only, "only", "", "measure one extractor in this process (used for the child processes)")
	flag.StringVar(&o.perItem, "per-item", "", "write the scorer's per-item TSV for newsnorm to this file and list the worst pages")
	flag.StringVar(&o.show, "show", "", "print newsnorm's body next to the ground truth for this page id (or unique prefix)")
	flag.IntVar(&o.width, "width", 70, "column width for -show")
	flag.StringVar(&o.python, "python", "python3", "Python interpreter for the scorer")
	flag.Parse()
	if flag.NArg() > 0 || o.passes < 1 || o.width < 20 {
		flag.Usage()
		os.Exit(2)
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
	if o.perItem != "" {
		if o.perItem, err = filepath.Abs(o.perItem); err != nil {
			return fail(err)
		}
	}
	switch {
	case o.show != "":
		err = runShow(os.Stdout, o.data, o.show, o.width)
	case o.only != "":
		err = runChild(o.only, o.data, o.out, o.passes)
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
