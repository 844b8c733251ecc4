package main

import (
	"strings"
)

// howEnded is the word for the final status line.
func howEnded(err error) string {
	switch exitCodeOf(err) {
	case exitOK:
		return "done"
	case exitPartial:
		return "done, with failures"
	case exitInterrupted:
		return "interrupted"
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return "stopped: " + first
}
