package crawler

import "testing"

func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"HTTP://Example.COM/News/1.html", "http://example.com/News/1.html"},
		{"http://example.com:80/a", "http://example.com/a"},
		{"https://example.com:443/a", "https://example.com/a"},
		{"http://example.com:8080/a", "http://example.com:8080/a"},
		{"https://example.com:80/a", "https://example.com:80/a"},
		{"http://example.com", "http://example.com/"},
		{"http://example.com/a#comments", "http://example.com/a"},
		{"http://example.com/a?utm_source=x&utm_MEDIUM=y&id=3", "http://example.com/a?id=3"},
		{"http://example.com/a?fbclid=1&gclid=2&_ga=3&mc_cid=4", "http://example.com/a"},
		{"http://example.com/a?b=2&a=1&c=3", "http://example.com/a?a=1&b=2&c=3"},
		{"http://example.com/a?b=2&a=1&a=0", "http://example.com/a?a=1&a=0&b=2"},
		{"http://example.com/a?q=a%20b&x=%2F", "http://example.com/a?q=a+b&x=%2F"},
		{"  http://example.com/a  ", "http://example.com/a"},
		{"http://example.com/%D8%AE%D8%A8%D8%B1", "http://example.com/%D8%AE%D8%A8%D8%B1"},
		{"http://[::1]:8080/a", "http://[::1]:8080/a"},
		{"http://[::1]/a", "http://[::1]/a"},
		{"https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"},
		{"http://[fe80::1%25eth0]:81/a", "http://[fe80::1%25eth0]:81/a"},
		{"/relative/path", "/relative/path"},
		{"mailto:someone@example.com", "mailto:someone@example.com"},
	} {
		if got := Canonical(tc.in); got != tc.want {
			t.Errorf("Canonical(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Idempotent.
	for _, u := range []string{"http://example.com/a?b=2&a=1#x", "HTTPS://X.COM:443", "http://[::1]:8080/a", "http://[fe80::1%25eth0]/"} {
		if once, twice := Canonical(u), Canonical(Canonical(u)); once != twice {
			t.Errorf("Canonical(Canonical(%q)) = %q, want %q", u, twice, once)
		}
	}
}
