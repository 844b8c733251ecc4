package extract_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

// An explanation never changes the record, and tells the same story:
// on every case of testdata, Extract with Input.Explain gives the same
// Article as without, each field's winner is its source in
// Article.Sources, exactly one candidate of a field with a value won, and
// the body's trace has the body's source.
func TestExplainAgreesWithExtract(t *testing.T) {
	for _, dir := range caseDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			_, in, prof := loadCase(t, dir)
			want, err := extract.Extract(in, prof)
			if err != nil {
				t.Fatal(err)
			}
			ex := &extract.Explanation{}
			in.Explain = ex
			got, err := extract.Extract(in, prof)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Extract with Explain = %+v\nwithout = %+v", got, want)
			}
			if len(ex.Fields) != 10 {
				t.Fatalf("explanation has %d fields, want headline, id, published_at, modified_at, authors, section, description, image, tags, is_accessible_for_free", len(ex.Fields))
			}
			for _, f := range ex.Fields {
				if f.Winner != want.Sources[f.Field] {
					t.Errorf("%s: winner %q, Sources says %q", f.Field, f.Winner, want.Sources[f.Field])
				}
				won := 0
				for _, c := range f.Candidates {
					if c.Verdict == "" {
						t.Errorf("%s: candidate %+v has no verdict", f.Field, c)
					}
					if c.Verdict == extract.VerdictWon {
						won++
						if c.Source != f.Winner {
							t.Errorf("%s: candidate %q won, winner is %q", f.Field, c.Source, f.Winner)
						}
					}
				}
				if want := min(1, len(f.Winner)); won != want {
					t.Errorf("%s: %d candidates won, want %d: %+v", f.Field, won, want, f.Candidates)
				}
			}
			if ex.Body == nil || ex.Body.Source != want.Sources["body"] {
				t.Errorf("body trace %+v, want source %q", ex.Body, want.Sources["body"])
			}
			var text bytes.Buffer
			if err := ex.WriteText(&text); err != nil || text.Len() == 0 {
				t.Errorf("WriteText: %v, %d bytes", err, text.Len())
			}
			if _, err := json.Marshal(ex); err != nil {
				t.Errorf("json.Marshal: %v", err)
			}
		})
	}
}

// The verdicts of the fields after the publish time, on a page made to
// reach their odd cases: an update time in the future and one before the
// publish time, an organisation and the site's own name as authors, two
// section tags, an image URL that is not http,
// tags repeated and a URL among them, a content tier that tells nothing.
func TestExplainFieldVerdicts(t *testing.T) {
	html, err := os.ReadFile(filepath.Join("testdata", "explain", "fields.html"))
	if err != nil {
		t.Fatal(err)
	}
	ex := &extract.Explanation{}
	in := extract.Input{HTML: html, URL: "https://port.example/news/dock-strike-ends", FetchedAt: time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC), Explain: ex}
	a, err := extract.Extract(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	type want struct{ source, verdict, value string }
	cases := map[string][]want{
		"modified_at": {
			{"json-ld", extract.VerdictInvalid, "2099-01-01T00:00:00Z (second, Z)"},
			{"meta:article:modified_time", extract.VerdictInvalid, "2024-03-01T08:00:00Z (second, Z)"},
		},
		"authors": {
			{"json-ld", extract.VerdictPassed, "Port Times Group"},
			{"meta:author", extract.VerdictPassed, ""},
			{"byline", extract.VerdictWon, "Ana Ruiz"},
		},
		"section": {
			{"json-ld", extract.VerdictEmpty, ""},
			{"meta:parsely-section", extract.VerdictWon, "Business"},
			{"meta:section", extract.VerdictLater, "Harbour"},
		},
		"description": {
			{"json-ld", extract.VerdictWon, "Workers return to the quays."},
		},
		"image": {
			{"json-ld", extract.VerdictEmpty, ""},
			{"meta:og:image", extract.VerdictInvalid, ""},
			{"meta:twitter:image", extract.VerdictLater, "https://port.example/img/cranes.jpg"},
		},
		"tags": {
			{"json-ld", extract.VerdictEmpty, ""},
			{"meta:keywords", extract.VerdictWon, "docks, strike"},
		},
		"is_accessible_for_free": {
			{"json-ld", extract.VerdictInvalid, ""},
			{"meta:article:content_tier", extract.VerdictInvalid, ""},
		},
	}
	seen := 0
	for _, f := range ex.Fields {
		ws, ok := cases[f.Field]
		if !ok {
			continue
		}
		seen++
		if f.Winner != a.Sources[f.Field] {
			t.Errorf("%s: winner %q, Sources says %q", f.Field, f.Winner, a.Sources[f.Field])
		}
		for _, w := range ws {
			var c *extract.Candidate
			for i := range f.Candidates {
				if f.Candidates[i].Source == w.source {
					c = &f.Candidates[i]
					break
				}
			}
			if c == nil {
				t.Errorf("%s: no candidate %s in %+v", f.Field, w.source, f.Candidates)
				continue
			}
			if c.Verdict != w.verdict || c.Value != w.value {
				t.Errorf("%s: %s is %q %q (%s), want %q %q", f.Field, w.source, c.Verdict, c.Value, c.Why, w.verdict, w.value)
			}
		}
	}
	if seen != len(cases) {
		t.Errorf("explained %d of the %d fields", seen, len(cases))
	}
	if a.Modified != nil || a.Image != nil || a.IsAccessibleForFree != nil {
		t.Errorf("modified %v, image %v, free %v: want all empty", a.Modified, a.Image, a.IsAccessibleForFree)
	}
}
