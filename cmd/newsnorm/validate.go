package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newValidateCommand(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [flags]",
		Short: "check a config file and report every bad value",
		Args:  noArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, _, err := g.prelude()
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "%s: ok (%d sites)\n", cfg.File(), len(cfg.Sites))
			return nil
		},
	}
}
