package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/newsnorm/newsnorm/config"
)

func mustLoad(t *testing.T, path string) *config.Config {
	t.Helper()
	cfg, err := config.Load(path, false)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// validateRecord checks one record against schema/record.schema.json.
func validateRecord(t *testing.T, rec map[string]any) {
	t.Helper()
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		schema, schemaErr = c.Compile(filepath.Join("..", "..", "schema", "record.schema.json"))
	})
	if schemaErr != nil {
		t.Fatalf("compile schema: %v", schemaErr)
	}
	// Round-trip so numbers and nulls have the types the validator expects.
	data, _ := json.Marshal(rec)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("record %v does not match the schema: %v", rec["id"], err)
	}
}
