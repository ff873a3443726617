package suggest_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/suggest"
)

// TestPartiesSpans checks names, roles, spans and reasons exactly on the
// rules' main cases.
func TestPartiesSpans(t *testing.T) {
	tests := []struct {
		name, text string
		want       []suggest.Suggestion
	}{{
		name: "the brief's sentence: a shared modifier is named but marked on the word present",
		text: "Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan",
		want: []suggest.Suggestion{
			{Name: "Erdogan", Role: model.RoleInvited, Start: 36, End: 43, Reason: "extended the invite for"},
			{Name: "the Syrian government", Role: model.RoleInvited, Start: 45, End: 66, Reason: "extended the invite for"},
			{Name: "the Syrian opposition", Role: model.RoleInvited, Start: 71, End: 81, Reason: "extended the invite for"},
		},
	}, {
		name: "negation with abbreviations",
		text: "The plan does not involve the U.S. and U.N.",
		want: []suggest.Suggestion{
			{Name: "U.S.", Role: model.RoleExcluded, Start: 30, End: 34, Reason: "does not involve"},
			{Name: "U.N.", Role: model.RoleExcluded, Start: 39, End: 43, Reason: "does not involve"},
		},
	}, {
		name: "passive, negated, with the subject's description kept whole",
		text: "The Kurdish militias were not invited.",
		want: []suggest.Suggestion{
			{Name: "the Kurdish militias", Role: model.RoleExcluded, Start: 0, End: 20, Reason: "were not invited"},
		},
	}, {
		name: "a title is left out of the name and of the span",
		text: "President Erdogan said so.",
		want: []suggest.Suggestion{
			{Name: "Erdogan", Role: model.RoleSpeaker, Start: 10, End: 17, Reason: "said"},
		},
	}, {
		name: "offsets count code points: an emoji flag and accents before the party",
		text: "🇰🇿 Kazakhstan invited Erdoğan and Côte d'Ivoire.",
		want: []suggest.Suggestion{
			{Name: "Erdoğan", Role: model.RoleInvited, Start: 22, End: 29, Reason: "invited"},
			{Name: "Côte d'Ivoire", Role: model.RoleInvited, Start: 34, End: 47, Reason: "invited"},
		},
	}, {
		name: "a combining accent stays in its word",
		text: "Jose\u0301 Marti\u0301 was barred.",
		want: []suggest.Suggestion{
			{Name: "Jose\u0301 Marti\u0301", Role: model.RoleExcluded, Start: 0, End: 12, Reason: "was barred"},
		},
	}, {
		name: "agent of a passive",
		text: "The talks were hosted by Kazakhstan.",
		want: []suggest.Suggestion{
			{Name: "Kazakhstan", Role: model.RoleOrganizer, Start: 25, End: 35, Reason: "were hosted by"},
		},
	}, {
		name: "a party named twice in one role is suggested once, at its first words",
		text: "Iran was invited. Iran was invited again.",
		want: []suggest.Suggestion{
			{Name: "Iran", Role: model.RoleInvited, Start: 0, End: 4, Reason: "was invited"},
		},
	}, {
		name: "one party in two roles is suggested in each",
		text: "Iran, which was not invited, said it would protest.",
		want: []suggest.Suggestion{
			{Name: "Iran", Role: model.RoleExcluded, Start: 0, End: 4, Reason: "was not invited"},
			{Name: "Iran", Role: model.RoleSpeaker, Start: 0, End: 4, Reason: "said"},
		},
	}, {
		name: "neither … nor negates; a negated verb on it cancels",
		text: "The format would exclude neither Georgia nor Moldova.",
		want: []suggest.Suggestion{
			{Name: "Georgia", Role: model.RoleParticipant, Start: 33, End: 40, Reason: "would exclude"},
			{Name: "Moldova", Role: model.RoleParticipant, Start: 45, End: 52, Reason: "would exclude"},
		},
	}, {
		name: "a demonym shares the noun after it, marked on its own word",
		text: "The Greek and Cypriot governments were invited.",
		want: []suggest.Suggestion{
			{Name: "the Greek governments", Role: model.RoleInvited, Start: 4, End: 9, Reason: "were invited"},
			{Name: "the Cypriot governments", Role: model.RoleInvited, Start: 14, End: 33, Reason: "were invited"},
		},
	}, {
		name: "a country's name shares nothing",
		text: "Iran and Turkish officials were invited.",
		want: []suggest.Suggestion{
			{Name: "Iran", Role: model.RoleInvited, Start: 0, End: 4, Reason: "were invited"},
			{Name: "Turkish officials", Role: model.RoleInvited, Start: 9, End: 26, Reason: "were invited"},
		},
	}, {
		name: "a name in apposition after its title is the subject",
		text: "Kenya's president, William Ruto, said so.",
		want: []suggest.Suggestion{
			{Name: "William Ruto", Role: model.RoleSpeaker, Start: 19, End: 31, Reason: "said"},
		},
	}, {
		name: "but not negates the parties after it",
		text: "The invitation went to Hungary but not to Poland.",
		want: []suggest.Suggestion{
			{Name: "Hungary", Role: model.RoleInvited, Start: 23, End: 30, Reason: "The invitation went to"},
			{Name: "Poland", Role: model.RoleExcluded, Start: 42, End: 48, Reason: "The invitation went to"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := suggest.Parties(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parties(%q) (-want +got):\n%s", tt.text, diff)
			}
			rs := []rune(tt.text)
			for _, s := range got {
				if words := string(rs[s.Start:s.End]); !strings.Contains(strings.ToLower(s.Name), strings.ToLower(words)) {
					t.Errorf("%s is marked on %q", s.Name, words)
				}
			}
		})
	}
}

// TestPartiesNone: words that name no party, or no party in a role, give
// nothing, never an empty name.
func TestPartiesNone(t *testing.T) {
	for _, text := range []string{
		"",
		"   ",
		"The talks were postponed.",
		"Officials said the venue had not been chosen.",
		"They said it would be invited.",
		"It is unclear who will attend.",
		"The meeting was hosted in Astana.",
		"invited",
		"invited ,",
		"the invite for",
		"according to",
		"🇰🇿🇰🇿🇰🇿",
		"Russia and China vetoed the resolution.",
	} {
		if got := suggest.Parties(text); len(got) != 0 {
			t.Errorf("Parties(%q) = %+v, want none", text, got)
		}
	}
}

// FuzzParties: any text gives suggestions whose spans lie in the text,
// whose roles are in the vocabulary and whose names are not blank.
func FuzzParties(f *testing.F) {
	for _, s := range []string{
		"Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan.",
		"Neither the U.S. nor U.N. was invited, said Lavrov.",
		"Erdogan, the Turkish president, told reporters.",
		"🇰🇿 Côte d'Ivoire, al-Assad, Jose\u0301",
		"U.S.A. U. S.S.R U.S.-led",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		n := utf8.RuneCountInString(text)
		for _, s := range suggest.Parties(text) {
			if s.Start < 0 || s.End > n || s.Start >= s.End {
				t.Fatalf("Parties(%q): %q at [%d, %d) outside [0, %d)", text, s.Name, s.Start, s.End, n)
			}
			if strings.TrimSpace(s.Name) == "" || !s.Role.Valid() || s.Reason == "" {
				t.Fatalf("Parties(%q): %+v", text, s)
			}
		}
	})
}

func BenchmarkParties(b *testing.B) {
	text := strings.Repeat("Putin first extended the invite for Erdogan, the Syrian government and opposition to meet in Kazakhstan. The plan does not involve the U.S. and U.N. ", 50)
	for b.Loop() {
		suggest.Parties(text)
	}
}
