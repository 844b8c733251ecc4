package render

import (
	"errors"
	"fmt"
)

// Reason says why a page could not be rendered. Its values are stable:
// the crawler records them as failure reasons, in output files, summaries
// and metrics.
type Reason string

// The reasons of an *Error.
const (
	// ReasonTimeout: the page did not settle (or answer) within
	// Options.PageTimeout, or its WaitSelector did not appear in time.
	ReasonTimeout Reason = "render-timeout"
	// ReasonCrashed: the browser process or the page's renderer died while
	// the page was loading. The browser is started again for the next page.
	ReasonCrashed Reason = "render-crashed"
	// ReasonFailed: anything else (the browser would not start, the
	// navigation failed, the page could not be read); Error.Err says what.
	ReasonFailed Reason = "render-failed"
)

// Error is a page that could not be rendered. The run goes on: the caller
// records the page as a failure with Reason.
type Error struct {
	URL    string
	Reason Reason
	Err    error
}

func (e *Error) Error() string {
	return fmt.Sprintf("render %s: %s: %v", e.URL, e.Reason, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ReasonOf returns the Reason of an *Error in err's chain, or "" when err
// is not one (nil, or a cancellation of the caller's context).
func ReasonOf(err error) Reason {
	var re *Error
	if errors.As(err, &re) {
		return re.Reason
	}
	return ""
}

// ErrNoChromium is returned by Find (and New) when no Chromium executable
// is found.
var ErrNoChromium = errors.New("no Chromium found: install Debian's chromium package (apt-get install chromium) or set browser_path")
