package main

import (
	"context"
	"fmt"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/internal/propose"
	"github.com/newsnorm/newsnorm/pipeline"
)

func newProfileCommand(g *globalOptions) *cobra.Command {
	var home string
	initCmd := &cobra.Command{
		Use:   "init ARTICLE-URL",
		Short: "propose a site entry from one of its article pages and its home page",
		Long: `init fetches an article page and its site's home page (the article's origin,
or --home) and prints a site entry for config.yaml: the article pattern, with
an id group when the URL carries one, inferred from the article links on the
home page; follow patterns for its listing pages; the feeds it names; and the
labels that carry the article's ID and date. Check it, add it to config.yaml,
then try it with crawl --dry-run and extract --fetch --explain.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("%w: profile init takes one article URL", errUsage)
			}
			return pipeline.CheckURL(args[0])
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runProfileInit(cmd.Context(), g, args[0], home) },
	}
	initCmd.Flags().StringVar(&home, "home", "", "the site's home page (default: the article URL's origin)")
	cmd := &cobra.Command{Use: "profile", Short: "help with a site's profile"}
	cmd.AddCommand(initCmd)
	return cmd
}

func runProfileInit(ctx context.Context, g *globalOptions, articleURL, home string) error {
	cfg, log, err := g.prelude()
	if err != nil {
		return err
	}
	if home == "" {
		u, _ := url.Parse(articleURL)
		home = u.Scheme + "://" + u.Host + "/"
	}
	var pages []*crawler.Page
	for _, u := range []string{crawler.Canonical(articleURL), crawler.Canonical(home)} {
		p, err := fetchOne(ctx, cfg, log, u, nil)
		if err != nil {
			return err
		}
		pages = append(pages, p)
	}
	a, err := extract.Extract(extract.Input{HTML: pages[0].Body, URL: pages[0].FinalURL, FetchedAt: pages[0].FetchedAt}, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", articleURL, err)
	}
	s, err := propose.Propose(propose.Page{URL: pages[1].FinalURL, HTML: pages[1].Body}, propose.Page{URL: pages[0].FinalURL, HTML: pages[0].Body},
		propose.Labels{IDSource: a.Sources["id"], DateSource: a.Sources["published_at"]})
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(g.stdout, "sites:\n"+s.YAML())
	return err
}
