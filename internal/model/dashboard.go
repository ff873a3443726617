package model

import "time"

// Dashboard is the desk's overview: claims by status and by assignee,
// articles by state, what is overdue or awaiting a second check, and the
// throughput of recent weeks.
type Dashboard struct {
	ByStatus        []Count        `json:"by_status"`
	ByAssignee      []Count        `json:"by_assignee"`
	ArticlesByState []Count        `json:"articles_by_state"`
	Overdue         int            `json:"overdue"`
	AwaitingCheck   int            `json:"awaiting_check"`
	Weeks           []WeekActivity `json:"weeks"`
}

// Count is how many items have one value (a status, an assignee, a
// state), and the list of them.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
	URL   string `json:"url"`
}

// WeekActivity is one week's throughput: the claims given a verdict and
// the reviews published, the week starting on Monday Start (UTC).
type WeekActivity struct {
	Start     string `json:"start"`
	Checked   int    `json:"checked"`
	Published int    `json:"published"`
}

// DashboardWeeks is how many weeks the throughput covers, this one last.
const DashboardWeeks = 8

// WeekStart is the Monday (UTC) of t's week, YYYY-MM-DD.
func WeekStart(t time.Time) string {
	t = t.UTC()
	offset := (int(t.Weekday()) + 6) % 7 // days since Monday
	return time.Date(t.Year(), t.Month(), t.Day()-offset, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// ClaimFilter selects claims for the desk's list: by status, by assignee
// ("-" for nobody), overdue only, awaiting a second check only; zero
// values select all.
type ClaimFilter struct {
	Status        Status
	Assignee      string
	Overdue       bool
	AwaitingCheck bool
}

// DeskClaim is a claim in the desk's list, with its article's title.
type DeskClaim struct {
	Claim        Claim  `json:"claim"`
	ArticleTitle string `json:"article_title"`
	URL          string `json:"url"`
}
