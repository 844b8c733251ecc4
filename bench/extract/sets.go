package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// evalSet is one folder of the eval directory: pages as <Pages>/<id>.html.gz
// and the truth one or both scorers read.
type evalSet struct {
	Name  string
	Pages string // the folder of <id>.html.gz
	// Bodies: ground-truth.json ({id: {url, articleBody}}) for
	// score_bodies.py, the 4-token-shingle F1 of the body.
	Bodies bool
	// Meta: truth.jsonl for score_meta.py (headline, publish date, authors,
	// bag-of-words body F1). Where a set has both, the truth is read from
	// here.
	Meta bool
}

// evalSets are the four sets in ../shared/eval, in the table's order. Each
// folder's DATA.md says where its pages and truth come from.
var evalSets = []evalSet{
	{Name: "article-extraction-benchmark", Pages: "html", Bodies: true},
	{Name: "wcxb-dev-articles", Pages: "html", Bodies: true, Meta: true},
	{Name: "fundus-publishers", Pages: "html", Meta: true},
	{Name: "dates-headlines-dev", Pages: "pages", Meta: true},
}

const (
	bodyTruthFile = "ground-truth.json"
	metaTruthFile = "truth.jsonl"
	bodyScorer    = "score_bodies.py"
	metaScorer    = "score_meta.py"
)

// benchSet is the 181-page set that the older newsnorm targets were set on.
const benchSet = "article-extraction-benchmark"

func lookupSet(name string) (evalSet, error) {
	for _, s := range evalSets {
		if s.Name == name {
			return s, nil
		}
	}
	return evalSet{}, fmt.Errorf("no eval set %q (have %s)", name, strings.Join(setNames(evalSets), ", "))
}

// parseSets reads the -sets flag: comma-separated set names, in any order;
// the result is in the table's order.
func parseSets(list string) ([]evalSet, error) {
	want := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		if _, err := lookupSet(n); err != nil {
			return nil, err
		}
		want[n] = true
	}
	var sets []evalSet
	for _, s := range evalSets {
		if want[s.Name] {
			sets = append(sets, s)
		}
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("-sets %q names no set", list)
	}
	return sets, nil
}

func setNames(sets []evalSet) []string {
	var names []string
	for _, s := range sets {
		names = append(names, s.Name)
	}
	return names
}

// truthItem is what a set's truth says of one page; empty where it says
// nothing.
type truthItem struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Headline  string   `json:"headline"`
	Published string   `json:"published"`
	Authors   []string `json:"authors"`
	Body      string   `json:"body"`
	CrawlDate string   `json:"crawl_date"` // fundus-publishers only
}

// loadTruth reads a set's truth, sorted by id.
func loadTruth(data string, s evalSet) ([]truthItem, error) {
	var items []truthItem
	var err error
	if s.Meta {
		items, err = readTruthJSONL(filepath.Join(data, s.Name, metaTruthFile))
	} else {
		items, err = readGroundTruth(filepath.Join(data, s.Name, bodyTruthFile))
	}
	if err != nil {
		return nil, err
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	return items, nil
}

func readGroundTruth(path string) ([]truthItem, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read ground truth: %w", err)
	}
	gt := map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}{}
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if len(gt) == 0 {
		return nil, fmt.Errorf("%s: no items", path)
	}
	items := make([]truthItem, 0, len(gt))
	for id, t := range gt {
		items = append(items, truthItem{ID: id, URL: t.URL, Body: t.ArticleBody})
	}
	return items, nil
}

func readTruthJSONL(path string) ([]truthItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read truth: %w", err)
	}
	defer f.Close()
	var items []truthItem
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var t truthItem
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if t.ID == "" {
			return nil, fmt.Errorf("%s:%d: no id", path, n)
		}
		items = append(items, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no items", path)
	}
	return items, nil
}

// page is one page of a set, decompressed in memory.
type page struct {
	ID   string
	URL  string // "" where the truth gives none (46 pages of dates-headlines-dev)
	HTML []byte
	// FetchedAt is the reference time newsnorm gets for relative and
	// year-less dates: the crawl date where the truth has one
	// (fundus-publishers' crawl_date, read as UTC), else the page file's
	// mtime, as `newsnorm extract` takes it, else (no mtime) the zero time.
	// The eval folders' mtimes are when the pages were copied there, not
	// when they were fetched.
	FetchedAt time.Time
}

// loadPages reads and decompresses the pages of the given truth items, in
// their order.
func loadPages(data string, s evalSet, items []truthItem) ([]page, error) {
	pages := make([]page, 0, len(items))
	for _, t := range items {
		path := filepath.Join(data, s.Name, s.Pages, t.ID+".html.gz")
		b, err := readGzip(path)
		if err != nil {
			return nil, err
		}
		pages = append(pages, page{ID: t.ID, URL: t.URL, HTML: b, FetchedAt: fetchedAt(t, path)})
	}
	return pages, nil
}

func fetchedAt(t truthItem, path string) time.Time {
	if t.CrawlDate != "" {
		if c, err := time.Parse("2006-01-02 15:04:05.999999", t.CrawlDate); err == nil {
			return c
		}
	}
	if fi, err := os.Stat(path); err == nil {
		return fi.ModTime().UTC()
	}
	return time.Time{}
}
