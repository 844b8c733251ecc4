package render

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Fetcher fetches one subrequest of a page for the browser: newsnorm's own
// guarded client (client.Do), which refuses private addresses at connect
// time. The request carries the page's context; the response body is read
// (up to Options.MaxBodyBytes) and closed by the caller. An error, or a
// body larger than the limit, makes the request fail in the page.
type Fetcher func(*http.Request) (*http.Response, error)

// Options configure a Browser. The zero value is usable: the defaults are
// given with each field.
type Options struct {
	// ExecPath is the Chromium executable; "" finds it with Find.
	ExecPath string
	// Tabs is how many pages are open at once, at most; default 2.
	Tabs int
	// PageTimeout bounds one page, from opening its tab to reading its
	// HTML; default 30s.
	PageTimeout time.Duration
	// Settle is the quiet time that makes the DOM settled: after the load
	// event, no request of the page in flight for this long; default
	// 500ms.
	Settle time.Duration
	// Block lists the resource types refused whatever their host
	// ("Image", "Font", "Media", "Stylesheet", "Script", ...: the
	// DevTools protocol's Network.ResourceType names, in any case). nil
	// means DefaultBlock; an empty non-nil slice blocks no type.
	Block []string
	// Fetch fetches the subrequests that pass the checks (same site, type
	// not blocked, AllowHost); PageOptions.Fetch overrides it per page.
	// With neither, every subrequest is refused.
	Fetch Fetcher
	// AllowHost, when set, is asked about every subrequest's host (after
	// the same-site check, which it cannot loosen); false refuses it.
	AllowHost func(host string) bool
	// UserAgent is the browser's User-Agent (navigator.userAgent and the
	// header of every subrequest); "" keeps Chromium's own.
	UserAgent string
	// MaxBodyBytes caps one subrequest's response body; default 10 MiB.
	MaxBodyBytes int64
	// Logger gets the browser's starts, restarts and the requests that
	// were refused (debug); default slog.Default().
	Logger *slog.Logger
}

// DefaultBlock are the resource types refused by default: they cost
// bandwidth and time and never hold an article's text.
var DefaultBlock = []string{"Image", "Font", "Media"}

// Stats counts what a Browser did; see Browser.Stats.
type Stats struct {
	Starts   int64 // browser processes started (1 + restarts)
	Restarts int64 // starts after a crash, a hang or a tab that would not close
	Pages    int64 // Render calls that returned a result
	Failed   int64 // Render calls that returned an *Error
	// MaxOpen is the most tabs that were open at once.
	MaxOpen int64
	// Escaped counts connections that reached the proxy wall: requests
	// that escaped interception (and were stopped there).
	Escaped int64
}

// Browser renders pages in one headless Chromium process, started on the
// first Render and started again when it crashes or hangs, with at most
// Options.Tabs pages open at once. It is safe for concurrent use. Close
// stops the browser.
type Browser struct {
	opts  Options
	block map[network.ResourceType]bool
	log   *slog.Logger
	tabs  chan struct{} // the pool: one token per open tab

	mu     sync.Mutex
	inst   *instance // nil: not started, or dead
	wall   *wall
	closed bool
	bg     sync.WaitGroup // tabs being closed and browsers being stopped

	open                                           atomic.Int64
	starts, restarts, pages, failed, maxOpen, gens atomic.Int64
}

// instance is one browser process.
type instance struct {
	gen         int64
	ctx         context.Context // the browser's chromedp context; done when the browser is gone
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	pid         int
	stopOnce    sync.Once
}

// New checks the options and finds Chromium (an error wrapping
// ErrNoChromium when there is none). It starts nothing: the browser starts
// on the first Render.
func New(opts Options) (*Browser, error) {
	if opts.Tabs <= 0 {
		opts.Tabs = 2
	}
	if opts.PageTimeout <= 0 {
		opts.PageTimeout = 30 * time.Second
	}
	if opts.Settle <= 0 {
		opts.Settle = 500 * time.Millisecond
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 10 << 20
	}
	if opts.Block == nil {
		opts.Block = DefaultBlock
	}
	block := map[network.ResourceType]bool{}
	for _, t := range opts.Block {
		rt, ok := resourceType(t)
		if !ok {
			return nil, fmt.Errorf("render: block: unknown resource type %q (want one of %s)", t, strings.Join(resourceTypeNames(), ", "))
		}
		block[rt] = true
	}
	path, err := Find(opts.ExecPath)
	if err != nil {
		return nil, err
	}
	opts.ExecPath = path
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Browser{opts: opts, block: block, log: log, tabs: make(chan struct{}, opts.Tabs)}, nil
}

// resourceTypes are the resource types of the DevTools protocol.
var resourceTypes = []network.ResourceType{
	network.ResourceTypeDocument, network.ResourceTypeStylesheet, network.ResourceTypeImage,
	network.ResourceTypeMedia, network.ResourceTypeFont, network.ResourceTypeScript,
	network.ResourceTypeTextTrack, network.ResourceTypeXHR, network.ResourceTypeFetch,
	network.ResourceTypePrefetch, network.ResourceTypeEventSource, network.ResourceTypeWebSocket,
	network.ResourceTypeManifest, network.ResourceTypeSignedExchange, network.ResourceTypePing,
	network.ResourceTypeCSPViolationReport, network.ResourceTypePreflight, network.ResourceTypeFedCM,
	network.ResourceTypeOther,
}

func resourceType(name string) (network.ResourceType, bool) {
	for _, rt := range resourceTypes {
		if strings.EqualFold(string(rt), name) {
			return rt, true
		}
	}
	return "", false
}

func resourceTypeNames() []string {
	names := make([]string, len(resourceTypes))
	for i, rt := range resourceTypes {
		names[i] = string(rt)
	}
	return names
}

// ExecPath is the Chromium executable the browser runs.
func (b *Browser) ExecPath() string { return b.opts.ExecPath }

// Stats returns what the browser did so far.
func (b *Browser) Stats() Stats {
	s := Stats{
		Starts: b.starts.Load(), Restarts: b.restarts.Load(), Pages: b.pages.Load(),
		Failed: b.failed.Load(), MaxOpen: b.maxOpen.Load(),
	}
	b.mu.Lock()
	if b.wall != nil {
		s.Escaped = b.wall.escaped.Load()
	}
	b.mu.Unlock()
	return s
}

// errClosed is the error of a Render after Close.
var errClosed = errors.New("the browser is closed")

// startTimeout bounds the start of a browser process.
const startTimeout = 30 * time.Second

// instance returns the running browser, starting one when there is none
// (first use, or the last one died).
func (b *Browser) instance(ctx context.Context) (*instance, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, errClosed
	}
	if b.inst != nil && b.inst.ctx.Err() == nil {
		return b.inst, nil
	}
	if b.inst != nil {
		b.stopLocked(b.inst)
		b.inst = nil
	}
	if b.wall == nil {
		w, err := newWall(b.log)
		if err != nil {
			return nil, fmt.Errorf("start the proxy wall: %w", err)
		}
		b.wall = w
	}
	inst, err := b.start(ctx)
	if err != nil {
		return nil, err
	}
	b.inst = inst
	b.starts.Add(1)
	if inst.gen > 1 {
		b.restarts.Add(1)
	}
	b.log.Info("render: browser started", "exec", b.opts.ExecPath, "pid", inst.pid, "start", inst.gen)
	return inst, nil
}

// allocatorOptions are the flags of every browser process: chromedp's
// defaults (headless, no first run, no background networking, no sync,
// ...), the flags Chromium needs here as root, and the walls around the
// network.
func (b *Browser) allocatorOptions() []chromedp.ExecAllocatorOption {
	opts := append([]chromedp.ExecAllocatorOption{}, chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(b.opts.ExecPath),
		chromedp.NoSandbox, // as root (chromedp adds it for root itself; also needed in containers)
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		// Popups open tabs that are not intercepted: keep them blocked.
		chromedp.Flag("disable-popup-blocking", false),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,MediaRouter,DialMediaRouteProvider,OptimizationHints"),
		// The second wall: whatever escapes interception goes to a proxy
		// that answers nothing (loopback included), and no host name
		// resolves.
		chromedp.ProxyServer("http://"+b.wall.addr()),
		chromedp.Flag("proxy-bypass-list", "<-loopback>"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	if b.opts.UserAgent != "" {
		opts = append(opts, chromedp.UserAgent(b.opts.UserAgent))
	}
	return opts
}

// start starts a browser process (chromedp gives it a fresh temporary
// user data directory, removed when it stops) and waits until it answers.
func (b *Browser) start(ctx context.Context) (*instance, error) {
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), b.allocatorOptions()...)
	debugf := func(format string, args ...any) { b.log.Debug("render: chromedp: " + fmt.Sprintf(format, args...)) }
	bctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(debugf), chromedp.WithLogf(debugf))
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(bctx) }() // the browser lives as long as bctx, which has no deadline
	var err error
	select {
	case err = <-done:
	case <-time.After(startTimeout):
		err = fmt.Errorf("no answer within %s", startTimeout)
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		cancel()
		allocCancel()
		return nil, fmt.Errorf("start %s: %w", b.opts.ExecPath, err)
	}
	inst := &instance{gen: b.gens.Add(1), ctx: bctx, cancel: cancel, allocCancel: allocCancel}
	if c := chromedp.FromContext(bctx); c != nil && c.Browser != nil && c.Browser.Process() != nil {
		inst.pid = c.Browser.Process().Pid
	}
	return inst, nil
}

// discard drops inst (when it is still the current browser) and stops its
// process in the background, so that the next Render starts a new one.
func (b *Browser) discard(inst *instance, why string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inst == inst {
		b.inst = nil
		b.log.Warn("render: restarting the browser", "pid", inst.pid, "why", why)
	}
	b.stopLocked(inst)
}

// stopLocked kills inst's process in the background (b.mu held).
func (b *Browser) stopLocked(inst *instance) {
	inst.stopOnce.Do(func() {
		b.bg.Go(func() {
			inst.cancel()
			inst.allocCancel() // kills the process, waits for it, removes its directory
		})
	})
}

// Close stops the browser and waits until its process has exited. Renders
// still in flight fail. Close is idempotent.
func (b *Browser) Close() error {
	b.mu.Lock()
	b.closed = true
	inst := b.inst
	b.inst = nil
	b.mu.Unlock()
	var err error
	if inst != nil {
		inst.stopOnce.Do(func() {
			// Gracefully first, so that Chromium removes its own files.
			ctx, cancel := context.WithTimeout(inst.ctx, 5*time.Second)
			err = chromedp.Cancel(ctx)
			cancel()
			inst.cancel()
			inst.allocCancel()
		})
	}
	b.bg.Wait()
	b.mu.Lock()
	if b.wall != nil {
		b.wall.close()
	}
	b.mu.Unlock()
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("render: close the browser: %w", err)
	}
	return nil
}
