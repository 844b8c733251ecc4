package render

import (
	"bufio"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// wall is the proxy that Chromium is told to use for everything
// (--proxy-server, with --proxy-bypass-list=<-loopback> so that loopback
// goes through it too): a loopback listener of ours that answers nothing.
// Every request the page makes is intercepted and answered before it
// would reach the proxy, so a connection to the wall is a request that
// escaped interception (a WebSocket, a service worker's fetch, a
// prefetch; and Chromium's own background requests, which no flag stops
// entirely): it is counted, its first line logged, and closed unanswered,
// so the browser sees a failed proxy connection and reaches nothing.
// A listener of our own rather than a port nobody listens on: no other
// process can take the port, and escapes are seen.
type wall struct {
	ln      net.Listener
	log     *slog.Logger
	escaped atomic.Int64
	wg      sync.WaitGroup

	mu   sync.Mutex
	seen []string // the first lines of the first maxSeen escapes
}

const maxSeen = 100

func newWall(log *slog.Logger) (*wall, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	w := &wall{ln: ln, log: log}
	w.wg.Go(w.serve)
	return w, nil
}

func (w *wall) addr() string { return w.ln.Addr().String() }

func (w *wall) serve() {
	for {
		c, err := w.ln.Accept()
		if err != nil {
			return
		}
		w.escaped.Add(1)
		w.wg.Go(func() {
			defer c.Close()
			_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReaderSize(c, 512).ReadString('\n')
			line = strings.TrimSpace(line)
			w.mu.Lock()
			if len(w.seen) < maxSeen {
				w.seen = append(w.seen, line)
			}
			w.mu.Unlock()
			// Chromium's own background requests (component updates,
			// sign-in) end here too, at every start: debug, not warn.
			w.log.Debug("render: a browser request escaped interception and was stopped at the proxy wall", "request", line)
		})
	}
}

// requests returns the first lines of the requests that reached the wall.
func (w *wall) requests() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.seen...)
}

func (w *wall) close() {
	w.ln.Close()
	w.wg.Wait()
}
