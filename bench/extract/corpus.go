package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The eval data is read from outside the repository and never copied into
// it.
const (
	dataEnv    = "NEWSNORM_EVAL_DIR"
	mainModule = "module github.com/newsnorm/newsnorm\n"
)

// dataDir returns the evaluation directory: the -data flag, else $NEWSNORM_EVAL_DIR,
// else ../shared/eval next to the repository root found from the working
// directory or, failing that, from the executable; for a git worktree
// (.../wt/NAME) that is the nearest shared/eval above the root.
func dataDir(flagValue string) (string, error) {
	for _, d := range []string{flagValue, os.Getenv(dataEnv)} {
		if d != "" {
			return filepath.Abs(d)
		}
	}
	for _, s := range searchStarts() {
		root, ok := repoRoot(s)
		if !ok {
			continue
		}
		for dir := filepath.Dir(root); ; dir = filepath.Dir(dir) {
			d := filepath.Join(dir, "shared", "eval")
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				return d, nil
			}
			if filepath.Dir(dir) == dir {
				return "", fmt.Errorf("no shared/eval above %s: pass -data or set %s", root, dataEnv)
			}
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
