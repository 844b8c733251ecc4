package output

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Stdout is the template that sends records to standard output.
const Stdout = "-"

// Options tune a Writer.
type Options struct {
	// Fsync makes every Write durable before it returns. Without it the
	// caller calls Sync when it wants durability.
	Fsync bool
	// RotateBytes starts a new part when a file reaches this size (0: never).
	RotateBytes int64
	// RotateRecords starts a new part after this many records (0: never).
	RotateRecords int
	// Buffer keeps lines in memory (64 KiB per file) until Sync, Close
	// or a full buffer writes them out: one write call per batch instead
	// of one per line. Only for callers that call Sync to make records
	// durable (the pipeline's output); what is not synced is lost in a
	// crash, as unsynced lines are anyway.
	Buffer bool
	// OpenExplicitly makes Write and WriteLine refuse a file that Open
	// did not open first, so that no file is appended to before its
	// owner checked it (the pipeline cuts each file back to what its
	// state recorded). Parts that rotation starts are new files and need
	// no Open.
	OpenExplicitly bool
}

// File is an output file as Open found it.
type File struct {
	Path string
	// Size is the file's length.
	Size int64
	// Part is the rotation part (0 without rotation), and Previous the
	// path of part Part-1 ("" for the first part or no rotation).
	Part     int
	Previous string
}

// bufferSize is the buffer of a file with Options.Buffer.
const bufferSize = 64 << 10

// Writer appends JSON lines to the files a path template names. A template
// ending in ".gz" writes gzip: each line is its own gzip member, so the file
// can be cut back at any record boundary and still be valid gzip. With
// rotation, files are named base.0001.jsonl, base.0002.jsonl, ... It is
// safe for concurrent use; each Write is one whole line.
type Writer struct {
	mu       sync.Mutex
	template string
	vars     Vars
	stdout   io.Writer
	opts     Options
	files    map[string]*file // by expanded template
}

type file struct {
	f       *os.File
	w       io.Writer // f, or a buffer in front of it (Options.Buffer)
	buf     *bufio.Writer
	path    string
	part    int
	size    int64
	records int
	gz      bool
	dirty   bool
}

// NewWriter returns a writer for template ("-" for stdout).
func NewWriter(template string, vars Vars, stdout io.Writer, opts Options) *Writer {
	return &Writer{template: template, vars: vars, stdout: stdout, opts: opts, files: map[string]*file{}}
}

// Path is the file (before rotation) a record of site goes to ("-" for
// stdout).
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

func gzipMember(line []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(line)
	zw.Close()
	return buf.Bytes()
}

// Write appends v as one line to the file for site and returns the file's
// path and its length after the write. With Options.Fsync, the line is on
// disk when Write returns.
func (w *Writer) Write(site string, v any) (string, int64, error) {
	line, err := Marshal(v)
	if err != nil {
		return "", 0, fmt.Errorf("encode record: %w", err)
	}
	return w.WriteLine(site, line)
}

// WriteLine is Write for a line already encoded with Marshal (ending in a
// newline), so that callers can encode outside their own locks.
func (w *Writer) WriteLine(site string, line []byte) (string, int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	base := w.Path(site)
	if base == Stdout {
		_, err := w.stdout.Write(line)
		return base, 0, err
	}
	f, ok := w.files[base]
	if !ok {
		if w.opts.OpenExplicitly {
			return base, 0, fmt.Errorf("output %s: written before it was opened", base)
		}
		var err error
		if f, err = w.open(base, nil); err != nil {
			return base, 0, err
		}
	}
	var err error
	if f.part > 0 && f.records > 0 && (w.opts.RotateBytes > 0 && f.size >= w.opts.RotateBytes ||
		w.opts.RotateRecords > 0 && f.records >= w.opts.RotateRecords) {
		if f, err = w.rotate(base, f); err != nil {
			return base, 0, err
		}
	}
	data := line
	if f.gz {
		data = gzipMember(line)
	}
	if _, err := f.w.Write(data); err != nil {
		return f.path, 0, fmt.Errorf("write %s: %w", f.path, err)
	}
	f.size += int64(len(data))
	f.records++
	f.dirty = true
	if w.opts.Fsync {
		if err := f.sync(); err != nil {
			return f.path, 0, err
		}
		f.dirty = false
	}
	return f.path, f.size, nil
}

// flush writes out the file's buffer.
func (f *file) flush() error {
	if f.buf == nil {
		return nil
	}
	if err := f.buf.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}

// sync writes out the buffer and makes the file durable.
func (f *file) sync() error {
	if err := f.flush(); err != nil {
		return err
	}
	if err := f.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", f.path, err)
	}
	return nil
}

// Sync makes everything written so far durable. Writes may go on while
// it waits for the disk: it holds the writer only to write out the
// buffers, and what is written meanwhile is not covered.
func (w *Writer) Sync() error {
	var todo []*file // f.f and f.path never change; f.dirty is under w.mu
	w.mu.Lock()
	for _, f := range w.files {
		if !f.dirty {
			continue
		}
		if err := f.flush(); err != nil {
			w.mu.Unlock()
			return err
		}
		todo = append(todo, f)
		f.dirty = false
	}
	w.mu.Unlock()
	for i, f := range todo {
		// A file rotated or closed meanwhile was synced before its close.
		if err := f.f.Sync(); err != nil && !errors.Is(err, os.ErrClosed) {
			w.mu.Lock()
			for _, g := range todo[i:] { // not durable: the next Sync tries again
				g.dirty = true
			}
			w.mu.Unlock()
			return fmt.Errorf("sync %s: %w", f.path, err)
		}
	}
	return nil
}

func (w *Writer) rotating() bool { return w.opts.RotateBytes > 0 || w.opts.RotateRecords > 0 }

// partPath names part n of base: out/x.jsonl -> out/x.0001.jsonl.
func partPath(base string, n int) string {
	ext := partExt(base)
	return fmt.Sprintf("%s.%04d%s", strings.TrimSuffix(base, ext), n, ext)
}

// partExt is the extension a part number goes before.
func partExt(base string) string {
	for _, e := range []string{".jsonl.gz", ".json.gz", ".gz", ".jsonl", ".json"} {
		if strings.HasSuffix(base, e) {
			return e
		}
	}
	return filepath.Ext(base)
}

// lastPart finds the highest existing part of base, or 1.
func lastPart(base string) int {
	zero := partPath(base, 0)
	i := strings.LastIndex(zero, ".0000")
	prefix, suffix := zero[:i+1], zero[i+5:]
	matches, _ := filepath.Glob(prefix + "[0-9][0-9][0-9][0-9]" + suffix)
	best := 1
	for _, m := range matches {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(m, prefix), suffix))
		if err == nil && n > best {
			best = n
		}
	}
	return best
}

// Open opens the file the records of site go to (with rotation, its last
// part) for appending, unless it is open. check is called with the file
// as found and returns the length to keep: the file is cut back to it
// before anything is appended.
func (w *Writer) Open(site string, check func(File) (keep int64, err error)) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	base := w.Path(site)
	if _, ok := w.files[base]; ok || base == Stdout {
		return nil
	}
	_, err := w.open(base, check)
	return err
}

func (w *Writer) open(base string, check func(File) (int64, error)) (*file, error) {
	part, path, prev := 0, base, ""
	if w.rotating() {
		part = lastPart(base)
		path = partPath(base, part)
		if part > 1 {
			prev = partPath(base, part-1)
		}
	}
	f, err := w.openFile(path, part, func(size int64) (int64, error) {
		if check == nil {
			return size, nil
		}
		return check(File{Path: path, Size: size, Part: part, Previous: prev})
	})
	if err != nil {
		return nil, err
	}
	w.files[base] = f
	return f, nil
}

func (w *Writer) rotate(base string, old *file) (*file, error) {
	if err := old.sync(); err != nil {
		return nil, err
	}
	if err := old.f.Close(); err != nil {
		return nil, fmt.Errorf("close %s: %w", old.path, err)
	}
	f, err := w.openFile(partPath(base, old.part+1), old.part+1, nil)
	if err != nil {
		delete(w.files, base)
		return nil, err
	}
	w.files[base] = f
	return f, nil
}

// openFile opens path for appending; cut (when not nil) gives the length
// to cut it back to first.
func (w *Writer) openFile(path string, part int, cut func(size int64) (int64, error)) (*file, error) {
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
	if cut != nil {
		keep, err := cut(size)
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
		size = keep
	}
	out := &file{f: f, w: f, path: path, part: part, size: size, gz: strings.HasSuffix(path, ".gz")}
	if w.opts.Buffer {
		out.buf = bufio.NewWriterSize(f, bufferSize)
		out.w = out.buf
	}
	if w.opts.RotateRecords > 0 && size > 0 {
		out.records = countRecords(path, size, out.gz)
	}
	return out, nil
}

// countRecords counts the lines in the first size bytes of a file.
func countRecords(path string, size int64, gz bool) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var r io.Reader = io.LimitReader(f, size)
	if gz {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return 0
		}
		defer zr.Close()
		r = zr
	}
	n := 0
	br := bufio.NewReader(r)
	for {
		_, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return n
		}
		n++
	}
}

// Close syncs and closes every file.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var first error
	for base, f := range w.files {
		if err := f.sync(); err != nil && first == nil {
			first = err
		}
		if err := f.f.Close(); err != nil && first == nil {
			first = fmt.Errorf("close %s: %w", f.path, err)
		}
		delete(w.files, base)
	}
	return first
}

// Abort closes every file without writing out what its buffer holds: for
// a run that stops on a fatal error, whose buffered lines were never
// made durable or marked done. What a full buffer wrote out before stays
// in the file, past the length the state recorded, and the next run cuts
// it off.
func (w *Writer) Abort() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var first error
	for base, f := range w.files {
		if err := f.f.Close(); err != nil && first == nil {
			first = fmt.Errorf("close %s: %w", f.path, err)
		}
		delete(w.files, base)
	}
	return first
}
