// Command benchsite serves a generated Tarnama-layout news site of -n
// articles (package benchsite) on loopback, for the crawl and backfill
// benchmarks. It prints "listening http://127.0.0.1:PORT" on stdout once
// it accepts connections, and serves until killed.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/benchsite"
)

func main() {
	n := flag.Int("n", 20000, "articles")
	perPage := flag.Int("per-page", 100, "articles per archive page")
	latency := flag.Duration("latency", 0, "delay of every article response")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	flag.Parse()
	host, _, err := net.SplitHostPort(*addr)
	if err != nil || net.ParseIP(host) == nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(os.Stderr, "benchsite: -addr %q: want a loopback address such as 127.0.0.1:0\n", *addr)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchsite:", err)
		os.Exit(1)
	}
	site := benchsite.New(*n, *perPage)
	site.SetLatency(*latency)
	srv := &http.Server{Handler: site, ConnState: site.ConnState, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Printf("listening http://%s\n", ln.Addr())
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "benchsite:", err)
		os.Exit(1)
	}
}
