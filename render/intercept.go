package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
)

// The reasons of Result.Refused.
const (
	refusedOffSite   = "off-site"
	refusedHost      = "host-not-allowed"
	refusedScheme    = "scheme"
	refusedNoFetcher = "no-fetcher"
	refusedFetch     = "fetch-error"
	refusedTooLarge  = "too-large"
	refusedType      = "type:" // + the resource type, lower case
)

// intercept answers one paused request: the page's own document with the
// static response, every other request refused or fetched through the
// Fetcher. The browser itself never sends a request.
func (t *tab) intercept(ev *fetch.EventRequestPaused) {
	req := ev.Request
	if ev.ResourceType == network.ResourceTypeDocument && ev.FrameID == t.frameID && t.docServed.CompareAndSwap(false, true) {
		t.fulfill(ev.RequestID, t.page.Status, documentHeader(t.page.Header), t.page.Body)
		return
	}
	u, err := url.Parse(req.URL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https"):
		t.refuse(ev, refusedScheme, nil)
		return
	case t.b.block[ev.ResourceType]:
		t.refuse(ev, refusedType+strings.ToLower(string(ev.ResourceType)), nil)
		return
	case u.Path == "/favicon.ico" && ev.ResourceType == network.ResourceTypeOther && t.b.block[network.ResourceTypeImage]:
		// The browser's own request for the tab's icon: an image.
		t.refuse(ev, refusedType+"image", nil)
		return
	case !sameSite(u, t.pageURL):
		t.refuse(ev, refusedOffSite, nil)
		return
	case t.po.AllowHost != nil && !t.po.AllowHost(u.Hostname()):
		t.refuse(ev, refusedHost, nil)
		return
	case t.po.Fetch == nil:
		t.refuse(ev, refusedNoFetcher, nil)
		return
	}
	status, header, body, reason, err := t.fetch(ev, u)
	if err != nil {
		t.refuse(ev, reason, err)
		return
	}
	t.mu.Lock()
	t.fetched++
	t.mu.Unlock()
	t.b.log.Debug("render: request fetched", "page", t.page.URL, "url", ev.Request.URL, "type", ev.ResourceType, "status", status, "bytes", len(body))
	t.fulfill(ev.RequestID, status, header, body)
}

// fetch gets a subrequest through the Fetcher.
func (t *tab) fetch(ev *fetch.EventRequestPaused, u *url.URL) (status int, h http.Header, body []byte, reason string, err error) {
	var post io.Reader
	if ev.Request.HasPostData {
		var buf bytes.Buffer
		for _, e := range ev.Request.PostDataEntries {
			buf.Write(e.Bytes)
		}
		post = &buf
	}
	req, err := http.NewRequestWithContext(t.pctx, ev.Request.Method, u.String(), post)
	if err != nil {
		return 0, nil, nil, refusedFetch, err
	}
	for k, v := range ev.Request.Headers {
		s, ok := v.(string)
		if !ok || skipRequestHeader(k) {
			continue
		}
		for _, line := range strings.Split(s, "\n") { // the protocol joins repeated headers with newlines
			req.Header.Add(k, line)
		}
	}
	res, err := t.po.Fetch(req)
	if err != nil {
		return 0, nil, nil, refusedFetch, err
	}
	defer res.Body.Close()
	max := t.b.opts.MaxBodyBytes
	body, err = io.ReadAll(io.LimitReader(res.Body, max+1))
	if err != nil {
		return 0, nil, nil, refusedFetch, fmt.Errorf("read the body: %w", err)
	}
	if int64(len(body)) > max {
		return 0, nil, nil, refusedTooLarge, fmt.Errorf("body larger than %d bytes", max)
	}
	h = res.Header.Clone()
	for _, k := range []string{"Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"} {
		h.Del(k)
	}
	// A body still compressed keeps its Content-Encoding (the browser
	// decodes it); Go's transport and newsnorm's drop the header when
	// they decode.
	return res.StatusCode, h, body, "", nil
}

// skipRequestHeader reports the browser's request headers that are not
// passed on: the fetcher's transport sets its own framing, compression
// and host.
func skipRequestHeader(k string) bool {
	switch strings.ToLower(k) {
	case "host", "content-length", "connection", "keep-alive", "accept-encoding", "transfer-encoding",
		"proxy-connection", "proxy-authorization", "upgrade", "te":
		return true
	}
	return false
}

// documentHeader is the static response's header as the document's: its
// body is decoded to UTF-8.
func documentHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	for _, k := range []string{"Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive"} {
		out.Del(k)
	}
	ct := "text/html"
	if mt, params, err := mime.ParseMediaType(out.Get("Content-Type")); err == nil {
		ct = mt
		delete(params, "charset")
		params["charset"] = "utf-8"
		out.Set("Content-Type", mime.FormatMediaType(ct, params))
		return out
	}
	out.Set("Content-Type", ct+"; charset=utf-8")
	return out
}

func (t *tab) fulfill(id fetch.RequestID, status int, h http.Header, body []byte) {
	if status == 0 {
		status = http.StatusOK
	}
	var entries []*fetch.HeaderEntry
	for k, vs := range h {
		for _, v := range vs {
			entries = append(entries, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	_, err := cdp.Call(t.pctx, t.target, fetch.FulfillRequest, fetch.FulfillRequestParams{
		RequestID: id, ResponseCode: int64(status), ResponseHeaders: entries, Body: body,
	})
	if err != nil && t.pctx.Err() == nil {
		t.b.log.Debug("render: fulfill failed", "page", t.page.URL, "error", err)
	}
}

// refuse fails a paused request as blocked by the client and counts why.
func (t *tab) refuse(ev *fetch.EventRequestPaused, reason string, err error) {
	t.mu.Lock()
	t.refused[reason]++
	t.mu.Unlock()
	args := []any{"page", t.page.URL, "url", ev.Request.URL, "type", ev.ResourceType, "reason", reason}
	if err != nil {
		args = append(args, "error", err)
	}
	t.b.log.Debug("render: request refused", args...)
	errReason := network.ErrorReasonBlockedByClient
	if reason == refusedFetch {
		errReason = network.ErrorReasonFailed
		if errors.Is(err, context.DeadlineExceeded) {
			errReason = network.ErrorReasonTimedOut
		}
	}
	_, ferr := cdp.Call(t.pctx, t.target, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: errReason})
	if ferr != nil && t.pctx.Err() == nil {
		t.b.log.Debug("render: fail request failed", "page", t.page.URL, "error", ferr)
	}
}
