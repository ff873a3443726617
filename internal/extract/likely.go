package extract

import "strings"

// bulletMarks are the characters a pasted list item starts with.
const bulletMarks = "•·*‣▪►▸–—-> \t"

// LikelyBoilerplate reports whether a block of pasted text (one block of
// the import form's preview) looks like something other than the article:
// an author line, a picture's caption or credit, a promotion (a bullet
// selling a subscription counts too), a link to other articles or a
// copyright line. byline is the byline the editor typed, or "". It uses
// the rules that mark boilerplate in fetched pages, and like them only
// decides which blocks the form shows unticked.
func LikelyBoilerplate(block, byline string) bool {
	t := strings.TrimSpace(block)
	if bare := strings.TrimLeft(t, bulletMarks); bare != t && bare != "" {
		t = bare
	}
	return isByline(t, byline) || isPromotion(t) || isReadMore(t) || isCopyright(t) || isPhotoCredit(t)
}
