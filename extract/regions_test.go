package extract

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestNamePatterns checks that the gated patterns over class and id names
// say what their regexps say, on names built at random from the words
// they list, their parts, other words and separators, in random case,
// ASCII or not (the long s and the Kelvin sign match "s" and "k" with
// (?i)).
func TestNamePatterns(t *testing.T) {
	parts := strings.Fields(`related posts more news stories most read viewed popular visited shared
		trending recommend recommended recommendations comment comments list disqus page header pageheader
		site masthead top bar navbar nav menu ticker breaking sidebar widget widgets footer post entry
		article story content body main info wrap inner col row left right ſidebar ſhared diſqus ſtory
		poſt commentſ moſt newſ maſthead`)
	parts = append(parts, "tic\u212aer", "brea\u212aing", "é")
	seps := []string{"-", "_", " ", "", "--", "  "}
	rnd := rand.New(rand.NewPCG(5, 6))
	matched := map[string]int{}
	patterns := map[string]namePattern{"otherArticles": otherArticlesNames, "layout": layoutNames, "articlePart": articlePartNames}
	for range 5000 {
		var b strings.Builder
		for k := range 1 + rnd.IntN(4) {
			if k > 0 {
				b.WriteString(seps[rnd.IntN(len(seps))])
			}
			w := parts[rnd.IntN(len(parts))]
			switch rnd.IntN(3) {
			case 0:
				w = strings.ToUpper(w)
			case 1:
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		names := b.String() + " " // as offArticle joins class and id
		for name, p := range patterns {
			want := p.re.MatchString(names)
			if got := p.MatchString(names); got != want {
				t.Errorf("%s.MatchString(%q) = %v, want %v", name, names, got, want)
			}
			if want {
				matched[name]++
			}
		}
	}
	for name := range patterns {
		if matched[name] < 250 {
			t.Errorf("%s matched %d random names, want at least 250", name, matched[name])
		}
	}
}
