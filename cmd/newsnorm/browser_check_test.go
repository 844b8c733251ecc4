package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A site that renders its pages in Chromium needs one: validate and crawl
// say so at start, naming the package to install.
func TestRenderWithoutChromium(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig("http://127.0.0.1:1", dir)+
		"    render: browser\nbrowser_path: "+filepath.Join(dir, "no-such-chromium")+"\n")
	for _, args := range [][]string{{"validate", "--config", cfg}, {"crawl", "--config", cfg}} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), args, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitUsage || !strings.Contains(err.Error(), "sites[0].render") || !strings.Contains(err.Error(), "apt-get install chromium") {
			t.Errorf("%s: exit %d, %v; want %d naming the key and the package", args[0], code, err, exitUsage)
		}
	}
}
