package archive

import (
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"os"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Sentinel errors of the reader.
var (
	// ErrCorrupt means the file is not whole, valid WARC: a torn or bad
	// gzip member, bytes that are no record, a record whose digest or
	// length does not match its content.
	ErrCorrupt = errors.New("corrupt WARC")
	// ErrTooLarge means a body is larger than the limit given to Body.
	ErrTooLarge = errors.New("body too large")
	// ErrEncoding means a body's transfer or content coding cannot be
	// decoded.
	ErrEncoding = errors.New("cannot decode body")
)

// Response is an HTTP response record read from a WARC file. Its body is
// read with Body, before the next call to Reader.Next.
type Response struct {
	RecordID     string
	TargetURI    string // WARC-Target-URI: the URL that answered
	RequestedURI string // the URL as requested before redirects (TargetURI when unknown)
	Date         time.Time
	Status       int
	Header       http.Header
	Offset       int64 // of the record in the file (of its gzip member)
	// Conversion: a conversion record (Reader.IncludeConversions), such as
	// a page as rendered in a browser; RefersTo is the record it was made
	// from (WARC-Refers-To), Status is 200 and Header holds only its
	// Content-Type.
	Conversion bool
	RefersTo   string

	block   gowarc.HttpResponseBlock
	raw     gowarc.Block // a conversion's block
	chunked bool
}

// Body returns the response body, or ErrTooLarge when it is longer than
// limit bytes. A body that another tool stored as it came over the wire
// is decoded: chunked transfer coding, and gzip or deflate content coding
// (another content coding gives ErrEncoding). newsnorm's own records hold
// the decoded body already.
func (r *Response) Body(limit int64) ([]byte, error) {
	if r.raw != nil {
		return readLimited(r.raw, limit)
	}
	rd, err := r.block.PayloadBytes()
	if err != nil {
		return nil, err
	}
	if r.chunked {
		rd = httputil.NewChunkedReader(rd)
	}
	switch ce := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); ce {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(rd)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %w", ErrEncoding, err)
		}
		defer zr.Close()
		rd = zr
	case "deflate":
		zr, err := zlib.NewReader(rd)
		if err != nil {
			return nil, fmt.Errorf("%w: deflate: %w", ErrEncoding, err)
		}
		defer zr.Close()
		rd = zr
	default:
		return nil, fmt.Errorf("%w: content coding %q", ErrEncoding, ce)
	}
	data, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if err != nil {
		if r.chunked || r.Header.Get("Content-Encoding") != "" {
			err = fmt.Errorf("%w: %w", ErrEncoding, err)
		}
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return data, nil
}

// isChunked reports whether raw HTTP headers say Transfer-Encoding:
// chunked (net/http drops that header when it parses them).
func isChunked(header []byte) bool {
	for _, line := range strings.Split(string(header), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Transfer-Encoding") &&
			strings.Contains(strings.ToLower(value), "chunked") {
			return true
		}
	}
	return false
}

// Reader reads the response records of one WARC file (gzip per record or
// plain), skipping every other record. Digests and lengths are checked as
// records are read.
type Reader struct {
	conversions bool
	path        string
	f           *os.File
	r           *gowarc.WarcFileReader
	cur         gowarc.Record
	next        int64 // where the next record should start
	err         error
}

// Open opens a WARC file. A missing file gives an error that matches
// fs.ErrNotExist.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReaderFromStream(f, 0)
	gowarcMu.Unlock()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &Reader{path: path, f: f, r: r}, nil
}

// Next returns the next HTTP response record, or io.EOF after the last.
// An error that wraps ErrCorrupt names the file and the record's offset;
// no record can be read after it.
func (r *Reader) Next() (*Response, error) {
	if r.err != nil {
		return nil, r.err
	}
	r.closeCurrent()
	for {
		rec, err := r.r.Next()
		r.cur = rec
		if errors.Is(err, io.EOF) && rec.WarcRecord == nil {
			return nil, r.end()
		}
		if err != nil {
			return nil, r.corrupt(rec.Offset, err)
		}
		if rec.Offset != r.next {
			return nil, r.corrupt(r.next, fmt.Errorf("%d bytes that are no WARC record", rec.Offset-r.next))
		}
		r.next = rec.Offset + rec.Size
		for _, v := range rec.Validation {
			var de *gowarc.DigestError
			var le *gowarc.ContentLengthError
			if errors.As(v, &de) || errors.As(v, &le) {
				return nil, r.corrupt(rec.Offset, v)
			}
		}
		wr := rec.WarcRecord
		if wr.Type() == gowarc.Conversion && r.conversions {
			return r.conversion(rec)
		}
		block, ok := wr.Block().(gowarc.HttpResponseBlock)
		if wr.Type() != gowarc.Response || !ok || block.HttpStatusCode() == 0 {
			r.closeCurrent()
			continue
		}
		date, err := wr.Date()
		if err != nil {
			return nil, r.corrupt(rec.Offset, fmt.Errorf("WARC-Date: %w", err))
		}
		h := wr.WarcHeader()
		res := &Response{
			RecordID:     wr.RecordId(),
			TargetURI:    h.Get(gowarc.WarcTargetURI),
			RequestedURI: h.Get(RequestedURIField),
			Date:         date,
			Status:       block.HttpStatusCode(),
			Offset:       rec.Offset,
			block:        block,
			chunked:      isChunked(block.ProtocolHeaderBytes()),
		}
		if res.RequestedURI == "" {
			res.RequestedURI = res.TargetURI
		}
		if hh := block.HttpHeader(); hh != nil {
			res.Header = *hh
		} else {
			res.Header = http.Header{}
		}
		return res, nil
	}
}

// end checks that the last record ended where the file does.
func (r *Reader) end() error {
	st, err := r.f.Stat()
	if err != nil {
		return r.corrupt(r.next, err)
	}
	if st.Size() != r.next {
		return r.corrupt(r.next, fmt.Errorf("%d bytes at the end that are no whole WARC record", st.Size()-r.next))
	}
	r.err = io.EOF
	return io.EOF
}

func (r *Reader) corrupt(offset int64, err error) error {
	r.closeCurrent()
	r.err = fmt.Errorf("%s: record at byte %d: %w: %w", r.path, offset, ErrCorrupt, err)
	return r.err
}

func (r *Reader) closeCurrent() {
	if r.cur.WarcRecord != nil {
		r.cur.Close()
		r.cur = gowarc.Record{}
	}
}

// Close closes the file.
func (r *Reader) Close() error {
	r.closeCurrent()
	return r.r.Close() // closes r.f
}
