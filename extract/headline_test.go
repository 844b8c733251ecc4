package extract

import "testing"

func TestUnwrapHeadline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"## Binding Agents for Martian Concrete", "Binding Agents for Martian Concrete"},
		{"*A Treatise on Coffee* (1792)", "*A Treatise on Coffee* (1792)"},
		{"*A Treatise on Coffee*", "A Treatise on Coffee"},
		{`"What is Git?"`, "What is Git?"},
		{`"Es wird bald beginnen": Trump spricht`, `"Es wird bald beginnen": Trump spricht`},
		{"“New Ways to Corrupt LLMs”", "“New Ways to Corrupt LLMs”"},
		{"#1 tip for gardeners", "#1 tip for gardeners"},
	}
	for _, tt := range tests {
		if got := unwrapHeadline(tt.in); got != tt.want {
			t.Errorf("unwrapHeadline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtendsHeadline(t *testing.T) {
	tests := []struct {
		rest string
		want bool
	}{
		{" One Trick That Always Works)", true},
		{" | Example.net", false},
		{" - Example", false},
		{" (example.com) 87", false},
	}
	for _, tt := range tests {
		if got := extendsHeadline(tt.rest); got != tt.want {
			t.Errorf("extendsHeadline(%q) = %v, want %v", tt.rest, got, tt.want)
		}
	}
}
