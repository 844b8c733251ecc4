package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
)

const baselineName = "none"

// result is one extractor's row for one set: the child's own stats, what
// the parent measured (max RSS) and what the scorers said.
type result struct {
	childStats
	scores
	RSS       uint64 // bytes
	OwnBinary bool   // the child linked only its own extractor
	DatesOnly bool
}

// setRun is one set's rows: the baseline child and one per extractor, in
// order.
type setRun struct {
	set  evalSet
	base result
	rows []*result
}

func (sr *setRun) row(name string) *result {
	for _, r := range sr.rows {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// runAll measures every extractor on every set, each in its own child
// process, one after the other; then scores each results/<set>/<name>.jsonl
// and prints the table and the target verdicts.
func runAll(w io.Writer, o options) (allPass bool, err error) {
	exe, err := os.Executable()
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return false, err
	}
	var runs []*setRun
	for _, s := range o.sets {
		sr := &setRun{set: s}
		if sr.base, err = runChildProcess(exe, baselineName, s, o); err != nil {
			return false, err
		}
		for _, name := range order {
			if o.quick && name != subjectName {
				continue
			}
			e, err := lookup(name)
			if err != nil {
				return false, err
			}
			if e.datesOnly && !s.Meta {
				continue // nothing of it would be scored
			}
			r, err := runChildProcess(exe, name, s, o)
			if err != nil {
				return false, err
			}
			r.DatesOnly = e.datesOnly
			sr.rows = append(sr.rows, &r)
		}
		runs = append(runs, sr)
	}

	fmt.Fprintf(os.Stderr, "scoring ...\n")
	if err := scoreAll(o, scoreJobs(o, runs)); err != nil {
		return false, err
	}
	if o.perItem != "" && o.details != "" {
		if err := copyFile(detailsPath(o.details, benchSet, subjectName, ".tsv"), o.perItem); err != nil {
			return false, err
		}
	}
	for _, sr := range runs {
		for _, r := range sr.rows {
			for _, l := range []string{r.BodiesLine, r.MetaLine} {
				if l != "" {
					fmt.Fprintf(os.Stderr, "%s %s: %s\n", sr.set.Name, r.Name, l)
				}
			}
		}
	}

	printTable(w, runs)
	printNotes(w, runs, o)
	allPass = printTargets(w, runs)
	if o.perItem != "" {
		if err := printWorst(w, o, 15); err != nil {
			return false, err
		}
	}
	if o.details != "" {
		if err := printDetails(w, o, runs); err != nil {
			return false, err
		}
	}
	return allPass, nil
}

// scoreJobs is one scorer job per set and extractor, with the -per-item
// and -details outputs where asked for.
func scoreJobs(o options, runs []*setRun) []scoreJob {
	var jobs []scoreJob
	for _, sr := range runs {
		for _, r := range sr.rows {
			j := scoreJob{r: r, set: sr.set}
			if o.details != "" {
				j.perItem = detailsPath(o.details, sr.set.Name, r.Name, ".tsv")
				j.details = detailsPath(o.details, sr.set.Name, r.Name, ".jsonl")
			} else if o.perItem != "" && sr.set.Name == benchSet && r.Name == subjectName {
				j.perItem = o.perItem
			}
			jobs = append(jobs, j)
		}
	}
	return jobs
}

// childBinary is bench-extract-<name> next to exe when extract.sh built it
// (only that extractor linked), else exe itself (every extractor linked).
func childBinary(exe, name string) (path string, own bool) {
	p := filepath.Join(filepath.Dir(exe), filepath.Base(exe)+"-"+name)
	if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
		return p, true
	}
	return exe, false
}

func runChildProcess(exe, name string, s evalSet, o options) (result, error) {
	bin, own := childBinary(exe, name)
	cmd := exec.Command(bin, "-only", name, "-sets", s.Name, "-data", o.data, "-out", o.out, "-passes", strconv.Itoa(o.passes))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = os.Stderr
	fmt.Fprintf(os.Stderr, "measuring %s on %s (%s) ...\n", name, s.Name, filepath.Base(bin))
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("child %s on %s: %w", name, s.Name, err)
	}
	r := result{OwnBinary: own}
	if err := json.Unmarshal(stdout.Bytes(), &r.childStats); err != nil {
		return result{}, fmt.Errorf("child %s on %s: bad stats %q: %w", name, s.Name, stdout.String(), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.RSS = uint64(ru.Maxrss) * 1024 // Linux reports KiB
	}
	return r, nil
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// cell is a score with three decimals, or "–" where there is none.
func cell(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.3f", x)
}

// printTable prints the one table: per set, one row per extractor and the
// baseline row.
func printTable(w io.Writer, runs []*setRun) {
	fmt.Fprintf(w, "| set | extractor | headline exact | publish day | ±1 h | body F1 | authors F1 | date coverage | pages/s | peak RSS MiB |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|---|\n")
	for _, sr := range runs {
		for _, r := range sr.rows {
			s := r.scores
			body := "–"
			if f1, shingles := s.BodyF1(); !math.IsNaN(f1) && !r.DatesOnly {
				body = cell(f1)
				if !shingles {
					body += "*"
				}
			}
			headline, authors := cell(s.HeadlineExact), cell(s.AuthorsF1)
			if r.DatesOnly {
				headline, authors = "–", "–"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %.1f | %.1f |\n",
				sr.set.Name, r.Name, headline, cell(s.Day), cell(s.Hour), body, authors, cell(s.DateCoverage),
				r.PagesPerS, mib(r.RSS))
		}
		fmt.Fprintf(w, "| %s | (pages loaded, nothing extracted) | | | | | | | | %.1f |\n", sr.set.Name, mib(sr.base.RSS))
	}
}

func printNotes(w io.Writer, runs []*setRun, o options) {
	var sizes []string
	own := true
	for _, sr := range runs {
		sizes = append(sizes, fmt.Sprintf("%s %d", sr.set.Name, sr.base.Pages))
		own = own && sr.base.OwnBinary
		for _, r := range sr.rows {
			own = own && r.OwnBinary
		}
	}
	fmt.Fprintf(w, "\nPages: %s. Scores: score_meta.py (headline exact, publish day, ±1 h, authors F1, date coverage: "+
		"the share of the pages with a truth date whose prediction has a date the scorer reads) and score_bodies.py "+
		"(body F1: 4-token shingles, the benchmark's metric, where the set has %s); "+
		"* marks score_meta.py's bag-of-words body F1 on sets without %s; – where the set's truth lacks the field "+
		"or the extractor does not produce it.\n", strings.Join(sizes, ", "), bodyTruthFile, bodyTruthFile)
	fmt.Fprintf(w, "pages/s: best of %d passes, one goroutine, from the page bytes (decompressed in memory) to the prediction; "+
		"peak RSS: the child process's Maxrss, the set's pages in memory included (see each baseline row).\n", o.passes)
	fmt.Fprintf(w, "±1 h counts only pages whose truth has a time; a prediction without one is wrong there "+
		"(go-trafilatura gives dates only; go-htmldate gives a time where it finds one).\n")
	if own {
		fmt.Fprintf(w, "Each row ran in its own child process linking only that extractor.\n")
	} else {
		fmt.Fprintf(w, "Children ran this binary with every extractor linked (build with extract.sh for one binary per extractor): "+
			"every extractor's package init counts in every row's RSS.\n")
	}
	fmt.Fprintf(w, "Versions: %s.\n", versions())

	// Speed over every set an extractor ran on.
	var speed []string
	for _, name := range order {
		pages, wall, cpu, sets := 0, 0.0, 0.0, 0
		for _, sr := range runs {
			if r := sr.row(name); r != nil {
				pages, wall, cpu, sets = pages+r.Pages, wall+r.BestPass, cpu+r.BestCPU, sets+1
			}
		}
		if sets > 0 {
			speed = append(speed, fmt.Sprintf("%s %.1f pages/s, %.1f pages/CPU-s (%d pages, %d sets)", name, float64(pages)/wall, float64(pages)/cpu, pages, sets))
		}
	}
	fmt.Fprintf(w, "Over all sets run: %s.\n", strings.Join(speed, "; "))
	for _, sr := range runs {
		for _, r := range sr.rows {
			if r.Errors > 0 {
				fmt.Fprintf(w, "%s on %s: %d pages returned an error (first: %s)\n", r.Name, sr.set.Name, r.Errors, r.FirstErr)
			}
		}
	}
}

// versions lists the Go toolchain and each peer's module version as linked
// into this binary.
func versions() string {
	out := []string{runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return out[0]
	}
	for _, name := range order {
		e, err := lookup(name)
		if err != nil || e.module == "" {
			continue
		}
		for _, d := range bi.Deps {
			if d.Path == e.module {
				out = append(out, d.Path+" "+d.Version)
			}
		}
	}
	return strings.Join(out, ", ")
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
