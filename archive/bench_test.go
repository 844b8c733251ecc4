package archive

import (
	"io"
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

// BenchmarkReadPrepass compares reading a WARC file of 1,000 responses of
// 60 kB (every record and body, as extract --warc does) with
// ConvertedResponses, the quick pass extract --warc makes first to find
// the responses that have a conversion record:
//
//	go test ./archive -run '^$' -bench ReadPrepass
func BenchmarkReadPrepass(b *testing.B) {
	path := filepath.Join(b.TempDir(), "b.warc.gz")
	w := NewWriter(func(string) string { return path }, Options{})
	x := exchange(1)
	x.Body = make([]byte, 60000)
	for i := range x.Body {
		x.Body[i] = byte('a' + i%26)
	}
	for range 1000 {
		if _, err := w.Write("site", x); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			r, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			for {
				res, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				if _, err := res.Body(1 << 20); err != nil {
					b.Fatal(err)
				}
			}
			r.Close()
		}
	})
	b.Run("prepass", func(b *testing.B) {
		for b.Loop() {
			ConvertedResponses(path)
		}
	})
}
