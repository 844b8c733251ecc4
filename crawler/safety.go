package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// ErrPrivateAddress means a host resolved to an address that is refused
// because allow_private_networks is off.
var ErrPrivateAddress = errors.New("refusing to connect to a private, loopback or link-local address (set allow_private_networks: true to allow)")

// privateAddr reports whether ip is loopback, private, link-local,
// unspecified, multicast, carrier-grade NAT, reserved or a cloud metadata
// address, also when it is embedded in an IPv6 address (IPv4-mapped,
// IPv4-compatible, NAT64, 6to4).
func privateAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if v4, ok := embeddedV4(ip); ok {
		return privateAddr(v4)
	}
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || ip.IsInterfaceLocalMulticast() {
		return true
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this" network
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT (and Alibaba's metadata 100.100.100.200)
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, cloud metadata 169.254.169.254
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, broadcast
	netip.MustParsePrefix("fd00:ec2::/32"),  // AWS metadata over IPv6 (fd00:ec2::254)
	netip.MustParsePrefix("100::/64"),       // discard-only
}

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
	v4compat  = netip.MustParsePrefix("::/96")
)

// embeddedV4 returns the IPv4 address inside a NAT64, 6to4 or
// IPv4-compatible IPv6 address.
func embeddedV4(ip netip.Addr) (netip.Addr, bool) {
	if !ip.Is6() {
		return netip.Addr{}, false
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip), v4compat.Contains(ip) && !ip.IsUnspecified() && ip != netip.IPv6Loopback():
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}

// guard refuses connections to private addresses. The check runs in the
// dialer's Control, on the address actually connected to: after DNS, for
// every redirect hop and for robots.txt and sitemaps alike, since they all
// use the same transport. Through an HTTP proxy the dialer sees only the
// proxy, so proxy targets are resolved and checked beforehand (best
// effort: the proxy resolves them again).
type guard struct {
	refuse  func(netip.Addr) bool // nil: allow everything
	resolve map[string]string     // host -> IP, tests only
	proxies sync.Map              // "host:port" of proxies in use: dialled unchecked
}

func newGuard(opts Options) *guard {
	g := &guard{resolve: opts.resolve}
	if !opts.AllowPrivate {
		g.refuse = privateAddr
		if opts.refuse != nil {
			g.refuse = opts.refuse
		}
	}
	return g
}

// dialContext returns a DialContext with the address check and a connect
// timeout.
func (g *guard) dialContext(timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	plain := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	checked := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: g.control}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if _, ok := g.proxies.Load(addr); ok {
			return plain.DialContext(ctx, network, addr)
		}
		if host, port, err := net.SplitHostPort(addr); err == nil {
			if ip, ok := g.resolve[host]; ok && ip == "" {
				return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
			} else if ok {
				addr = net.JoinHostPort(ip, port)
			}
		}
		if g.refuse == nil {
			return plain.DialContext(ctx, network, addr)
		}
		return checked.DialContext(ctx, network, addr)
	}
}

func (g *guard) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	if g.refuse(ap.Addr()) {
		return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
	}
	return nil
}

// proxy is http.ProxyFromEnvironment plus the address check of the target
// when a proxy is used.
func (g *guard) proxy(req *http.Request) (*url.URL, error) {
	pu, err := http.ProxyFromEnvironment(req)
	if err != nil || pu == nil || g.refuse == nil {
		return pu, err
	}
	host := req.URL.Hostname()
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else if addrs, err = net.DefaultResolver.LookupNetIP(req.Context(), "ip", host); err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	for _, a := range addrs {
		if g.refuse(a) {
			return nil, fmt.Errorf("%s resolves to %s: %w", host, a, ErrPrivateAddress)
		}
	}
	port := pu.Port()
	if port == "" {
		port = map[string]string{"https": "443", "socks5": "1080", "socks5h": "1080"}[pu.Scheme]
		if port == "" {
			port = "80"
		}
	}
	g.proxies.Store(net.JoinHostPort(pu.Hostname(), port), true)
	return pu, nil
}
