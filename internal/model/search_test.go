package model

import (
	"net/url"
	"slices"
	"testing"
)

func TestParseSearchTerms(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want []SearchTerm
	}{
		{"putin erdogan", []SearchTerm{{Text: "putin"}, {Text: "erdogan"}}},
		{`"syrian government" talks`, []SearchTerm{{Text: "syrian government", Phrase: true}, {Text: "talks"}}},
		{`kazakh*`, []SearchTerm{{Text: "kazakh", Prefix: true}}},
		{`"unclosed phrase`, []SearchTerm{{Text: "unclosed phrase", Phrase: true}}},
		{`NEAR(a b)`, []SearchTerm{{Text: "NEAR a"}, {Text: "b"}}},
		{`col:value`, []SearchTerm{{Text: "col value"}}},
		{`U.S.`, []SearchTerm{{Text: "U S"}}},
		{`李明 الوزير`, []SearchTerm{{Text: "李明"}, {Text: "الوزير"}}},
		{``, nil},
	} {
		got, err := ParseSearchTerms(tc.q)
		if err != nil {
			t.Errorf("%q: %v", tc.q, err)
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q = %+v, want %+v", tc.q, got, tc.want)
		}
	}
}

func TestSearchStringRoundTrips(t *testing.T) {
	v, _ := url.ParseQuery("q=erdogan+talks&status=false&party=U.N.&from=2026-01-01&page=3")
	s, err := ParseSearch(v)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.String(), "from=2026-01-01&party=U.N.&q=erdogan+talks&status=false"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if s.Page != 3 {
		t.Errorf("page = %d, want 3", s.Page)
	}
}

func TestSnippetParts(t *testing.T) {
	s := Snippet{Text: "a <b> c", Marks: [][2]int{{2, 5}}}
	got := s.Parts()
	want := []SnippetPart{{Text: "a "}, {Text: "<b>", Mark: true}, {Text: " c"}}
	if !slices.Equal(got, want) {
		t.Errorf("parts = %+v, want %+v", got, want)
	}
}
