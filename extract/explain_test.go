package extract_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

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
