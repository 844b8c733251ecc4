package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/archive"
)

func replayPage(headline, body string) string {
	return "<!DOCTYPE html><html><head><title>x</title></head><body><article><h1>" + headline + "</h1><p>" + body + "</p></article></body></html>"
}

// Replay prefers a response's conversion record (the page as rendered),
// with the response's date; a response whose conversion lies past the
// damage of a corrupt file is extracted as it is.
func TestReplayConversions(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(t, dir, "min_body_chars: 20\n")
	long := strings.Repeat("The harbour plan was approved after a long debate. ", 3)
	fetched := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	path := filepath.Join(dir, "a.warc")
	w := archive.NewWriter(func(string) string { return path }, archive.Options{})
	var ids []string
	for i := 1; i <= 2; i++ {
		id := archive.NewRecordID()
		ids = append(ids, id)
		x := &archive.Exchange{URL: fmt.Sprintf("http://x/News/%d.html", i), Status: 200, ResponseID: id, FetchedAt: fetched,
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(replayPage(fmt.Sprintf("Static %d", i), long))}
		if _, err := w.Write("tarnama", x); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.WriteConversion("tarnama", &archive.Conversion{URL: "http://x/News/1.html", RefersTo: ids[0], Date: fetched.Add(time.Minute),
		Body: []byte(replayPage("Rendered 1", long))}); err != nil {
		t.Fatal(err)
	}
	cut, _ := os.Stat(path)
	if _, err := w.WriteConversion("tarnama", &archive.Conversion{URL: "http://x/News/2.html", RefersTo: ids[1], Date: fetched.Add(time.Minute),
		Body: []byte(replayPage("Rendered 2", long))}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	replay := func(t *testing.T) (map[string]string, error) {
		var out bytes.Buffer
		x := NewReplay(cfg, WARCSelect{}, "-", &out, discardLogger())
		bad, fatal := x.File(context.Background(), path)
		if err := x.out.Close(); err != nil {
			t.Fatal(err)
		}
		if fatal != nil {
			t.Fatal(fatal)
		}
		got := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var rec struct {
				ID        string `json:"id"`
				Headline  string `json:"headline"`
				FetchedAt string `json:"fetched_at"`
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("not a record: %q", line)
			}
			got[rec.ID] = rec.Headline
			if rec.FetchedAt != fetched.Format(time.RFC3339) {
				t.Errorf("record %s: fetched_at %s, want the response's date %s", rec.ID, rec.FetchedAt, fetched.Format(time.RFC3339))
			}
		}
		if x.Responses != 2 || x.Written != 2 {
			t.Errorf("Responses, Written = %d, %d; want 2, 2", x.Responses, x.Written)
		}
		return got, bad
	}

	got, bad := replay(t)
	if bad != nil || got["1"] != "Rendered 1" || got["2"] != "Rendered 2" {
		t.Errorf("replay = %v (bad %v), want both rendered pages", got, bad)
	}
	// Damage in the second conversion record: page 2 is extracted from its
	// response, page 1 still from its conversion.
	data, _ := os.ReadFile(path)
	data[cut.Size()+100] ^= 0xff
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, bad = replay(t)
	if bad == nil || got["1"] != "Rendered 1" || got["2"] != "Static 2" {
		t.Errorf("replay of the damaged file = %v (bad %v), want Rendered 1, Static 2 and the damage reported", got, bad)
	}
}
