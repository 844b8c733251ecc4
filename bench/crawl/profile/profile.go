//go:build benchprofile

// This file is not part of the bench module's build: bench/crawl/profile.sh
// compiles it into newsnorm's package main with go build -overlay and
// -tags benchprofile, so that the real binary can be profiled without a
// change to the product. (newsnorm has no profiling flag; see
// BENCHMARKS.md for the one it would need.)
//
// Environment:
//
//	NEWSNORM_BENCH_PROFILE_DIR   write cpu.pprof, heap.pprof, mutex.pprof,
//	                             block.pprof here
//	NEWSNORM_BENCH_PROFILE_AFTER start the CPU profile after this long
//	                             (default 0s)
//	NEWSNORM_BENCH_PROFILE_FOR   profile CPU for this long (default 10s);
//	                             the heap, mutex and block profiles are
//	                             written at its end (the process exits
//	                             with os.Exit, so nothing can be written
//	                             at exit)
//	NEWSNORM_BENCH_HEAP_EVERY    also write heap-<seconds>.pprof at this
//	                             interval
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

func init() {
	dir := os.Getenv("NEWSNORM_BENCH_PROFILE_DIR")
	if dir == "" {
		return
	}
	after, _ := time.ParseDuration(os.Getenv("NEWSNORM_BENCH_PROFILE_AFTER"))
	span, err := time.ParseDuration(os.Getenv("NEWSNORM_BENCH_PROFILE_FOR"))
	if err != nil {
		span = 10 * time.Second
	}
	runtime.SetMutexProfileFraction(5)
	runtime.SetBlockProfileRate(int(time.Millisecond))
	write := func(name string, p *pprof.Profile) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchprofile:", err)
			return
		}
		_ = p.WriteTo(f, 0)
		f.Close()
	}
	go func() {
		time.Sleep(after)
		f, err := os.Create(filepath.Join(dir, "cpu.pprof"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchprofile:", err)
			return
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "benchprofile:", err)
			return
		}
		time.Sleep(span)
		pprof.StopCPUProfile()
		f.Close()
		runtime.GC()
		write("heap.pprof", pprof.Lookup("heap"))
		write("mutex.pprof", pprof.Lookup("mutex"))
		write("block.pprof", pprof.Lookup("block"))
	}()
	if every, err := time.ParseDuration(os.Getenv("NEWSNORM_BENCH_HEAP_EVERY")); err == nil && every > 0 {
		go func() {
			start := time.Now()
			for range time.Tick(every) {
				runtime.GC()
				write(fmt.Sprintf("heap-%04.0f.pprof", time.Since(start).Seconds()), pprof.Lookup("heap"))
			}
		}()
	}
}
