package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// From one article URL to a working profile: profile init proposes a site
// entry, and a crawl with it writes every article of the site.
func TestProfileInitProposesAWorkingSite(t *testing.T) {
	site := testsite.New(12)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	base := "allow_private_networks: true\nuser_agent: \"newsnorm-test/1.0 (+mailto:t@test.example)\"\n"
	cfg := writeFile(t, filepath.Join(dir, "empty.yaml"), base+"sites: []\n")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"profile", "init", srv.URL + "/News/174003.html", "--config", cfg}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("profile init: %v\n%s", err, stderr.String())
	}
	proposal := stdout.String()
	for _, want := range []string{`(?P<id>\d+)\.html/?$'`, "/Service/", "feeds:", "id: {labels: ['News ID']}", "published: {labels: ['Published']}"} {
		if !strings.Contains(proposal, want) {
			t.Errorf("the proposal lacks %q:\n%s", want, proposal)
		}
	}
	proposed := writeFile(t, filepath.Join(dir, "config.yaml"), base+
		"state: "+dir+"/state.db\noutput: "+dir+"/out/{site}.jsonl\nrejects: "+dir+"/out/rejects.jsonl\nfailures: "+dir+"/out/failures.jsonl\n"+
		strings.ReplaceAll(proposal, "delay: 1s", "delay: 0s"))
	stdout.Reset()
	if err := run(context.Background(), []string{"crawl", "--config", proposed}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("crawl with the proposed profile: %v\n%s\n%s", err, proposal, tail(stderr.String(), 2000))
	}
	recs := readRecords(t, filepath.Join(dir, "out", "127.0.0.1.jsonl"))
	if len(recs) != 12 {
		t.Fatalf("the proposed profile crawled %d of 12 articles\n%s", len(recs), proposal)
	}
	for _, r := range recs {
		if src := r["sources"].(map[string]any); !strings.HasPrefix(src["id"].(string), "profile:label:News ID") || !strings.HasPrefix(src["published_at"].(string), "profile:label:Published") {
			t.Errorf("record %v: sources %v; want the proposed labels", r["id"], src)
		}
	}
}
