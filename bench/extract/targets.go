package main

import (
	"fmt"
	"io"
)

// The first targets, on the 181-page benchmark, judged against
// go-readability in the same run.
const (
	targetF1       = 0.965
	targetSpeedup  = 2.0
	targetMemRatio = 1.0
)

// scoreTarget is one of issue 12's quality targets: metric ≥ min for
// newsnorm on set.
type scoreTarget struct {
	set, metric string
	min         float64
}

var scoreTargets = []scoreTarget{
	{"dates-headlines-dev", "publish day", 0.93},
	{"dates-headlines-dev", "date coverage", 0.97},
	{"wcxb-dev-articles", "publish day", 0.90},
	{"wcxb-dev-articles", "date coverage", 0.97},
	{"fundus-publishers", "publish day", 0.98},
	{"wcxb-dev-articles", "body F1", 0.96},
	{benchSet, "body F1", 0.975},
	{"fundus-publishers", "authors F1", 0.85},
	{"wcxb-dev-articles", "authors F1", 0.75},
	{"fundus-publishers", "headline exact", 0.85},
	{"wcxb-dev-articles", "headline exact", 0.85},
}

// Issue 12's speed target: newsnorm's pages/s over all sets run, against
// go-readability's over the same pages in the same run.
const targetSpeedupAll = 3.0

// memToday is newsnorm's peak RSS in MiB per set in the first full run of
// this command (2026-12-03 08:07 UTC, BENCHMARKS.md, "Extraction on all
// four eval sets"), when issue 12's targets were set. "Memory no higher
// than today" allows memSlack on top: on this shared 2-core machine the
// same child's peak RSS spreads by up to about 7% from run to run.
var memToday = map[string]float64{
	benchSet:              87.6,
	"wcxb-dev-articles":   303.1,
	"fundus-publishers":   195.3,
	"dates-headlines-dev": 111.9,
}

const memSlack = 1.10

func (s scores) metric(name string) float64 {
	switch name {
	case "headline exact":
		return s.HeadlineExact
	case "publish day":
		return s.Day
	case "date coverage":
		return s.DateCoverage
	case "body F1":
		f1, _ := s.BodyF1()
		return f1
	case "authors F1":
		return s.AuthorsF1
	}
	panic("unknown metric " + name)
}

type check struct {
	ok, skip bool
	text     string
}

// printTargets prints the PASS/FAIL line of each newsnorm target (SKIP
// where its set was not run) and reports whether all of them pass.
func printTargets(w io.Writer, runs []*setRun) bool {
	all := true
	for _, sr := range runs {
		if sr.set.Name == benchSet {
			all = printChecks(w, "Targets set before issue 12", firstTargets(w, sr)) && all
		}
	}
	return printChecks(w, "Targets of issue 12", issueTargets(runs)) && all
}

// firstTargets are the targets set before issue 12, on the 181-page
// benchmark; it prints the ratios they are judged on.
func firstTargets(w io.Writer, sr *setRun) []check {
	s, ref := sr.row(subjectName), sr.row(referenceName)
	if ref == nil { // -quick: scores only
		return []check{{ok: s.ShingleF1 >= targetF1 && s.NoText == 0, text: fmt.Sprintf("body F1 %.3f ≥ %.3f with 0 missing bodies (%d) on %s", s.ShingleF1, targetF1, s.NoText, benchSet)}}
	}
	speed := s.PagesPerS / ref.PagesPerS
	mem := float64(s.RSS) / float64(ref.RSS)
	fmt.Fprintf(w, "\nOn %s, %s/%s: pages/s ×%.2f, pages/CPU-s ×%.2f, peak RSS ×%.2f, Go heap peak ×%.2f\n",
		benchSet, subjectName, referenceName, speed, s.PagesPerC/ref.PagesPerC, mem, float64(s.HeapPeak)/float64(ref.HeapPeak))
	return []check{
		{ok: s.ShingleF1 >= targetF1 && s.NoText == 0, text: fmt.Sprintf("body F1 %.3f ≥ %.3f with 0 missing bodies (%d) on %s", s.ShingleF1, targetF1, s.NoText, benchSet)},
		{ok: speed >= targetSpeedup, text: fmt.Sprintf("pages/s ×%.2f ≥ ×%.1f %s's on %s", speed, targetSpeedup, referenceName, benchSet)},
		{ok: mem <= targetMemRatio, text: fmt.Sprintf("peak RSS %.1f MiB ≤ %s's %.1f MiB on %s", mib(s.RSS), referenceName, mib(ref.RSS), benchSet)},
	}
}

// issueTargets are issue 12's targets: the scores, the memory per set and
// the speed over all sets run.
func issueTargets(runs []*setRun) []check {
	bySet := map[string]*setRun{}
	for _, sr := range runs {
		bySet[sr.set.Name] = sr
	}
	var checks []check
	for _, t := range scoreTargets {
		text := fmt.Sprintf("%s ≥ %.3f on %s", t.metric, t.min, t.set)
		sr := bySet[t.set]
		if sr == nil {
			checks = append(checks, check{skip: true, text: text + " (set not run)"})
			continue
		}
		v := sr.row(subjectName).metric(t.metric)
		checks = append(checks, check{ok: v >= t.min, text: fmt.Sprintf("%s %s ≥ %.3f on %s", t.metric, cell(v), t.min, t.set)})
	}
	var pages, refPages int
	var secs, refSecs float64
	for _, sr := range runs {
		s, ref := sr.row(subjectName), sr.row(referenceName)
		if ref == nil { // -quick: scores only
			return checks
		}
		pages, secs = pages+s.Pages, secs+s.BestPass
		refPages, refSecs = refPages+ref.Pages, refSecs+ref.BestPass
		today := memToday[sr.set.Name]
		checks = append(checks, check{ok: mib(s.RSS) <= today*memSlack,
			text: fmt.Sprintf("peak RSS %.1f MiB ≤ today's %.1f MiB (+%.0f%% for noise) on %s", mib(s.RSS), today, 100*(memSlack-1), sr.set.Name)})
	}
	speed := (float64(pages) / secs) / (float64(refPages) / refSecs)
	checks = append(checks, check{ok: speed >= targetSpeedupAll,
		text: fmt.Sprintf("pages/s ×%.2f ≥ ×%.1f %s's, over the %d pages of all sets run", speed, targetSpeedupAll, referenceName, pages)})
	return checks
}

func printChecks(w io.Writer, title string, checks []check) bool {
	fmt.Fprintf(w, "\n%s:\n\n", title)
	all := true
	for _, c := range checks {
		verdict := "PASS"
		switch {
		case c.skip:
			verdict = "SKIP"
		case !c.ok:
			verdict, all = "FAIL", false
		}
		fmt.Fprintf(w, "- %s: %s\n", verdict, c.text)
	}
	return all
}
