package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"
	"time"
)

// Response is an HTTP response record read from a WARC file.
type Response struct {
	RecordID     string
	TargetURI    string // WARC-Target-URI (angle brackets stripped): the URL that answered
	RequestedURI string // the URL as requested before redirects (TargetURI when unknown)
	Date         time.Time
	Status       int
	Header       http.Header
	Offset       int64    // of the record in the file (of its gzip member)
	Next         Position // where the record after it starts: to resume after this one
	// Conversion: a conversion record (Reader.IncludeConversions), such as
	// a page as rendered in a browser; RefersTo is the record it was made
	// from (WARC-Refers-To), Status is 200 and Header holds only its
	// Content-Type.
	Conversion bool
	RefersTo   string

	payload []byte // the HTTP body as stored
	chunked bool
}

// parseResponse reads the HTTP response in a response record's block.
func parseResponse(rec *rawRecord, target string) (*Response, error) {
	date, err := parseDate(rec.header["warc-date"])
	if err != nil {
		return nil, err
	}
	head, payload := rec.block, []byte(nil)
	if i := bytes.Index(rec.block, []byte("\r\n\r\n")); i >= 0 {
		head, payload = rec.block[:i+4], rec.block[i+4:]
	} else if i := bytes.Index(rec.block, []byte("\n\n")); i >= 0 {
		head, payload = rec.block[:i+2], rec.block[i+2:]
	} else {
		head = append(bytes.Clone(head), "\r\n\r\n"...)
	}
	hr, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(head)), nil)
	if err != nil {
		return nil, fmt.Errorf("HTTP response header: %w", err)
	}
	hr.Body.Close()
	res := &Response{
		RecordID:     strings.Trim(rec.header["warc-record-id"], "<>"),
		TargetURI:    target,
		RequestedURI: strings.Trim(rec.header[strings.ToLower(RequestedURIField)], "<> "),
		Date:         date,
		Status:       hr.StatusCode,
		Header:       hr.Header,
		payload:      payload,
		chunked:      isChunked(head),
	}
	if res.RequestedURI == "" {
		res.RequestedURI = target
	}
	return res, nil
}

// Body returns the response body, or ErrTooLarge when it is longer than
// limit bytes. A body that another tool stored as it came over the wire
// is decoded: chunked transfer coding, and gzip or deflate content coding
// (another content coding gives ErrEncoding). A body that a tool stored
// decoded but with its coding headers kept is taken as it is. newsnorm's
// own records hold the decoded body already.
func (r *Response) Body(limit int64) ([]byte, error) {
	data := r.payload
	if r.chunked {
		d, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(data)))
		switch {
		case err == nil:
			data = d
		case len(d) > 0:
			return nil, fmt.Errorf("%w: chunked: %w", ErrEncoding, err)
		}
		// else: not chunked at all, stored decoded.
	}
	var rd io.Reader = bytes.NewReader(data)
	switch ce := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); ce {
	case "", "identity":
	case "gzip", "x-gzip":
		if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			break // stored decoded
		}
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
	out, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return out, nil
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
