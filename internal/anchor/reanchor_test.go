package anchor_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/text"
)

// nth returns the code-point span of the n-th (from 0) occurrence of sub in
// s, failing the test when there is none.
func nth(t testing.TB, s, sub string, n int) (int, int) {
	t.Helper()
	from := 0
	for i := 0; ; i++ {
		b := strings.Index(s[from:], sub)
		if b < 0 {
			t.Fatalf("occurrence %d of %q not in %q", n, sub, s)
		}
		if i == n {
			start := utf8.RuneCountInString(s[:from+b])
			return start, start + utf8.RuneCountInString(sub)
		}
		from += b + 1
	}
}

// anchorOf builds the anchor of the n-th occurrence of sub in s.
func anchorOf(t testing.TB, s, sub string, n int) anchor.Anchor {
	t.Helper()
	start, end := nth(t, s, sub, n)
	return anchor.Anchor{Start: start, End: end, Quote: anchor.QuoteAt(text.NewIndex(s), start, end)}
}

// doc joins paragraphs into a canonical text.
func doc(paras ...string) string { return strings.Join(paras, text.Separator) }

const (
	pTalks  = "Delegates from Kazakhstan 🇰🇿 arrived in Ostrava Bay on Friday for a third round of talks on the flood barrier."
	pBudget = "Mayor Elin Saarinen said on Tuesday that the budget for the bridge repairs had grown by 12 percent since the spring."
	pFerry  = "The harbour authority announced that the new ferry terminal would open in May 2027, a year later than planned."
	pVote   = "Critics called the plan a postcard, not a policy. A vote is expected next month."
	pCJK    = "The ferry operator Chen Wei (陈伟) showed how a 👩‍👩‍👧 family pass could keep crossings affordable, said ليلى حداد."
	pNew    = "Local shops reported their quietest March in a decade, and the pier stayed closed all weekend."
)

func TestReanchor(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		quote    string // the span in the old text: the occurrence below
		occ      int
		want     anchor.Outcome
		wantStep anchor.Step
		words    string // the words expected in the new text (n-th occurrence); "" for an orphan
		wordsOcc int
	}{
		{
			name: "unchanged: an edit after the span",
			old:  doc(pTalks, pBudget), new: doc(pTalks, pBudget+" The council disagreed."),
			quote: "the bridge repairs", want: anchor.Unchanged, wantStep: anchor.StepDiff,
			words: "the bridge repairs",
		},
		{
			name: "unchanged: a title, a paragraph inserted after it",
			old:  doc("Ferry link approved", pTalks), new: doc("Ferry link approved", pNew, pTalks),
			quote: "Ferry link approved", want: anchor.Unchanged, wantStep: anchor.StepDiff,
			words: "Ferry link approved",
		},
		{
			name: "moved: a last line, a paragraph inserted before it",
			old:  doc(pTalks, "Reporting by Ana Ruiz"), new: doc(pTalks, pNew, "Reporting by Ana Ruiz"),
			quote: "Reporting by Ana Ruiz", want: anchor.Moved, wantStep: anchor.StepDiff,
			words: "Reporting by Ana Ruiz",
		},
		{
			name: "moved: a paragraph inserted before",
			old:  doc(pTalks, pBudget), new: doc(pNew, pTalks, pBudget),
			quote: "grown by 12 percent", want: anchor.Moved, wantStep: anchor.StepDiff,
			words: "grown by 12 percent",
		},
		{
			name: "moved: paragraphs reordered",
			old:  doc(pTalks, pBudget, pFerry, pVote), new: doc(pFerry, pVote, pTalks, pBudget),
			quote: "third round of talks", want: anchor.Moved,
			words: "third round of talks",
		},
		{
			name: "moved: a paragraph moved with the span at its end, the suffix now another paragraph's",
			old:  doc(pTalks, pBudget, pFerry, pVote), new: doc(pBudget, pFerry, pTalks, pVote),
			quote: "a third round of talks on the flood barrier.", want: anchor.Moved,
			words: "a third round of talks on the flood barrier.",
		},
		{
			name: "moved: the repeated words told apart by prefix and suffix",
			old:  doc("Ships left early. Then the port closed at noon.", "Later the port closed at dusk, and the ferry stayed."),
			new:  doc("Later the port closed at dusk, and the ferry stayed.", "Ships left early. Then the port closed at noon."),
			// The second occurrence in the old text, first in the new.
			quote: "the port closed", occ: 1, want: anchor.Moved,
			words: "the port closed", wordsOcc: 0,
		},
		{
			name: "changed: a number in the quote edited",
			old:  doc(pTalks, pBudget, pFerry), new: doc(pTalks, strings.Replace(pBudget, "12 percent", "14.5 percent", 1), pFerry),
			quote: "had grown by 12 percent since the spring", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "had grown by 14.5 percent since the spring",
		},
		{
			name: "changed: a typo fixed in the quote",
			old:  doc(pTalks, strings.Replace(pFerry, "harbour", "harbuor", 1)), new: doc(pTalks, pFerry),
			quote: "The harbuor authority announced", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "The harbour authority announced",
		},
		{
			name: "changed at the true place although the old words remain elsewhere",
			old: doc(pTalks, "Councillor Tomasz Wierzba said the ferry fares had grown by 12 percent this year.", pFerry,
				"In the east, the water bills had grown by 12 percent, the board said."),
			new: doc(pTalks, "Councillor Tomasz Wierzba said the ferry fares had grown by 13 percent this year.", pFerry,
				"In the east, the water bills had grown by 12 percent, the board said."),
			quote: "the ferry fares had grown by 12 percent", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "the ferry fares had grown by 13 percent",
		},
		{
			name:  "changed: a word replaced by longer words, the edges follow the context",
			old:   doc(pTalks, "She wrote that a 👩‍👩‍👧 family pass would cost 562 crowns a month. The opposition objected."),
			new:   doc(pTalks, "She wrote that a 👩‍👩‍👧 family ticket on weekdays would cost 562 crowns a month. The opposition objected."),
			quote: "family pass would cost 562 crowns a month.", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "family ticket on weekdays would cost 562 crowns a month.",
		},
		{
			name: "changed: a typo made in place beats the old words in other surroundings",
			old: doc("Fishermen say the dredging has changed where the cod gather in the bay.", pFerry,
				"Nobody knows where the eels went after the storm."),
			new: doc("Fishermen say the dredging has changed wheer the cod gather in the bay.", pFerry,
				"Nobody knows where the eels went after the storm."),
			quote: "where the cod", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "wheer the cod",
		},
		{
			name: "orphaned: the words remain twice in near-identical surroundings",
			old: doc("The mayor wrote in a letter that the pier would close. "+pVote,
				"The mayor wrote in a letter that the quay would close.", "The mayor wrote in a letter that the port would close."),
			new:   doc(pVote, "The mayor wrote in a letter that the quay would close.", "The mayor wrote in a letter that the port would close."),
			quote: "wrote in a letter that the", want: anchor.Orphaned,
		},
		{
			name: "changed: the article's first word replaced, the article's start is context",
			old:  doc(pTalks, pBudget), new: doc(strings.Replace(pTalks, "Delegates", "The envoys", 1), pBudget),
			quote: "Delegates from Kazakhstan 🇰🇿 arrived", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "The envoys from Kazakhstan 🇰🇿 arrived",
		},
		{
			name: "orphaned: the paragraph deleted",
			old:  doc(pTalks, pBudget, pFerry), new: doc(pTalks, pFerry),
			quote: "the budget for the bridge repairs", want: anchor.Orphaned,
		},
		{
			name:  "orphaned: the sentence deleted, its words elsewhere in another context",
			old:   doc(pTalks, pVote, pFerry, "Fishermen say the dredging has moved the cod. A vote is expected next month."),
			new:   doc(pTalks, "Critics called the plan a postcard, not a policy.", pFerry, "Fishermen say the dredging has moved the cod. A vote is expected next month."),
			quote: "A vote is expected next month.", want: anchor.Orphaned,
		},
		{
			name: "orphaned: the sentence rewritten beyond recognition",
			old:  doc(pTalks, pFerry), new: doc(pTalks, "Ferries will keep using the old pier until further notice, the operator said."),
			quote: "the new ferry terminal would open in May 2027", want: anchor.Orphaned,
		},
		{
			name: "emoji, CJK and RTL counted in code points",
			old:  doc(pTalks, pCJK), new: doc("🇰🇿🇰🇿 Update 🇰🇿: "+pTalks, pCJK),
			quote: "Chen Wei (陈伟) showed how a 👩‍👩‍👧 family pass", want: anchor.Moved, wantStep: anchor.StepDiff,
			words: "Chen Wei (陈伟) showed how a 👩‍👩‍👧 family pass",
		},
		{
			name:  "changed inside CJK text",
			old:   doc(pTalks, "防洪工程的预算增加了百分之十二，市长在星期二说。"),
			new:   doc(pTalks, "防洪工程的预算增加了百分之十五，市长在星期二说。"),
			quote: "预算增加了百分之十二", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "预算增加了百分之十五",
		},
		{
			name:  "changed RTL words with combining marks",
			old:   doc(pTalks, "אָמַר רֹאשׁ הָעִיר כִּי הַתַּקְצִיב גָּדַל בִּשְׁנֵים עָשָׂר אָחוּז"),
			new:   doc(pTalks, "אָמַר רֹאשׁ הָעִיר כִּי הַתַּקְצִיב גָּדַל בְּאַרְבָּעָה עָשָׂר אָחוּז"),
			quote: "הַתַּקְצִיב גָּדַל בִּשְׁנֵים עָשָׂר", want: anchor.Changed, wantStep: anchor.StepFuzzy,
			words: "הַתַּקְצִיב גָּדַל בְּאַרְבָּעָה עָשָׂר",
		},
		{
			name: "moved: Arabic name after an inserted emoji sentence",
			old:  doc(pCJK), new: doc("😀 " + pCJK),
			quote: "ليلى حداد", want: anchor.Moved, wantStep: anchor.StepDiff,
			words: "ليلى حداد",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := text.Build(text.SplitPlain(tt.old)).Text
			nw := text.Build(text.SplitPlain(tt.new)).Text
			a := anchorOf(t, old, tt.quote, tt.occ)
			got := anchor.Reanchor(old, nw, []anchor.Anchor{a})[0]
			if got.Outcome != tt.want {
				t.Errorf("outcome = %v, want %v (got %+v)", got.Outcome, tt.want, got)
			}
			if tt.wantStep != anchor.StepNone && got.Step != tt.wantStep {
				t.Errorf("step = %d, want %d", got.Step, tt.wantStep)
			}
			if tt.want == anchor.Orphaned {
				if got.Quote != a.Quote {
					t.Errorf("orphan's quote = %+v, want the old %+v", got.Quote, a.Quote)
				}
				if got.Start != a.Start {
					t.Errorf("orphan's start = %d, want the old %d", got.Start, a.Start)
				}
				return
			}
			ws, we := nth(t, nw, tt.words, tt.wordsOcc)
			if got.Start != ws {
				t.Errorf("start = %d, want %d", got.Start, ws)
			}
			if got.End != we {
				t.Errorf("end = %d, want %d", got.End, we)
			}
			if got.Exact != tt.words {
				t.Errorf("exact = %q, want %q", got.Exact, tt.words)
			}
		})
	}
}

// FuzzReanchor checks that re-anchoring never panics and that a found span
// is in range of the new text with Exact its words there; an orphan keeps
// its old position and quote.
func FuzzReanchor(f *testing.F) {
	f.Add(doc(pTalks, pBudget), doc(pNew, pTalks, pBudget), 30, 50)
	f.Add(doc(pTalks, pCJK), doc(pCJK, "😀"), 120, 140)
	f.Add("🇰🇿🇰🇿🇰🇿", "🇰🇿🇰", 1, 3)
	f.Add("abc abc abc", "abd abc", 4, 7)
	f.Add("", "x", 0, 1)
	f.Add("a\xffb", "b\xff", 0, 2)
	f.Fuzz(func(t *testing.T, oldRaw, newRaw string, start, end int) {
		old := text.Build(text.SplitPlain(oldRaw)).Text
		nw := text.Build(text.SplitPlain(newRaw)).Text
		oix := text.NewIndex(old)
		if oix.Len() == 0 {
			return
		}
		start = abs(start) % oix.Len()
		end = start + 1 + abs(end)%(oix.Len()-start)
		a := anchor.Anchor{Start: start, End: end, Quote: anchor.QuoteAt(oix, start, end)}
		got := anchor.Reanchor(old, nw, []anchor.Anchor{a})[0]
		if got.Outcome == anchor.Orphaned {
			if got.Start != a.Start {
				t.Fatalf("orphan start %d, want the old anchor's %d", got.Start, a.Start)
			}
			if got.End != a.End {
				t.Fatalf("orphan end %d, want the old anchor's %d", got.End, a.End)
			}
			if got.Quote != a.Quote {
				t.Fatalf("orphan quote %+v, want the old anchor's %+v", got.Quote, a.Quote)
			}
			return
		}
		nix := text.NewIndex(nw)
		if !nix.InRange(got.Start, got.End) {
			t.Fatalf("[%d, %d) out of range of %d code points", got.Start, got.End, nix.Len())
		}
		if s := nix.Slice(got.Start, got.End); s != got.Exact {
			t.Fatalf("exact %q, but the text there is %q", got.Exact, s)
		}
	})
}

func abs(x int) int {
	if x < 0 {
		if -x < 0 {
			return 0 // the smallest int has no positive counterpart
		}
		return -x
	}
	return x
}

func TestResultJSON(t *testing.T) {
	r := anchor.Result{Outcome: anchor.Changed, Start: 3, End: 9, Quote: anchor.Quote{Exact: "grown"}, Score: 0.9, Step: anchor.StepFuzzy}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"outcome":"changed","start":3,"end":9,"exact":"grown","prefix":"","suffix":"","score":0.9,"step":3}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
}
