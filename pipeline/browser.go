package pipeline

import (
	"fmt"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/render"
)

// CheckBrowser finds Chromium when a site renders its pages in it
// (render: browser or auto): validate, crawl and backfill all check it at
// start, so that a run never finds out on its first article.
func CheckBrowser(cfg *config.Config) error {
	for i := range cfg.Sites {
		if !cfg.Sites[i].Renders() {
			continue
		}
		if _, err := render.Find(cfg.BrowserPath); err != nil {
			return fmt.Errorf("%w: sites[%d].render %q: %w", ErrUsage, i, cfg.Sites[i].Render, err)
		}
		return nil
	}
	return nil
}
