package content

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCases walks testdata: each folder holds a page (page.html) built to
// reproduce one cause of a lost or polluted body, and phrases.json, what
// the body must hold (want; in that order with ordered) and must not
// (not), and the cause it stands for.
func TestCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "page.html"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases in testdata: %v", err)
	}
	for _, page := range dirs {
		dir := filepath.Dir(page)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, "phrases.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Cause   string
				Want    []string
				Ordered bool // the phrases of Want come in that order
				Not     []string
			}
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("%s: %v", filepath.Join(dir, "phrases.json"), err)
			}
			got := extract(t, string(src))
			at := 0
			for _, s := range want.Want {
				i := strings.Index(got, s)
				switch {
				case i < 0:
					t.Errorf("%s (%s): body lacks %q:\n%s", dir, want.Cause, s, got)
				case want.Ordered && i < at:
					t.Errorf("%s (%s): body has %q out of order:\n%s", dir, want.Cause, s, got)
				}
				at = max(at, i)
			}
			for _, s := range want.Not {
				if strings.Contains(got, s) {
					t.Errorf("%s (%s): body holds %q:\n%s", dir, want.Cause, s, got)
				}
			}
		})
	}
}
