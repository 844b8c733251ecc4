package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/internal/charset"
	"github.com/newsnorm/newsnorm/output"
)

// runExtract extracts one saved page and prints its record, or, with
// --warc, the articles of WARC archives (see warc.go). No network.
func runExtract(ctx context.Context, e *env, args []string) error {
	var (
		c        common
		pageURL  string
		fromWarc bool
		all      bool
		out      string
	)
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	c.register(fs)
	var pf profileFlags
	pf.register(fs)
	fs.StringVar(&pageURL, "url", "", "the page's URL (required): picks the site profile and resolves links")
	fs.BoolVar(&fromWarc, "warc", false, "the arguments are WARC files: extract every article response in them")
	fs.BoolVar(&all, "all", false, "with --warc: every HTML response, not only the article URLs of configured sites (generic extraction for unknown sites)")
	fs.StringVar(&out, "out", "", `with --warc: output path template, or "-" for stdout (the default)`)
	if err := parse(fs, e, args); err != nil {
		return err
	}
	stopProfile, err := pf.start(e)
	if err != nil {
		return err
	}
	defer stopProfile()
	switch {
	case fromWarc && pageURL != "":
		return fmt.Errorf("%w: extract --warc takes no --url: each record has its URL", errUsage)
	case fromWarc:
		return runExtractWARC(ctx, e, c, all, out, fs.Args())
	case all || out != "":
		return fmt.Errorf("%w: --all and --out go with --warc", errUsage)
	}
	if pageURL == "" || fs.NArg() != 1 {
		return fmt.Errorf("%w: extract needs --url URL and one FILE (or - for stdin)", errUsage)
	}
	if err := checkURL(pageURL); err != nil {
		return fmt.Errorf("%w: --url %q: %w", errUsage, pageURL, err)
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	name := fs.Arg(0)
	fetched := time.Now().UTC()
	var in io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("%w: %w", errUsage, err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			fetched = st.ModTime().UTC()
		}
		in = f
	} else {
		name = "stdin"
	}
	raw, err := readPage(in)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	siteName, prof, forced := hostOf(pageURL), extract.GenericProfile(), ""
	if s := cfg.SiteFor(pageURL); s != nil {
		siteName, prof, forced = s.Name, s.Profile(), s.Charset
	}
	body, _, err := charset.Decode(raw, "", forced)
	if err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	a, err := extract.Extract(extract.Input{HTML: body, URL: pageURL, FetchedAt: fetched}, prof)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	line, err := output.Marshal(newRecord(siteName, a, fetched))
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(line); err != nil {
		return err
	}
	if bad := invalidFields(a, cfg.MinBodyChars); len(bad) > 0 {
		return fmt.Errorf("%w: %s: not a valid article: missing or short %v", errPartial, name, bad)
	}
	return nil
}

// readPage reads a page, gunzipping it when it starts with the gzip magic.
func readPage(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	var src io.Reader = br
	if bytes.Equal(head, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		defer gz.Close()
		src = gz
	}
	data, err := io.ReadAll(io.LimitReader(src, extract.MaxInput+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}
