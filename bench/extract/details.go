package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// detailsPath is where -details keeps one scorer's per-page output:
// DIR/<set>/<extractor>.jsonl from score_meta.py --details, .tsv from
// score_bodies.py --per-item.
func detailsPath(dir, set, name, ext string) string {
	return filepath.Join(dir, set, name+ext)
}

// bodyItem is one row of score_bodies.py's per-item TSV.
type bodyItem struct {
	id, p, r, tokens string
	f1               float64
}

func readPerItem(path string) ([]bodyItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var items []bodyItem
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 8 || c[0] == "id" {
			continue
		}
		f1, _ := strconv.ParseFloat(c[3], 64)
		items = append(items, bodyItem{id: c[0], p: c[1], r: c[2], f1: f1, tokens: c[5] + "/" + c[6]})
	}
	return items, sc.Err()
}

// printWorst lists the n newsnorm pages of the 181-page benchmark with the
// lowest F1 from the -per-item TSV.
func printWorst(w io.Writer, o options, n int) error {
	s, err := lookupSet(benchSet)
	if err != nil {
		return err
	}
	truth, err := loadTruth(o.data, s)
	if err != nil {
		return err
	}
	urls := map[string]string{}
	for _, t := range truth {
		urls[t.ID] = t.URL
	}
	items, err := readPerItem(o.perItem)
	if err != nil {
		return err
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].f1 < items[j].f1 })
	fmt.Fprintf(w, "\nWorst %s pages on %s (per-item TSV: %s; inspect one with -show ID):\n\n", subjectName, benchSet, o.perItem)
	fmt.Fprintf(w, "| id | url | F1 | precision | recall | tokens true/pred |\n|---|---|---|---|---|---|\n")
	for i := 0; i < n && i < len(items); i++ {
		it := items[i]
		fmt.Fprintf(w, "| %s | %s | %.3f | %s | %s | %s |\n", it.id[:min(12, len(it.id))], urls[it.id], it.f1, it.p, it.r, it.tokens)
	}
	return nil
}

// printDetails says where -details put the per-page files and counts, per
// set, the pages where newsnorm misses each field.
func printDetails(w io.Writer, o options, runs []*setRun) error {
	fmt.Fprintf(w, "\nPer-page results in %s/<set>/<extractor>.jsonl (score_meta.py --details) and .tsv "+
		"(score_bodies.py --per-item). Pages where %s misses (inspect one with -show ID):\n\n", o.details, subjectName)
	fmt.Fprintf(w, "| set | headline not exact | wrong day | not within 1 h | authors F1 < 1 | body F1 < 0.9 |\n|---|---|---|---|---|---|\n")
	for _, sr := range runs {
		miss := map[string]string{}
		if sr.set.Meta {
			counts, err := metaMisses(detailsPath(o.details, sr.set.Name, subjectName, ".jsonl"))
			if err != nil {
				return err
			}
			for k, c := range counts {
				miss[k] = fmt.Sprintf("%d of %d", c[0], c[1])
			}
		}
		if sr.set.Bodies {
			items, err := readPerItem(detailsPath(o.details, sr.set.Name, subjectName, ".tsv"))
			if err != nil {
				return err
			}
			low := 0
			for _, it := range items {
				if it.f1 < 0.9 {
					low++
				}
			}
			miss["body_f1"] = fmt.Sprintf("%d of %d (shingles)", low, len(items))
		}
		get := func(k string) string {
			if v, ok := miss[k]; ok {
				return v
			}
			return "–"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", sr.set.Name,
			get("headline_exact"), get("date_day"), get("date_hour"), get("authors_f1"), get("body_f1"))
	}
	return nil
}

// metaMisses counts, per metric of score_meta.py's details, the pages
// scored below 1 (body F1: below 0.9) and the pages scored.
func metaMisses(path string) (map[string][2]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	counts := map[string][2]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var d map[string]any
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, k := range []string{"headline_exact", "date_day", "date_hour", "authors_f1", "body_f1"} {
			v, ok := d[k].(float64)
			if !ok {
				continue
			}
			limit := 1.0
			if k == "body_f1" {
				limit = 0.9
			}
			c := counts[k]
			c[1]++
			if v < limit {
				c[0]++
			}
			counts[k] = c
		}
	}
	return counts, sc.Err()
}
