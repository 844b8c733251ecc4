// Package robotstxt parses a robots.txt (RFC 9309) for one crawler and
// matches paths against its rules. It does no I/O: package crawler fetches
// the file, caches it and applies Crawl-delay.
//
// What it reads, as RFC 9309 and Google's reference parser
// (google/robotstxt) do:
//
//   - lines end with LF, CR or CRLF; a UTF-8 byte order mark, whole or
//     in part, is skipped at the start of the file; a line is cut at
//     MaxLineBytes; "#" starts a comment;
//   - "key: value", the key in any case; a line without a colon is read
//     as "key value" when it holds exactly two words (Google's leniency
//     for "Disallow /");
//   - a group is one or more User-agent lines and the rules after them; it
//     ends at the next User-agent line that follows a rule. Other records
//     (Crawl-delay, Sitemap, unknown ones) never end a group (RFC 9309
//     §2.2.4), and empty lines do not either. Rules before the first
//     User-agent line are ignored;
//   - the groups naming the crawler's product token (a User-agent value is
//     read up to its first space or "/", case-insensitively) are merged;
//     without one, the "*" groups are; without those, everything is
//     allowed;
//   - the longest matching pattern wins, Allow on a tie; "*" matches any
//     run of bytes and a final "$" the end of the path; patterns and paths
//     compare after percent-encoding bytes outside ASCII, upper-casing
//     escapes and decoding escaped unreserved characters (RFC 9309
//     §2.2.2). An Allow of ".../index.html" also allows ".../" (Google);
//   - Crawl-delay (seconds, fractions allowed) of the chosen groups, the
//     largest; Sitemap: lines anywhere in the file.
package robotstxt

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxLineBytes is where a line is cut, as Google's parser does (8 × 2083
// bytes, the longest URL some browsers took, less the end of line).
const MaxLineBytes = 8*2083 - 1

// Rule is one Allow or Disallow line of the chosen groups, its pattern
// normalised (Normalize).
type Rule struct {
	Allow   bool
	Pattern string
}

// Robots is what a robots.txt says to one crawler.
type Robots struct {
	Rules      []Rule
	CrawlDelay time.Duration // 0: none
	Sitemaps   []string      // every Sitemap: line, in order
}

// ProductToken is the robots.txt name of a User-Agent: "newsnorm/0.1
// (+https://...)" is "newsnorm".
func ProductToken(ua string) string {
	ua = strings.TrimSpace(ua)
	if i := strings.IndexAny(ua, "/ \t;("); i >= 0 {
		ua = ua[:i]
	}
	return strings.ToLower(ua)
}

type group struct {
	agents []string // product tokens, "*"
	rules  []Rule
	delay  time.Duration
	closed bool // a rule followed the user-agent lines: the next one starts a new group
}

// Parse reads body for the crawler whose product token is agent
// (ProductToken). Lines it does not understand are skipped.
func Parse(body []byte, agent string) *Robots {
	rb := &Robots{}
	var groups []*group
	var cur *group
	body = skipBOM(body)
	for len(body) > 0 {
		var line []byte
		line, body = nextLine(body)
		key, val, ok := keyValue(line)
		if !ok {
			continue
		}
		switch key {
		case "user-agent":
			if cur == nil || cur.closed {
				cur = &group{}
				groups = append(groups, cur)
			}
			a := val
			if a != "*" {
				a = ProductToken(a)
			}
			cur.agents = append(cur.agents, a)
		case "allow", "disallow":
			if cur == nil {
				continue
			}
			cur.closed = true
			if val == "" {
				continue // "Disallow:" allows everything: no rule
			}
			p := Normalize(val)
			cur.rules = append(cur.rules, Rule{Allow: key == "allow", Pattern: p})
			if key == "allow" && strings.HasSuffix(p, "/index.html") {
				cur.rules = append(cur.rules, Rule{Allow: true, Pattern: strings.TrimSuffix(p, "index.html") + "$"})
			}
		case "crawl-delay":
			if cur == nil {
				continue
			}
			if secs, err := strconv.ParseFloat(val, 64); err == nil && secs > 0 && secs < 1e6 {
				cur.delay = max(cur.delay, time.Duration(secs*float64(time.Second)))
			}
		case "sitemap":
			if val != "" {
				rb.Sitemaps = append(rb.Sitemaps, val)
			}
		}
	}
	var mine, star []*group
	for _, g := range groups {
		if agent != "" && slices.Contains(g.agents, agent) {
			mine = append(mine, g)
		} else if slices.Contains(g.agents, "*") {
			star = append(star, g)
		}
	}
	if len(mine) == 0 {
		mine = star
	}
	for _, g := range mine {
		rb.Rules = append(rb.Rules, g.rules...)
		rb.CrawlDelay = max(rb.CrawlDelay, g.delay)
	}
	return rb
}

// skipBOM drops a UTF-8 byte order mark, or the start of one, at the
// start of the file.
func skipBOM(b []byte) []byte {
	for _, c := range []byte{0xEF, 0xBB, 0xBF} {
		if len(b) == 0 || b[0] != c {
			break
		}
		b = b[1:]
	}
	return b
}

// nextLine returns the first line of b (without its end, cut at
// MaxLineBytes) and the rest after LF, CR or CRLF.
func nextLine(b []byte) (line, rest []byte) {
	i := bytes.IndexAny(b, "\r\n")
	if i < 0 {
		line, rest = b, nil
	} else {
		line, rest = b[:i], b[i+1:]
		if b[i] == '\r' && len(rest) > 0 && rest[0] == '\n' {
			rest = rest[1:]
		}
	}
	if len(line) > MaxLineBytes {
		line = line[:MaxLineBytes]
	}
	return line, rest
}

// keyValue splits a line into its lower-case key and its value, without
// the comment and the surrounding space.
func keyValue(line []byte) (key, val string, ok bool) {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	s := strings.TrimSpace(string(line))
	if s == "" {
		return "", "", false
	}
	k, v, found := strings.Cut(s, ":")
	if !found {
		// "Disallow /": accepted when there are exactly two words.
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return "", "", false
		}
		k, v = s[:i], strings.TrimLeft(s[i:], " \t")
		if strings.ContainsAny(v, " \t") {
			return "", "", false
		}
	}
	return strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v), true
}

// Allowed reports whether path (the escaped path and query of a URL,
// "/a/b?c=d") may be fetched: the longest matching rule wins, Allow on a
// tie; no match allows. "/robots.txt" is always allowed.
func (rb *Robots) Allowed(path string) bool {
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	path = Normalize(path)
	best, allow := -1, true
	for _, rule := range rb.Rules {
		n := len(rule.Pattern)
		if n < best || n == best && !rule.Allow || !Match(rule.Pattern, path) {
			continue
		}
		best, allow = n, rule.Allow
	}
	return allow
}

// Normalize percent-encodes bytes outside printable ASCII, upper-cases
// percent escapes and decodes those of unreserved characters (letters,
// digits, "-._~"), so that patterns and paths compare as RFC 9309 §2.2.2
// asks.
func Normalize(p string) string {
	clean := true
	for i := 0; i < len(p); i++ {
		if c := p[i]; c == '%' || c >= 0x80 || c <= ' ' || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return p
	}
	var b strings.Builder
	b.Grow(len(p) + 8)
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			d := unhex(p[i+1])<<4 | unhex(p[i+2])
			if unreserved(d) {
				b.WriteByte(d)
			} else {
				b.WriteByte('%')
				b.WriteString(strings.ToUpper(p[i+1 : i+3]))
			}
			i += 2
		case c >= 0x80 || c <= ' ' || c == 0x7f:
			const hex = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// Match matches a robots.txt path pattern against a path, both
// normalised: a prefix, with "*" for any run of bytes and a final "$" for
// the end of the path.
func Match(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	first, rest, wild := strings.Cut(pattern, "*")
	if !strings.HasPrefix(path, first) {
		return false
	}
	if !wild {
		return !anchored || len(first) == len(path)
	}
	pos := len(first)
	parts := strings.Split(rest, "*")
	for _, p := range parts[:len(parts)-1] {
		i := strings.Index(path[pos:], p)
		if i < 0 {
			return false
		}
		pos += i + len(p)
	}
	last := parts[len(parts)-1]
	if anchored {
		return len(path)-len(last) >= pos && strings.HasSuffix(path, last)
	}
	return strings.Contains(path[pos:], last)
}
