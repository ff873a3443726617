package extract

import "testing"

func TestBoilerplate(t *testing.T) {
	const byline = "Ana Reis and Tomas Berg"
	tests := []struct {
		name string
		fn   func(string) bool
		text string
		want bool
	}{
		{"byline with By", func(s string) bool { return isByline(s, byline) }, "By Ana Reis", true},
		{"byline in French", func(s string) bool { return isByline(s, byline) }, "Par Jeanne Morel, à Lyon", true},
		{"the article's byline", func(s string) bool { return isByline(s, byline) }, "ana reis and tomas berg", true},
		{"author box", func(s string) bool { return isByline(s, byline) }, "About the writer", true},
		{"sentence starting with by", func(s string) bool { return isByline(s, byline) }, "By the time the ferry docked, the quay was empty.", false},
		{"long sentence starting with By and a name", func(s string) bool { return isByline(s, byline) },
			"By Tuesday evening the council had voted to close the old bridge for good, ending a debate that had lasted ten years.", false},

		{"subscription bullet", isPromotion, "Portmere Daily delivered to your door", true},
		{"ad-free offer", isPromotion, "Enjoy ad-free reading on portmere.example", true},
		{"newsletter", isPromotion, "Sign up for our morning newsletter", true},
		{"share line", isPromotion, "Share this article", true},
		{"app", isPromotion, "Download the app for breaking news", true},
		{"article mentions subscriptions", isPromotion,
			"The ferry company said subscriptions for season tickets had doubled since the bridge closed, and that it would add two crossings a day.", false},
		{"short article sentence", isPromotion, "The mayor cut the ribbon.", false},

		{"read more", isReadMore, "Read more", true},
		{"bio ending in read more", isReadMore, "I cover the harbour and city hall for the Portmere Daily, and before that ... Read more »", true},
		{"click here", isReadMore, "To learn how we check facts, click here.", true},
		{"related stories heading", isReadMore, "Related stories", true},
		{"more from", isReadMore, "More from Portmere Daily", true},
		{"article sentence", isReadMore, "Engineers will read the sensors every week.", false},

		{"copyright sign", isCopyright, "© 2026 Portmere Media Group", true},
		{"copyright word", isCopyright, "Copyright Portmere Daily. All rights reserved.", true},
		{"(c) year", isCopyright, "(c) 2025 Harbour Press", true},
		{"article about copyright", isCopyright,
			"The band said the copyright dispute with the festival organisers had been settled out of court last year, long before the bridge opened and the concerts moved.", false},

		{"photo prefix", isPhotoCredit, "Photo: Lena Holm for the Portmere Daily", true},
		{"illustration by", isPhotoCredit, "Illustration by Kai Moreno", true},
		{"agency credit", isPhotoCredit, "Lena Holm/AFP via Getty Images", true},
		{"agency slash", isPhotoCredit, "Tomas Berg/Reuters", true},
		{"article sentence quoting an agency", isPhotoCredit,
			"The council told reporters from several agencies, including Reuters and the AP, that the bridge would open on Monday as planned.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.text); got != tt.want {
				t.Errorf("%q: %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestMarkBoilerplate(t *testing.T) {
	blocks := []Block{
		p("By Ana Reis"),
		p("The new harbour bridge opened on Monday."),
		{Kind: "paragraph", Text: "The bridge at dusk.", Caption: true, LikelyBoilerplate: true},
		li("Sign up for our morning newsletter"),
		p("© 2026 Portmere Media Group"),
	}
	markBoilerplate(blocks, "")
	want := []bool{true, false, true, true, true}
	for i, b := range blocks {
		if b.LikelyBoilerplate != want[i] {
			t.Errorf("block %d %q: LikelyBoilerplate %v, want %v", i, b.Text, b.LikelyBoilerplate, want[i])
		}
	}
}
