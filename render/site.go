package render

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// siteOf names the site of a URL, for confining a page's subrequests to
// its own site: the registrable domain (eTLD+1, from the public suffix
// list) of a host name that has one, so www.example.com, cdn.example.com
// and example.com are one site whatever the port; otherwise (an IP
// address, a single-label name such as localhost, a public suffix itself)
// the host and port, so that two servers on one address are two sites.
func siteOf(u *url.URL) string {
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "" {
		return ""
	}
	if net.ParseIP(host) == nil && strings.Contains(host, ".") {
		if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			return d
		}
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443"}[u.Scheme]
	}
	return net.JoinHostPort(host, port)
}

// sameSite reports whether a and b are on one site (see siteOf).
func sameSite(a, b *url.URL) bool {
	sa := siteOf(a)
	return sa != "" && sa == siteOf(b)
}
