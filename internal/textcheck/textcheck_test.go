package textcheck

import (
	"reflect"
	"strings"
	"testing"
)

type party struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

type embedded struct {
	Excerpt string `json:"excerpt"`
}

type source struct {
	embedded
	URL string `json:"url"`
}

type claimBody struct {
	Statement string            `json:"statement"`
	Note      *string           `json:"note"`
	Parties   []party           `json:"parties"`
	Sources   []*source         `json:"sources"`
	Extra     map[string]party  `json:"extra"`
	Free      any               `json:"free"`
	Labels    map[string]string `json:"labels"`
	Skipped   string            `json:"-"`
}

func TestJSON(t *testing.T) {
	target := reflect.TypeFor[claimBody]()
	tests := []struct {
		name      string
		doc       string
		typ       reflect.Type
		wantField string // "" with wantMsg "" means no problem
		wantMsg   string // a part of the message
	}{
		{"plain text", `{"statement": "Erdoğan was invited 🇰🇿 \t tab\nline"}`, target, "", ""},
		{"escaped pair is one character", `{"statement": "\ud83c\uddf0\ud83c\uddff"}`, target, "", ""},
		{"escaped tab, newline and CR", `{"statement": "a\tb\nc\r\nd"}`, target, "", ""},
		{"combining marks and RTL", `{"statement": "e\u0301 שלום \u200f"}`, target, "", ""},
		{"NUL escape", `{"statement": "a\u0000b"}`, target, "statement", "U+0000"},
		{"escape control", `{"statement": "a\u001bb"}`, target, "statement", "U+001B"},
		{"backspace shorthand", `{"statement": "a\bb"}`, target, "statement", "U+0008"},
		{"form feed shorthand", `{"note": "x\fy"}`, target, "note", "U+000C"},
		{"other shorthands", `{"statement": "\"q\" a\\b \/ \t\n\r"}`, target, "", ""},
		{"DEL", `{"statement": "a` + "\x7f" + `b"}`, target, "statement", "U+007F"},
		{"lone high surrogate", `{"statement": "\ud800"}`, target, "statement", `\ud800`},
		{"lone high surrogate before text", `{"statement": "\ud800abc"}`, target, "statement", "surrogate"},
		{"high then non-low escape", `{"statement": "\ud800\u0041"}`, target, "statement", "surrogate"},
		{"lone low surrogate", `{"statement": "x\udc00"}`, target, "statement", `\udc00`},
		{"invalid UTF-8", "{\"statement\": \"caf\xe9\"}", target, "statement", "UTF-8"},
		{"UTF-8 encoded surrogate", "{\"statement\": \"\xed\xa0\x80\"}", target, "statement", "UTF-8"},
		{"nested path", `{"parties": [{"name": "ok"}, {"name": "U.N.\u0000"}]}`, target, "parties[1].name", "U+0000"},
		{"embedded struct field", `{"sources": [{"excerpt": "\ud800"}]}`, target, "sources[0].excerpt", "surrogate"},
		{"bad key", `{"state\u0000ment": "x"}`, target, "", "U+0000"},
		{"wrong case key", `{"Statement": "x"}`, target, "Statement", `did you mean "statement"`},
		{"wrong case nested key", `{"parties": [{"Name": "x"}]}`, target, "parties[0].Name", `"name"`},
		{"wrong case through pointer elem", `{"sources": [{"URL": "x"}]}`, target, "sources[0].URL", `"url"`},
		{"wrong case in map value struct", `{"extra": {"k": {"ROLE": "x"}}}`, target, "extra.k.ROLE", `"role"`},
		{"map keys are free", `{"labels": {"Statement": "x"}}`, target, "", ""},
		{"anything goes in an any", `{"free": {"Statement": "x"}}`, target, "", ""},
		{"unknown key left to the decoder", `{"stauts": "x"}`, target, "", ""},
		{"no type: case not checked", `{"Statement": "x"}`, nil, "", ""},
		{"no type: text still checked", `{"a": [{"b": "\u0007"}]}`, nil, "a[0].b", "U+0007"},
		{"top-level array", `["ok", "\u0001"]`, nil, "[1]", "U+0001"},
		{"top-level string", `"\u0002"`, nil, "", "U+0002"},
		{"malformed JSON is the decoder's", `{"statement": "\u00`, target, "", ""},
		{"numbers and literals", `{"statement": "x", "n": 1.5e3, "b": true, "z": null}`, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := JSON([]byte(tt.doc), tt.typ)
			if tt.wantMsg == "" {
				if p != nil {
					t.Fatalf("JSON(%s) = %v, want no problem", tt.doc, p)
				}
				return
			}
			if p == nil {
				t.Fatalf("JSON(%s) = nil, want a problem in %q", tt.doc, tt.wantField)
			}
			if p.Field != tt.wantField {
				t.Errorf("field = %q, want %q", p.Field, tt.wantField)
			}
			if !strings.Contains(p.Message, tt.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", p.Message, tt.wantMsg)
			}
		})
	}
}

func TestString(t *testing.T) {
	tests := []struct {
		in      string
		wantMsg string
	}{
		{"Erdoğan 🇰🇿\tand\r\nthe U.N.", ""},
		{"", ""},
		{"a\x00b", "U+0000"},
		{"a\x1fb", "U+001F"},
		{"a\x7f", "U+007F"},
		{"caf\xe9", "UTF-8"},
		{"\xed\xa0\x80", "UTF-8"},
		{"\uFFFD is a real character", ""},
	}
	for _, tt := range tests {
		p := String("statement", tt.in)
		switch {
		case tt.wantMsg == "" && p != nil:
			t.Errorf("String(%q) = %v, want nil", tt.in, p)
		case tt.wantMsg != "" && p == nil:
			t.Errorf("String(%q) = nil, want a problem with %q", tt.in, tt.wantMsg)
		case p != nil && !strings.Contains(p.Message, tt.wantMsg):
			t.Errorf("String(%q).Message = %q, want %q in it", tt.in, p.Message, tt.wantMsg)
		case p != nil && p.Field != "statement":
			t.Errorf("String(%q).Field = %q, want statement", tt.in, p.Field)
		}
	}
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"statement": "\ud800", "parties": [{"name": "x"}]}`))
	f.Add([]byte(`["\u0000", {"Statement": 1}]`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		// Must never panic, whatever the bytes.
		_ = JSON(doc, reflect.TypeFor[claimBody]())
	})
}

func TestStrictJSONRefusesUnknownKeys(t *testing.T) {
	target := reflect.TypeFor[claimBody]()
	tests := []struct {
		doc, field string
	}{
		{`{"stauts": "x"}`, "stauts"},
		{`{"parties": [{"name": "a"}, {"nmae": "b"}]}`, "parties[1].nmae"},
		{`{"Statement": "x"}`, "Statement"},
	}
	for _, tt := range tests {
		p := StrictJSON([]byte(tt.doc), target)
		if p == nil {
			t.Errorf("StrictJSON(%s) = nil, want a problem at %q", tt.doc, tt.field)
			continue
		}
		if p.Field != tt.field {
			t.Errorf("StrictJSON(%s).Field = %q, want %q", tt.doc, p.Field, tt.field)
		}
	}
	if p := StrictJSON([]byte(`{"statement": "x", "labels": {"any": "key"}, "free": {"Any": 1}}`), target); p != nil {
		t.Errorf("StrictJSON refused known keys or free maps: %v", p)
	}
}
