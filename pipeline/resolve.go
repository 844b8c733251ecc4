package pipeline

import (
	"net/url"
	"strings"
	"sync"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/extract"
)

// Target is what a URL resolves to: the site its record is filed under and
// how its page is extracted.
type Target struct {
	// Site is the configured site's name, or the URL's host for a URL no
	// site owns.
	Site string
	// Config is the configured site, nil for generic extraction.
	Config *config.Site
	// Profile is the site's extraction profile (the generic one for
	// unconfigured sites). Never nil.
	Profile *extract.Profile
	// Charset is the site's forced character encoding ("" = detect).
	Charset string
	// Article reports that the URL matches the site's article pattern (as
	// opposed to a follow pattern, or no site at all).
	Article bool
}

// Resolver maps URLs and site names to targets. Profiles are built once
// per site and cached. It is safe for concurrent use.
type Resolver struct {
	cfg      *config.Config
	profiles sync.Map // site name -> *extract.Profile
}

// NewResolver returns the resolver of a validated config.
func NewResolver(cfg *config.Config) *Resolver { return &Resolver{cfg: cfg} }

// URL resolves a page URL: the configured site whose article pattern
// matches it, else (with owned) one whose article or follow patterns do,
// else generic extraction under the URL's host (Site "" when the URL has
// no host).
func (r *Resolver) URL(u string, owned bool) Target {
	for i := range r.cfg.Sites {
		if re := r.cfg.Sites[i].ArticlePattern(); re != nil && re.MatchString(u) {
			t := r.site(&r.cfg.Sites[i])
			t.Article = true
			return t
		}
	}
	if owned {
		if s := r.cfg.SiteFor(u); s != nil {
			return r.site(s)
		}
	}
	return r.generic(HostOf(u))
}

// Article resolves a URL only when a configured site's article pattern
// matches it; ok is false otherwise.
func (r *Resolver) Article(u string) (Target, bool) {
	t := r.URL(u, false)
	return t, t.Article
}

// Site resolves the crawler's site name: a configured site, or the host
// name the crawler files an unconfigured URL under.
func (r *Resolver) Site(name string) Target {
	if s := r.cfg.SiteByName(name); s != nil {
		return r.site(s)
	}
	return r.generic(name)
}

func (r *Resolver) site(s *config.Site) Target {
	return Target{Site: s.Name, Config: s, Profile: r.profile(s.Name, s.Profile), Charset: s.Charset}
}

func (r *Resolver) generic(host string) Target {
	return Target{Site: host, Profile: extract.GenericProfile()}
}

func (r *Resolver) profile(name string, build func() *extract.Profile) *extract.Profile {
	if v, ok := r.profiles.Load(name); ok {
		return v.(*extract.Profile)
	}
	v, _ := r.profiles.LoadOrStore(name, build())
	return v.(*extract.Profile)
}

// HostOf returns the lower-case host of a URL, or "".
func HostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(pu.Hostname())
}
