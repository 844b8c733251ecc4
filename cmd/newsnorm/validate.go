package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/newsnorm/newsnorm/pipeline"
)

func newValidateCommand(g *globalOptions) *cobra.Command {
	var statePath string
	cmd := &cobra.Command{
		Use:   "validate [flags]",
		Short: "check a config file and report every bad value",
		Long: `validate runs every check of the config that crawl and backfill run at start
(with --state or NEWSNORM_STATE as they would take it), and reports every bad
value with its file, line and key.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, _, err := g.prelude()
			if err != nil {
				return err
			}
			if err := cfg.UseState(stateOverride(statePath)); err != nil {
				return fmt.Errorf("%w: %w", errConfig, err)
			}
			if err := pipeline.CheckBrowser(cfg); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "%s: ok (%d sites)\n", cfg.File(), len(cfg.Sites))
			return nil
		},
	}
	cmd.Flags().StringVar(&statePath, "state", "", "check the config for this state (file or redis://host:port/db) instead of the config's")
	return cmd
}
