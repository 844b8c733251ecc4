package archive

import (
	"io"
	"path/filepath"
	"testing"
	"time"
)

// A rendered page is a conversion record that names its response; a
// Reader returns it only when asked, and ConvertedResponses finds the
// responses that have one.
func TestConversionRecord(t *testing.T) {
	for _, name := range []string{"site.warc", "site.warc.gz"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			w := NewWriter(func(string) string { return path }, Options{Software: "newsnorm-test"})
			x1, x2 := exchange(1), exchange(2)
			x1.FinalURL = "http://news.example/a/1-moved.html"
			x1.ResponseID = NewRecordID()
			for _, x := range []*Exchange{x1, x2} {
				if _, err := w.Write("site", x); err != nil {
					t.Fatal(err)
				}
			}
			rendered := []byte("<!DOCTYPE html><html><body><article><h1>Rendered 1</h1></article></body></html>")
			c := &Conversion{URL: x1.FinalURL, RequestedURL: x1.URL, RefersTo: x1.ResponseID, Date: time.Now(), Body: rendered}
			if _, err := w.WriteConversion("site", c); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}

			// By default a reader sees the responses only.
			plain := readAll(t, path)
			if len(plain) != 2 || plain[0].RecordID != x1.ResponseID || plain[0].Conversion || plain[1].Conversion {
				t.Fatalf("Next without conversions = %d records (first %+v), want the 2 responses, the first with ID %s", len(plain), plain[0], x1.ResponseID)
			}

			r, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			r.IncludeConversions()
			var got []*Response
			var body []byte
			for {
				res, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, res)
				if res.Conversion {
					if body, err = res.Body(1 << 20); err != nil {
						t.Fatal(err)
					}
					if _, err := res.Body(10); err == nil {
						t.Error("Body(10) of the conversion: no error, want ErrTooLarge")
					}
				}
			}
			if len(got) != 3 || !got[2].Conversion {
				t.Fatalf("Next with conversions = %d records, want 2 responses and the conversion last", len(got))
			}
			cv := got[2]
			if cv.RefersTo != x1.ResponseID || cv.TargetURI != x1.FinalURL || cv.RequestedURI != x1.URL || cv.Status != 200 ||
				cv.Header.Get("Content-Type") != "text/html; charset=utf-8" || string(body) != string(rendered) {
				t.Errorf("conversion = %+v, body %q; want it to refer to %s with the rendered page", cv, body, x1.ResponseID)
			}
			conv := ConvertedResponses(path)
			if len(conv) != 1 || !conv[x1.ResponseID] {
				t.Errorf("ConvertedResponses = %v, want only %s", conv, x1.ResponseID)
			}
		})
	}
}
