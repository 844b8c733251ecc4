package archive_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/newsnorm/newsnorm/archive"
)

// Write one exchange to a .warc.gz file and read its response back.
func Example() {
	dir, _ := os.MkdirTemp("", "archive-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "news.warc.gz")

	w := archive.NewWriter(func(site string) string { return path }, archive.Options{Software: "newsnorm"})
	_, err := w.Write("news", &archive.Exchange{
		URL:           "https://news.example/a/1.html",
		RequestHeader: http.Header{"User-Agent": {"newsnorm"}},
		Status:        200,
		Header:        http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:          []byte("<h1>Hello</h1>"),
		FetchedAt:     time.Date(2016, 12, 28, 6, 12, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	w.Close()

	r, err := archive.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for {
		res, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := res.Body(1 << 20)
		fmt.Println(res.Status, res.TargetURI, res.Date.Format(time.RFC3339), res.Header.Get("Content-Type"))
		fmt.Println(string(body))
	}
	// Output:
	// 200 https://news.example/a/1.html 2016-12-28T06:12:00Z text/html; charset=utf-8
	// <h1>Hello</h1>
}
