package archive

import (
	"path/filepath"
	"testing"
)

func BenchmarkWrite(b *testing.B) {
	path := filepath.Join(b.TempDir(), "b.warc.gz")
	w := NewWriter(func(string) string { return path }, Options{})
	defer w.Close()
	x := exchange(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.Write("site", x); err != nil {
			b.Fatal(err)
		}
	}
}
