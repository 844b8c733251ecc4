package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/pipeline"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// fieldsPage has every field beyond headline, date and body: authors,
// description, image with caption and credit, tags, section and
// is_accessible_for_free.
const fieldsPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Chip plant to hire 2,000</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Chip plant to hire 2,000",
"description":"The factory opens in 2026.","datePublished":"2025-03-04T09:30:00+01:00","articleSection":"Business",
"keywords":"semiconductors, jobs","isAccessibleForFree":false,
"image":{"@type":"ImageObject","url":"/img/plant.jpg","caption":"The site.","creditText":"Lena Voss"},
"author":[{"@type":"Person","name":"Omar Haddad"},{"@type":"Person","name":"Ines Roth"}]}</script>
</head><body><article><h1>Chip plant to hire 2,000</h1>
<p>A chipmaker will build a factory on the northern edge of the city and hire about 2,000 people when it opens, the regional government said.</p>
<p>The plant will make chips for cars and industrial machines, and the first production line should start in the autumn of 2026.</p>
</article></body></html>`

// The record of a page with the new fields matches the schema, and the
// schema refuses an image without a URL.
func TestRecordNewFieldsSchema(t *testing.T) {
	a, err := extract.Extract(extract.Input{HTML: []byte(fieldsPage), URL: "https://ledger.example/business/chip-plant", FetchedAt: time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := pipeline.NewRecord("ledger", a, time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC))
	data, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	validateRecord(t, m)
	img, _ := m["image"].(map[string]any)
	if img["url"] != "https://ledger.example/img/plant.jpg" || img["caption"] != "The site." || img["credit"] != "Lena Voss" {
		t.Errorf("image = %v, want the absolute URL, caption and credit", m["image"])
	}
	if m["description"] != "The factory opens in 2026." || m["section"] != "Business" || m["is_accessible_for_free"] != false {
		t.Errorf("description, section, is_accessible_for_free = %v, %v, %v", m["description"], m["section"], m["is_accessible_for_free"])
	}
	if tags, _ := m["tags"].([]any); len(tags) != 2 {
		t.Errorf("tags = %v, want 2", m["tags"])
	}
	if au, _ := m["authors"].([]any); len(au) != 2 {
		t.Errorf("authors = %v, want 2", m["authors"])
	}
	src, _ := m["sources"].(map[string]any)
	for _, f := range []string{"authors", "description", "image", "tags", "section", "is_accessible_for_free"} {
		if src[f] != "json-ld" {
			t.Errorf("sources[%s] = %v, want json-ld", f, src[f])
		}
	}

	// The schema has teeth: an image needs its URL.
	bad := map[string]any{}
	for k, v := range m {
		bad[k] = v
	}
	bad["image"] = map[string]any{"caption": "no url"}
	data, _ = json.Marshal(bad)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if schema.Validate(v) == nil { // compiled by validateRecord above
		t.Error("schema accepted an image without url")
	}
}
