package extract_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/extract/content"
	"github.com/newsnorm/newsnorm/internal/charset"
)

var update = flag.Bool("update", false, "rewrite testdata/*/expected.json from the current output")

// testCase is testdata/<case>/case.json.
type testCase struct {
	// What the case is about, for the reader.
	About string `json:"about"`
	URL   string `json:"url"`
	// Site names a site of ../config.yaml whose profile applies; Profile is
	// an inline profile for a case that needs one config.yaml lacks. With
	// neither, extraction is generic.
	Site    string         `json:"site"`
	Profile *inlineProfile `json:"profile"`
	// FetchedAt (RFC 3339) is the reference for relative times; default
	// 2017-01-02T03:04:05Z.
	FetchedAt string `json:"fetched_at"`
	// RawCharset means source.html is in a legacy encoding, declared only
	// in the page: the test decodes it with internal/charset first.
	RawCharset     bool     `json:"raw_charset"`
	MustContain    []string `json:"must_contain"`
	MustNotContain []string `json:"must_not_contain"`
}

// inlineProfile mirrors a config.yaml site's extraction keys.
type inlineProfile struct {
	Timezone    string                `json:"timezone"`
	DateOrder   string                `json:"date_order"`
	Article     string                `json:"article"`
	Fields      map[string]inlineRule `json:"fields"`
	Boilerplate struct {
		Selectors []string `json:"selectors"`
		Text      []string `json:"text"`
	} `json:"boilerplate"`
}

type inlineRule struct {
	Selectors []string `json:"selectors"`
	Attr      string   `json:"attr"`
	Labels    []string `json:"labels"`
	Pattern   string   `json:"pattern"`
}

func (ip *inlineProfile) profile(t testing.TB) *extract.Profile {
	t.Helper()
	prof := &extract.Profile{Name: "inline", DayFirst: ip.DateOrder == "dmy"}
	if ip.Timezone != "" {
		loc, err := time.LoadLocation(ip.Timezone)
		if err != nil {
			t.Fatalf("profile timezone: %v", err)
		}
		prof.Location = loc
	}
	if ip.Article != "" {
		prof.Article = regexp.MustCompile(ip.Article)
	}
	rule := func(name string) extract.FieldRule {
		r := ip.Fields[name]
		out := extract.FieldRule{Selectors: r.Selectors, Attr: r.Attr, Labels: r.Labels}
		if r.Pattern != "" {
			out.Pattern = regexp.MustCompile(r.Pattern)
		}
		return out
	}
	for name := range ip.Fields {
		if !slices.Contains([]string{"id", "headline", "published", "body"}, name) {
			t.Fatalf("profile: unknown field %q", name)
		}
	}
	prof.ID, prof.Headline, prof.Published, prof.Body = rule("id"), rule("headline"), rule("published"), rule("body")
	var drop []*regexp.Regexp
	for _, s := range ip.Boilerplate.Text {
		drop = append(drop, regexp.MustCompile(s))
	}
	prof.Boilerplate = content.DefaultRules().Merge(ip.Boilerplate.Selectors, drop)
	return prof
}

// golden is what expected.json holds. PublishedAt is null when the page
// has no publish time, a date ("2016-12-28") for precision "day", else
// RFC 3339 in UTC, as in the output records.
type golden struct {
	ID            string            `json:"id"`
	URL           string            `json:"url"`
	Headline      string            `json:"headline"`
	PublishedAt   *string           `json:"published_at"`
	Precision     string            `json:"published_precision,omitempty"`
	PublishedRaw  string            `json:"published_raw,omitempty"`
	Zone          string            `json:"published_zone,omitempty"`
	Calendar      string            `json:"published_calendar,omitempty"`
	Local         string            `json:"published_local,omitempty"`
	ModifiedAt    string            `json:"modified_at,omitempty"`
	ModifiedRaw   string            `json:"modified_raw,omitempty"`
	Language      string            `json:"language,omitempty"`
	Authors       []string          `json:"authors,omitempty"`
	Section       string            `json:"section,omitempty"`
	Description   string            `json:"description,omitempty"`
	Image         *extract.Image    `json:"image,omitempty"`
	Tags          []string          `json:"tags,omitempty"`
	Free          *bool             `json:"is_accessible_for_free,omitempty"`
	Body          string            `json:"body"`
	Sources       map[string]string `json:"sources"`
	ProfileMisses []string          `json:"profile_misses,omitempty"`
}

func toGolden(a *extract.Article) golden {
	g := golden{
		ID: a.ID, URL: a.URL, Headline: a.Headline, Language: a.Language, Authors: a.Authors,
		Section: a.Section, Body: a.Body, Sources: a.Sources, ProfileMisses: a.ProfileMisses,
		Description: a.Description, Image: a.Image, Tags: a.Tags, Free: a.IsAccessibleForFree,
	}
	if p := a.Published; p != nil {
		s := p.Time.UTC().Format(time.RFC3339)
		if p.Precision == "day" {
			s = p.Time.UTC().Format(time.DateOnly)
		}
		g.PublishedAt, g.Precision, g.PublishedRaw, g.Zone, g.Calendar = &s, p.Precision, p.Raw, p.Zone, p.Calendar
		if !p.Local.IsZero() {
			g.Local = p.Local.Format(time.RFC3339)
		}
	}
	if m := a.Modified; m != nil {
		g.ModifiedAt = m.Time.UTC().Format(time.RFC3339)
		if m.Precision == "day" {
			g.ModifiedAt = m.Time.UTC().Format(time.DateOnly)
		}
		g.ModifiedRaw = m.Raw
	}
	return g
}

// loadConfig loads ../config.yaml once, for the cases that name a site.
var loadConfig = sync.OnceValues(func() (*config.Config, error) {
	return config.Load(filepath.Join("..", "config.yaml"), false)
})

// caseDirs lists testdata/<case> directories.
func caseDirs(t testing.TB) []string {
	t.Helper()
	srcs, err := filepath.Glob(filepath.Join("testdata", "*", "source.html"))
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no test cases found: %v", err)
	}
	dirs := make([]string, len(srcs))
	for i, s := range srcs {
		dirs[i] = filepath.Dir(s)
	}
	return dirs
}

// loadCase reads a case directory into Extract's arguments.
func loadCase(t testing.TB, dir string) (testCase, extract.Input, *extract.Profile) {
	t.Helper()
	var tc testCase
	readJSON(t, filepath.Join(dir, "case.json"), &tc)
	html, err := os.ReadFile(filepath.Join(dir, "source.html"))
	if err != nil {
		t.Fatal(err)
	}
	if tc.RawCharset {
		out, name, err := charset.Decode(html, "", "")
		if err != nil {
			t.Fatalf("decode %s: %v", dir, err)
		}
		t.Logf("decoded from %s", name)
		html = out
	}
	var prof *extract.Profile
	switch {
	case tc.Site != "" && tc.Profile != nil:
		t.Fatalf("%s: case.json has both site and profile", dir)
	case tc.Site != "":
		cfg, err := loadConfig()
		if err != nil {
			t.Fatalf("load config.yaml: %v", err)
		}
		s := cfg.SiteByName(tc.Site)
		if s == nil {
			t.Fatalf("site %q not in config.yaml", tc.Site)
		}
		prof = s.Profile()
	case tc.Profile != nil:
		prof = tc.Profile.profile(t)
	}
	fetched := time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)
	if tc.FetchedAt != "" {
		if fetched, err = time.Parse(time.RFC3339, tc.FetchedAt); err != nil {
			t.Fatalf("fetched_at: %v", err)
		}
	}
	return tc, extract.Input{HTML: html, URL: tc.URL, FetchedAt: fetched}, prof
}

// TestGolden runs Extract on every testdata/<case> and compares the result
// with expected.json. go test ./extract -update rewrites the expectations;
// review the diff like code.
func TestGolden(t *testing.T) {
	for _, dir := range caseDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tc, in, prof := loadCase(t, dir)
			a, err := extract.Extract(in, prof)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			for _, s := range tc.MustContain {
				if !strings.Contains(a.Body, s) {
					t.Errorf("body does not contain %q", s)
				}
			}
			for _, s := range tc.MustNotContain {
				if strings.Contains(a.Body, s) {
					t.Errorf("body contains %q", s)
				}
			}
			got := toGolden(a)
			exp := filepath.Join(dir, "expected.json")
			if *update {
				data, _ := json.MarshalIndent(got, "", "  ")
				if err := os.WriteFile(exp, append(data, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			var want golden
			readJSON(t, exp, &want)
			compareGolden(t, got, want)
		})
	}
}

// TestExtractConcurrent runs Extract on every case from 8 goroutines at
// once, each case with its own profile and with shared ones (the generic
// profile, nil), and checks that every result equals the one of a
// sequential run. Under -race it also shows that Extract shares nothing
// writable: not the generic profile, not the default rules, not a site
// profile used by several goroutines.
func TestExtractConcurrent(t *testing.T) {
	type job struct {
		name string
		in   extract.Input
		prof *extract.Profile
		want golden
	}
	var jobs []job
	generic := extract.GenericProfile()
	for _, dir := range caseDirs(t) {
		_, in, prof := loadCase(t, dir)
		for _, p := range []*extract.Profile{prof, nil, generic} {
			a, err := extract.Extract(in, p)
			if err != nil {
				t.Fatalf("%s: Extract: %v", dir, err)
			}
			jobs = append(jobs, job{name: filepath.Base(dir), in: in, prof: p, want: toGolden(a)})
		}
	}
	const workers, rounds = 8, 2
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				for i := range jobs {
					j := jobs[(i+w*7+r)%len(jobs)] // each worker in its own order
					a, err := extract.Extract(j.in, j.prof)
					if err != nil {
						errs <- fmt.Sprintf("%s: Extract: %v", j.name, err)
						return
					}
					if got := toGolden(a); !reflect.DeepEqual(got, j.want) {
						errs <- fmt.Sprintf("%s: concurrent result differs from the sequential one:\n got: %+v\nwant: %+v", j.name, got, j.want)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func compareGolden(t *testing.T, got, want golden) {
	t.Helper()
	str := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	check := func(name, g, w string) {
		if g != w {
			t.Errorf("%s = %q, want %q", name, g, w)
		}
	}
	check("ID", got.ID, want.ID)
	check("URL", got.URL, want.URL)
	check("Headline", got.Headline, want.Headline)
	check("PublishedAt", str(got.PublishedAt), str(want.PublishedAt))
	check("Precision", got.Precision, want.Precision)
	check("PublishedRaw", got.PublishedRaw, want.PublishedRaw)
	check("Zone", got.Zone, want.Zone)
	check("Calendar", got.Calendar, want.Calendar)
	check("Language", got.Language, want.Language)
	check("Section", got.Section, want.Section)
	if !slices.Equal(got.Authors, want.Authors) {
		t.Errorf("Authors = %q, want %q", got.Authors, want.Authors)
	}
	check("Description", got.Description, want.Description)
	if !reflect.DeepEqual(got.Image, want.Image) {
		t.Errorf("Image = %+v, want %+v", got.Image, want.Image)
	}
	if !slices.Equal(got.Tags, want.Tags) {
		t.Errorf("Tags = %q, want %q", got.Tags, want.Tags)
	}
	if !reflect.DeepEqual(got.Free, want.Free) {
		t.Errorf("IsAccessibleForFree = %v, want %v", str2(got.Free), str2(want.Free))
	}
	if !slices.Equal(got.ProfileMisses, want.ProfileMisses) {
		t.Errorf("ProfileMisses = %q, want %q", got.ProfileMisses, want.ProfileMisses)
	}
	for k, v := range want.Sources {
		check("Sources["+k+"]", got.Sources[k], v)
	}
	for k, v := range got.Sources {
		if _, ok := want.Sources[k]; !ok {
			t.Errorf("Sources[%q] = %q, want none", k, v)
		}
	}
	if got.Body != want.Body {
		t.Errorf("Body differs (run go test ./extract -update and review the diff)\n got: %q\nwant: %q", got.Body, want.Body)
	}
}

// str2 shows an optional bool.
func str2(b *bool) string {
	if b == nil {
		return "unknown"
	}
	return fmt.Sprint(*b)
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
}
