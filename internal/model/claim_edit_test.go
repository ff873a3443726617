package model_test

import (
	"testing"

	"github.com/factmark/factmark/internal/model"
)

func TestEditConflicts(t *testing.T) {
	cur := model.Claim{Statement: "theirs", Kind: model.KindQuote, Status: model.StatusFalse, Note: "n", Assignee: "rita", UpdatedBy: "ana"}
	loaded := model.ClaimDetails{Statement: "loaded", Kind: "other", Status: "false", Note: "n", Assignee: "rita"}
	history := []model.Event{{Field: model.EventStatement, User: "rita"}, {Field: model.EventStatement, User: "sam"}}
	tests := []struct {
		name string
		base *model.ClaimDetails
		in   model.ClaimDetails
		want []model.FieldConflict
	}{
		{"editor kept theirs", &loaded, model.ClaimDetails{Statement: "theirs", Kind: "quote", Status: "false", Note: "n", Assignee: "rita"}, nil},
		{"only the editor changed the note", &loaded, model.ClaimDetails{Statement: "theirs", Kind: "quote", Status: "false", Note: "mine", Assignee: "rita"}, nil},
		{"both changed statement and kind", &loaded, model.ClaimDetails{Statement: " mine ", Kind: "number", Status: "false", Note: "n", Assignee: "rita"},
			[]model.FieldConflict{{Field: model.EventStatement, By: "sam", Now: "theirs", Yours: "mine"}, {Field: model.EventKind, By: "ana", Now: "quote", Yours: "number"}}},
		{"no base: every difference", nil, model.ClaimDetails{Statement: "theirs", Kind: "quote", Status: "false", Note: "m\r\n", Assignee: "rita"},
			[]model.FieldConflict{{Field: model.EventNote, By: "ana", Now: "n", Yours: "m"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := model.EditConflicts(cur, tt.base, tt.in, history)
			if len(got) != len(tt.want) {
				t.Fatalf("EditConflicts = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("conflict %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestClaimEditUpdate(t *testing.T) {
	cur := model.Claim{Status: model.StatusFalse}
	u := model.ClaimEdit{Details: model.ClaimDetails{Status: "false"}}.Update(cur)
	if u.Status != nil {
		t.Errorf("an unchanged status without a comment: Status = %v, want nil", *u.Status)
	}
	u = model.ClaimEdit{Details: model.ClaimDetails{Status: "false"}, Comment: "confirmed"}.Update(cur)
	if u.Status == nil {
		t.Fatal("an unchanged status with a comment: Status = nil, want false")
	}
	if *u.Status != model.StatusFalse {
		t.Errorf("an unchanged status with a comment: Status = %q, want false", *u.Status)
	}
	if u.Comment != "confirmed" {
		t.Errorf("comment = %q", u.Comment)
	}
}
