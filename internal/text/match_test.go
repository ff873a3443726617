package text

import "testing"

func TestMatchForm(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"white space folded and trimmed", "  the\u00a0mill\n\n ground\tflour ", "the mill ground flour"},
		{"NFC", "cafe\u0301", "café"},
		{"curly quotes", "“It’s open,” she said", `"It's open," she said`},
		{"dashes and minus", "1990–2004 — a range −3", "1990-2004 - a range -3"},
		{"ellipsis", "and so…", "and so..."},
		{"soft hyphen and zero width dropped", "restor\u00adation\u200b work", "restoration work"},
		{"case kept", "May", "May"},
		{"empty", " \n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MatchForm(tt.in); got != tt.want {
				t.Errorf("MatchForm(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestContains(t *testing.T) {
	page := MatchForm("The trust said on Monday that it “expects 40,000 visitors” in 2027–28.\n\nMore news")
	tests := []struct {
		name    string
		excerpt string
		want    bool
	}{
		{"straight quotes and hyphen", `it "expects 40,000 visitors" in 2027-28.`, true},
		{"across a block break", "2027–28. More news", true},
		{"white space differs", "said  on\nMonday", true},
		{"case differs", "the trust said", false},
		{"other words", "expects 50,000 visitors", false},
		{"blank excerpt", "  ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contains(page, tt.excerpt); got != tt.want {
				t.Errorf("Contains(page, %q) = %v, want %v", tt.excerpt, got, tt.want)
			}
		})
	}
}
