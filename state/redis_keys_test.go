package state

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Validators are kept under the URL's hash, not the URL: a field never
// grows with the URL. Validators an older newsnorm saved under the URL
// itself are still read, and go when they are saved again.
func TestRedisValidatorsKeyedByHash(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 5*time.Second)
	defer a.Close()
	long := "http://x/News/7?pad=" + strings.Repeat("a", 64<<10)
	if err := a.SetValidators(ctx, long, Validators{ETag: `"e1"`}); err != nil {
		t.Fatal(err)
	}
	if v, err := a.Validators(ctx, long); err != nil || v.ETag != `"e1"` {
		t.Errorf("Validators(64 KiB URL) = %+v, %v", v, err)
	}
	fields, err := a.c.HKeys(ctx, a.key("val")).Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if len(f) != 16 {
			t.Errorf("validators field of %d bytes, want the 16-byte URL key", len(f))
		}
	}
	// An old field: the URL itself.
	old := "http://x/listing"
	a.c.HSet(ctx, a.key("val"), old, `{"ETag":"\"old\""}`)
	if v, err := a.Validators(ctx, old); err != nil || v.ETag != `"old"` {
		t.Errorf("Validators of an old field = %+v, %v", v, err)
	}
	if err := a.SetValidators(ctx, old, Validators{ETag: `"new"`}); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Validators(ctx, old); v.ETag != `"new"` {
		t.Errorf("Validators after saving again = %+v", v)
	}
	if ok, _ := a.c.HExists(ctx, a.key("val"), old).Result(); ok {
		t.Error("the old field is still there after saving again")
	}
}
