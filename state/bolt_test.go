package state

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestBoltCommitAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Lookup(ctx, "s", "1"); ok {
		t.Fatal("Lookup before Commit found it")
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
	if _, ok, _ := b.Lookup(ctx, "s", "1"); !ok {
		t.Error("Lookup after reopen found nothing")
	}
	if _, ok, _ := b.Lookup(ctx, "other", "1"); ok {
		t.Error("Lookup(other site) found it")
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

func TestBoltBatchLookupAndValidators(t *testing.T) {
	ctx := context.Background()
	b, err := OpenBolt(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	pub := time.Date(2016, 12, 28, 6, 12, 0, 0, time.UTC)
	err = b.Commit(ctx,
		Done{Site: "s", ID: "1", URL: "u1", Hash: "h1", Output: "f", Size: 10, Published: pub},
		Done{Site: "s", ID: "2", URL: "u2", Hash: "h2", Output: "f", Size: 25},
	)
	if err != nil {
		t.Fatal(err)
	}
	if size, _, _ := b.OutputSize(ctx, "f"); size != 25 {
		t.Errorf("OutputSize after batch = %d, want the last size 25", size)
	}
	d, ok, err := b.Lookup(ctx, "s", "1")
	if err != nil || !ok || d.Hash != "h1" || !d.Published.Equal(pub) || d.URL != "u1" {
		t.Errorf("Lookup(s, 1) = %+v, %v, %v", d, ok, err)
	}
	if _, ok, _ := b.Lookup(ctx, "s", "3"); ok {
		t.Error("Lookup of a missing article found it")
	}
	if err := b.SetValidators(ctx, "http://x/", Validators{ETag: `"abc"`, LastModified: "Wed, 28 Dec 2016 06:12:00 GMT"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := b.Validators(ctx, "http://x/"); v.ETag != `"abc"` || v.LastModified == "" {
		t.Errorf("Validators = %+v", v)
	}
	if v, _ := b.Validators(ctx, "http://y/"); v != (Validators{}) {
		t.Errorf("Validators of an unknown URL = %+v", v)
	}
}
