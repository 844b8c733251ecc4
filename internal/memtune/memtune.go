// Package memtune sets the garbage collector up for newsnorm's runs: a
// GOGC above Go's default for its small live heap, and a soft memory
// limit that keeps that from costing memory when a config is large.
// GOGC and GOMEMLIMIT in the environment win over both.
package memtune

import (
	"os"
	"runtime"
	"runtime/debug"
)

// gcPercent is the garbage collector's GOGC unless the environment sets
// GOGC. newsnorm's live heap is small (10–25 MiB in a crawl: a parsed
// page is dropped once it is extracted) and it allocates a lot per page,
// so Go's default of 100 collects many times a second. 200 measured 5–15%
// less CPU per page for about 6 MiB more peak memory on the crawl
// benchmark (BENCHMARKS.md, "Crawl speed and memory"); 300 saved a little
// more for 10 MiB.
const gcPercent = 200

// CapHeapGrowth bounds what gcPercent costs in memory when the live heap
// is not small. GOGC 200 lets the heap grow to three times what is live:
// cheap at 10–25 MiB, but a config of 10,000 sites keeps about 100 MiB
// live (its sites' compiled patterns and parsed YAML, the crawler's
// per-host state), and three times that took the crawl to 460 MiB RSS.
// Unless GOGC or GOMEMLIMIT is set in the environment, it sets a soft
// memory limit of twice the memory in use once the run has started (at
// least minMemoryLimit): small runs never reach it, and a large config
// collects as with GOGC 100 instead of 200, never nonstop.
func CapHeapGrowth() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(max(minMemoryLimit, 2*int64(ms.Sys-ms.HeapReleased)))
}

const minMemoryLimit = 192 << 20

// SetGC sets GOGC to gcPercent unless the environment sets GOGC.
func SetGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
