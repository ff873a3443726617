package model

import "testing"

func TestSimilarityMarksDownNearMisses(t *testing.T) {
	base := ClaimText{Statement: "The northern gate failed its pressure test in October"}
	for _, tc := range []struct {
		name  string
		other ClaimText
		lower bool // scores lower than the paraphrase
	}{
		{"paraphrase", ClaimText{Statement: "In October the northern gate failed a pressure test"}, false},
		{"contrast", ClaimText{Statement: "The southern gate passed its pressure test in October"}, true},
		{"negation", ClaimText{Statement: "The northern gate did not fail its pressure test in October"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			para := Similarity(base, ClaimText{Statement: "In October the northern gate failed a pressure test"})
			got := Similarity(base, tc.other)
			if tc.lower && got >= para*0.6 {
				t.Errorf("score %.3f, want well under the paraphrase's %.3f", got, para)
			}
			if !tc.lower && got < MinSimilarity {
				t.Errorf("score %.3f under MinSimilarity", got)
			}
		})
	}
	n1 := Similarity(ClaimText{Statement: "14 delegations attended"}, ClaimText{Statement: "41 delegations attended"})
	n2 := Similarity(ClaimText{Statement: "14 delegations attended"}, ClaimText{Statement: "14 delegations came"})
	if n1 >= n2 {
		t.Errorf("different numbers %.3f, want under same numbers %.3f", n1, n2)
	}
}

func TestSimilarityTermsFoldAndStem(t *testing.T) {
	got := SimilarityTerms(ClaimText{Statement: "The invited Erdoğan", Parties: []string{"Türkiye"}})
	want := map[string]bool{"invit": true, "erdogan": true, "turkiy": true} // stems: "invited" → "invit", "Türkiye" → "turkiy"
	if len(got) != len(want) {
		t.Fatalf("terms = %v, want %v", got, want)
	}
	for _, w := range got {
		if !want[w] {
			t.Errorf("unexpected term %q in %v", w, got)
		}
	}
}
