package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/pipeline"
)

// extractOptions are extract's flags.
type extractOptions struct {
	pageURL  string
	fetch    string
	fromWarc bool
	all      bool
	sites    []string
	out      string
	explain  bool
	format   string
	profile  profileOptions
}

func (o *extractOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.pageURL, "url", "", "the page's URL (required with a FILE): picks the site profile and resolves links")
	fs.StringVar(&o.fetch, "fetch", "", "fetch this live URL with the crawler's own client (robots.txt, politeness, address guard, charset, retries) and extract it")
	fs.BoolVar(&o.fromWarc, "warc", false, "the arguments are WARC files: extract every article response in them")
	fs.BoolVar(&o.all, "all", false, "with --warc: every HTML response, not only the article URLs of configured sites (generic extraction for unknown sites)")
	fs.StringArrayVar(&o.sites, "site", nil, "with --warc: only the article URLs of this configured site (repeatable)")
	fs.StringVar(&o.out, "out", "", `with --warc: output path template, or "-" for stdout (the default)`)
	fs.BoolVar(&o.explain, "explain", false, "print how each field was chosen instead of the record: every candidate of its chain, the body's containers and what was dropped, with the rule")
	fs.StringVar(&o.format, "format", "text", "with --explain: text (for a terminal) or json")
	o.profile.AddFlags(fs)
}

func newExtractCommand(g *globalOptions) *cobra.Command {
	var o extractOptions
	cmd := &cobra.Command{
		Use:   "extract [flags] --url URL FILE|-\n  newsnorm extract [flags] --fetch URL\n  newsnorm extract [flags] --warc [--all|--site NAME] [--out PATH|-] WARCFILE...|-",
		Short: "extract one page (saved, or fetched live), or the articles of WARC files",
		Long: `extract extracts one saved page (a file, gzip-compressed or not, or - for
stdin) and prints its record; --url is the page's URL, which picks the site
profile. With --fetch URL it fetches one live page with the crawler's own
client first (robots.txt, politeness, the private-address guard, charset
handling, retries) and says on stderr which configured site matched (or that
none did and generic extraction ran). With --warc it extracts every article
of WARC archives (newsnorm's, wget's, Heritrix's, CC-NEWS; - reads their
names from stdin), with no state: backfill --from-warc does the same with
state and resume. Only --fetch uses the network.`,
		RunE: func(cmd *cobra.Command, args []string) error { return runExtract(cmd.Context(), g, o, args) },
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

// runExtract extracts one saved page and prints its record, or, with
// --warc, the articles of WARC archives. No network.
func runExtract(ctx context.Context, g *globalOptions, o extractOptions, args []string) error {
	stopProfile, err := o.profile.start(g.stderr)
	if err != nil {
		return err
	}
	defer stopProfile()
	switch {
	case o.explain && o.fromWarc:
		return fmt.Errorf("%w: --explain explains one page: not with --warc", errUsage)
	case o.explain:
		if err := pipeline.CheckExplainFormat(o.format); err != nil {
			return err
		}
	}
	switch {
	case o.fetch != "" && (o.fromWarc || o.pageURL != "" || len(args) > 0):
		return fmt.Errorf("%w: extract --fetch URL takes no --url, --warc or FILE", errUsage)
	case o.fetch != "":
		return runExtractFetch(ctx, g, o)
	case o.fromWarc && o.pageURL != "":
		return fmt.Errorf("%w: extract --warc takes no --url: each record has its URL", errUsage)
	case o.fromWarc:
		return runExtractWARC(ctx, g, o, args)
	case o.all || o.out != "" || len(o.sites) > 0:
		return fmt.Errorf("%w: --all, --site and --out go with --warc", errUsage)
	}
	if o.pageURL == "" || len(args) != 1 {
		return fmt.Errorf("%w: extract needs --url URL and one FILE (or - for stdin)", errUsage)
	}
	if err := pipeline.CheckURL(o.pageURL); err != nil {
		return fmt.Errorf("%w: --url %q: %w", errUsage, o.pageURL, err)
	}
	cfg, err := g.loadConfig()
	if err != nil {
		return err
	}
	page, err := pipeline.ReadSaved(args[0], g.stdin)
	if err != nil {
		return err
	}
	ex := o.explanation()
	t, res, err := page.Extract(cfg, o.pageURL, ex)
	if err != nil {
		return err
	}
	return o.printResult(g, page.Name, o.pageURL, t, res, ex)
}

// explanation is a new Explanation with --explain, else nil.
func (o *extractOptions) explanation() *extract.Explanation {
	if o.explain {
		return &extract.Explanation{}
	}
	return nil
}

// printResult prints a page's record, or with --explain how it came
// about; an invalid article is a partial failure (exit 3).
func (o *extractOptions) printResult(g *globalOptions, name, pageURL string, t pipeline.Target, res *pipeline.Result, ex *extract.Explanation) error {
	if res.Err != nil {
		return fmt.Errorf("%s: %w", name, res.Err)
	}
	var err error
	if ex != nil {
		err = pipeline.WriteExplanation(g.stdout, o.format, pageURL, t, res, ex)
	} else {
		var line []byte
		if line, err = output.Marshal(res.Record); err == nil {
			_, err = g.stdout.Write(line)
		}
	}
	if err != nil {
		return err
	}
	if res.Reject != "" {
		return fmt.Errorf("%w: %s: not a valid article: %s", errPartial, name, res.Reject)
	}
	return nil
}

// runExtractWARC extracts the articles of the response records of WARC
// files, as the crawl that wrote them did, with no state (the engine is
// pipeline.Replay). Missing files are usage errors (exit 2), checked
// before anything is read; a file with damage is reported, the rest of it
// and the files after it are still read, and the run exits 1; article
// pages that give no valid article make it exit 3.
func runExtractWARC(ctx context.Context, g *globalOptions, o extractOptions, args []string) error {
	files, sel, cfg, log, err := g.warcPrelude(args, o.sites, o.all)
	if err != nil {
		return err
	}
	x := pipeline.NewReplay(cfg, sel, o.out, g.stdout, log)
	bad, fatal := x.Run(ctx, files)
	switch {
	case fatal != nil:
		return fatal
	case ctx.Err() != nil:
		return errInterrupted
	case len(bad) > 0:
		return errors.Join(bad...)
	case x.Rejected > 0:
		return fmt.Errorf("%w: %d article pages gave no valid article", errPartial, x.Rejected)
	}
	return nil
}
