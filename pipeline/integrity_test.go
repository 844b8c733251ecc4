package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/state"
)

// A record whose URL is 64 KiB long (twice bbolt's key limit) is written
// and marked done like any other, and the run goes on.
func TestCommitLongURL(t *testing.T) {
	p, _, out := testPipeline(t, 1)
	ctx := context.Background()
	rec := testRecord(7)
	rec.URL = "http://x/News/7?pad=" + strings.Repeat("a", 64<<10)
	p.Commit(ctx, rec, time.Time{})
	p.Commit(ctx, testRecord(8), time.Time{})
	if err := p.Close(); err != nil {
		t.Fatalf("Close after committing a 64 KiB URL: %v", err)
	}
	if n := p.counts.written.Load(); n != 2 {
		t.Errorf("written = %d, want 2", n)
	}
	b, err := state.OpenBolt(filepath.Join(filepath.Dir(filepath.Dir(out)), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if ok, err := b.IsURLDone(ctx, rec.URL); !ok || err != nil {
		t.Errorf("IsURLDone(64 KiB URL) = %v, %v; want true", ok, err)
	}
	if _, ok, _ := b.Lookup(ctx, "tarnama", "8"); !ok {
		t.Error("the record after the long URL is not done")
	}
}

// failingStore fails every Lookup once failing is set, as a state file
// found corrupt does.
type failingStore struct {
	state.Store
	failing atomic.Bool
}

func (f *failingStore) Lookup(ctx context.Context, site, id string) (state.Done, bool, error) {
	if f.failing.Load() {
		return state.Done{}, false, &state.CorruptError{Path: "state.db", Detail: "test"}
	}
	return f.Store.Lookup(ctx, site, id)
}

// A run that stops on a fatal error does not write out the lines it
// buffered but never marked done: the output ends where the state says.
func TestFatalErrorDropsUncommittedLines(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir, "fsync_every: 10\nfsync_interval: 0s\n")
	p, err := Open(context.Background(), Options{Config: cfg, Log: discardLogger(), Stop: func(error) {}})
	if err != nil {
		t.Fatal(err)
	}
	fs := &failingStore{Store: p.store}
	p.store = fs
	ctx := context.Background()
	for i := range 3 {
		p.Commit(ctx, testRecord(i), time.Time{})
	}
	fs.failing.Store(true)
	p.Commit(ctx, testRecord(3), time.Time{})
	if err := p.Close(); !errors.Is(err, state.ErrCorrupt) {
		t.Fatalf("Close = %v, want the corrupt state's error", err)
	}
	out := filepath.Join(dir, "out", "tarnama.jsonl")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 0 {
		t.Errorf("the output holds %d bytes (%d lines) that were never marked done; want none", len(data), bytes.Count(data, []byte("\n")))
	}
}

// commitState records, in the state at path, one article written to each
// of files with the length given.
func commitState(t *testing.T, path string, files map[string]int64) {
	t.Helper()
	b, err := state.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	i := 0
	for f, size := range files {
		i++
		if err := b.Commit(context.Background(), state.Done{Site: "tarnama", ID: fmt.Sprint(i), Output: f, Size: size}); err != nil {
			t.Fatal(err)
		}
	}
}

// Opening a run cuts back every file the state knows that holds bytes
// never marked done, also one this run will not append to (yesterday's
// {date} file), so that the articles it refetches are not in two files.
// Two names of one file are one file, at the longest length recorded.
func TestOpenCutsBackEveryKnownFile(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir, "")
	old := filepath.Join(dir, "out", "tarnama-2026-01-01.jsonl")
	os.MkdirAll(filepath.Dir(old), 0o755)
	os.WriteFile(old, []byte(`{"id":"1"}`+"\n"+`{"id":"2", "never marked done"}`+"\n"), 0o644)
	// The same file under another name (a link to out/), recorded longer
	// by a later run under that name.
	if err := os.Symlink(filepath.Join(dir, "out"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	kept := filepath.Join(dir, "out", "kept.jsonl")
	os.WriteFile(kept, []byte("0123456789\n0123456789\n"), 0o644)
	commitState(t, filepath.Join(dir, "state.db"), map[string]int64{old: 11, kept: 11, filepath.Join(dir, "link", "kept.jsonl"): 22})

	p, err := Open(context.Background(), Options{Config: cfg, Log: discardLogger(), Stop: func(error) {}})
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	if fi, _ := os.Stat(old); fi.Size() != 11 {
		t.Errorf("%s is %d bytes after Open, want it cut back to the 11 the state recorded", old, fi.Size())
	}
	if fi, _ := os.Stat(kept); fi.Size() != 22 {
		t.Errorf("%s is %d bytes after Open, want 22: its other name recorded them", kept, fi.Size())
	}
}
