// Package config reads and checks newsnorm's YAML configuration.
//
// Default returns the built-in defaults; Parse reads YAML over them,
// rejecting unknown keys; Validate checks every value and names the key,
// the bad value and its line; Load is a thin wrapper that reads a file.
//
//   - config.go: Config, Site, FieldRule and Default.
//   - parse.go: Parse, Load and the line lookups behind error messages.
//   - validate.go: Validate and FieldError.
//   - profile.go: turning a Site into an extract.Profile.
package config
