package main

import (
	"context"
	"flag"
	"fmt"
)

// runValidate checks a config file and reports every bad value.
func runValidate(_ context.Context, e *env, args []string) error {
	var c common
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	c.register(fs)
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: validate takes no arguments", errUsage)
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: ok (%d sites)\n", cfg.File(), len(cfg.Sites))
	return nil
}
