package memtune

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestCapHeapGrowth: without GOGC or GOMEMLIMIT in the environment, the
// crawl sets a soft memory limit of at least minMemoryLimit; with either
// set, it leaves the runtime alone.
func TestCapHeapGrowth(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, tc := range []struct {
		name, gogc, limit string
		want              bool
	}{
		{"defaults", "", "", true},
		{"GOGC set", "150", "", false},
		{"GOMEMLIMIT set", "", "1GiB", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("GOGC", tc.gogc)
			t.Setenv("GOMEMLIMIT", tc.limit)
			debug.SetMemoryLimit(math.MaxInt64)
			CapHeapGrowth()
			got := debug.SetMemoryLimit(-1)
			if tc.want && (got < minMemoryLimit || got == math.MaxInt64) {
				t.Errorf("memory limit %d, want at least %d", got, minMemoryLimit)
			}
			if !tc.want && got != math.MaxInt64 {
				t.Errorf("memory limit %d, want none (the environment chose)", got)
			}
		})
	}
}
