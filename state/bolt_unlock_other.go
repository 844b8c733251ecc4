//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package state

import "os"

// unlockFile is a no-op where bbolt does not lock with flock: closing the
// file is all there is.
func unlockFile(*os.File) {}
