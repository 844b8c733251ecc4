// Package pause has the one sleep the crawler and the state stores share.
package pause

import (
	"context"
	"time"
)

// For waits for d or until ctx is done; it reports whether it slept the
// whole time (false: ctx is done). A d of zero or less does not wait.
func For(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
