package state

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestBoltCommitAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := b.IsDone(ctx, "s", "1"); ok {
		t.Fatal("IsDone before Commit = true")
	}
	if err := b.Commit(ctx, Done{Site: "s", ID: "1", URL: "http://x/1", Output: "out.jsonl", Size: 42}); err != nil {
		t.Fatal(err)
	}
	b.Close()

	b, err = OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if ok, _ := b.IsDone(ctx, "s", "1"); !ok {
		t.Error("IsDone after reopen = false")
	}
	if ok, _ := b.IsDone(ctx, "other", "1"); ok {
		t.Error("IsDone(other site) = true")
	}
	if ok, _ := b.IsURLDone(ctx, "http://x/1"); !ok {
		t.Error("IsURLDone = false")
	}
	if size, ok, _ := b.OutputSize(ctx, "out.jsonl"); !ok || size != 42 {
		t.Errorf("OutputSize = %d, %v; want 42, true", size, ok)
	}
}

func TestBoltSecondOpenIsLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenBolt(path)
	if !errors.Is(err, ErrLocked) {
		t.Errorf("second OpenBolt err = %v, want ErrLocked", err)
	}
	b.Close()
	b2, err := OpenBolt(path)
	if err != nil {
		t.Fatalf("OpenBolt after Close: %v", err)
	}
	b2.Close()
}
