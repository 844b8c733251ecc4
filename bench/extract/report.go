package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

const baselineName = "none"

// Targets for newsnorm, judged against go-readability in the same run.
const (
	targetF1       = 0.965
	targetSpeedup  = 2.0
	targetMemRatio = 1.0
)

// result is one extractor's row: the child's own stats plus what the parent
// measured (max RSS) and what the scorer said.
type result struct {
	childStats
	RSS       uint64 // bytes
	F1, P, R  float64
	F1Spread  string
	NoText    int // items with no predicted text, or no record
	ScoreLine string
	OwnBinary bool // the child linked only its own extractor
}

// runAll measures every extractor in its own child process, scores each
// JSONL file and prints the table and the target verdicts.
func runAll(w io.Writer, o options) (allPass bool, err error) {
	exe, err := os.Executable()
	if err != nil {
		return false, err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return false, err
	}
	base, err := runChildProcess(exe, baselineName, o)
	if err != nil {
		return false, err
	}
	var rows []result
	for _, name := range order {
		r, err := runChildProcess(exe, name, o)
		if err != nil {
			return false, err
		}
		perItem := ""
		if name == subjectName {
			perItem = o.perItem
		}
		if err := score(&r, o, perItem); err != nil {
			return false, err
		}
		rows = append(rows, r)
		fmt.Fprintf(os.Stderr, "%s: %s\n", name, r.ScoreLine)
	}
	allPass = printReport(w, rows, base, o)
	if o.perItem != "" {
		if err := printWorst(w, o, 15); err != nil {
			return false, err
		}
	}
	return allPass, nil
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

func runChildProcess(exe, name string, o options) (result, error) {
	bin, own := childBinary(exe, name)
	cmd := exec.Command(bin, "-only", name, "-data", o.data, "-out", o.out, "-passes", strconv.Itoa(o.passes))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = os.Stderr
	fmt.Fprintf(os.Stderr, "measuring %s (%s) ...\n", name, filepath.Base(bin))
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("child %s: %w", name, err)
	}
	r := result{OwnBinary: own}
	if err := json.Unmarshal(stdout.Bytes(), &r.childStats); err != nil {
		return result{}, fmt.Errorf("child %s: bad stats %q: %w", name, stdout.String(), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.RSS = uint64(ru.Maxrss) * 1024 // Linux reports KiB
	}
	return r, nil
}

var (
	lastLineRE = regexp.MustCompile(`F1=([0-9.]+) precision=([0-9.]+) recall=([0-9.]+) .* missing=(\d+)`)
	noTextRE   = regexp.MustCompile(`items with no predicted text \(left out of precision\): (\d+)`)
	spreadRE   = regexp.MustCompile(`(?m)^F1\s+[0-9.]+ ± ([0-9.]+)`)
)

// score runs score_bodies.py on the extractor's JSONL file.
func score(r *result, o options, perItem string) error {
	args := []string{filepath.Join(o.data, scorerFile), filepath.Join(o.data, benchDir, truthFile), filepath.Join(o.out, r.Name+".jsonl")}
	if perItem != "" {
		args = append(args, "--per-item", perItem)
	}
	out, err := exec.Command(o.python, args...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return fmt.Errorf("score %s: %w: %s", r.Name, err, ee.Stderr)
		}
		return fmt.Errorf("score %s: %w", r.Name, err)
	}
	text := strings.TrimSpace(string(out))
	r.ScoreLine = text[strings.LastIndexByte(text, '\n')+1:]
	m := lastLineRE.FindStringSubmatch(r.ScoreLine)
	n := noTextRE.FindStringSubmatch(text)
	if m == nil || n == nil {
		return fmt.Errorf("score %s: unexpected scorer output %q", r.Name, text)
	}
	r.F1, _ = strconv.ParseFloat(m[1], 64)
	r.P, _ = strconv.ParseFloat(m[2], 64)
	r.R, _ = strconv.ParseFloat(m[3], 64)
	missing, _ := strconv.Atoi(m[4])
	empty, _ := strconv.Atoi(n[1])
	r.NoText = missing + empty
	if s := spreadRE.FindStringSubmatch(text); s != nil {
		r.F1Spread = s[1]
	}
	return nil
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

func printReport(w io.Writer, rows []result, base result, o options) bool {
	fmt.Fprintf(w, "| extractor | F1 | precision | recall | missing bodies | pages/s | pages/CPU-s | peak RSS MiB | Go heap peak MiB |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|\n")
	byName := map[string]result{}
	own := base.OwnBinary
	for _, r := range rows {
		byName[r.Name] = r
		own = own && r.OwnBinary
		f1 := fmt.Sprintf("%.3f", r.F1)
		if r.F1Spread != "" {
			f1 += " ± " + r.F1Spread
		}
		fmt.Fprintf(w, "| %s | %s | %.3f | %.3f | %d | %.1f | %.1f | %.1f | %.1f |\n",
			r.Name, f1, r.P, r.R, r.NoText, r.PagesPerS, r.PagesPerC, mib(r.RSS), mib(r.HeapPeak))
	}
	fmt.Fprintf(w, "| (baseline: pages loaded, nothing extracted) | | | | | | | %.1f | %.1f |\n", mib(base.RSS), mib(base.HeapPeak))

	fmt.Fprintf(w, "\n%d pages; pages/s: best of %d passes, one goroutine, extraction only (pages decompressed in memory); "+
		"pages/CPU-s: pages over the process's user+system CPU time (GC included), best pass; "+
		"Go heap peak: heap objects sampled every 1 ms during one more pass.\n", base.Pages, o.passes)
	if own {
		fmt.Fprintf(w, "Each row ran in its own child process linking only that extractor.\n")
	} else {
		fmt.Fprintf(w, "Children ran this binary with every extractor linked (build with extract.sh for one binary per extractor): "+
			"every extractor's package init counts in every row's RSS.\n")
	}
	fmt.Fprintf(w, "Versions: %s.\n", versions())
	for _, r := range rows {
		if r.Errors > 0 {
			fmt.Fprintf(w, "%s: %d pages returned an error (first: %s)\n", r.Name, r.Errors, r.FirstErr)
		}
	}

	s, ref := byName[subjectName], byName[referenceName]
	speed := s.PagesPerS / ref.PagesPerS
	mem := float64(s.RSS) / float64(ref.RSS)
	fmt.Fprintf(w, "\n%s/%s: pages/s ×%.2f, pages/CPU-s ×%.2f, peak RSS ×%.2f, Go heap peak ×%.2f\n\n",
		subjectName, referenceName, speed, s.PagesPerC/ref.PagesPerC, mem, float64(s.HeapPeak)/float64(ref.HeapPeak))
	checks := []struct {
		ok   bool
		text string
	}{
		{s.F1 >= targetF1 && s.NoText == 0, fmt.Sprintf("body F1 %.3f ≥ %.3f with 0 missing bodies (%d)", s.F1, targetF1, s.NoText)},
		{speed >= targetSpeedup, fmt.Sprintf("pages/s ×%.2f ≥ ×%.1f %s", speed, targetSpeedup, referenceName)},
		{mem <= targetMemRatio, fmt.Sprintf("peak RSS %.1f MiB ≤ %s %.1f MiB", mib(s.RSS), referenceName, mib(ref.RSS))},
	}
	all := true
	for _, c := range checks {
		verdict := "PASS"
		if !c.ok {
			verdict, all = "FAIL", false
		}
		fmt.Fprintf(w, "- %s: %s\n", verdict, c.text)
	}
	return all
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

// printWorst lists the n newsnorm pages with the lowest F1 from the
// scorer's per-item TSV.
func printWorst(w io.Writer, o options, n int) error {
	gt, err := loadTruth(o.data)
	if err != nil {
		return err
	}
	f, err := os.Open(o.perItem)
	if err != nil {
		return err
	}
	defer f.Close()
	type item struct {
		id, p, r, tokens string
		f1               float64
	}
	var items []item
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 8 || c[0] == "id" {
			continue
		}
		f1, _ := strconv.ParseFloat(c[3], 64)
		items = append(items, item{id: c[0], p: c[1], r: c[2], f1: f1, tokens: c[5] + "/" + c[6]})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].f1 < items[j].f1 })
	fmt.Fprintf(w, "\nWorst %s pages (per-item TSV: %s; inspect one with -show ID):\n\n", subjectName, o.perItem)
	fmt.Fprintf(w, "| id | url | F1 | precision | recall | tokens true/pred |\n|---|---|---|---|---|---|\n")
	for i := 0; i < n && i < len(items); i++ {
		it := items[i]
		fmt.Fprintf(w, "| %s | %s | %.3f | %s | %s | %s |\n", it.id[:min(12, len(it.id))], gt[it.id].URL, it.f1, it.p, it.r, it.tokens)
	}
	return nil
}
