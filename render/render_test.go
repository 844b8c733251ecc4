package render

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/newsnorm/newsnorm/extract"
)

// The pages' headline and body come from a script: the rendered HTML has
// them, the static HTML has not, and extraction finds the article only in
// the rendered one.
func TestRenderScriptBuiltPage(t *testing.T) {
	w := newWorld(t)
	b := newTestBrowser(t, Options{Fetch: w.client.Do})
	for _, n := range []int{1, 2} {
		p := w.static(t, "/article/"+strconv.Itoa(n)+".html")
		res, err := b.Render(context.Background(), p, PageOptions{})
		if err != nil {
			t.Fatalf("Render(%s): %v", p.URL, err)
		}
		html := string(res.HTML)
		for _, want := range append([]string{headline(n)}, paragraphs(n)...) {
			if !strings.Contains(html, want) {
				t.Errorf("Render(%s): HTML lacks %q:\n%s", p.URL, want, html)
			}
			if strings.Contains(string(p.Body), want) {
				t.Fatalf("static HTML of %s has %q already: the test proves nothing", p.URL, want)
			}
		}
		if res.Settled != SettledIdle || res.URL != p.URL || res.Fetched != 1 {
			t.Errorf("Render(%s) = settled %q, URL %q, fetched %d; want %q, %q, 1 (the API)", p.URL, res.Settled, res.URL, res.Fetched, SettledIdle, p.URL)
		}
		if !strings.HasPrefix(html, "<!DOCTYPE html>") {
			t.Errorf("Render(%s): HTML does not start with its doctype: %.40q", p.URL, html)
		}

		rendered, err := extract.Extract(extract.Input{HTML: res.HTML, URL: res.URL}, nil)
		if err != nil {
			t.Fatalf("Extract(rendered %s): %v", p.URL, err)
		}
		if rendered.Headline != headline(n) || !strings.Contains(rendered.Body, paragraphs(n)[2]) || len(rendered.Body) < 200 {
			t.Errorf("Extract(rendered %s) = headline %q, body %q; want the article", p.URL, rendered.Headline, rendered.Body)
		}
		static, err := extract.Extract(extract.Input{HTML: p.Body, URL: p.URL}, nil)
		if err != nil {
			t.Fatalf("Extract(static %s): %v", p.URL, err)
		}
		if static.Headline == headline(n) || len(static.Body) >= 200 {
			t.Errorf("Extract(static %s) = headline %q, body %q; want no article", p.URL, static.Headline, static.Body)
		}
	}
	if got := w.site.requests("/favicon.ico"); got != 0 {
		t.Errorf("the site saw %d favicon requests, want 0 (an image)", got)
	}
}

// A page that never stops running fails with render-timeout within the
// timeout, and the next page renders.
func TestRenderLoopTimesOut(t *testing.T) {
	w := newWorld(t)
	const timeout = 3 * time.Second
	b := newTestBrowser(t, Options{Fetch: w.client.Do, PageTimeout: timeout})
	start := time.Now()
	res, err := b.Render(context.Background(), w.static(t, "/loop.html"), PageOptions{})
	took := time.Since(start)
	if ReasonOf(err) != ReasonTimeout {
		t.Fatalf("Render(loop) = %v, %v; want a %s error", res, err, ReasonTimeout)
	}
	if took > timeout+time.Second {
		t.Errorf("Render(loop) returned after %s, want within %s (+1s)", took, timeout)
	}
	if !strings.Contains(err.Error(), "render http://news.test/loop.html: render-timeout: ") {
		t.Errorf("error %q does not name the page and the reason", err)
	}
	res, err = b.Render(context.Background(), w.static(t, "/article/3.html"), PageOptions{})
	if err != nil || !strings.Contains(string(res.HTML), headline(3)) {
		t.Fatalf("Render after the loop = %v; want the article", err)
	}
	if s := b.Stats(); s.Pages != 1 || s.Failed != 1 {
		t.Errorf("Stats = %+v, want 1 page and 1 failure", s)
	}
}

// A script's request to another host and an image are refused, counted,
// and never reach a server; the same-site request is fetched.
func TestRenderConfinedToSite(t *testing.T) {
	w := newWorld(t)
	b := newTestBrowser(t, Options{Fetch: w.client.Do})
	res, err := b.Render(context.Background(), w.static(t, "/offsite.html"), PageOptions{})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !strings.Contains(string(res.HTML), headline(7)) {
		t.Errorf("HTML lacks the same-site content %q", headline(7))
	}
	if got := w.other.conns.Load(); got != 0 {
		t.Errorf("the other server saw %d connections, want 0", got)
	}
	if got := w.site.requests("/logo.png"); got != 0 {
		t.Errorf("the site saw %d image requests, want 0", got)
	}
	if res.Refused["off-site"] != 1 || res.Refused["type:image"] < 1 || res.Fetched != 1 {
		t.Errorf("fetched %d, refused %v; want 1 fetched, 1 off-site and the image refused", res.Fetched, res.Refused)
	}
}

// A subrequest that the fetcher refuses (a private address) fails in the
// page: the server sees nothing, and the refusal is counted.
func TestRenderPrivateAddressRefused(t *testing.T) {
	w := newWorld(t)
	guarded := hostClient(map[string]string{"news.test": strings.TrimPrefix(w.site.srv.URL, "http://")}, true)
	b := newTestBrowser(t, Options{Fetch: guarded.Do})
	res, err := b.Render(context.Background(), w.static(t, "/article/4.html"), PageOptions{})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if got := w.site.requests("/api/article/4.json"); got != 0 {
		t.Errorf("the site saw %d API requests, want 0", got)
	}
	if res.Refused["fetch-error"] != 1 || res.Fetched != 0 {
		t.Errorf("fetched %d, refused %v; want the API request refused as fetch-error", res.Fetched, res.Refused)
	}
	if strings.Contains(string(res.HTML), headline(4)) {
		t.Errorf("HTML has the headline: the refused request got through")
	}
}

// What interception does not see (a WebSocket) stops at the proxy wall:
// the server it aims at sees no connection.
func TestRenderProxyWall(t *testing.T) {
	w := newWorld(t)
	b := newTestBrowser(t, Options{Fetch: w.client.Do})
	res, err := b.Render(context.Background(), w.static(t, "/escape.html"), PageOptions{WaitSelector: "#done"})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if !strings.Contains(string(res.HTML), `<p id="done">error</p>`) {
		t.Errorf("the WebSocket did not fail in the page:\n%s", res.HTML)
	}
	if got := w.other.conns.Load(); got != 0 {
		t.Errorf("the other server (%s) saw %d connections, want 0", w.other.addr(), got)
	}
	want := "CONNECT " + w.other.addr() + " "
	seen := b.wall.requests()
	if !slices.ContainsFunc(seen, func(l string) bool { return strings.HasPrefix(l, want) }) {
		t.Errorf("the wall saw %q, want a %q...: the WebSocket did not go to the wall (refused %v)", seen, want, res.Refused)
	}
	if b.Stats().Escaped < 1 {
		t.Errorf("Stats().Escaped = 0, want the WebSocket counted")
	}
}

// A selector ends the wait as soon as it matches, also on a page whose
// network never goes quiet; without it, such a page is read at the
// deadline; a selector that never matches is a timeout.
func TestRenderWaitSelector(t *testing.T) {
	w := newWorld(t)
	b := newTestBrowser(t, Options{Fetch: w.client.Do, PageTimeout: 3 * time.Second})
	p := w.static(t, "/late.html")
	res, err := b.Render(context.Background(), p, PageOptions{WaitSelector: "#story"})
	if err != nil || res.Settled != SettledSelector || !strings.Contains(string(res.HTML), "Late story") {
		t.Fatalf("Render(#story) = %v, %v; want the story, settled by the selector", res, err)
	}
	if res.Duration > 2*time.Second {
		t.Errorf("Render(#story) took %s: the selector did not end the wait", res.Duration)
	}
	res, err = b.Render(context.Background(), p, PageOptions{})
	if err != nil || res.Settled != SettledDeadline || !strings.Contains(string(res.HTML), "Late story") {
		t.Fatalf("Render(no selector) = %v, %v; want the story, read at the deadline", res, err)
	}
	_, err = b.Render(context.Background(), p, PageOptions{WaitSelector: "#never"})
	if ReasonOf(err) != ReasonTimeout || !strings.Contains(err.Error(), `"#never"`) {
		t.Fatalf("Render(#never) = %v; want a %s naming the selector", err, ReasonTimeout)
	}
}

// However many pages are asked for at once, no more than Tabs are open in
// the browser (counted by Chromium itself) or loading from the site.
func TestRenderPoolBound(t *testing.T) {
	w := newWorld(t)
	w.site.apiDelay = 400 * time.Millisecond
	const tabs = 2
	b := newTestBrowser(t, Options{Fetch: w.client.Do, Tabs: tabs})
	inst, _ := b.instance(context.Background())
	root := chromedp.FromContext(inst.ctx).Target.TargetID

	stop := make(chan struct{})
	var maxPages int
	var sampler sync.WaitGroup
	sampler.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			n, err := pageTargets(inst, root)
			if err == nil {
				maxPages = max(maxPages, n)
			}
		}
	})
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for n := 10; n < 16; n++ {
		p := w.static(t, "/article/"+strconv.Itoa(n)+".html")
		wg.Go(func() {
			res, err := b.Render(context.Background(), p, PageOptions{})
			if err == nil && !strings.Contains(string(res.HTML), headline(n)) {
				err = errors.New(p.URL + ": no headline")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(stop)
	sampler.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Render: %v", err)
		}
	}
	if maxPages > tabs || maxPages < tabs {
		t.Errorf("Chromium had up to %d pages open, want exactly %d at the most", maxPages, tabs)
	}
	if got := w.site.maxAPI.Load(); got > tabs {
		t.Errorf("the site had %d API requests in flight at once, want at most %d", got, tabs)
	}
	if got := b.Stats().MaxOpen; got != tabs {
		t.Errorf("Stats().MaxOpen = %d, want %d", got, tabs)
	}
}

// A killed browser is started again: the page being rendered fails with
// render-crashed, the next one renders in a new process.
func TestRenderRestartsKilledBrowser(t *testing.T) {
	w := newWorld(t)
	b := newTestBrowser(t, Options{Fetch: w.client.Do})
	if _, err := b.Render(context.Background(), w.static(t, "/article/20.html"), PageOptions{}); err != nil {
		t.Fatalf("Render: %v", err)
	}
	first := b.pid()

	// Killed between two pages.
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatalf("kill %d: %v", first, err)
	}
	res, err := b.Render(context.Background(), w.static(t, "/article/21.html"), PageOptions{})
	if err != nil || !strings.Contains(string(res.HTML), headline(21)) {
		t.Fatalf("Render after the kill = %v; want the article", err)
	}
	second := b.pid()
	if second == first || second == 0 {
		t.Fatalf("browser pid %d after the kill, was %d: not restarted", second, first)
	}

	// Killed during a page: when its script asks the site for the article.
	w.site.onAPI = func(n int) {
		if n == 22 {
			syscall.Kill(second, syscall.SIGKILL)
		}
	}
	_, err = b.Render(context.Background(), w.static(t, "/article/22.html"), PageOptions{})
	if ReasonOf(err) != ReasonCrashed {
		t.Fatalf("Render during the kill = %v; want a %s error", err, ReasonCrashed)
	}
	res, err = b.Render(context.Background(), w.static(t, "/article/23.html"), PageOptions{})
	if err != nil || !strings.Contains(string(res.HTML), headline(23)) {
		t.Fatalf("Render after the second kill = %v; want the article", err)
	}
	if s := b.Stats(); s.Restarts != 2 || s.Starts != 3 {
		t.Errorf("Stats = %+v, want 3 starts, 2 of them restarts", s)
	}
}

// A cancelled context is no render failure: Render returns the context's
// error, for the caller to count the page as interrupted.
func TestRenderCancelled(t *testing.T) {
	w := newWorld(t)
	w.site.apiDelay = 5 * time.Second
	b := newTestBrowser(t, Options{Fetch: w.client.Do})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := b.Render(ctx, w.static(t, "/article/30.html"), PageOptions{})
	if !errors.Is(err, context.DeadlineExceeded) || ReasonOf(err) != "" {
		t.Fatalf("Render(cancelled) = %v; want the context's error and no render reason", err)
	}
}

// pageTargets counts the pages open in the browser, but the first tab
// that the browser opened itself.
func pageTargets(inst *instance, root target.ID) (int, error) {
	c := chromedp.FromContext(inst.ctx)
	res, err := cdp.Call(inst.ctx, c.Browser, target.GetTargets, target.GetTargetsParams{})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ti := range res.TargetInfos {
		if ti.Type == "page" && ti.TargetID != root {
			n++
		}
	}
	return n, nil
}
