package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Parse reads YAML from r over the defaults, rejecting unknown keys, and
// validates the result. name is used in error messages.
func Parse(r io.Reader, name string) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	c := Default()
	c.file = name
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxError(name, err)
	}
	c.root = &root
	if len(root.Content) > 0 {
		d := &decoder{file: name}
		d.decode(root.Content[0], reflect.ValueOf(c).Elem(), "")
		if len(d.errs) > 0 {
			return nil, errors.Join(d.errs...)
		}
	}
	for i := range c.Sites {
		s := &c.Sites[i]
		s.index = i
		if s.MaxDepth == 0 && c.line(fmt.Sprintf("sites[%d].max_depth", i)) == 0 {
			s.MaxDepth = DefaultMaxDepth
		}
		if s.Delay == 0 && c.line(fmt.Sprintf("sites[%d].delay", i)) == 0 {
			s.Delay = DefaultDelay
		}
		if s.Parallelism == 0 && c.line(fmt.Sprintf("sites[%d].parallelism", i)) == 0 {
			s.Parallelism = DefaultParallelism
		}
		if s.MaxQueryVariants == 0 && c.line(fmt.Sprintf("sites[%d].max_query_variants", i)) == 0 {
			s.MaxQueryVariants = DefaultMaxQueryVariants
		}
		if s.Timezone == "" {
			s.Timezone = "UTC"
		}
	}
	c.fleetDefaults()
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// SyntaxError is a config file that is not valid YAML.
type SyntaxError struct {
	File         string
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: not valid YAML: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: not valid YAML: %s", e.File, e.Line, e.Column, e.Msg)
}

// syntaxError names the line and column where the YAML parser stopped.
func syntaxError(name string, err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		msg := le.Message
		if le.ContextMsg != "" && le.ContextMark.Line > 0 {
			msg += fmt.Sprintf(" (%s from line %d)", le.ContextMsg, le.ContextMark.Line)
		}
		return &SyntaxError{File: name, Line: le.Mark.Line, Column: le.Mark.Column, Msg: msg}
	}
	return &SyntaxError{File: name, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
}

// Load reads the config file at path. A missing file at the default path
// (optional true) yields Default().
func Load(path string, optional bool) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		if optional && errors.Is(err, os.ErrNotExist) {
			c := Default()
			return c, c.Validate()
		}
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

// line returns the line of the value at a key path such as
// "sites[0].article" or "sites[1].follow[2]", or 0 when it is not in the
// file.
func (c *Config) line(path string) int {
	n := c.node(path)
	if n == nil {
		return 0
	}
	return n.Line
}

func (c *Config) node(path string) *yaml.Node {
	if c.root == nil || len(c.root.Content) == 0 {
		return nil
	}
	n := c.root.Content[0]
	for _, part := range strings.Split(path, ".") {
		key, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			key = part[:i]
			v, err := strconv.Atoi(part[i+1 : len(part)-1])
			if err != nil {
				return nil
			}
			idx = v
		}
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == key {
				next = n.Content[j+1]
				break
			}
		}
		if next == nil {
			return nil
		}
		n = next
		if idx >= 0 {
			if n.Kind != yaml.SequenceNode || idx >= len(n.Content) {
				return nil
			}
			n = n.Content[idx]
		}
	}
	return n
}
