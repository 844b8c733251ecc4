package extract

import (
	"slices"
	"testing"
)

func TestSplitNames(t *testing.T) {
	tests := []struct {
		raw    []string
		strict bool
		want   []string
	}{
		{[]string{"By Jane Doe and John Roe"}, false, []string{"Jane Doe", "John Roe"}},
		{[]string{"von Max Muster und Erika Beispiel, dpa"}, true, []string{"Max Muster", "Erika Beispiel", "dpa"}},
		{[]string{"Par Jean Dupont"}, false, []string{"Jean Dupont"}},
		{[]string{"Por Ana García y Luis Pérez"}, false, []string{"Ana García", "Luis Pérez"}},
		{[]string{"Priya Nkosi, Staff Writer"}, false, []string{"Priya Nkosi"}},
		{[]string{"Jane Doe | March 3, 2024"}, false, []string{"Jane Doe"}},
		{[]string{"Jane Doe Updated 3 hours ago"}, false, []string{"Jane Doe"}},
		{[]string{"j.doe@example.com"}, false, nil},
		{[]string{"Elena Oberholzer (obe)"}, false, []string{"Elena Oberholzer"}},
		{[]string{"신현주 기자"}, false, []string{"신현주"}},
		{[]string{"Reuters/AP"}, false, []string{"Reuters", "AP"}},
		{[]string{"Jillian Kubala, MS, RD"}, false, []string{"Jillian Kubala"}},
		{[]string{"Genevieve Carlton, Ph.D."}, true, []string{"Genevieve Carlton"}},
		{[]string{"Reviewed by Justin C. Meserole, Trial Attorney at Morgan & Morgan, on December 9, 2024."}, true, nil},
		{[]string{"Written by Ann Lee, reviewed by Sam Roe"}, true, []string{"Ann Lee"}},
		{[]string{"Recent Posts"}, true, nil},
		{[]string{"Skip to Content"}, true, nil},
		{[]string{"Sam Lee, M.D."}, false, []string{"Sam Lee"}},
		{[]string{"Staff"}, false, []string{"Staff"}},               // all the metadata says
		{[]string{"Staff Writer"}, true, nil},                       // a title in the text is no name
		{[]string{"April Fulton"}, false, []string{"April Fulton"}}, // not a date
		{[]string{"August"}, true, nil},
		{[]string{"Jane Doe", "jane doe"}, false, []string{"Jane Doe"}},
		{[]string{"a founder of Example Ventures"}, true, nil},
		{[]string{"Photo: Max Muster"}, false, nil},
		{[]string{"Maria &amp; Katerina"}, false, []string{"Maria", "Katerina"}},
		{[]string{"admin"}, false, nil},
		{[]string{"BR24 Redaktion"}, false, []string{"BR24 Redaktion"}},
		{[]string{"Jane Doe 3rd May"}, false, []string{"Jane Doe"}},
		{[]string{"Jane Doe 10:05"}, false, []string{"Jane Doe"}},
		// job titles of more words go when a name comes with them
		{[]string{"TOM KRISHER", "AP Auto Writer"}, true, []string{"TOM KRISHER"}},
		{[]string{"Brett Cruz, Privacy and Digital Security Expert & Gene Petrino, Home Security Expert"}, true, []string{"Brett Cruz", "Gene Petrino"}},
		{[]string{"Ana Ruiz and Luis Pérez, Science Writers"}, true, []string{"Ana Ruiz", "Luis Pérez"}},
		{[]string{"SFist Contributor"}, true, []string{"SFist Contributor"}},              // all the byline says
		{[]string{"Guardian staff reporter"}, false, []string{"Guardian staff reporter"}}, // all the metadata says
		// "in" opens the sections or the place the byline names next
		{[]string{"TPN, in News, Portugal, Business, Property, Tourism"}, true, []string{"TPN"}},
		{[]string{"Jane Doe in London"}, true, []string{"Jane Doe"}},
	}
	for _, tt := range tests {
		if got := splitNames(tt.raw, tt.strict); !slices.Equal(got, tt.want) {
			t.Errorf("splitNames(%q, %v) = %q, want %q", tt.raw, tt.strict, got, tt.want)
		}
	}
}

func TestNamesAuthor(t *testing.T) {
	tests := []struct {
		names string
		want  bool
	}{
		{"byline", true},
		{"c-byline__attribution", true},
		{"author-name", true},
		{"article__autor", true},
		{"author-avatar", false},
		{"author-bio", false},
		{"post-title", false},
		{"meta author-image", false},
	}
	for _, tt := range tests {
		if got := namesAuthor(tt.names); got != tt.want {
			t.Errorf("namesAuthor(%q) = %v, want %v", tt.names, got, tt.want)
		}
	}
}
