//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package state

import (
	"os"
	"syscall"
)

// unlockFile drops bbolt's lock on f. Closing f alone does not when bbolt
// panicked with the file still mapped: the mapping keeps the locked file
// open.
func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }
