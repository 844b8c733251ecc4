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

// TestStreamedOddPages puts together streamed pages whose pieces do not
// fit: a placeholder inside its own segment, a fallback that holds the
// segment, two segments for one placeholder, a boundary never closed.
// Nothing panics and the segments' text stays.
func TestStreamedOddPages(t *testing.T) {
	para := func(s string) string {
		return "<p>" + s + " was streamed in a segment, and it is a sentence long enough to count as prose, with commas, too.</p>"
	}
	tests := []struct {
		name, page string
		want       []string
	}{
		{"placeholder inside its segment", `<div hidden id="S:1"><template id="P:1"></template>` + para("One") + `</div>`, []string{"One was"}},
		{"fallback holds the segment", `<!--$?--><template id="B:2"></template><div>Loading...<div hidden id="S:2">` + para("Two") + `</div></div><!--/$-->`, []string{"Two was"}},
		{"two segments, one placeholder", `<template id="P:3"></template><div hidden id="S:3">` + para("Three") + `</div><div hidden id="S:3">` + para("Four") + `</div>`, []string{"Three was", "Four was"}},
		{"boundary never closed", `<!--$?--><template id="B:5"></template><div>Loading...</div><div hidden id="S:5">` + para("Five") + `</div>`, []string{"Five was"}},
		{"segment nested in a segment", `<template id="P:6"></template><div hidden id="S:6"><div hidden id="S:7">` + para("Seven") + `</div><template id="P:7"></template></div>`, []string{"Seven was"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract(t, "<html><body>"+tt.page+"</body></html>")
			for _, s := range tt.want {
				if !strings.Contains(got, s) {
					t.Errorf("body lacks %q:\n%s", s, got)
				}
			}
		})
	}
}
