package pipeline

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/archive"
)

// TestWARCProgress: a position saved is where the next run starts; a file
// that changed since starts over; a progress file that is no JSON is a
// fresh start, not an error.
func TestWARCProgress(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	warc := filepath.Join(dir, "a.warc")
	os.WriteFile(warc, []byte("0123456789"), 0o644)
	st, _ := os.Stat(warc)
	path := filepath.Join(dir, "progress.json")

	p, err := loadProgress(path, log)
	if err != nil {
		t.Fatal(err)
	}
	if at, done, changed := p.start(warc, st); at != (archive.Position{}) || done || changed {
		t.Fatalf("fresh start(%s) = %+v, %v, %v", warc, at, done, changed)
	}
	p.advance(warc, archive.Position{Offset: 4, Skip: 2}, false)
	var failed error
	p.checkpoint(func(err error) { failed = err })()()
	if failed != nil {
		t.Fatal(failed)
	}

	p, err = loadProgress(path, log)
	if err != nil {
		t.Fatal(err)
	}
	if at, done, changed := p.start(warc, st); at != (archive.Position{Offset: 4, Skip: 2}) || done || changed {
		t.Errorf("start after a save = %+v, %v, %v; want {4 2}, not done, unchanged", at, done, changed)
	}
	os.Chtimes(warc, time.Now(), st.ModTime().Add(time.Hour))
	st2, _ := os.Stat(warc)
	if at, _, changed := p.start(warc, st2); at != (archive.Position{}) || !changed {
		t.Errorf("start of a changed file = %+v, changed %v; want its start", at, changed)
	}

	os.WriteFile(path, []byte("{torn"), 0o644)
	p, err = loadProgress(path, log)
	if err != nil || len(p.Files) != 0 {
		t.Errorf("loadProgress(torn) = %d files, %v; want a fresh start", len(p.Files), err)
	}
}
