package db

import (
	"context"
	"database/sql"

	"github.com/factmark/factmark/internal/model"
)

// EditClaim saves the workspace's details form in one transaction: the
// statement, kind, status with its comment, note and assignee, one history
// event per field that changed. When the claim changed since e.Version, the
// save goes ahead only if nobody else changed a field the editor is saving
// (model.EditConflicts); otherwise nothing is saved, and the conflicts are
// returned with model.ErrEditConflict, so that the form can show both
// values and keep the editor's.
func (d *DB) EditClaim(ctx context.Context, id int64, e model.ClaimEdit, by string) (model.Claim, []model.FieldConflict, error) {
	now := d.now()
	var conflicts []model.FieldConflict
	err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		c, err := claim(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Version != 0 && e.Version != c.Version {
			h, err := events(ctx, tx, `claim_id = ?`, id)
			if err != nil {
				return err
			}
			if conflicts = model.EditConflicts(c, e.Base, e.Details, h[id]); len(conflicts) > 0 {
				return model.ErrEditConflict
			}
		}
		u := e.Update(c)
		if err := u.Normalize(); err != nil {
			return err
		}
		return updateClaim(ctx, tx, c, u, now, by)
	})
	if err != nil {
		return model.Claim{}, conflicts, err
	}
	cl, err := d.Claim(ctx, id)
	return cl, nil, err
}
