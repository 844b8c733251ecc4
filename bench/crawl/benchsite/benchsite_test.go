package benchsite

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDiscoveryWithinDepth walks the site the way the crawlers do (start
// page at depth 0, listing pages followed to depth 2, article links
// collected) and checks that every article is found, for sizes that do
// and do not fill the last archive page.
func TestDiscoveryWithinDepth(t *testing.T) {
	for _, tc := range []struct{ n, perPage int }{{1, 100}, {250, 100}, {1000, 100}, {2001, 50}} {
		site := New(tc.n, tc.perPage)
		srv := httptest.NewServer(site)
		follow := regexp.MustCompile(`^` + regexp.QuoteMeta(srv.URL) + `/(Service/\d+\.html|News/Archive)`)
		article := regexp.MustCompile(`^` + regexp.QuoteMeta(srv.URL) + `/News/(\d+)\.html$`)
		href := regexp.MustCompile(`href='([^']+)'|href="([^"]+)"`)

		seen := map[string]bool{srv.URL + "/": true}
		articles := map[string]bool{}
		frontier := []string{srv.URL + "/"}
		for depth := 0; depth <= 2 && len(frontier) > 0; depth++ {
			var next []string
			for _, u := range frontier {
				for _, m := range href.FindAllStringSubmatch(get(t, u), -1) {
					link := srv.URL + strings.ReplaceAll(m[1]+m[2], "&amp;", "&")
					switch {
					case article.MatchString(link):
						articles[link] = true
					case depth < 2 && follow.MatchString(link) && !seen[link]:
						seen[link] = true
						next = append(next, link)
					}
				}
			}
			frontier = next
		}
		if len(articles) != tc.n {
			t.Errorf("New(%d, %d): discovery within depth 2 found %d articles, want %d", tc.n, tc.perPage, len(articles), tc.n)
		}
		if st := site.Stats(); st.Articles != 0 || st.Listings == 0 {
			t.Errorf("New(%d, %d): stats after discovery = %+v, want listings only", tc.n, tc.perPage, st)
		}
		srv.Close()
	}
}

func TestStatsCountDistinctArticles(t *testing.T) {
	site := New(10, 5)
	srv := httptest.NewServer(site)
	defer srv.Close()
	first := site.FirstID()
	for _, id := range []int{first, first + 9, first, first + 10} {
		get(t, srv.URL+"/News/"+itoa(id)+".html")
	}
	st := site.Stats()
	if st.Articles != 3 || st.DistinctArticles != 2 || st.Other != 1 {
		t.Errorf("stats = %+v, want 3 article requests, 2 distinct, 1 other (ID out of range)", st)
	}
	if body := get(t, srv.URL+"/News/"+itoa(first+3)+".html"); !strings.Contains(body, "News ID: "+itoa(first+3)) {
		t.Errorf("article page lacks its News ID label:\n%s", body)
	}
	site.Reset()
	if st := site.Stats(); st != (Stats{}) {
		t.Errorf("stats after Reset = %+v, want zero", st)
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func itoa(i int) string { return strconv.Itoa(i) }
