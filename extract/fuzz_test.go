package extract_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsnorm/newsnorm/extract"
)

// fuzzSeeds are malformed pages added to the fixtures' sources.
var fuzzSeeds = []string{
	"",
	"<",
	"<html><body><p>unclosed <b><i>tags <div>everywhere",
	"<table><tr><td><table><tr><td>nested tables</td></table>",
	"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":",
	"<script type=\"application/ld+json\">[[[[[[[[[[{\"@graph\":[{\"@type\":[\"Article\"],\"headline\":{\"@id\":\"x\"}}]}]]]]]]]]]]</script>",
	"<title>a | b | c | d | e</title><h1><a href=/>x</a></h1>",
	"<p>Published: Published: Published:</p><time datetime=\"9999-99-99\">",
	"<meta property=\"og:url\" content=\"http://[::1\"><link rel=canonical href=\"%zz\">",
	"<p>تاريخ انتشار: ۱۳۹۵/۱۳/۴۰ - ۲۵:۹۹</p>\xd9\xff\xfe",
	strings.Repeat("<div>", 600) + "deep",
	strings.Repeat("<p>a, b, c, d, e, f, g</p>", 500),
	// streamed pages whose pieces do not fit (see content/stream.go)
	"<!--$?--><template id=\"B:1\"></template><div>Loading<div hidden id=\"S:1\"><template id=\"B:1\"></template>x</div></div>",
	"<template id=\"P:2\"></template><div hidden id=\"S:2\"><div hidden id=\"S:2\"><template id=\"P:2\"></template></div></div><!--/$-->",
}

// FuzzExtract checks that Extract never panics and that its output is
// bounded and valid whatever the page: every error is one of the
// documented ones, text fields are valid UTF-8, the body is no longer than
// the input and has no empty paragraphs, and a page takes well under a
// second. Run with go test ./extract -fuzz FuzzExtract.
func FuzzExtract(f *testing.F) {
	srcs, _ := filepath.Glob(filepath.Join("testdata", "*", "source.html"))
	for _, s := range srcs {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	fetched := time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, html []byte) {
		start := time.Now()
		a, err := extract.Extract(extract.Input{HTML: html, URL: "https://www.example.com/2016/12/28/a-1.html", FetchedAt: fetched}, nil)
		budget := time.Second + time.Duration(len(html))*time.Microsecond // 1 s per MB on top
		if raceEnabled {
			budget *= 40
		}
		if took := time.Since(start); took > budget {
			t.Errorf("Extract took %v on %d bytes", took, len(html))
		}
		if err != nil {
			if !errors.Is(err, extract.ErrTooDeep) && !errors.Is(err, extract.ErrNotHTML) && !errors.Is(err, extract.ErrTooLarge) {
				t.Fatalf("Extract: undocumented error %v", err)
			}
			return
		}
		fields := map[string]string{"ID": a.ID, "URL": a.URL, "Headline": a.Headline, "Body": a.Body, "Language": a.Language, "Section": a.Section}
		for _, au := range a.Authors {
			fields["Author"] += au
		}
		for name, v := range fields {
			if !utf8.ValidString(v) {
				t.Errorf("%s is not valid UTF-8: %q", name, v)
			}
		}
		if a.ID == "" {
			t.Errorf("ID is empty")
		}
		// The body is the page's text without its markup, so it is shorter
		// than the page, except that an invalid UTF-8 byte becomes U+FFFD
		// (3 bytes) and NFC decomposes a few characters (U+1D160 is 4
		// bytes, its NFC 12): never more than 3 times the page.
		if len(a.Body) > 3*len(html) || utf8.Valid(html) && len(a.Body) > len(html) && !hasExpanding(a.Body) {
			t.Errorf("Body has %d bytes for a page of %d", len(a.Body), len(html))
		}
		if strings.Contains(a.Body, "\n\n\n") || strings.HasPrefix(a.Body, "\n") || strings.HasSuffix(a.Body, "\n") {
			t.Errorf("Body has empty paragraphs: %q", a.Body)
		}
		if utf8.RuneCountInString(a.Headline) > 400 {
			t.Errorf("Headline has %d runes", utf8.RuneCountInString(a.Headline))
		}
		if p := a.Published; p != nil {
			if y := p.Time.Year(); y < 1900 || y > 2200 {
				t.Errorf("Published = %v", p.Time)
			}
			if p.Time.Location() != time.UTC {
				t.Errorf("Published in %v, want UTC", p.Time.Location())
			}
		}
		for field, src := range a.Sources {
			if src == "" {
				t.Errorf("Sources[%q] is empty", field)
			}
		}
	})
}

// hasExpanding reports whether s has characters that NFC or entity decoding
// may have made longer than their source: anything outside the BMP's
// letters, combining marks, or U+FFFD.
func hasExpanding(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r >= 0x300 && r < 0x370 || r >= 0x590 && r < 0x600 || r >= 0x900 && r < 0xe00 || r >= 0x1d100 && r < 0x1d200 || r >= 0xf900 && r < 0xfb50 || r >= 0x2000 && r < 0x2100 || r >= 0x2200 && r < 0x2300 {
			return true
		}
	}
	return false
}

// TestDeepNesting checks that pathologically nested pages are refused
// quickly with ErrTooDeep, and that the deepest accepted nesting is fast.
func TestDeepNesting(t *testing.T) {
	para := "<p>Some text of a paragraph, long enough to count, with a comma or two, and more words.</p>"
	cases := []struct {
		name    string
		html    string
		wantErr error
	}{
		{"100k nested divs", "<html><body>" + strings.Repeat("<div>", 100000) + para, extract.ErrTooDeep},
		{"100k nested divs, closed", "<html><body>" + strings.Repeat("<div>", 100000) + para + strings.Repeat("</div>", 100000), extract.ErrTooDeep},
		{"100k nested spans", strings.Repeat("<span>", 100000) + para, extract.ErrTooDeep},
		{"formatting elements", strings.Repeat("<b><i><u><font>", 30000) + para, extract.ErrTooDeep},
		{"10k unclosed paragraphs", strings.Repeat("<p>x, y, z and more words here ", 10000), nil},
		{"nested tables", strings.Repeat("<table><tr><td>", 30000) + para, extract.ErrTooDeep},
		{"5k sibling tables", strings.Repeat("<table><tr><td>x, y, z and more words here</td></tr></table>", 5000), nil},
		{"400 deep, 2000 paragraphs", strings.Repeat("<div>", 400) + strings.Repeat(para, 2000), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			a, err := extract.Extract(extract.Input{HTML: []byte(c.html), URL: "https://x.example/a"}, nil)
			took := time.Since(start)
			if !errors.Is(err, c.wantErr) && !(c.wantErr == nil && err == nil) {
				t.Fatalf("Extract = %v, want %v", err, c.wantErr)
			}
			if err == nil && a.Body == "" {
				t.Errorf("Extract found no body")
			}
			// Typically 10 to 200 milliseconds.
			budget := 2 * time.Second
			if raceEnabled {
				budget *= 40
			}
			if took > budget {
				t.Errorf("Extract took %v, more than %v", took, budget)
			}
			t.Logf("%v (%d bytes)", took, len(c.html))
		})
	}
}
