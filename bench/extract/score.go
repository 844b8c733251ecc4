package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// scores are what the scorers said of one extractor on one set; NaN where
// the set's truth does not have the field (or the scorer printed "na").
type scores struct {
	// score_bodies.py, on sets with ground-truth.json.
	ShingleF1, BodyP, BodyR float64
	Spread                  string // bootstrap standard deviation of ShingleF1
	NoText                  int    // items with no predicted text, or no record
	BodiesLine              string // the scorer's last line

	// score_meta.py, on sets with truth.jsonl.
	HeadlineExact, Day, Hour, TokenF1, AuthorsF1, DateCoverage float64
	MetaLine                                                   string // the scorer's last line
}

func noScores() scores {
	n := math.NaN()
	return scores{ShingleF1: n, BodyP: n, BodyR: n, HeadlineExact: n, Day: n, Hour: n, TokenF1: n, AuthorsF1: n, DateCoverage: n}
}

// BodyF1 is the table's body F1: the shingle F1 where the set has
// ground-truth.json (the benchmark's own metric), else score_meta.py's
// bag-of-words token F1.
func (s scores) BodyF1() (f1 float64, shingles bool) {
	if !math.IsNaN(s.ShingleF1) {
		return s.ShingleF1, true
	}
	return s.TokenF1, false
}

// scoreJob is one scorer run on one extractor's predictions for one set.
type scoreJob struct {
	r       *result
	set     evalSet
	perItem string // score_bodies.py --per-item, or ""
	details string // score_meta.py --details, or ""
}

// scoreAll runs the jobs, as many at a time as there are CPUs (the
// measurements are over by then), and fills in each result's scores.
func scoreAll(o options, jobs []scoreJob) error {
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, max(1, o.cpus))
	var wg sync.WaitGroup
	for i := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = scoreOne(o, jobs[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func scoreOne(o options, j scoreJob) error {
	j.r.scores = noScores()
	pred := resultPath(o.out, j.set.Name, j.r.Name)
	for _, p := range []string{j.perItem, j.details} {
		if p != "" {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
		}
	}
	if j.set.Bodies && !j.r.DatesOnly {
		if err := scoreBodies(o, j, pred); err != nil {
			return err
		}
	}
	if j.set.Meta {
		if err := scoreMeta(o, j, pred); err != nil {
			return err
		}
	}
	return nil
}

var (
	bodiesLineRE = regexp.MustCompile(`F1=([0-9.]+) precision=([0-9.]+) recall=([0-9.]+) .* missing=(\d+)`)
	noTextRE     = regexp.MustCompile(`items with no predicted text \(left out of precision\): (\d+)`)
	spreadRE     = regexp.MustCompile(`(?m)^F1\s+[0-9.]+ ± ([0-9.]+)`)
)

// scoreBodies runs score_bodies.py on the set's ground-truth.json.
func scoreBodies(o options, j scoreJob, pred string) error {
	args := []string{filepath.Join(o.data, bodyScorer), filepath.Join(o.data, j.set.Name, bodyTruthFile), pred}
	if j.perItem != "" {
		args = append(args, "--per-item", j.perItem)
	}
	text, err := runScorer(o, args, j)
	if err != nil {
		return err
	}
	s := &j.r.scores
	s.BodiesLine = lastLine(text)
	m := bodiesLineRE.FindStringSubmatch(s.BodiesLine)
	n := noTextRE.FindStringSubmatch(text)
	if m == nil || n == nil {
		return fmt.Errorf("score %s on %s: unexpected %s output %q", j.r.Name, j.set.Name, bodyScorer, text)
	}
	s.ShingleF1, _ = strconv.ParseFloat(m[1], 64)
	s.BodyP, _ = strconv.ParseFloat(m[2], 64)
	s.BodyR, _ = strconv.ParseFloat(m[3], 64)
	missing, _ := strconv.Atoi(m[4])
	empty, _ := strconv.Atoi(n[1])
	s.NoText = missing + empty
	if sp := spreadRE.FindStringSubmatch(text); sp != nil {
		s.Spread = sp[1]
	}
	return nil
}

// scoreMeta runs score_meta.py on the set's truth.jsonl. Its last line
// holds the main metrics (headline_exact=… date_day=… … n=…), the line
// before it the coverages (coverage_date=… …), "na" where no truth page
// has the field.
func scoreMeta(o options, j scoreJob, pred string) error {
	args := []string{filepath.Join(o.data, metaScorer), filepath.Join(o.data, j.set.Name, metaTruthFile), pred}
	if j.details != "" {
		args = append(args, "--details", j.details)
	}
	text, err := runScorer(o, args, j)
	if err != nil {
		return err
	}
	lines := strings.Split(text, "\n")
	if len(lines) < 2 {
		return fmt.Errorf("score %s on %s: unexpected %s output %q", j.r.Name, j.set.Name, metaScorer, text)
	}
	kv := keyValues(lines[len(lines)-2] + " " + lines[len(lines)-1])
	s := &j.r.scores
	s.MetaLine = lines[len(lines)-1]
	for key, dst := range map[string]*float64{
		"headline_exact": &s.HeadlineExact, "date_day": &s.Day, "date_hour": &s.Hour,
		"body_f1": &s.TokenF1, "authors_f1": &s.AuthorsF1, "coverage_date": &s.DateCoverage,
	} {
		v, ok := kv[key]
		if !ok {
			return fmt.Errorf("score %s on %s: no %s in %s output %q", j.r.Name, j.set.Name, key, metaScorer, text)
		}
		if v == "na" {
			*dst = math.NaN()
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return fmt.Errorf("score %s on %s: %s=%q: %w", j.r.Name, j.set.Name, key, v, err)
		}
		*dst = f
	}
	return nil
}

func runScorer(o options, args []string, j scoreJob) (string, error) {
	out, err := exec.Command(o.python, args...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return "", fmt.Errorf("score %s on %s: %s: %w: %s", j.r.Name, j.set.Name, filepath.Base(args[0]), err, ee.Stderr)
		}
		return "", fmt.Errorf("score %s on %s: %w", j.r.Name, j.set.Name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func lastLine(text string) string { return text[strings.LastIndexByte(text, '\n')+1:] }

// keyValues reads "a=1 b=2" into a map.
func keyValues(line string) map[string]string {
	kv := map[string]string{}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			kv[k] = v
		}
	}
	return kv
}
