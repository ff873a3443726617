package model

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// Work is what is assigned to one user and still to do: claims whose
// review is not published, and articles, grouped by article, due and
// overdue first (see SortWork).
type Work struct {
	User     string        `json:"user"`
	Articles []WorkArticle `json:"articles"`
}

// WorkArticle is one article in a user's work: the article itself when it
// is assigned to them (Assigned), and their claims in it.
type WorkArticle struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Assigned bool   `json:"assigned"`
	Due      string `json:"due,omitempty"`
	Overdue  bool   `json:"overdue"`
	// URL opens the article's workspace.
	URL    string      `json:"url"`
	Claims []WorkClaim `json:"claims"`
}

// WorkClaim is one claim in a user's work.
type WorkClaim struct {
	ID        int64  `json:"id"`
	Number    int    `json:"number"`
	Statement string `json:"statement"`
	Status    Status `json:"status"`
	Due       string `json:"due,omitempty"`
	Overdue   bool   `json:"overdue"`
	// URL opens the workspace on the claim: its highlight outlined, its
	// panel open.
	URL string `json:"url"`
}

// ArticleURL is the workspace of article id.
func ArticleURL(id int64) string { return "/articles/" + strconv.FormatInt(id, 10) }

// ClaimURL is the workspace of article articleID opened on claim id.
func ClaimURL(articleID, id int64) string {
	return ArticleURL(articleID) + "?claim=" + strconv.FormatInt(id, 10)
}

// SortWork marks what is overdue on now's date and puts the work in the
// order to do it: in each article, claims with a due date first, earliest
// first, then the others by number; articles by the earliest due date of
// the article or any of its claims, those with none last, then by title
// and id.
func SortWork(w *Work, now time.Time) {
	day := today(now) // once, not for each of hundreds of claims
	for i := range w.Articles {
		a := &w.Articles[i]
		a.Overdue = overdueOn(a.Due, day)
		for j := range a.Claims {
			a.Claims[j].Overdue = overdueOn(a.Claims[j].Due, day)
		}
		slices.SortFunc(a.Claims, func(x, y WorkClaim) int {
			return cmp.Or(compareDue(x.Due, y.Due), cmp.Compare(x.Number, y.Number))
		})
	}
	slices.SortFunc(w.Articles, func(x, y WorkArticle) int {
		return cmp.Or(compareDue(x.earliestDue(), y.earliestDue()), cmp.Compare(x.Title, y.Title), cmp.Compare(x.ID, y.ID))
	})
}

// earliestDue is the earliest due date of the article or its claims, or "".
func (a WorkArticle) earliestDue() string {
	due := a.Due
	for _, c := range a.Claims {
		if c.Due != "" && (due == "" || c.Due < due) {
			due = c.Due
		}
	}
	return due
}

// compareDue orders due dates earliest first and "" (none) last.
func compareDue(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return cmp.Compare(a, b)
}
