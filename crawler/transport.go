package crawler

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// gunzipTransport asks for gzip and decodes any body that starts with the
// gzip magic bytes, whatever Content-Encoding says (so .xml.gz sitemaps and
// double-compressed bodies are decoded too), lazily: whoever reads the body
// bounds the decompressed size. It marks every response Uncompressed, so
// colly never decompresses on its own (it would bound only the compressed
// bytes: a gzip bomb).
type gunzipTransport struct{ next http.RoundTripper }

func (t *gunzipTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Accept-Encoding") == "" && req.Header.Get("Range") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Accept-Encoding", "gzip")
	}
	res, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	res.Uncompressed = true
	// The first two bytes, read into a small array rather than a 4 KiB
	// buffer per response (the transport buffers the connection already).
	var magic [2]byte
	n, err := io.ReadFull(res.Body, magic[:])
	var rest io.Reader = res.Body
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		rest = errReader{err} // the reader of the body meets the error
	}
	body := io.MultiReader(bytes.NewReader(magic[:n]), rest)
	if n == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		res.Body = &gzipBody{src: bufio.NewReader(body), body: res.Body}
		res.Header.Del("Content-Length")
		res.ContentLength = -1
	} else {
		res.Body = struct {
			io.Reader
			io.Closer
		}{body, res.Body}
	}
	// Decoded here, or not gzip at all whatever the header claimed.
	res.Header.Del("Content-Encoding")
	return res, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// gzipBody inflates on demand: reading n bytes inflates n bytes.
type gzipBody struct {
	src  *bufio.Reader
	body io.Closer
	zr   *gzip.Reader
}

func (g *gzipBody) Read(p []byte) (int, error) {
	if g.zr == nil {
		zr, err := gzip.NewReader(g.src)
		if err != nil {
			return 0, gzipErr(err)
		}
		g.zr = zr
	}
	n, err := g.zr.Read(p)
	return n, gzipErr(err)
}

func (g *gzipBody) Close() error { return g.body.Close() }

func gzipErr(err error) error {
	var ce flate.CorruptInputError
	if errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || errors.As(err, &ce) {
		return fmt.Errorf("%w: %w", errBadGzip, err)
	}
	return err
}

// limitReader fails with errTooLarge once more than left bytes are read
// (left < 0: no limit), and remembers the first error of the body.
type limitReader struct {
	r    io.Reader
	left int64
	n    int64
	err  error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if l.left >= 0 && int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.left >= 0 {
		if int64(n) > l.left {
			l.err = fmt.Errorf("body larger than the limit: %w", errTooLarge)
			return 0, l.err
		}
		l.left -= int64(n)
	}
	if err != nil && err != io.EOF {
		l.err = err
	}
	return n, err
}
