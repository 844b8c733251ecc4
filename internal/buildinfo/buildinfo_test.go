package buildinfo

import (
	"runtime"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	got := String("abc123")
	if !strings.HasPrefix(got, "newsnorm ") || !strings.Contains(got, runtime.Version()) {
		t.Errorf("String() = %q, want newsnorm VERSION ... %s", got, runtime.Version())
	}
	// A test binary has no VCS settings, so the given commit stands in.
	if !strings.Contains(got, "commit abc123") {
		t.Errorf("String(%q) = %q, want the commit given when the build has none", "abc123", got)
	}
}
