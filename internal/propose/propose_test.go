package propose

import (
	"regexp"
	"strings"
	"testing"
)

func TestProposeFromTheHomePageLinks(t *testing.T) {
	for _, tc := range []struct {
		name, home, article string
		idGroup             bool
		match, noMatch      []string
		follow              string
	}{
		{
			name:    "numeric id",
			home:    `<a href="/News/101.html">a</a><a href="/News/102.html">b</a><a href="/Service/1.html">s</a><a href="/Service/2.html">t</a><a href="/about">x</a>`,
			article: "https://www.daily.example/News/101.html", idGroup: true,
			match: []string{"https://daily.example/News/999.html", "http://www.daily.example/News/5.html"}, noMatch: []string{"https://daily.example/Service/1.html"},
			follow: `/Service/\d+\.html/?$`,
		},
		{
			name:    "date path and slug",
			home:    `<a href="/2024/05/03/council-approves-the-new-budget/">a</a><a href="/2024/05/04/floods-hit-the-river-valley/">b</a><a href="/section/world/">w</a><a href="/section/sport/">s</a>`,
			article: "https://paper.example/2024/05/03/council-approves-the-new-budget/", idGroup: false,
			match: []string{"https://paper.example/2025/12/31/another-story-with-words/"}, noMatch: []string{"https://paper.example/section/world/"},
		},
		{
			name:    "slug with id",
			home:    `<a href="/politics/minister-resigns-after-vote-8812345">a</a><a href="/economy/prices-rise-again-in-march-8812399">b</a>`,
			article: "https://site.example/politics/minister-resigns-after-vote-8812345", idGroup: true,
			match: []string{"https://site.example/politics/some-other-story-here-123456"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Propose(Page{URL: "https://" + strings.Split(tc.article, "/")[2] + "/", HTML: []byte("<html><body>" + tc.home + "</body></html>")},
				Page{URL: tc.article, HTML: []byte("<html><body><h1>x</h1></body></html>")}, Labels{IDSource: "label:News ID:"})
			if err != nil {
				t.Fatal(err)
			}
			re := regexp.MustCompile(s.Article)
			if (re.SubexpIndex("id") >= 0) != tc.idGroup || s.IDGroup != tc.idGroup {
				t.Errorf("article %s: id group %v, want %v", s.Article, s.IDGroup, tc.idGroup)
			}
			if !re.MatchString(tc.article) || s.Articles < 1 {
				t.Errorf("article pattern %s matches its own URL: %v; %d home-page links", s.Article, re.MatchString(tc.article), s.Articles)
			}
			for _, u := range tc.match {
				if !re.MatchString(u) {
					t.Errorf("article pattern %s does not match %s", s.Article, u)
				}
			}
			for _, u := range tc.noMatch {
				if re.MatchString(u) {
					t.Errorf("article pattern %s matches %s", s.Article, u)
				}
			}
			if tc.follow != "" && (len(s.Follow) == 0 || !strings.HasSuffix(s.Follow[0].Pattern, tc.follow)) {
				t.Errorf("follow %+v, want one ending in %s", s.Follow, tc.follow)
			}
			if s.IDLabel != "News ID:" || !strings.Contains(s.YAML(), "id: {labels: ['News ID:']}") {
				t.Errorf("id label %q in\n%s", s.IDLabel, s.YAML())
			}
		})
	}
}
