package state

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testdamage"
)

// bigState writes a state of n articles at path.
func bigState(t testing.TB, path string, n int) {
	t.Helper()
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 0; i < n; i += 500 {
		var ds []Done
		for j := i; j < min(i+500, n); j++ {
			ds = append(ds, Done{Site: "tarnama", ID: fmt.Sprint(174000 + j), URL: fmt.Sprintf("http://x/News/%d.html", 174000+j),
				Hash: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Output: "out/tarnama.jsonl", Size: int64(j) * 1500, At: at})
		}
		if err := b.Commit(context.Background(), ds...); err != nil {
			t.Fatal(err)
		}
	}
}

// A damaged state file is refused on open with an error naming it, never
// a panic; and its lock is let go, so the next open says the same.
func TestBoltCorruptFileIsRefused(t *testing.T) {
	for _, d := range testdamage.Bolt() {
		t.Run(d.Name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			bigState(t, path, 3000)
			d.Apply(t, path)
			for range 2 {
				b, err := OpenBolt(path)
				if err == nil {
					// Some damage only shows when the pages are read.
					_, _, err = b.Lookup(context.Background(), "tarnama", "176999")
					b.Close()
				}
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
					t.Fatalf("open of a damaged state: %v; want ErrCorrupt naming %s", err, path)
				}
			}
		})
	}
}

// A file damaged under an open store: the next call fails with
// ErrCorrupt instead of panicking, every later one too, and Close does
// not hang.
func TestBoltDamagedWhileOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	bigState(t, path, 3000)
	pg := testdamage.RootPage(t, path, "done")
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(make([]byte, 4096), int64(pg)*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, _, err := b.Lookup(ctx, "tarnama", "174001"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Lookup on a damaged page: %v, want ErrCorrupt", err)
	}
	if err := b.Commit(ctx, Done{Site: "tarnama", ID: "1", Output: "out/tarnama.jsonl", Size: 1}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Commit after the damage showed: %v, want ErrCorrupt", err)
	}
	closed := make(chan error, 1)
	go func() { closed <- b.Close() }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close of a damaged store hangs")
	}
}

// BenchmarkOpenBolt is the cost of opening a state of 200,000 articles,
// its check included (go test ./state -run - -bench OpenBolt -benchtime 5x).
func BenchmarkOpenBolt(b *testing.B) {
	path := filepath.Join(b.TempDir(), "state.db")
	bigState(b, path, 200000)
	b.ResetTimer()
	for range b.N {
		s, err := OpenBolt(path)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.StopTimer()
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MiB")
	}
}
