package pipeline

import (
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

// TestNewRecordTimes checks the record's time fields: published_at in
// UTC, published_local in the page's offset (the date for day precision,
// none when the offset is unknown), and modified_at apart from both.
func TestNewRecordTimes(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	fetched := at("2020-01-14T00:00:00Z")
	cases := []struct {
		name                 string
		pub, mod             *extract.Published
		wantAt, wantLocal    string
		wantModified, modRaw string
	}{
		{"offset kept", &extract.Published{Time: at("2020-01-13T14:04:34Z"), Local: at("2020-01-13T17:04:34+03:00"), Precision: "second", Raw: "2020-01-13T17:04:34+03:00"},
			&extract.Published{Time: at("2020-01-13T20:00:00Z"), Precision: "second", Raw: "2020-01-13T20:00:00Z"},
			"2020-01-13T14:04:34Z", "2020-01-13T17:04:34+03:00", "2020-01-13T20:00:00Z", "2020-01-13T20:00:00Z"},
		{"local day differs from UTC day", &extract.Published{Time: at("2020-01-14T02:00:00Z"), Local: at("2020-01-13T21:00:00-05:00"), Precision: "minute"}, nil,
			"2020-01-14T02:00:00Z", "2020-01-13T21:00:00-05:00", "", ""},
		{"date only", &extract.Published{Time: at("2020-01-13T00:00:00Z"), Precision: "day"}, &extract.Published{Time: at("2020-02-01T00:00:00Z"), Precision: "day", Raw: "1 Feb 2020"},
			"2020-01-13", "2020-01-13", "2020-02-01", "1 Feb 2020"},
		{"offset unknown", &extract.Published{Time: at("2020-01-13T10:00:00Z"), Precision: "minute"}, nil,
			"2020-01-13T10:00:00Z", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := NewRecord("s", &extract.Article{Published: c.pub, Modified: c.mod}, fetched)
			if rec.PublishedAt == nil || *rec.PublishedAt != c.wantAt || rec.PublishedLocal != c.wantLocal {
				t.Errorf("NewRecord(%s) published_at %v, published_local %q, want %q, %q", c.name, rec.PublishedAt, rec.PublishedLocal, c.wantAt, c.wantLocal)
			}
			if rec.ModifiedAt != c.wantModified || rec.ModifiedRaw != c.modRaw {
				t.Errorf("NewRecord(%s) modified_at %q (%q), want %q (%q)", c.name, rec.ModifiedAt, rec.ModifiedRaw, c.wantModified, c.modRaw)
			}
		})
	}
}

// TestBuildRecoversAPanic: a page on which extraction panics is a reject
// with the panic's value, and the next page is built as ever.
func TestBuildRecoversAPanic(t *testing.T) {
	real := extractPage
	defer func() { extractPage = real }()
	extractPage = func(in extract.Input, p *extract.Profile) (*extract.Article, error) {
		if strings.Contains(in.URL, "boom") {
			var m map[string]int
			m["x"]++ // a nil map: what a bug of ours looks like
		}
		return real(in, p)
	}
	b := Builder{MinBodyChars: 10}
	page := func(u string) Page {
		return Page{URL: u, FetchedAt: time.Now(), HTML: []byte(`<html><head><title>A headline</title></head><body><article><h1>A headline</h1><p>` +
			strings.Repeat("A sentence of the body, with a comma. ", 20) + `</p></article></body></html>`)}
	}
	res := b.Build(Target{Site: "s"}, page("https://example.com/boom/1"))
	if res.Err == nil || !strings.HasPrefix(res.Reject, "extract-error: panic: ") || !strings.Contains(res.Err.Error(), "https://example.com/boom/1") {
		t.Fatalf("Build on a panicking page = Reject %q, Err %v; want an extract-error naming the panic and the URL", res.Reject, res.Err)
	}
	if res := b.Build(Target{Site: "s"}, page("https://example.com/news/2")); res.Err != nil || res.Reject != "" || res.Record == nil {
		t.Fatalf("Build after the panic = Reject %q, Err %v; want the record", res.Reject, res.Err)
	}
}
