package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"syscall"
	"time"
)

// childStats is what a child process reports to its parent, as one JSON
// line on stdout.
type childStats struct {
	Name      string  `json:"name"`
	Set       string  `json:"set"`
	Pages     int     `json:"pages"`
	Errors    int     `json:"errors"`
	Empty     int     `json:"empty"` // pages with nothing found at all
	BestPass  float64 `json:"best_pass_seconds"`
	PagesPerS float64 `json:"pages_per_second"`
	BestCPU   float64 `json:"best_pass_cpu_seconds"`
	PagesPerC float64 `json:"pages_per_cpu_second"`
	HeapPeak  uint64  `json:"heap_peak_bytes"`
	FirstErr  string  `json:"first_error,omitempty"`
}

// record is one line of results/<set>/<extractor>.jsonl, the shape both
// score_bodies.py and score_meta.py read.
type record struct {
	ID        string `json:"id"`
	Headline  string `json:"headline"`
	Published string `json:"published"`
	Authors   any    `json:"authors"` // []string, or the byline string
	Body      string `json:"body"`
}

func newRecord(id string, p prediction) record {
	r := record{ID: id, Headline: p.Headline, Published: p.Published, Authors: p.Authors, Body: p.Body}
	if p.Authors == nil && p.Byline != "" {
		r.Authors = p.Byline
	}
	return r
}

// resultPath is where the predictions of one extractor on one set go.
func resultPath(outDir, set, name string) string {
	return filepath.Join(outDir, set, name+".jsonl")
}

// runChild measures one extractor on one set in this process: passes
// timed passes over the pages (single goroutine, pages already in memory,
// the best pass wins), then one untimed pass with a heap sampler. It
// writes the predictions of the first pass to resultPath and the stats to
// stdout. The name "none" loads the pages and extracts nothing: the
// baseline memory.
func runChild(name string, s evalSet, data, outDir string, passes int) error {
	items, err := loadTruth(data, s)
	if err != nil {
		return err
	}
	pages, err := loadPages(data, s, items)
	if err != nil {
		return err
	}
	st := childStats{Name: name, Set: s.Name, Pages: len(pages)}
	if name == baselineName {
		runtime.GC()
		st.HeapPeak = heapObjects()
		runtime.KeepAlive(pages)
		return json.NewEncoder(os.Stdout).Encode(st)
	}
	ex, err := lookup(name)
	if err != nil {
		return err
	}

	preds := make([]prediction, len(pages))
	best, bestCPU := time.Duration(-1), time.Duration(-1)
	for pass := 0; pass < passes; pass++ {
		var total time.Duration
		cpu0 := cpuTime()
		for i, p := range pages {
			start := time.Now()
			pr, err := call(ex, p)
			total += time.Since(start)
			if pass > 0 {
				continue
			}
			preds[i] = pr
			if err != nil {
				st.Errors++
				if st.FirstErr == "" {
					st.FirstErr = fmt.Sprintf("%s: %v", p.ID, err)
				}
			}
			if pr.Headline == "" && pr.Published == "" && pr.Body == "" {
				st.Empty++
			}
		}
		if best < 0 || total < best {
			best = total
		}
		if cpu := cpuTime() - cpu0; bestCPU < 0 || cpu < bestCPU {
			bestCPU = cpu
		}
	}
	st.BestPass = best.Seconds()
	st.PagesPerS = float64(len(pages)) / best.Seconds()
	st.BestCPU = bestCPU.Seconds()
	st.PagesPerC = float64(len(pages)) / bestCPU.Seconds()

	runtime.GC()
	stop := sampleHeap(&st.HeapPeak)
	for _, p := range pages {
		_, _ = call(ex, p)
	}
	stop()

	if err := writeJSONL(resultPath(outDir, s.Name, name), pages, preds); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(st)
}

// call runs the extractor on one page, turning a panic into an error so
// that one bad page is counted, not the end of the run.
func call(ex extractor, p page) (pr prediction, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return ex.fn(p)
}

func writeJSONL(path string, pages []page, preds []prediction) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i, p := range pages {
		if err := enc.Encode(newRecord(p.ID, preds[i])); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// cpuTime is the user and system CPU time of this process so far, all
// threads (the garbage collector's included). Unlike wall time it hardly
// moves when other processes compete for the CPU.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

const heapMetric = "/memory/classes/heap/objects:bytes"

// heapObjects is the memory held by heap objects, live or not yet swept.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// sampleHeap records the largest heapObjects value seen every millisecond
// into *peak until the returned function is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		s := []metrics.Sample{{Name: heapMetric}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}
