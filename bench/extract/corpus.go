package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// The benchmark data is read from outside the repository and never copied
// into it.
const (
	benchDir   = "article-extraction-benchmark"
	truthFile  = "ground-truth.json"
	scorerFile = "score_bodies.py"
	dataEnv    = "NEWSNORM_EVAL_DIR"
	mainModule = "module github.com/newsnorm/newsnorm\n"
)

// page is one benchmark page, decompressed in memory.
type page struct {
	ID   string
	URL  string
	HTML []byte
}

type truth struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// dataDir returns the evaluation directory: the -data flag, else $NEWSNORM_EVAL_DIR,
// else ../shared/eval next to the repository root found from the working
// directory or, failing that, from the executable.
func dataDir(flagValue string) (string, error) {
	for _, d := range []string{flagValue, os.Getenv(dataEnv)} {
		if d != "" {
			return filepath.Abs(d)
		}
	}
	for _, s := range searchStarts() {
		if root, ok := repoRoot(s); ok {
			return filepath.Join(filepath.Dir(root), "shared", "eval"), nil
		}
	}
	return "", fmt.Errorf("cannot find the repository root above %v: pass -data or set %s", searchStarts(), dataEnv)
}

// searchStarts are where the repository root is looked for: the working
// directory, then the executable's directory.
func searchStarts() []string {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	return starts
}

// repoRoot walks up from dir to the directory whose go.mod declares the
// main newsnorm module.
func repoRoot(dir string) (string, bool) {
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte(mainModule)) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func loadTruth(data string) (map[string]truth, error) {
	path := filepath.Join(data, benchDir, truthFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read ground truth: %w", err)
	}
	gt := map[string]truth{}
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	if len(gt) == 0 {
		return nil, fmt.Errorf("%s: no items", path)
	}
	return gt, nil
}

// loadPages reads and decompresses the pages named in the ground truth, in
// id order; ids limits it to those pages when not empty.
func loadPages(data string, gt map[string]truth, ids ...string) ([]page, error) {
	if len(ids) == 0 {
		for id := range gt {
			ids = append(ids, id)
		}
		sort.Strings(ids)
	}
	pages := make([]page, 0, len(ids))
	for _, id := range ids {
		t, ok := gt[id]
		if !ok {
			return nil, fmt.Errorf("page %q: not in the ground truth", id)
		}
		b, err := readGzip(filepath.Join(data, benchDir, "html", id+".html.gz"))
		if err != nil {
			return nil, err
		}
		pages = append(pages, page{ID: id, URL: t.URL, HTML: b})
	}
	return pages, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err == nil {
		err = zr.Close()
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}
