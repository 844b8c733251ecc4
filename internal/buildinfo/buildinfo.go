// Package buildinfo says which build of newsnorm is running: the module
// version, the commit and the Go version, from the build info the Go
// toolchain embeds.
package buildinfo

import (
	"cmp"
	"fmt"
	"runtime"
	"runtime/debug"
)

// String is "newsnorm VERSION, commit REV[ (modified)], GOVERSION OS/ARCH".
// commit stands in for the revision when the build has no VCS information
// of its own (a Docker build sets it with -ldflags).
func String(commit string) string {
	v, rev, dirty := "(devel)", cmp.Or(commit, "unknown"), ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = " (modified)"
				}
			}
		}
	}
	return fmt.Sprintf("newsnorm %s, commit %s%s, %s %s/%s", v, rev, dirty, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
