package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnwrapHeadline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"## Binding Agents for Martian Concrete", "Binding Agents for Martian Concrete"},
		{"*A Treatise on Coffee* (1792)", "*A Treatise on Coffee* (1792)"},
		{"*A Treatise on Coffee*", "A Treatise on Coffee"},
		{`"What is Git?"`, "What is Git?"},
		{`"Es wird bald beginnen": Trump spricht`, `"Es wird bald beginnen": Trump spricht`},
		{"“New Ways to Corrupt LLMs”", "“New Ways to Corrupt LLMs”"},
		{"#1 tip for gardeners", "#1 tip for gardeners"},
		// a separator left where the site's name was meant to follow
		{"Top Home Gym Must Haves For Every Budget ⋆", "Top Home Gym Must Haves For Every Budget"},
		{"Harbour cranes return |", "Harbour cranes return"},
		{"Harbour cranes return -", "Harbour cranes return"},
		{"« C'est fini »", "« C'est fini »"},
		{"AC/DC", "AC/DC"},
		{"Up-to-date", "Up-to-date"},
	}
	for _, tt := range tests {
		if got := unwrapHeadline(tt.in); got != tt.want {
			t.Errorf("unwrapHeadline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtendsHeadline(t *testing.T) {
	tests := []struct {
		rest string
		want bool
	}{
		{" One Trick That Always Works)", true},
		{" | Example.net", false},
		{" - Example", false},
		{" (example.com) 87", false},
	}
	for _, tt := range tests {
		if got := extendsHeadline(tt.rest); got != tt.want {
			t.Errorf("extendsHeadline(%q) = %v, want %v", tt.rest, got, tt.want)
		}
	}
}

// When the main heading wins over a metadata headline (headingOverMeta),
// the explanation passes over the metadata candidates before the heading
// and says why, rather than calling them cut short.
func TestExplainHeadingOverMeta(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "headline-blog-h1-over-jsonld", "source.html"))
	if err != nil {
		t.Fatal(err)
	}
	ex := &Explanation{}
	a, err := Extract(Input{HTML: src, URL: "https://loamly.example/blog/soil-test", Explain: ex}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Headline != "How to Test Your Garden Soil at Home" {
		t.Fatalf("headline %q", a.Headline)
	}
	got := map[string]Candidate{}
	for _, c := range ex.Fields[0].Candidates {
		got[c.Source] = c
	}
	if c := got["json-ld"]; c.Verdict != VerdictPassed || !strings.Contains(c.Why, "main heading") {
		t.Errorf("json-ld candidate %+v, want passed over for the main heading", c)
	}
	if c := got["meta:og:title"]; c.Verdict != VerdictPassed {
		t.Errorf("og:title candidate %+v, want passed over", c)
	}
	if c := got["h1"]; c.Verdict != VerdictWon {
		t.Errorf("h1 candidate %+v, want won", c)
	}
	if c := got["title"]; c.Verdict != VerdictLater {
		t.Errorf("title candidate %+v, want later in the chain", c)
	}
}

func TestSlugWords(t *testing.T) {
	tests := []struct {
		path string
		want []string
	}{
		{"/blog/how-to-use-gym-equipment/", []string{"equipment", "gym", "how", "to", "use"}},
		{"/news/2025/03/11/best_trail-shoes-2025.html", []string{"best", "shoes", "trail"}},
		{"/story/3000000218734/nach-kalifat-rufen", []string{"kalifat", "nach", "rufen"}},
		{"/", nil},
	}
	for _, tt := range tests {
		got := slugWords(tt.path)
		if len(got) != len(tt.want) {
			t.Errorf("slugWords(%q) = %v, want %v", tt.path, got, tt.want)
			continue
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("slugWords(%q) = %v, want %v", tt.path, got, tt.want)
			}
		}
	}
}
