package render

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Page is a page that was already fetched statically: its document
// request is answered with this response, so the browser never fetches it
// itself (robots.txt, politeness and the address guard applied to it as
// to every static fetch).
type Page struct {
	// URL is the page's URL after redirects: the document's URL in the
	// browser.
	URL string
	// Status is the response's status; 0 means 200.
	Status int
	// Header is the response's header. Content-Type's charset is replaced
	// with utf-8, and Content-Length, Content-Encoding and
	// Transfer-Encoding are dropped, since Body is decoded.
	Header http.Header
	// Body is the HTML, in UTF-8 (as the crawler decoded it).
	Body []byte
}

// PageOptions are what may differ from one page to the next.
type PageOptions struct {
	// WaitSelector, when set, is the CSS selector that makes the page
	// ready: Render returns as soon as it matches, and fails with
	// ReasonTimeout when it has not matched within the timeout. Without
	// it, Render waits for the network to be idle.
	WaitSelector string
	// Fetch replaces Options.Fetch for this page (a site's own client).
	Fetch Fetcher
	// AllowHost replaces Options.AllowHost for this page.
	AllowHost func(host string) bool
}

// Settled says how Render decided that the page was ready.
type Settled string

// The values of Result.Settled.
const (
	// SettledIdle: after the load event, no request of the page was in
	// flight for Options.Settle.
	SettledIdle Settled = "network-idle"
	// SettledSelector: PageOptions.WaitSelector matched.
	SettledSelector Settled = "selector"
	// SettledDeadline: the network never went quiet (a request that does
	// not end, a page that polls); HTML is the DOM as it was shortly
	// before the timeout.
	SettledDeadline Settled = "deadline"
)

// Result is a rendered page.
type Result struct {
	// URL is the document's URL at the end (location.href: a script may
	// have changed it).
	URL string
	// HTML is the serialized DOM: the doctype and
	// document.documentElement.outerHTML, in UTF-8.
	HTML    []byte
	Settled Settled
	// Fetched counts the subrequests fetched through the Fetcher.
	Fetched int
	// Refused counts the subrequests that got no response, by reason:
	// "type:<resource type>" (Options.Block), "off-site", "host-not-allowed"
	// (AllowHost), "scheme" (not http or https), "no-fetcher",
	// "fetch-error" (the Fetcher failed: a private address, a timeout,
	// ...), "too-large" (more than Options.MaxBodyBytes).
	Refused map[string]int
	// Duration is the time from opening the tab to reading the HTML.
	Duration time.Duration
}

// Render loads one page in a tab of the browser and returns its HTML once
// the DOM has settled. It waits for a free tab (at most Options.Tabs are
// open) and starts the browser when none runs. A page that cannot be
// rendered is an *Error with its Reason; the browser is restarted when it
// crashed or hung, so the next Render works. When ctx is cancelled, the
// error wraps ctx.Err() and is no *Error.
func (b *Browser) Render(ctx context.Context, p Page, po PageOptions) (*Result, error) {
	u, err := url.Parse(p.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, b.fail(p.URL, ReasonFailed, errors.New("not an http or https URL"))
	}
	if err := b.acquire(ctx); err != nil {
		return nil, fmt.Errorf("render %s: %w", p.URL, err)
	}
	if po.Fetch == nil {
		po.Fetch = b.opts.Fetch
	}
	if po.AllowHost == nil {
		po.AllowHost = b.opts.AllowHost
	}
	var res *Result
	// A browser that died before the page was sent to it (killed between
	// two pages, say) costs the page nothing: once more on a new one.
	for try := 0; ; try++ {
		inst, err := b.instance(ctx)
		if err != nil {
			<-b.tabs
			if ctx.Err() != nil {
				return nil, fmt.Errorf("render %s: %w", p.URL, ctx.Err())
			}
			return nil, b.fail(p.URL, ReasonFailed, err)
		}
		t := &tab{b: b, inst: inst, page: p, pageURL: u, po: po, refused: map[string]int{}}
		res, err = t.run(ctx)
		if err != nil && try == 0 && !t.navigated && ReasonOf(err) == ReasonCrashed {
			if err := b.acquire(ctx); err != nil {
				return nil, fmt.Errorf("render %s: %w", p.URL, err)
			}
			continue
		}
		if err != nil {
			var re *Error
			if errors.As(err, &re) {
				b.failed.Add(1)
			}
			return nil, err
		}
		break
	}
	b.pages.Add(1)
	return res, nil
}

// acquire takes a token of the pool, waiting for a tab to close.
func (b *Browser) acquire(ctx context.Context) error {
	select {
	case b.tabs <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *Browser) fail(pageURL string, r Reason, err error) error {
	b.failed.Add(1)
	return &Error{URL: pageURL, Reason: r, Err: err}
}

// tab is one page being rendered.
type tab struct {
	b       *Browser
	inst    *instance
	page    Page
	pageURL *url.URL
	po      PageOptions

	pctx      context.Context // the page's context: its timeout, and the caller's cancellation
	target    *chromedp.Target
	frameID   cdp.FrameID // the main frame
	navigated bool        // the page was sent to the browser
	docServed atomic.Bool
	crashed   atomic.Bool
	handlers  sync.WaitGroup // request handlers and dialog answers; Add under mu, while !closing
	closing   bool

	mu       sync.Mutex
	inflight int
	last     time.Time // when the last request started or ended, or the load event
	loaded   bool
	fetched  int
	refused  map[string]int
	wake     chan struct{}
}

// run opens the tab, renders the page and closes the tab (in the
// background: the pool's token is given back once the tab is gone).
func (t *tab) run(ctx context.Context) (*Result, error) {
	b := t.b
	start := time.Now()
	tabCtx, _ := chromedp.NewContext(t.inst.ctx, chromedp.WithNewBrowserContext())
	pctx, pcancel := context.WithTimeout(tabCtx, b.opts.PageTimeout)
	stop := context.AfterFunc(ctx, pcancel)
	t.pctx = pctx
	t.wake = make(chan struct{}, 1)
	open := b.open.Add(1)
	for {
		m := b.maxOpen.Load()
		if open <= m || b.maxOpen.CompareAndSwap(m, open) {
			break
		}
	}

	res, err := t.render()
	if err != nil {
		err = t.classify(ctx, err)
	}
	stop()
	pcancel()
	b.bg.Go(func() { t.close(tabCtx) })
	if res != nil {
		res.Duration = time.Since(start)
	}
	return res, err
}

// closeTimeout bounds closing a tab; past it, the browser is restarted.
const closeTimeout = 10 * time.Second

// close closes the tab and its browser context, then gives the pool's
// token back. A tab that does not close in time, or whose closing fails,
// gets its browser restarted: a hung renderer must not stay.
func (t *tab) close(tabCtx context.Context) {
	defer func() {
		t.b.open.Add(-1)
		<-t.b.tabs
	}()
	done := make(chan error, 1)
	go func() { done <- chromedp.Cancel(tabCtx) }()
	select {
	case err := <-done:
		if err != nil && t.inst.ctx.Err() == nil {
			t.b.discard(t.inst, fmt.Sprintf("closing the tab of %s failed: %v", t.page.URL, err))
		}
	case <-time.After(closeTimeout):
		t.b.discard(t.inst, fmt.Sprintf("the tab of %s did not close within %s", t.page.URL, closeTimeout))
		<-done
	}
	t.mu.Lock()
	t.closing = true
	t.mu.Unlock()
	t.handlers.Wait()
}

// render runs the page in the tab: interception on, navigation, the wait
// for the DOM to settle, the HTML.
func (t *tab) render() (*Result, error) {
	pctx := t.pctx
	if err := chromedp.Do(pctx); err != nil { // opens the tab
		return nil, fmt.Errorf("open a tab: %w", err)
	}
	c := chromedp.FromContext(pctx)
	t.target = c.Target
	t.frameID = cdp.FrameID(c.Target.TargetID)
	if err := chromedp.Listen(pctx, t.event); err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	steps := []struct {
		what string
		call func() error
	}{
		{"enable interception", func() error {
			_, err := cdp.Call(pctx, t.target, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
			return err
		}},
		{"bypass service workers", func() error {
			_, err := cdp.Call(pctx, t.target, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: true})
			return err
		}},
		{"deny downloads", func() error {
			_, err := cdp.Call(pctx, c.Browser, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorDeny, BrowserContextID: c.BrowserContextID})
			return err
		}},
	}
	for _, s := range steps {
		if err := s.call(); err != nil {
			return nil, fmt.Errorf("%s: %w", s.what, err)
		}
	}
	t.navigated = true
	nav, err := cdp.Call(pctx, t.target, page.Navigate, page.NavigateParams{URL: t.page.URL})
	if err != nil {
		return nil, fmt.Errorf("navigate: %w", err)
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("navigate: %s", nav.ErrorText)
	}
	settled, err := t.settle()
	if err != nil {
		return nil, err
	}
	snap, err := chromedp.Run(pctx, chromedp.Evaluate[snapshot](snapshotJS))
	if err != nil {
		return nil, fmt.Errorf("read the HTML: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	refused := make(map[string]int, len(t.refused))
	for k, v := range t.refused {
		refused[k] = v
	}
	return &Result{URL: snap.URL, HTML: []byte(snap.HTML), Settled: settled, Fetched: t.fetched, Refused: refused}, nil
}

type snapshot struct {
	URL  string `json:"url"`
	HTML string `json:"html"`
}

const snapshotJS = `({url: location.href, html: (document.doctype ? new XMLSerializer().serializeToString(document.doctype) + "\n" : "") + document.documentElement.outerHTML})`

// poll is how often the wait looks at the page.
const poll = 50 * time.Millisecond

// settle waits for the DOM to settle: the selector matches, or after the
// load event no request is in flight for Options.Settle. Without a
// selector, a page whose network never goes quiet is read shortly before
// the timeout (SettledDeadline), keeping a slice of the timeout for that.
func (t *tab) settle() (Settled, error) {
	b := t.b
	deadline, _ := t.pctx.Deadline()
	reserve := min(b.opts.PageTimeout/5, 2*time.Second)
	soft := deadline.Add(-reserve)
	var selJS string
	if sel := t.po.WaitSelector; sel != "" {
		q, _ := json.Marshal(sel)
		selJS = fmt.Sprintf("document.querySelector(%s) !== null", q)
	}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case <-t.pctx.Done():
			return "", t.pctx.Err()
		case <-t.inst.ctx.Done():
			return "", errors.New("the browser exited")
		case <-tick.C:
		case <-t.wake:
		}
		if t.crashed.Load() {
			return "", errors.New("the page's renderer crashed")
		}
		if selJS != "" {
			found, err := chromedp.Run(t.pctx, chromedp.Evaluate[bool](selJS))
			if err != nil {
				return "", fmt.Errorf("wait for %q: %w", t.po.WaitSelector, err)
			}
			if found {
				return SettledSelector, nil
			}
			if time.Now().After(soft) {
				return "", fmt.Errorf("wait for %q: %w", t.po.WaitSelector, errNotFound)
			}
			continue
		}
		t.mu.Lock()
		idle := t.loaded && t.inflight == 0 && time.Since(t.last) >= b.opts.Settle
		t.mu.Unlock()
		if idle {
			return SettledIdle, nil
		}
		if time.Now().After(soft) {
			return SettledDeadline, nil
		}
	}
}

var errNotFound = errors.New("no match")

// event is called by chromedp for each event of the tab, in order; it
// must return at once.
func (t *tab) event(ev any) {
	switch ev := ev.(type) {
	case *fetch.EventRequestPaused:
		if !t.begin() {
			return
		}
		go func() {
			defer t.end()
			t.intercept(ev)
		}()
	case *page.EventLoadEventFired:
		t.mu.Lock()
		t.loaded = true
		t.last = time.Now()
		t.mu.Unlock()
	case *inspector.EventTargetCrashed:
		t.crashed.Store(true)
		select {
		case t.wake <- struct{}{}:
		default:
		}
	case *page.EventJavascriptDialogOpening:
		// alert(), confirm(), prompt() and beforeunload would block the page.
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.closing {
			return
		}
		t.handlers.Go(func() {
			_, _ = cdp.Call(t.pctx, t.target, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		})
	}
}

// begin counts a request in flight and its handler; false when the tab
// is closing (the request dies with the tab).
func (t *tab) begin() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return false
	}
	t.handlers.Add(1)
	t.inflight++
	t.last = time.Now()
	return true
}

func (t *tab) end() {
	t.mu.Lock()
	t.inflight--
	t.last = time.Now()
	t.mu.Unlock()
	t.handlers.Done()
}

// classify turns an error of render into what Render returns.
func (t *tab) classify(ctx context.Context, err error) error {
	pageURL := t.page.URL
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("render %s: %w", pageURL, ctx.Err())
	case t.browserGone():
		t.b.discard(t.inst, "the browser exited")
		return &Error{URL: pageURL, Reason: ReasonCrashed, Err: fmt.Errorf("the browser exited: %w", err)}
	case t.crashed.Load():
		return &Error{URL: pageURL, Reason: ReasonCrashed, Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, errNotFound), t.pctx.Err() != nil:
		return &Error{URL: pageURL, Reason: ReasonTimeout, Err: fmt.Errorf("not settled within %s: %w", t.b.opts.PageTimeout, err)}
	}
	return &Error{URL: pageURL, Reason: ReasonFailed, Err: err}
}

// browserGone reports whether the browser process is gone. A call that
// failed because the connection was lost can return just before chromedp
// cancels the browser's context, so a cancellation gets a moment to show.
func (t *tab) browserGone() bool {
	select {
	case <-t.inst.ctx.Done():
		return true
	case <-time.After(200 * time.Millisecond):
		return false
	}
}
