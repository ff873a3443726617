package db_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// accountsDB has the admin ana, the editor bo with two sessions, and bo's
// token "tok".
func accountsDB(t *testing.T) (*testDB, model.User, model.User) {
	t.Helper()
	ctx := context.Background()
	d := MustOpenDB(t)
	ana, err := d.CreateUser(ctx, model.User{Name: "ana", Role: model.UserAdmin, PasswordHash: "h"}, false)
	if err != nil {
		t.Fatal(err)
	}
	bo, err := d.CreateUser(ctx, model.User{Name: "bo", Role: model.UserEditor, PasswordHash: "h"}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"bo-1", "bo-2"} {
		if err := d.CreateSession(ctx, bo.ID, h, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.CreateAPIToken(ctx, model.NewToken{UserName: "bo", Label: "script"}, "tok"); err != nil {
		t.Fatal(err)
	}
	return d, ana, bo
}

func TestUpdateUser(t *testing.T) {
	ctx := context.Background()
	editor, viewer, admin := model.UserEditor, model.UserViewer, model.UserAdmin
	off, on := false, true
	t.Run("role", func(t *testing.T) {
		d, _, _ := accountsDB(t)
		u, err := d.UpdateUser(ctx, "bo", model.UserChange{Role: &viewer})
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != model.UserViewer {
			t.Errorf("role %s", u.Role)
		}
		if _, err := d.SessionUser(ctx, "bo-1", 0); err != nil {
			t.Errorf("a role change ended a session: %v", err)
		}
		bad := model.UserRole("owner")
		_, err = d.UpdateUser(ctx, "bo", model.UserChange{Role: &bad})
		wantCode(t, err, model.EINVALID, "role")
		_, err = d.UpdateUser(ctx, "nobody", model.UserChange{Role: &editor})
		wantCode(t, err, model.ENOTFOUND, "")
	})
	t.Run("deactivate ends sessions and refuses tokens", func(t *testing.T) {
		d, _, _ := accountsDB(t)
		u, err := d.UpdateUser(ctx, "bo", model.UserChange{Active: &off})
		if err != nil {
			t.Fatal(err)
		}
		if u.Active {
			t.Error("still active")
		}
		if n := d.counts(t, "sessions")["sessions"]; n != 0 {
			t.Errorf("%d sessions left", n)
		}
		_, _, err = d.TokenUser(ctx, "tok")
		wantCode(t, err, model.EUNAUTHORIZED, "")
		if _, err := d.UpdateUser(ctx, "bo", model.UserChange{Active: &on}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := d.TokenUser(ctx, "tok"); err != nil {
			t.Errorf("the token after reactivation: %v", err)
		}
		_, err = d.SessionUser(ctx, "bo-1", 0)
		wantCode(t, err, model.EUNAUTHORIZED, "")
	})
	t.Run("an admin's password reset ends every session", func(t *testing.T) {
		d, _, _ := accountsDB(t)
		h := "new-hash"
		u, err := d.UpdateUser(ctx, "bo", model.UserChange{PasswordHash: &h})
		if err != nil {
			t.Fatal(err)
		}
		if u.PasswordHash != h {
			t.Errorf("hash %q", u.PasswordHash)
		}
		if n := d.counts(t, "sessions")["sessions"]; n != 0 {
			t.Errorf("%d sessions left", n)
		}
	})
	t.Run("the last active admin stays", func(t *testing.T) {
		d, _, _ := accountsDB(t)
		for name, ch := range map[string]model.UserChange{"demote": {Role: &editor}, "deactivate": {Active: &off}} {
			_, err := d.UpdateUser(ctx, "ana", ch)
			wantCode(t, err, model.ECONFLICT, "")
			u, err := d.UserByName(ctx, "ana")
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != model.UserAdmin {
				t.Errorf("%s: ana is %s", name, u.Role)
			}
			if !u.Active {
				t.Errorf("%s: ana is inactive", name)
			}
		}
		// A deactivated admin does not count.
		if _, err := d.UpdateUser(ctx, "bo", model.UserChange{Role: &admin, Active: &off}); err != nil {
			t.Fatal(err)
		}
		_, err := d.UpdateUser(ctx, "ana", model.UserChange{Active: &off})
		wantCode(t, err, model.ECONFLICT, "")
		if _, err := d.UpdateUser(ctx, "bo", model.UserChange{Active: &on}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.UpdateUser(ctx, "ana", model.UserChange{Active: &off}); err != nil {
			t.Errorf("with bo an active admin, ana may go: %v", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	d, _, bo := accountsDB(t)
	if err := d.ChangePassword(ctx, bo.ID, "h2", "bo-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SessionUser(ctx, "bo-1", 0); err != nil {
		t.Errorf("the session kept: %v", err)
	}
	_, err := d.SessionUser(ctx, "bo-2", 0)
	wantCode(t, err, model.EUNAUTHORIZED, "")
	if _, _, err := d.TokenUser(ctx, "tok"); err != nil {
		t.Errorf("the token: %v", err)
	}
	u, _ := d.UserByName(ctx, "bo")
	if u.PasswordHash != "h2" {
		t.Errorf("hash %q", u.PasswordHash)
	}
	wantCode(t, d.ChangePassword(ctx, 999, "h3", ""), model.ENOTFOUND, "")
}

func TestSessionIdleAndLastSeen(t *testing.T) {
	ctx := context.Background()
	d, _, _ := accountsDB(t)
	if got, _ := d.UserByName(ctx, "bo"); !got.LastLoginAt.Equal(epoch) {
		t.Errorf("last login %v, want %v", got.LastLoginAt, epoch)
	}
	// Seen 30 s in: too soon to write; the session's idle time still runs
	// from its start.
	d.clock.Advance(30 * time.Second)
	if _, err := d.SessionUser(ctx, "bo-1", 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	d.clock.Advance(9*time.Minute + 30*time.Second)
	_, err := d.SessionUser(ctx, "bo-1", 10*time.Minute)
	wantCode(t, err, model.EUNAUTHORIZED, "")
	// bo-2, seen at 9:30 (written: over a minute since the last), lives on
	// for ten minutes after.
	d.clock.Advance(-30 * time.Second)
	if _, err := d.SessionUser(ctx, "bo-2", 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	d.clock.Advance(9*time.Minute + 59*time.Second)
	if _, err := d.SessionUser(ctx, "bo-2", 10*time.Minute); err != nil {
		t.Errorf("seen 9:59 ago: %v", err)
	}
	if _, err := d.SessionUser(ctx, "bo-2", 0); err != nil {
		t.Errorf("without an idle limit: %v", err)
	}
}

func TestTokenManagement(t *testing.T) {
	ctx := context.Background()
	d, ana, bo := accountsDB(t)
	ro, err := d.CreateAPIToken(ctx, model.NewToken{UserName: "ana", Label: "  reader ", ReadOnly: true}, "tok-ana")
	if err != nil {
		t.Fatal(err)
	}
	if ro.Label != "reader" {
		t.Errorf("label %q, want it trimmed", ro.Label)
	}
	_, err = d.CreateAPIToken(ctx, model.NewToken{UserName: "ana", Label: string(bytes.Repeat([]byte("x"), 101))}, "tok-long")
	wantCode(t, err, model.EINVALID, "label")
	_, err = d.CreateAPIToken(ctx, model.NewToken{UserName: "ana", Label: "a\nb"}, "tok-nl")
	wantCode(t, err, model.EINVALID, "label")
	_, err = d.CreateAPIToken(ctx, model.NewToken{UserName: "nobody"}, "tok-x")
	wantCode(t, err, model.ENOTFOUND, "")

	all, err := d.ListTokens(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("%d tokens, want 2", len(all))
	}
	if all[0].UserName != "bo" {
		t.Errorf("first token's user %q", all[0].UserName)
	}
	if !all[1].ReadOnly {
		t.Error("ana's token is not read-only")
	}
	mine, err := d.ListTokens(ctx, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 1 {
		t.Errorf("ana has %d tokens, want 1", len(mine))
	}
	_, err = d.ListTokens(ctx, "nobody")
	wantCode(t, err, model.ENOTFOUND, "")

	t.Run("last use", func(t *testing.T) {
		_, tok, err := d.TokenUser(ctx, "tok-ana")
		if err != nil {
			t.Fatal(err)
		}
		if !tok.LastUsedAt.Equal(epoch) {
			t.Errorf("last used %v", tok.LastUsedAt)
		}
		d.clock.Advance(2 * time.Minute)
		if _, _, err := d.TokenUser(ctx, "tok-ana"); err != nil {
			t.Fatal(err)
		}
		list, _ := d.ListTokens(ctx, "ana")
		if !list[0].LastUsedAt.Equal(epoch.Add(2 * time.Minute)) {
			t.Errorf("stored last use %v", list[0].LastUsedAt)
		}
	})
	t.Run("revoke", func(t *testing.T) {
		wantCode(t, d.RevokeToken(ctx, ro.ID, bo.ID), model.ENOTFOUND, "")
		if _, _, err := d.TokenUser(ctx, "tok-ana"); err != nil {
			t.Errorf("another user revoked ana's token: %v", err)
		}
		if err := d.RevokeToken(ctx, ro.ID, ana.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err := d.TokenUser(ctx, "tok-ana")
		wantCode(t, err, model.EUNAUTHORIZED, "")
		wantCode(t, d.RevokeToken(ctx, ro.ID, 0), model.ENOTFOUND, "")
	})
}

func TestSecret(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a, err := d.Secret(ctx, "csrf")
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 32 {
		t.Errorf("%d bytes, want 32", len(a))
	}
	again, err := d.Secret(ctx, "csrf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, again) {
		t.Error("the secret changed")
	}
	other, err := d.Secret(ctx, "other")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, other) {
		t.Error("two secrets are equal")
	}
}
