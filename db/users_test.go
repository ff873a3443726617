package db_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
	"github.com/google/go-cmp/cmp"
)

func TestCreateUser(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	if _, err := d.CreateUser(ctx, model.User{Name: "ana", Role: model.UserAdmin, PasswordHash: "h"}, false); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		user      model.User
		firstOnly bool
		code      string
		field     string
	}{
		{"editor", model.User{Name: "bo.b-2_x", DisplayName: "  Bob Ray ", Role: model.UserEditor}, false, "", ""},
		{"viewer", model.User{Name: "Vic", Role: model.UserViewer}, false, "", ""},
		{"duplicate name", model.User{Name: "ana", Role: model.UserEditor}, false, model.ECONFLICT, "name"},
		{"first only after setup", model.User{Name: "eve", Role: model.UserAdmin}, true, model.ECONFLICT, ""},
		{"empty name", model.User{Name: "", Role: model.UserEditor}, false, model.EINVALID, "name"},
		{"space in name", model.User{Name: "ana maria", Role: model.UserEditor}, false, model.EINVALID, "name"},
		{"non-ASCII name", model.User{Name: "zoë", Role: model.UserEditor}, false, model.EINVALID, "name"},
		{"dots only", model.User{Name: "..", Role: model.UserEditor}, false, model.EINVALID, "name"},
		{"name too long", model.User{Name: strings.Repeat("a", 65), Role: model.UserEditor}, false, model.EINVALID, "name"},
		{"unknown role", model.User{Name: "carl", Role: "owner"}, false, model.EINVALID, "role"},
		{"empty role", model.User{Name: "carl", Role: ""}, false, model.EINVALID, "role"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := d.CountUsers(ctx)
			u, err := d.CreateUser(ctx, tc.user, tc.firstOnly)
			after, _ := d.CountUsers(ctx)
			if tc.code != "" {
				wantCode(t, err, tc.code, tc.field)
				if after != before {
					t.Errorf("users went from %d to %d on a refused create", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.ID == 0 {
				t.Errorf("created user %+v has no id", u)
			}
			if !u.CreatedAt.Equal(epoch) {
				t.Errorf("created at %v, want %v", u.CreatedAt, epoch)
			}
			got, err := d.UserByName(ctx, tc.user.Name)
			if err != nil {
				t.Fatal(err)
			}
			type fields struct {
				ID          int64
				Role        model.UserRole
				DisplayName string
				CreatedAt   time.Time
			}
			want := fields{u.ID, tc.user.Role, strings.TrimSpace(tc.user.DisplayName), epoch}
			if diff := cmp.Diff(want, fields{got.ID, got.Role, got.DisplayName, got.CreatedAt}); diff != "" {
				t.Errorf("UserByName (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("unknown user", func(t *testing.T) {
		_, err := d.UserByName(ctx, "nobody")
		wantCode(t, err, model.ENOTFOUND, "")
	})
	t.Run("list by name", func(t *testing.T) {
		list, err := d.ListUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range list {
			names = append(names, u.Name)
		}
		if got := strings.Join(names, ","); got != "Vic,ana,bo.b-2_x" {
			t.Errorf("ListUsers names = %s", got)
		}
	})
}

// TestCreateUserFirstOnlyRace races two setups on an empty store, many
// times: exactly one may become the first admin.
func TestCreateUserFirstOnlyRace(t *testing.T) {
	ctx := context.Background()
	for i := range 10 {
		d := MustOpenDB(t)
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			errs  [2]error
		)
		for j := range errs {
			wg.Go(func() {
				<-start
				_, errs[j] = d.CreateUser(ctx, model.User{Name: []string{"first", "second"}[j], Role: model.UserAdmin, PasswordHash: "h"}, true)
			})
		}
		close(start)
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range errs {
			switch model.ErrorCode(err) {
			case "":
				ok++
			case model.ECONFLICT:
				conflict++
			default:
				t.Errorf("round %d: unexpected error %v", i, err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Errorf("round %d: %d succeeded and %d conflicted (%v), want 1 and 1", i, ok, conflict, errs)
		}
		if n, err := d.CountUsers(ctx); err != nil || n != 1 {
			t.Errorf("round %d: CountUsers = %d, %v; want 1", i, n, err)
		}
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	u, err := d.CreateUser(ctx, model.User{Name: "ana", Role: model.UserEditor, PasswordHash: "h"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CreateSession(ctx, u.ID, "hash-1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := d.CreateSession(ctx, u.ID, "hash-2", 3*time.Hour); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		advance time.Duration
		hash    string
		code    string
	}{
		{"fresh", 0, "hash-1", ""},
		{"unknown token", 0, "hash-x", model.EUNAUTHORIZED},
		{"just before expiry", 59*time.Minute + 59*time.Second, "hash-1", ""},
		{"at expiry", time.Second, "hash-1", model.EUNAUTHORIZED},
		{"long after expiry", 24 * time.Hour, "hash-1", model.EUNAUTHORIZED},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			d.clock.Advance(st.advance)
			got, err := d.SessionUser(ctx, st.hash, 0)
			if st.code != "" {
				wantCode(t, err, st.code, "")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != u.ID {
				t.Errorf("SessionUser id %d, want %d", got.ID, u.ID)
			}
			if got.Name != "ana" {
				t.Errorf("SessionUser name %q, want ana", got.Name)
			}
		})
	}
	t.Run("a new login cleans up expired sessions", func(t *testing.T) {
		if n := d.counts(t, "sessions")["sessions"]; n != 2 {
			t.Fatalf("sessions before = %d, want 2", n)
		}
		if err := d.CreateSession(ctx, u.ID, "hash-3", time.Hour); err != nil {
			t.Fatal(err)
		}
		if n := d.counts(t, "sessions")["sessions"]; n != 1 {
			t.Errorf("sessions after = %d, want 1", n)
		}
	})
	t.Run("logout", func(t *testing.T) {
		if _, err := d.SessionUser(ctx, "hash-3", 0); err != nil {
			t.Fatal(err)
		}
		if err := d.DeleteSession(ctx, "hash-3"); err != nil {
			t.Fatal(err)
		}
		_, err := d.SessionUser(ctx, "hash-3", 0)
		wantCode(t, err, model.EUNAUTHORIZED, "")
	})
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	u, err := d.CreateUser(ctx, model.User{Name: "bot", Role: model.UserViewer, PasswordHash: "h"}, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("unknown user", func(t *testing.T) {
		wantCode(t, d.CreateToken(ctx, "nobody", "t0"), model.ENOTFOUND, "")
		if n := d.counts(t, "api_tokens")["api_tokens"]; n != 0 {
			t.Errorf("api_tokens = %d", n)
		}
	})
	for _, h := range []string{"t1", "t2"} {
		if err := d.CreateToken(ctx, "bot", h); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		hash string
		code string
	}{{"t1", ""}, {"t2", ""}, {"t3", model.EUNAUTHORIZED}, {"", model.EUNAUTHORIZED}} {
		t.Run("hash "+tc.hash, func(t *testing.T) {
			got, _, err := d.TokenUser(ctx, tc.hash)
			if tc.code != "" {
				wantCode(t, err, tc.code, "")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != u.ID {
				t.Errorf("TokenUser id %d, want %d", got.ID, u.ID)
			}
			if got.Role != model.UserViewer {
				t.Errorf("TokenUser role %q, want %q", got.Role, model.UserViewer)
			}
		})
	}
	t.Run("tokens do not expire with the clock", func(t *testing.T) {
		d.clock.Advance(400 * 24 * time.Hour)
		if _, _, err := d.TokenUser(ctx, "t1"); err != nil {
			t.Error(err)
		}
	})
}

// TestUserNamesIgnoreCase: "vic" and "Vic" would be two accounts that look
// the same in every list and log line, so a name is taken whatever its case.
// Logging in stays exact: the name is spelt as it was created.
func TestUserNamesIgnoreCase(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	if _, err := d.CreateUser(ctx, model.User{Name: "vic", Role: model.UserEditor, PasswordHash: "h"}, false); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Vic", "VIC", "vIc"} {
		_, err := d.CreateUser(ctx, model.User{Name: name, Role: model.UserViewer, PasswordHash: "h"}, false)
		wantCode(t, err, model.ECONFLICT, "name")
		if msg := model.ErrorMessage(err); !strings.Contains(msg, `"vic"`) {
			t.Errorf("%s: message %q does not name the existing user", name, msg)
		}
	}
	if n, _ := d.CountUsers(ctx); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
	if _, err := d.UserByName(ctx, "Vic"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("UserByName(Vic) = %v, want not found: names are exact", err)
	}
}

func TestUserNameMessageSaysASCII(t *testing.T) {
	_, err := MustOpenDB(t).CreateUser(context.Background(), model.User{Name: "Zoë", Role: model.UserViewer, PasswordHash: "h"}, false)
	wantCode(t, err, model.EINVALID, "name")
	if msg := model.ErrorMessage(err); !strings.Contains(msg, "ASCII letters") {
		t.Errorf("message %q does not say ASCII letters", msg)
	}
}
