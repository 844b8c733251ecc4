package crawler

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// XML sitemaps (sitemaps.org), sitemap indexes and Google News sitemaps,
// plain or gzip-compressed (the transport inflates any gzip body, by its
// magic bytes), and text sitemaps (one URL a line). They are parsed as a
// stream, never held in memory: a sitemap may be 50 MB and 50,000 URLs.
//
// A sitemap is a start page whose links come from XML: every <loc> the
// article pattern matches is queued as an article, and one a follow
// pattern matches as a listing page one hop deep. Child sitemaps of an
// index are queued as sitemaps, maxSitemapDepth levels deep at most.
// Entries whose news:publication_date (else lastmod) is older than
// Site.SitemapMaxAge are skipped; so are child sitemaps whose lastmod is.
const (
	maxSitemapBytes = 64 << 20 // decompressed, per file (the protocol says 50 MB)
	maxSitemapURLs  = 50000    // entries read per file
	maxSitemapDepth = 3        // levels of sitemap indexes
	maxSitemapFiles = 2000     // sitemap files per site and run
)

type sitemapEntry struct {
	loc   string
	date  time.Time // news publication date, else lastmod; zero if none
	index bool      // a child sitemap of a sitemap index
}

// sitemap fetches and reads one sitemap.
func (r *runner) sitemap(ctx, fctx context.Context, j job, hdr http.Header) {
	if n := r.sitemapFiles.Add(1); n > maxSitemapFiles {
		if n == maxSitemapFiles+1 {
			r.log.Warn("too many sitemaps, skipping the rest", "site", r.site.Name, "limit", maxSitemapFiles)
		}
		r.stats.count(&r.stats.skipped, ReasonSitemapLimit)
		return
	}
	var cutoff time.Time
	if r.site.SitemapMaxAge > 0 {
		cutoff = time.Now().Add(-r.site.SitemapMaxAge)
	}
	limit := int64(maxSitemapBytes)
	if r.opts.maxSitemapBytes > 0 {
		limit = r.opts.maxSitemapBytes
	}
	leaf := true
	res := r.attempt(ctx, j.url, func() *result {
		return r.stream(fctx, j.url, hdr, limit, func(rd io.Reader) error {
			base, _ := url.Parse(j.url)
			n := 0
			return parseSitemap(rd, func(e sitemapEntry) bool {
				if !cutoff.IsZero() && !e.date.IsZero() && e.date.Before(cutoff) {
					return true
				}
				abs := absURL(base, e.loc)
				switch {
				case abs == "":
				case e.index && j.level+1 > maxSitemapDepth:
					r.log.Warn("sitemap indexes nested too deep, skipped", "url", abs, "parent", j.url)
				case e.index:
					r.push(fctx, job{url: Canonical(abs), kind: kindSitemap, level: j.level + 1, parent: j.url})
					leaf = false
				default:
					if r.discover(fctx, abs, j) {
						leaf = false
					}
				}
				if n++; n >= maxSitemapURLs {
					r.log.Warn("sitemap has too many entries, the rest skipped", "url", j.url, "limit", maxSitemapURLs)
					return false
				}
				return true
			})
		})
	})
	if r.settle(fctx, j, res, hdr != nil) {
		r.remember(j, res, leaf)
	}
}

// parseSitemap reads a sitemap or sitemap index as a stream and calls fn
// for every entry with a <loc>, until fn returns false.
func parseSitemap(rd io.Reader, fn func(sitemapEntry) bool) error {
	br := bufio.NewReader(rd)
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.Peek(1)
		if err != nil {
			if err == io.EOF {
				return fmt.Errorf("%w: empty", errBadSitemap)
			}
			return err
		}
		if !isXMLSpace(b[0]) {
			break
		}
		_, _ = br.Discard(1)
	}
	if b, _ := br.Peek(1); b[0] != '<' {
		return parseTextSitemap(br, fn)
	}
	d := xml.NewDecoder(br)
	d.Strict = false // stray "&" in URLs is a common mistake
	d.CharsetReader = charset.NewReaderLabel
	var (
		stack   []string
		root    string
		cur     *sitemapEntry
		field   string // the element whose text is collected
		text    strings.Builder
		lastmod time.Time
		news    time.Time
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if root == "" {
				return fmt.Errorf("%w: no root element", errBadSitemap)
			}
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("%w: %w", errBadSitemap, err)
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, name)
			switch {
			case root == "":
				root = name
				if root != "urlset" && root != "sitemapindex" {
					return fmt.Errorf("%w: root element <%s>, want <urlset> or <sitemapindex>", errBadSitemap, t.Name.Local)
				}
			case len(stack) == 2 && (name == "url" || name == "sitemap"):
				cur = &sitemapEntry{index: name == "sitemap"}
				lastmod, news = time.Time{}, time.Time{}
			case cur != nil && len(stack) == 3 && (name == "loc" || name == "lastmod"),
				cur != nil && name == "publication_date" && parent == "news":
				field = name
				text.Reset()
			}
		case xml.CharData:
			if field != "" && text.Len() < 8<<10 {
				text.Write(t)
			}
		case xml.EndElement:
			name := strings.ToLower(t.Name.Local)
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if field != "" && name == field {
				v := strings.TrimSpace(text.String())
				switch field {
				case "loc":
					cur.loc = v
				case "lastmod":
					lastmod = parseW3CDate(v)
				case "publication_date":
					news = parseW3CDate(v)
				}
				field = ""
			}
			if cur != nil && len(stack) == 1 && (name == "url" || name == "sitemap") {
				cur.date = lastmod
				if !news.IsZero() {
					cur.date = news
				}
				if cur.loc != "" && !fn(*cur) {
					return nil
				}
				cur = nil
			}
		}
	}
}

// parseTextSitemap reads a text sitemap: one absolute URL a line.
func parseTextSitemap(br *bufio.Reader, fn func(sitemapEntry) bool) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "http://") && !strings.HasPrefix(line, "https://") {
			continue
		}
		if !fn(sitemapEntry{loc: line}) {
			return nil
		}
	}
	if err := sc.Err(); err != nil && errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("%w: %w", errBadSitemap, err)
	} else if err != nil {
		return err
	}
	return nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// w3cLayouts are the W3C Datetime forms sitemaps use, most precise first,
// and a few common slips.
var w3cLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"2006-01",
	"2006",
}

// parseW3CDate parses a sitemap date; zero if it cannot. Times without a
// zone are taken as UTC.
func parseW3CDate(s string) time.Time {
	for _, l := range w3cLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
