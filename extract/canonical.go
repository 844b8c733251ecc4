package extract

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// canonical returns rel=canonical (or og:url) when it is an absolute http(s)
// URL, other than the home page, on the same registrable domain as the
// page, else the page URL. The fragment is dropped.
func (p *page) canonical() string {
	cands := append([]string(nil), p.canonicals...)
	if v := p.meta["og:url"]; v != "" {
		cands = append(cands, v)
	}
	for _, c := range cands {
		cu, err := p.url.Parse(strings.TrimSpace(c))
		if err != nil || (cu.Scheme != "http" && cu.Scheme != "https") || cu.Host == "" {
			continue
		}
		if sameSite(cu.Hostname(), p.url.Hostname()) && cu.Path != "" && cu.Path != "/" {
			cu.Fragment, cu.RawFragment = "", ""
			return cu.String()
		}
	}
	return p.url.String()
}

// sameSite reports whether two host names share a registrable domain
// ("www.example.co.uk" and "m.example.co.uk"; not "example.co.uk" and
// "other.co.uk"). Hosts without one (IP addresses, "localhost") must be
// equal.
func sameSite(a, b string) bool {
	a, b = strings.TrimSuffix(strings.ToLower(a), "."), strings.TrimSuffix(strings.ToLower(b), ".")
	if a == b {
		return a != ""
	}
	da, errA := publicsuffix.EffectiveTLDPlusOne(a)
	db, errB := publicsuffix.EffectiveTLDPlusOne(b)
	return errA == nil && errB == nil && da == db
}
