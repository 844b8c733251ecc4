package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Stdout is the template that sends records to standard output.
const Stdout = "-"

// Writer appends JSON lines to the files a path template names. It is
// safe for concurrent use; each Write is one whole line.
type Writer struct {
	mu       sync.Mutex
	template string
	vars     Vars
	stdout   io.Writer
	fsync    bool
	files    map[string]*os.File
	// Prepare is called once per file before its first write, with the
	// file's current length; it returns the length to cut the file back
	// to (or the same length to keep it). The pipeline uses it to drop a
	// torn tail and records written but never marked done.
	Prepare func(path string, size int64) (int64, error)
}

// NewWriter returns a writer for template ("-" for stdout). fsync makes
// every Write durable before it returns.
func NewWriter(template string, vars Vars, stdout io.Writer, fsync bool) *Writer {
	return &Writer{template: template, vars: vars, stdout: stdout, fsync: fsync, files: map[string]*os.File{}}
}

// Path is the file a record of site goes to ("-" for stdout).
func (w *Writer) Path(site string) string {
	if w.template == Stdout {
		return Stdout
	}
	v := w.vars
	v.Site = site
	return Expand(w.template, v)
}

// Marshal encodes v as one JSON line without HTML escaping.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write appends v as one line to the file for site and returns the file's
// path and its length after the write. With fsync on, the line is on disk
// when Write returns.
func (w *Writer) Write(site string, v any) (string, int64, error) {
	line, err := Marshal(v)
	if err != nil {
		return "", 0, fmt.Errorf("encode record: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	path := w.Path(site)
	if path == Stdout {
		_, err := w.stdout.Write(line)
		return path, 0, err
	}
	f, err := w.open(path)
	if err != nil {
		return path, 0, err
	}
	if _, err := f.Write(line); err != nil {
		return path, 0, fmt.Errorf("write %s: %w", path, err)
	}
	if w.fsync {
		if err := f.Sync(); err != nil {
			return path, 0, fmt.Errorf("sync %s: %w", path, err)
		}
	}
	off, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return path, 0, fmt.Errorf("seek %s: %w", path, err)
	}
	return path, off, nil
}

func (w *Writer) open(path string) (*os.File, error) {
	if f, ok := w.files[path]; ok {
		return f, nil
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create output directory %s: %w", dir, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open output %s: %w", path, err)
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("seek %s: %w", path, err)
	}
	if w.Prepare != nil {
		keep, err := w.Prepare(path, size)
		if err != nil {
			f.Close()
			return nil, err
		}
		if keep < size {
			if err := f.Truncate(keep); err != nil {
				f.Close()
				return nil, fmt.Errorf("truncate %s to %d bytes: %w", path, keep, err)
			}
			if err := f.Sync(); err != nil {
				f.Close()
				return nil, fmt.Errorf("sync %s: %w", path, err)
			}
		}
		if _, err := f.Seek(keep, io.SeekStart); err != nil {
			f.Close()
			return nil, fmt.Errorf("seek %s: %w", path, err)
		}
	}
	w.files[path] = f
	return f, nil
}

// Close syncs and closes every file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var first error
	for path, f := range w.files {
		if err := f.Sync(); err != nil && first == nil {
			first = fmt.Errorf("sync %s: %w", path, err)
		}
		if err := f.Close(); err != nil && first == nil {
			first = fmt.Errorf("close %s: %w", path, err)
		}
		delete(w.files, path)
	}
	return first
}
