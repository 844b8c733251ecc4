package crawler

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// At scale (thousands of sites in one config), what a run holds open is
// bounded by Options, not by the number of sites:
//
//   - one http.Transport for every runner of a Crawl or Fetch (each
//     site keeps its own http.Client for its cookie jar and redirect
//     policy), so idle connections are pooled once;
//   - Options.MaxConnections (default 512): open connections, idle ones
//     included, across every host. A dial waits for a free one; while it
//     waits, the pool's idle connections are closed to make room. It is
//     counted on the dialled connection (a redirect, a retry and
//     robots.txt use the same pool);
//   - Options.MaxSitesInFlight (default 256, Crawl only): sites crawled
//     at once. Each site's runner (its collector, frontier and workers)
//     is made when a slot frees and dropped when the site is through, in
//     config order from a random site on. A Fetch (backfill) makes a runner per site of its URL
//     list as the list reaches it, and keeps it to the list's end.
const (
	defaultMaxConnections   = 512
	defaultMaxSitesInFlight = 256
)

func (o *Options) maxConnections() int {
	if o.MaxConnections > 0 {
		return o.MaxConnections
	}
	return defaultMaxConnections
}

func (o *Options) maxSitesInFlight() int {
	if o.MaxSitesInFlight > 0 {
		return o.MaxSitesInFlight
	}
	return defaultMaxSitesInFlight
}

// connLimiter bounds the open connections of a transport.
type connLimiter struct {
	slots     chan struct{}
	open      atomic.Int64
	peak      atomic.Int64
	closeIdle func() // the transport's CloseIdleConnections
	lastRoom  atomic.Int64
}

func newConnLimiter(n int) *connLimiter { return &connLimiter{slots: make(chan struct{}, n)} }

// dial wraps a DialContext: a connection is dialled only when one of the
// slots is free, and frees it when closed.
func (l *connLimiter) dial(next func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if err := l.acquire(ctx); err != nil {
			return nil, err
		}
		c, err := next(ctx, network, addr)
		if err != nil {
			l.release()
			return nil, err
		}
		return &limitedConn{Conn: c, l: l}, nil
	}
}

func (l *connLimiter) acquire(ctx context.Context) error {
	select {
	case l.slots <- struct{}{}:
	default:
		// Full: idle connections (of sites through, or waiting for their
		// delay) make room; then wait for a slot.
		t := time.NewTimer(10 * time.Millisecond)
		defer t.Stop()
	wait:
		for {
			select {
			case l.slots <- struct{}{}:
				break wait
			case <-t.C:
				l.makeRoom()
				t.Reset(100 * time.Millisecond)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	n := l.open.Add(1)
	for {
		p := l.peak.Load()
		if n <= p || l.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return nil
}

// makeRoom closes the pool's idle connections, at most once per 50ms
// however many dials wait.
func (l *connLimiter) makeRoom() {
	now := time.Now().UnixNano()
	last := l.lastRoom.Load()
	if l.closeIdle == nil || now-last < int64(50*time.Millisecond) || !l.lastRoom.CompareAndSwap(last, now) {
		return
	}
	l.closeIdle()
}

func (l *connLimiter) release() {
	l.open.Add(-1)
	<-l.slots
}

type limitedConn struct {
	net.Conn
	l    *connLimiter
	once sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.l.release)
	return err
}
