package render

import (
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "chromium-browser")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	defer func(old string) { debianBinary = old }(debianBinary)
	debianBinary = filepath.Join(dir, "no-such-binary")

	t.Setenv("PATH", dir)
	if got, err := Find(""); err != nil || got != fake {
		t.Errorf(`Find("") with chromium-browser on PATH = %q, %v; want %q`, got, err, fake)
	}
	if got, err := Find(fake); err != nil || got != fake {
		t.Errorf("Find(%q) = %q, %v; want it", fake, got, err)
	}

	t.Setenv("PATH", t.TempDir())
	_, err := Find("")
	if !errors.Is(err, ErrNoChromium) || !strings.Contains(err.Error(), "apt-get install chromium") || !strings.Contains(err.Error(), "browser_path") {
		t.Errorf(`Find("") with nothing on PATH = %v; want ErrNoChromium naming the package and browser_path`, err)
	}
	_, err = Find("/opt/no/chrome")
	if !errors.Is(err, ErrNoChromium) || !strings.Contains(err.Error(), `browser_path "/opt/no/chrome"`) {
		t.Errorf("Find(missing path) = %v; want ErrNoChromium naming the path", err)
	}
	if _, err := New(Options{}); !errors.Is(err, ErrNoChromium) {
		t.Errorf("New with no Chromium = %v; want ErrNoChromium", err)
	}
}

func TestNewRejectsUnknownResourceType(t *testing.T) {
	_, err := New(Options{Block: []string{"image", "Pictures"}})
	if err == nil || !strings.Contains(err.Error(), `"Pictures"`) || !strings.Contains(err.Error(), "Image") {
		t.Errorf("New(Block: Pictures) = %v; want an error naming the bad type and the good ones", err)
	}
}

func TestSameSite(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"http://www.news.test/a", "http://cdn.news.test/b.js", true},
		{"https://news.test/a", "http://news.test:8080/b", true},
		{"http://news.test/a", "http://other.test/b", false},
		{"https://www.bbc.co.uk/a", "https://static.bbc.co.uk/b", true},
		{"https://www.bbc.co.uk/a", "https://www.itv.co.uk/b", false},
		{"https://user.github.io/a", "https://other.github.io/b", false}, // a public suffix: each user its own site
		{"http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b", true},
		{"http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", false},
		{"http://127.0.0.1/a", "http://127.0.0.2/b", false},
		{"http://localhost:80/a", "http://localhost/b", true},
		{"http://localhost/a", "http://localhost:8080/b", false},
		{"http://[::1]:80/a", "http://[::1]/b", true},
	}
	for _, c := range cases {
		a, _ := url.Parse(c.a)
		b, _ := url.Parse(c.b)
		if got := sameSite(a, b); got != c.want {
			t.Errorf("sameSite(%q, %q) = %v, want %v (sites %q, %q)", c.a, c.b, got, c.want, siteOf(a), siteOf(b))
		}
	}
}

func TestDocumentHeader(t *testing.T) {
	cases := []struct{ in, want string }{
		{"text/html; charset=windows-1256", "text/html; charset=utf-8"},
		{"application/xhtml+xml", "application/xhtml+xml; charset=utf-8"},
		{"", "text/html; charset=utf-8"},
		{"garbage;;", "text/html; charset=utf-8"},
	}
	for _, c := range cases {
		h := http.Header{"Content-Length": {"10"}, "Content-Encoding": {"gzip"}, "Set-Cookie": {"a=1"}}
		if c.in != "" {
			h.Set("Content-Type", c.in)
		}
		got := documentHeader(h)
		if got.Get("Content-Type") != c.want || got.Get("Content-Length") != "" || got.Get("Content-Encoding") != "" || got.Get("Set-Cookie") != "a=1" {
			t.Errorf("documentHeader(Content-Type %q) = %v; want Content-Type %q, no length or encoding, the cookie kept", c.in, got, c.want)
		}
	}
}
