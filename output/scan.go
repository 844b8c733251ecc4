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
)

// Reading output files back: for the checks of a run's outputs against
// its state, and for `newsnorm state repair` and `state rebuild`.

// A Line is one whole line of an output file, as ScanFile read it.
type Line struct {
	N int // line number, from 1
	// Offset is where the line starts in the file (in a gzip file, the
	// start of its member) and End where it ends, newline (member) included.
	Offset, End int64
	Data        []byte // the line without its newline; valid during the call only
}

// Key is what identifies a record in the state, read back from its line.
type Key struct {
	Site        string `json:"site"`
	ID          string `json:"id"`
	URL         string `json:"url"`
	ContentHash string `json:"content_hash"`
	FetchedAt   string `json:"fetched_at"`
	PublishedAt string `json:"published_at"`
}

// ParseKey reads a record's key from its line; ok is false when the line
// is no record (not JSON, or without a site, an ID or a content hash).
func ParseKey(line []byte) (k Key, ok bool) {
	var raw struct {
		Key
		PublishedAt *string `json:"published_at"`
	}
	if json.Unmarshal(line, &raw) != nil || raw.Site == "" || raw.ID == "" || raw.ContentHash == "" {
		return Key{}, false
	}
	k = raw.Key
	if raw.PublishedAt != nil {
		k.PublishedAt = *raw.PublishedAt
	}
	return k, true
}

// ScanFile calls fn for each whole line in the first limit bytes of an
// output file (all of it when limit < 0); a name ending in ".gz" is read
// as one gzip member per line, as Writer writes it. It returns the length
// of the prefix of whole lines: what follows it is a torn tail (a line
// without its newline, a gzip member cut short or damaged).
func ScanFile(path string, limit int64, fn func(Line) error) (whole int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var r io.Reader = f
	if limit >= 0 {
		r = io.LimitReader(f, limit)
	}
	if strings.HasSuffix(path, ".gz") {
		return scanGzip(r, fn)
	}
	return scanPlain(r, fn)
}

func scanPlain(r io.Reader, fn func(Line) error) (int64, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			return off, nil // a torn tail, or nothing, after the last newline
		}
		if err != nil {
			return off, err
		}
		end := off + int64(len(line))
		if err := fn(Line{N: n, Offset: off, End: end, Data: line[:len(line)-1]}); err != nil {
			return off, err
		}
		off = end
	}
}

// countingReader counts the bytes read through it. It is an
// io.ByteReader, so gzip reads exactly one member from it and no more.
type countingReader struct {
	r *bufio.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

func scanGzip(r io.Reader, fn func(Line) error) (int64, error) {
	cr := &countingReader{r: bufio.NewReaderSize(r, 64<<10)}
	var zr gzip.Reader
	n := 1
	for {
		start := cr.n
		if _, err := cr.r.Peek(1); err != nil {
			return start, nil // the end, after a whole member
		}
		if err := zr.Reset(cr); err != nil {
			return start, nil // a torn or damaged header
		}
		zr.Multistream(false)
		data, err := io.ReadAll(&zr)
		if err != nil || len(data) == 0 || data[len(data)-1] != '\n' {
			return start, nil // cut short, damaged, or a line without its end
		}
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			if err := fn(Line{N: n, Offset: start, End: cr.n, Data: data[:i]}); err != nil {
				return start, err
			}
			data = data[i+1:]
			n++
		}
	}
}

// CutTail cuts the file at path back to size bytes, durably.
func CutTail(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := f.Truncate(size); err != nil {
		f.Close()
		return fmt.Errorf("truncate %s to %d bytes: %w", path, size, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

// Glob lists the files a path template may have named, with every
// placeholder matching any value except those set in fixed (e.g. this
// worker's name), rotated parts included.
func Glob(template string, fixed Vars) ([]string, error) {
	if template == Stdout || template == "" {
		return nil, nil
	}
	pattern := globQuote.Replace(template)
	for ph, v := range map[string]string{"{site}": fixed.Site, "{date}": fixed.Date, "{run}": fixed.Run, "{worker}": fixed.Worker} {
		val := "*"
		if v != "" {
			val = globQuote.Replace(Sanitize(v))
		}
		pattern = strings.ReplaceAll(pattern, ph, val)
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range []string{pattern, partGlob(pattern)} {
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("output %q: %w", template, err)
		}
		for _, f := range m {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}

var globQuote = strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`)

// partGlob is the pattern of the rotated parts of the files pattern names.
func partGlob(pattern string) string {
	zero := partPath(pattern, 0)
	i := strings.LastIndex(zero, ".0000")
	return zero[:i+1] + "[0-9][0-9][0-9][0-9]" + zero[i+5:]
}

// PreviousPart is the rotated part before path: out/x.0003.jsonl ->
// out/x.0002.jsonl ("" when path is no part after the first).
func PreviousPart(path string) string {
	ext := partExt(path)
	stem := strings.TrimSuffix(path, ext)
	i := len(stem) - 5
	if i < 0 || stem[i] != '.' || strings.Trim(stem[i+1:], "0123456789") != "" {
		return ""
	}
	n, _ := strconv.Atoi(stem[i+1:])
	if n <= 1 {
		return ""
	}
	return partPath(stem[:i]+ext, n-1)
}

// errNoRecord is returned by FirstKey for a file whose first line is no
// whole record.
var errNoRecord = errors.New("no record")

// FirstKey is the key of the first record of an output file; ok is false
// when the file holds no whole record first.
func FirstKey(path string) (k Key, ok bool, err error) {
	_, err = ScanFile(path, -1, func(l Line) error {
		k, ok = ParseKey(l.Data)
		return errNoRecord // one line is enough
	})
	if errors.Is(err, errNoRecord) {
		err = nil
	}
	return k, ok, err
}
