package output

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ScanFile reads every whole line (gzip: member) and stops before a torn
// one, wherever the file was cut.
func TestScanFileStopsAtATornTail(t *testing.T) {
	for _, name := range []string{"x.jsonl", "x.jsonl.gz"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			w := NewWriter(path, Vars{}, nil, Options{})
			var ends []int64
			for i := range 3 {
				_, size, err := w.Write("s", Record{ID: string(rune('1' + i)), Site: "s", ContentHash: "sha256:x", Body: strings.Repeat("b", 100)})
				if err != nil {
					t.Fatal(err)
				}
				ends = append(ends, size)
			}
			w.Close()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, cut := range []int64{ends[2], ends[2] - 1, ends[1] + 5, ends[1], 3, 0} {
				if err := os.WriteFile(path, data[:cut], 0o644); err != nil {
					t.Fatal(err)
				}
				var ids []string
				whole, err := ScanFile(path, -1, func(l Line) error {
					k, ok := ParseKey(l.Data)
					if !ok {
						t.Errorf("cut at %d: line %d is no record: %q", cut, l.N, l.Data)
					}
					if l.End != ends[l.N-1] {
						t.Errorf("cut at %d: line %d ends at %d, want %d", cut, l.N, l.End, ends[l.N-1])
					}
					ids = append(ids, k.ID)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				var wantWhole int64
				var wantIDs []string
				for i, e := range ends {
					if e <= cut {
						wantWhole = e
						wantIDs = append(wantIDs, string(rune('1'+i)))
					}
				}
				if whole != wantWhole || !slices.Equal(ids, wantIDs) {
					t.Errorf("cut at %d: ScanFile = %d bytes whole, ids %v; want %d, %v", cut, whole, ids, wantWhole, wantIDs)
				}
			}
		})
	}
}

func TestGlobAndPreviousPart(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a-w1.jsonl", "b-w1.0001.jsonl", "b-w1.0002.jsonl", "a-w2.jsonl", "rejects.jsonl", "a-w1.txt"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	got, err := Glob(filepath.Join(dir, "{site}-{worker}.jsonl"), Vars{Worker: "w1"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = filepath.Base(got[i])
	}
	slices.Sort(got)
	if want := []string{"a-w1.jsonl", "b-w1.0001.jsonl", "b-w1.0002.jsonl"}; !slices.Equal(got, want) {
		t.Errorf("Glob = %v, want %v", got, want)
	}
	for in, want := range map[string]string{
		"out/x.0003.jsonl":    "out/x.0002.jsonl",
		"out/x.0002.jsonl.gz": "out/x.0001.jsonl.gz",
		"out/x.0001.jsonl":    "",
		"out/x.jsonl":         "",
		"out/x.12a4.jsonl":    "",
	} {
		if got := PreviousPart(in); got != want {
			t.Errorf("PreviousPart(%q) = %q, want %q", in, got, want)
		}
	}
}
