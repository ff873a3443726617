package pages

import "github.com/factmark/factmark/internal/model"

// BulkForm is the claim list's form that changes the selected claims at
// once: their assignee and due date, or their status.
type BulkForm struct {
	ArticleID int64
	// Users are the accounts a claim may be assigned to; the inactive
	// are left out.
	Users []model.User
	// Errors holds a refusal's message by field (claim_ids, assignee,
	// due, status), shown beside it; Done says what the last change did.
	Errors map[string]string
	Done   string
}

func bulkPath(articleID int64) string { return "/articles/" + itoa64(articleID) + "/claims/bulk" }
