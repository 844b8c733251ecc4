package crawler

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestPrivateAddr(t *testing.T) {
	for _, tc := range []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"10.1.2.3", true},
		{"172.16.0.1", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"100.64.0.1", true},      // carrier-grade NAT
		{"100.100.100.200", true}, // Alibaba metadata
		{"0.0.0.0", true},
		{"255.255.255.255", true},
		{"224.0.0.1", true},
		{"::1", true},
		{"::", true},
		{"fe80::1", true},
		{"fc00::1", true},
		{"fd00:ec2::254", true}, // AWS metadata over IPv6
		{"::ffff:127.0.0.1", true},
		{"::ffff:169.254.169.254", true},
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"2002:7f00:1::", true},      // 6to4 of 127.0.0.1
		{"8.8.8.8", false},
		{"93.184.216.34", false},
		{"100.128.0.1", false},
		{"2606:4700::6810:84e5", false},
		{"64:ff9b::808:808", false}, // NAT64 of 8.8.8.8
	} {
		if got := privateAddr(netip.MustParseAddr(tc.ip)); got != tc.want {
			t.Errorf("privateAddr(%s) = %v, want %v", tc.ip, got, tc.want)
		}
	}
}

// TestRefusePrivate: with AllowPrivate off, a loopback server gets no
// request at all, robots.txt included, and the page fails as
// private-address.
func TestRefusePrivate(t *testing.T) {
	srv, h := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { html(links("/a/1"))(w, r) }))
	for _, host := range []string{srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)} {
		t.Run(host, func(t *testing.T) {
			s := testSite(host)
			s.ObeyRobots = true
			s.SitemapsFromRobots = true
			opts := testOptions()
			opts.AllowPrivate = false
			rc := newRecorder()
			crawl(t, s, opts, rc)
			f, ok := rc.failure(host + "/")
			if !ok || f.Reason != "private-address" || f.Attempts != 1 {
				t.Errorf("failure = %+v, want private-address after 1 attempt", f)
			}
		})
	}
	if n := h.total(); n != 0 {
		t.Errorf("the server saw %d requests, want none", n)
	}
}

// TestRedirectToRefusedAddress: an allowed host redirects to a name of the
// same site that resolves to a refused address; the dialer refuses it
// after DNS, so the second server never sees a request.
func TestRedirectToRefusedAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	inner := &hits{}
	target := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inner.add(r)
		html(articleHTML("secret"))(w, r)
	}))
	target.Listener.Close()
	target.Listener = l
	target.Start()
	defer target.Close()
	_, targetPort, _ := net.SplitHostPort(l.Addr().String())

	mux := http.NewServeMux()
	mux.HandleFunc("/a/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://metadata.news.test:"+targetPort+"/latest/meta-data", http.StatusFound)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { text("User-agent: *\nAllow: /\n")(w) })
	srv, h := serve(t, mux)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	base := "http://news.test:" + port
	s := testSite(base)
	s.StartURLs = []string{base + "/a/1"}
	opts := testOptions()
	opts.AllowPrivate = false
	// Only 127.0.0.1 is allowed: it stands for a public address here.
	opts.refuse = func(ip netip.Addr) bool { return ip != netip.MustParseAddr("127.0.0.1") && privateAddr(ip) }
	opts.resolve = map[string]string{"news.test": "127.0.0.1", "metadata.news.test": "127.0.0.2"}
	rc := newRecorder()
	crawl(t, s, opts, rc)
	if f, _ := rc.failure(base + "/a/1"); f.Reason != "private-address" {
		t.Errorf("failure = %q (%v), want private-address", f.Reason, f.Err)
	}
	if h.get("/robots.txt") != 1 || h.get("/a/1") != 1 {
		t.Errorf("the allowed host saw robots.txt %d times and /a/1 %d times, want 1 and 1", h.get("/robots.txt"), h.get("/a/1"))
	}
	if n := inner.total(); n != 0 {
		t.Errorf("the refused address got %d requests, want none", n)
	}
}
