package pipeline

import (
	"fmt"
	"log/slog"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
)

// Prepare checks at the start of a crawl or backfill what can be known
// before the first request, and sets the config up for the run: the state
// in effect (with a Redis state, the per-worker paths), Chromium for sites
// that render, the --warc template warc when given. It warns when the
// user_agent is still the shipped placeholder. Errors are ErrUsage.
func Prepare(cfg *config.Config, statePath, warc string, log *slog.Logger) error {
	if err := cfg.UseState(statePath); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if err := CheckBrowser(cfg); err != nil {
		return err
	}
	if problem := cfg.UserAgentProblem(); problem != "" {
		log.Warn("user_agent "+problem, "user_agent", cfg.UserAgent)
	}
	if warc != "" {
		if err := config.CheckArchiveTemplate(warc); err != nil {
			return fmt.Errorf("%w: --warc %q: %w", ErrUsage, warc, err)
		}
		if err := cfg.CheckFleetPath("--warc", warc); err != nil {
			return fmt.Errorf("%w: %w", ErrUsage, err)
		}
		cfg.Warc = warc
	}
	return nil
}

// ChooseSites are the sites a crawl crawls: those named (each once, in
// the order given), or every configured site when none is named. A name
// not in the config, or a config with no sites, is an ErrUsage.
func ChooseSites(cfg *config.Config, names []string) ([]*crawler.Site, error) {
	var chosen []*crawler.Site
	named := map[string]bool{}
	for _, name := range names {
		s := cfg.SiteByName(name)
		if s == nil {
			return nil, fmt.Errorf("%w: --site %q is not in %s", ErrUsage, name, cfg.File())
		}
		if !named[name] { // --site x --site x crawls x once
			named[name] = true
			chosen = append(chosen, CrawlerSite(s))
		}
	}
	if len(names) == 0 {
		for i := range cfg.Sites {
			chosen = append(chosen, CrawlerSite(&cfg.Sites[i]))
		}
	}
	if len(chosen) == 0 {
		return nil, fmt.Errorf("%w: %s configures no sites to crawl", ErrUsage, cfg.File())
	}
	return chosen, nil
}
