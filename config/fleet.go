package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// A state shared through Redis (a fleet of workers): the workers share
// nothing but Redis, so each needs files of its own, named by {worker}.

// The default paths of a fleet worker's files: the defaults with
// {worker} in them.
const (
	FleetOutput   = "out/{site}-{date}-{worker}.jsonl"
	FleetRejects  = "out/rejects-{date}-{worker}.jsonl"
	FleetFailures = "out/failures-{worker}.jsonl"
)

// IsFleet reports whether a state setting names a Redis server.
func IsFleet(state string) bool {
	return strings.HasPrefix(state, "redis://") || strings.HasPrefix(state, "rediss://") || strings.HasPrefix(state, "unix://")
}

// UseState makes state the run's state (a --state flag or NEWSNORM_STATE;
// "" keeps the config's) and checks the paths for it: with a Redis state,
// the output, rejects and failures paths that the config file leaves out
// get {worker} by themselves, and a path the file gives without it is an
// error naming its key and line.
func (c *Config) UseState(state string) error {
	if state != "" && state != c.State {
		c.State = state
		if err := c.checkState(); err != nil {
			return err
		}
	}
	c.fleetDefaults()
	return c.checkFleetPaths()
}

func (c *Config) checkState() error {
	if IsFleet(c.State) || !strings.Contains(c.State, "://") {
		return nil
	}
	return &FieldError{File: c.file, Key: "state", Value: c.State, Msg: "must be a file path or redis://host:port/db"}
}

// fleetDefaults puts {worker} in the default paths of a fleet worker.
func (c *Config) fleetDefaults() {
	if !IsFleet(c.State) {
		return
	}
	d := Default()
	for _, p := range []struct {
		key        string
		v          *string
		def, fleet string
	}{
		{"output", &c.Output, d.Output, FleetOutput},
		{"rejects", &c.Rejects, d.Rejects, FleetRejects},
		{"failures", &c.Failures, d.Failures, FleetFailures},
	} {
		if !c.IsSet(p.key) && *p.v == p.def {
			*p.v = p.fleet
		}
	}
}

// checkFleetPaths refuses, with a Redis state, a file path without
// {worker}.
func (c *Config) checkFleetPaths() error {
	if !IsFleet(c.State) {
		return nil
	}
	var errs []error
	for _, p := range []struct{ key, v string }{{"output", c.Output}, {"rejects", c.Rejects}, {"failures", c.Failures}, {"warc", c.Warc}} {
		if p.v != "" && p.v != "-" && !strings.Contains(p.v, "{worker}") {
			errs = append(errs, &FieldError{File: c.file, Line: c.line(p.key), Key: p.key, Value: p.v,
				Msg: "with a redis state, workers share nothing but redis, so each needs files of its own: put {worker} in the path"})
		}
	}
	return errors.Join(errs...)
}

// CheckFleetPath checks a path given on the command line (flag names it)
// for the state in effect.
func (c *Config) CheckFleetPath(flag, path string) error {
	if IsFleet(c.State) && path != "" && path != "-" && !strings.Contains(path, "{worker}") {
		return fmt.Errorf("%s %q: with a redis state, workers share nothing but redis, so each needs files of its own: put {worker} in the path", flag, path)
	}
	return nil
}

// contact finds a way to reach the operator in a User-Agent: a URL or an
// email address.
var contact = regexp.MustCompile(`(?i)(https?://[^\s;)]+|mailto:[^\s;)]+|[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,})`)

// placeholderHost matches the reserved example domains (RFC 2606) and the
// project's own address: what a shipped config names, not an operator.
var placeholderHost = regexp.MustCompile(`(?i)(example\.(org|com|net)|github\.com/newsnorm/newsnorm)`)

// UserAgentProblem says why the user_agent lets no site reach whoever
// runs the crawl ("" when it names a real contact): sites that see a
// misbehaving crawler need someone to write to.
func (c *Config) UserAgentProblem() string {
	m := contact.FindString(c.UserAgent)
	switch {
	case m == "":
		return "names no contact: add a URL or an email address where sites can reach you, e.g. \"mybot/1.0 (+https://mysite.example/bot; me@mysite.example)\""
	case placeholderHost.MatchString(m):
		return fmt.Sprintf("still names the placeholder contact %s: put your own URL or email address in it before crawling real sites", m)
	}
	return ""
}
