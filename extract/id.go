package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/newsnorm/newsnorm/extract/content"
)

// idLabels introduce a site's article ID in the page text.
var idLabels = []string{"News ID:", "News ID", "Article ID:", "Story ID:", "کد خبر:", "کد خبر", "شناسه خبر:", "شناسه خبر", "رقم الخبر:", "رقم الخبر"}

// idValue is what a labelled ID may look like.
var idValue = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}`)

// id runs the ID chain: profile, the article URL pattern's id group (in
// the canonical URL, then the page URL), labelled text ("News ID: 174677"),
// then a hash of the canonical URL. The bool reports a profile miss.
func (p *page) id(canonical string) (string, string, bool) {
	profMiss := false
	if !p.profile.ID.empty() {
		var id string
		accept := func(v string) bool {
			id = idValue.FindString(normalizeDigits(v))
			return id != ""
		}
		if _, src, at := p.profileValue(p.profile.ID, accept); id != "" {
			p.spots = append(p.spots, at)
			return id, src, false
		}
		profMiss = true
	}
	if v := URLID(p.profile.Article, canonical); v != "" {
		return v, "url", profMiss
	}
	if v := URLID(p.profile.Article, p.url.String()); v != "" {
		return v, "url", profMiss
	}
	var id, src string
	p.eachLabelled(idLabels, false, func(v, label string, b content.Block) bool {
		if id = idValue.FindString(normalizeDigits(v)); id != "" {
			src = "label:" + strings.TrimRight(label, ": ")
			p.spots = append(p.spots, spot{block: b})
		}
		return id != ""
	})
	if id != "" {
		return id, src, profMiss
	}
	return HashID(canonical), "url-hash", profMiss
}

// URLID returns the "id" group of pattern in rawURL, or "".
func URLID(pattern *regexp.Regexp, rawURL string) string {
	if pattern == nil {
		return ""
	}
	i := pattern.SubexpIndex("id")
	if i < 0 {
		return ""
	}
	m := pattern.FindStringSubmatch(rawURL)
	if m == nil {
		return ""
	}
	return m[i]
}

// HashID is the stable ID of an article whose site gives none: the first
// 16 hex digits of the SHA-256 of its canonical URL.
func HashID(canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(sum[:8])
}

// normalizeDigits turns Persian and Arabic-Indic digits into ASCII.
func normalizeDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x660 && r <= 0x669 || r >= 0x6f0 && r <= 0x6f9 }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x660 && r <= 0x669:
			return '0' + r - 0x660
		case r >= 0x6f0 && r <= 0x6f9:
			return '0' + r - 0x6f0
		}
		return r
	}, s)
}
