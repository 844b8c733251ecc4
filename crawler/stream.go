package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// stream makes one request and hands a 2xx body to read as a stream,
// failing with errTooLarge past limit bytes (decompressed; limit < 0: no
// limit, read bounds itself). Sitemaps and robots.txt go this way: the
// same client, but no copy of the body in memory.
func (r *runner) stream(ctx context.Context, u string, hdr http.Header, limit int64, read func(io.Reader) error) *result {
	res := &result{}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		res.err = err
		return res
	}
	req.Header = requestHeader(hdr, "application/xml,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	req.Header.Set("User-Agent", r.opts.UserAgent)
	resp, err := r.client.Do(req)
	if err != nil {
		res.err = err
		return res
	}
	defer resp.Body.Close()
	res.responded = true
	res.status = resp.StatusCode
	res.header = resp.Header
	res.finalURL = resp.Request.URL.String()
	if !res.ok() || read == nil {
		return res
	}
	if limit >= 0 && resp.ContentLength > limit {
		res.err = fmt.Errorf("content-length %d > %d bytes: %w", resp.ContentLength, limit, errTooLarge)
		return res
	}
	lr := &limitReader{r: resp.Body, left: limit}
	err = read(lr)
	r.stats.Bytes.Add(lr.n)
	res.bytes = lr.n
	switch {
	case lr.err != nil: // the body itself failed: too large, timeout, connection
		res.err = lr.err
	case err != nil:
		res.err = err
	}
	return res
}
