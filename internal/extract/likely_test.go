package extract

import "testing"

func TestLikelyBoilerplate(t *testing.T) {
	for _, tc := range []struct {
		name, block, byline string
		want                bool
	}{
		{"byline", "By Ana Reis", "", true},
		{"the typed byline", "Ana Reis, harbour correspondent", "Ana Reis, harbour correspondent", true},
		{"caption", "Photo: the new ferry at Pellmoor pier", "", true},
		{"agency credit", "Ferry at dawn. AP Photo/Jo Lee", "", true},
		{"promotional bullet", "• Subscribe to our newsletter", "", true},
		{"promotion with a dash", "- Support our journalism today", "", true},
		{"read more", "Read more: council budget approved", "", true},
		{"copyright", "© 2026 Pellmoor Gazette", "", true},
		{"a sentence of the article", "The council voted 7–2 on Tuesday to fund a ferry between Pellmoor and Astrid Bay.", "", false},
		{"a list item of the article", "• Tickets will cost €4 for adults", "", false},
		{"a long paragraph naming a photographer", "The mayor, who said the photo by the pier was taken before the vote, argued that the council had debated the link for years and that the port authority had been told of every step well ahead of the meeting on Tuesday evening.", "", false},
		{"a bullet alone", "•", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := LikelyBoilerplate(tc.block, tc.byline); got != tc.want {
				t.Errorf("LikelyBoilerplate(%q, %q) = %v, want %v", tc.block, tc.byline, got, tc.want)
			}
		})
	}
}
