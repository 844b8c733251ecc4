package archive

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// RequestedURIField names the URL as requested on a response record whose
// WARC-Target-URI is the URL after redirects (only when they differ). It is
// not a standard field; readers that do not know it ignore it.
const RequestedURIField = "Newsnorm-Requested-URI"

// ErrClosed is returned by Write after Close.
var ErrClosed = errors.New("archive is closed")

// Options describe the writer in each file's warcinfo record.
type Options struct {
	Software  string // e.g. "newsnorm/0.1"
	UserAgent string // the User-Agent the crawl sends
	// Info are more warcinfo fields (name, value), written in name order.
	Info map[string]string
}

// Writer appends WARC records to the files pathFor names. A name ending in
// ".gz" gets one gzip member per record (the usual .warc.gz); any other
// name is plain WARC. A file that exists is appended to. Every time a file
// is opened a warcinfo record is written first, and the records that
// follow name it in WARC-Warcinfo-ID.
//
// Write is safe for concurrent use: the records of one exchange are built
// and compressed by the caller and appended in one write, so the request
// and response of an exchange are always adjacent and whole. After a
// failed write the file is cut back to its last whole record.
type Writer struct {
	pathFor func(site string) string
	opts    Options

	mu     sync.Mutex
	files  map[string]*file
	closed bool
}

type file struct {
	mu     sync.Mutex
	path   string
	f      *os.File
	gz     bool
	size   int64
	infoID string // WARC-Record-ID of this opening's warcinfo record
	err    error  // sticky: once a write failed, the file takes no more
}

// NewWriter returns a writer whose records for site go to pathFor(site).
func NewWriter(pathFor func(site string) string, opts Options) *Writer {
	return &Writer{pathFor: pathFor, opts: opts, files: map[string]*file{}}
}

// gowarcMu serialises the creation of gowarc builders and readers: each
// one calls github.com/google/uuid's EnableRandPool, which writes a global
// that is not safe for concurrent use (a data race under -race). Record IDs
// are made here (newRecordID), so gowarc never generates UUIDs itself.
var gowarcMu sync.Mutex

func newBuilder(t gowarc.RecordType) gowarc.WarcRecordBuilder {
	return newBuilderID(t, "")
}

// newBuilderID is newBuilder with the record's ID given ("" = a new one).
func newBuilderID(t gowarc.RecordType, id string) gowarc.WarcRecordBuilder {
	if id == "" {
		id = newRecordID()
	}
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	b := gowarc.NewRecordBuilder(t, recordOptions...)
	b.AddWarcHeader(gowarc.WarcRecordID, "<"+id+">")
	return b
}

// NewRecordID returns a new WARC-Record-ID (a random UUID URN, without
// the angle brackets): for Exchange.ResponseID, so that a later record
// (Conversion.RefersTo) can name the response before it is written.
func NewRecordID() string { return newRecordID() }

// newRecordID returns a random (version 4) UUID URN.
func newRecordID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// recordOptions build records with sha1 digests in base32, as WARC tools
// expect, computed from the block as it is written.
var recordOptions = []gowarc.WarcRecordOption{
	gowarc.WithVersion(gowarc.V1_1),
	gowarc.WithDefaultDigestAlgorithm("sha1"),
	gowarc.WithAddMissingDigest(true),
}

// Write appends a request record and a response record for x to the file
// of site, linked both ways with WARC-Concurrent-To, dated x.FetchedAt.
// It returns the file's path. Errors name the file.
func (w *Writer) Write(site string, x *Exchange) (string, error) {
	fl, err := w.file(w.pathFor(site))
	if err != nil {
		return "", err
	}
	data, err := encodeExchange(x, fl.infoID, fl.gz)
	if err != nil {
		return fl.path, fmt.Errorf("warc %s: %w", fl.path, err)
	}
	return fl.path, fl.append(data)
}

// file returns the open file for path, opening it (and writing its
// warcinfo record) on first use.
func (w *Writer) file(path string) (*file, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, fmt.Errorf("warc %s: %w", path, ErrClosed)
	}
	if fl, ok := w.files[path]; ok {
		return fl, fl.failed()
	}
	fl, err := w.open(path)
	if err != nil {
		return nil, err
	}
	w.files[path] = fl
	return fl, nil
}

func (w *Writer) open(path string) (*file, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("warc %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("warc %s: %w", path, err)
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("warc %s: %w", path, err)
	}
	fl := &file{path: path, f: f, gz: strings.HasSuffix(path, ".gz"), size: size}
	info, id, err := w.warcinfo(filepath.Base(path), fl.gz)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("warc %s: %w", path, err)
	}
	if err := fl.append(info); err != nil {
		f.Close()
		return nil, err
	}
	fl.infoID = id
	return fl, nil
}

// warcinfo encodes the warcinfo record that opens a file (or this run's
// part of it).
func (w *Writer) warcinfo(name string, gz bool) ([]byte, string, error) {
	b := newBuilder(gowarc.Warcinfo)
	b.AddWarcHeaderTime(gowarc.WarcDate, time.Now())
	b.AddWarcHeader(gowarc.WarcFilename, name)
	b.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	// Written by hand: gowarc's WarcFields would turn "conformsTo" into
	// "Conformsto".
	var fields strings.Builder
	add := func(k, v string) {
		if v != "" {
			fields.WriteString(k + ": " + strings.NewReplacer("\r", " ", "\n", " ").Replace(v) + "\r\n")
		}
	}
	add("software", w.opts.Software)
	add("format", "WARC File Format 1.1")
	add("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	if host, err := os.Hostname(); err == nil {
		add("hostname", host)
	}
	add("http-header-user-agent", w.opts.UserAgent)
	add("description", "HTTP responses are stored with their body after transfer and content decoding: "+
		"Content-Encoding and Transfer-Encoding are removed and Content-Length is the stored body's length")
	keys := make([]string, 0, len(w.opts.Info))
	for k := range w.opts.Info {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(k, w.opts.Info[k])
	}
	if _, err := b.WriteString(fields.String()); err != nil {
		b.Close()
		return nil, "", err
	}
	rec, _, err := b.Build()
	if err != nil {
		return nil, "", err
	}
	defer rec.Close()
	data, err := marshal(rec, gz)
	return data, rec.RecordId(), err
}

// encodeExchange builds, links and marshals the request and response
// records of x.
func encodeExchange(x *Exchange, infoID string, gz bool) ([]byte, error) {
	reqMsg, err := x.requestMessage()
	if err != nil {
		return nil, err
	}
	resMsg, err := x.responseMessage()
	if err != nil {
		return nil, err
	}
	req, err := build(gowarc.Request, x, infoID, "application/http;msgtype=request", reqMsg)
	if err != nil {
		return nil, fmt.Errorf("request record for %s: %w", x.target(), err)
	}
	defer req.Close()
	res, err := buildID(gowarc.Response, x.ResponseID, x, infoID, "application/http;msgtype=response", resMsg)
	if err != nil {
		return nil, fmt.Errorf("response record for %s: %w", x.target(), err)
	}
	defer res.Close()
	if x.FinalURL != "" && x.FinalURL != x.URL {
		res.WarcHeader().Add(RequestedURIField, x.URL)
	}
	// WARC headers are outside the digested block, so linking after Build
	// keeps the digests right.
	req.WarcHeader().AddId(gowarc.WarcConcurrentTo, res.RecordId())
	res.WarcHeader().AddId(gowarc.WarcConcurrentTo, req.RecordId())
	a, err := marshal(req, gz)
	if err != nil {
		return nil, err
	}
	b, err := marshal(res, gz)
	if err != nil {
		return nil, err
	}
	return append(a, b...), nil
}

func build(t gowarc.RecordType, x *Exchange, infoID, contentType string, block []byte) (gowarc.WarcRecord, error) {
	return buildID(t, "", x, infoID, contentType, block)
}

// buildID is build with the record's ID given ("" = a new one).
func buildID(t gowarc.RecordType, id string, x *Exchange, infoID, contentType string, block []byte) (gowarc.WarcRecord, error) {
	b := newBuilderID(t, id)
	b.AddWarcHeaderTime(gowarc.WarcDate, x.FetchedAt)
	b.AddWarcHeader(gowarc.WarcTargetURI, x.target())
	if infoID != "" {
		b.AddWarcHeader(gowarc.WarcWarcinfoID, "<"+infoID+">")
	}
	b.AddWarcHeader(gowarc.ContentType, contentType)
	if _, err := b.Write(block); err != nil {
		b.Close()
		return nil, err
	}
	rec, _, err := b.Build()
	return rec, err
}

// gzipWriters are reused: a new one allocates about a megabyte.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// marshal serialises one record, as one gzip member when gz.
func marshal(rec gowarc.WarcRecord, gz bool) ([]byte, error) {
	var buf bytes.Buffer
	var out io.Writer = &buf
	var zw *gzip.Writer
	if gz {
		zw = gzipWriters.Get().(*gzip.Writer)
		defer gzipWriters.Put(zw)
		zw.Reset(&buf)
		out = zw
	}
	if _, _, err := gowarc.NewMarshaler().Marshal(out, rec, 0); err != nil {
		return nil, err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

func (fl *file) failed() error {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	return fl.err
}

// append writes data in one write; on failure it cuts the file back to
// its last whole record and refuses further writes.
func (fl *file) append(data []byte) error {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.err != nil {
		return fl.err
	}
	if _, err := fl.f.Write(data); err != nil {
		fl.err = fmt.Errorf("warc %s: write: %w", fl.path, err)
		if terr := fl.f.Truncate(fl.size); terr != nil {
			fl.err = fmt.Errorf("%w (and cutting back the torn record: %w)", fl.err, terr)
		}
		return fl.err
	}
	fl.size += int64(len(data))
	return nil
}

// Sync makes every record written so far durable.
func (w *Writer) Sync() error {
	w.mu.Lock()
	files := make([]*file, 0, len(w.files))
	for _, fl := range w.files {
		files = append(files, fl)
	}
	w.mu.Unlock()
	var errs []error
	for _, fl := range files {
		// A file closed meanwhile was synced by Close.
		if err := fl.f.Sync(); err != nil && !errors.Is(err, os.ErrClosed) {
			errs = append(errs, fmt.Errorf("warc %s: sync: %w", fl.path, err))
		}
	}
	return errors.Join(errs...)
}

// Close syncs and closes every file; Write fails afterwards.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	var errs []error
	for path, fl := range w.files {
		fl.mu.Lock()
		if err := fl.f.Sync(); err != nil {
			errs = append(errs, fmt.Errorf("warc %s: sync: %w", path, err))
		}
		if err := fl.f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("warc %s: close: %w", path, err))
		}
		fl.mu.Unlock()
		delete(w.files, path)
	}
	return errors.Join(errs...)
}

// Files lists the files written to since the writer was created (until
// Close), sorted.
func (w *Writer) Files() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, 0, len(w.files))
	for p := range w.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
