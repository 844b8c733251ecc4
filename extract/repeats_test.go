package extract_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

// repeatPage is an article whose text the page holds twice when twice is
// true (a copy for small screens below the one for large ones), with a
// meal plan whose short lines repeat for each day.
func repeatPage(twice bool) string {
	paras := []string{
		"The river rose by two metres overnight, and by morning the water had reached the steps of the town hall, where the mayor met the first families who had left their houses in the dark.",
		"Engineers said the old flood wall held along most of its length, but a section near the railway bridge gave way shortly after three, sending water into the streets behind the station.",
		"The council opened the sports hall as a shelter and asked residents on higher ground to offer rooms; by noon more than two hundred people had registered with the volunteers at the door.",
		"Forecasters expect the rain to ease on Thursday, though the river will stay high until the weekend, and the county has asked the army for sandbags and pumps for the lower town.",
	}
	var copy strings.Builder
	for _, p := range paras {
		fmt.Fprintf(&copy, "<p>%s</p>\n", p)
	}
	var plan strings.Builder
	for _, day := range []string{"Monday", "Tuesday", "Wednesday"} {
		fmt.Fprintf(&plan, "<h3>%s</h3><p>Breakfast: porridge with apple</p><p>Lunch: lentil soup and bread</p><p>Dinner: rice with vegetables</p>\n", day)
	}
	body := `<div class="wide">` + copy.String() + `</div>`
	if twice {
		body += `<div class="narrow">` + copy.String() + `</div>`
	}
	return `<!DOCTYPE html><html lang="en"><head><title>Flood reaches the town hall</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Flood reaches the town hall</h1>` + body + `<h2>What the shelter serves</h2>` + plan.String() + `</article>
<footer>The Valley Post</footer></body></html>`
}

func TestArticleSentTwiceSaysItOnce(t *testing.T) {
	for _, twice := range []bool{false, true} {
		a, err := extract.Extract(extract.Input{HTML: []byte(repeatPage(twice)), URL: "https://www.example.com/news/flood", FetchedAt: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"The river rose by two metres", "the army for sandbags"} {
			if n := strings.Count(a.Body, s); n != 1 {
				t.Errorf("twice=%v: %q %d times in the body, want once:\n%s", twice, s, n, a.Body)
			}
		}
		// The plan's lines repeat on purpose: each day keeps them.
		if n := strings.Count(a.Body, "Lunch: lentil soup and bread"); n != 3 {
			t.Errorf("twice=%v: the plan's line %d times, want 3:\n%s", twice, n, a.Body)
		}
	}
}
