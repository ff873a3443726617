package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// requireAdmin refuses everyone but admins.
func requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u, ok := currentUser(c); !ok || u.Role != model.UserAdmin {
			return model.Errorf(model.EFORBIDDEN, "Only an admin can manage the accounts.")
		}
		return next(c)
	}
}

// sessionOnly keeps the account and admin pages to a logged-in browser:
// with an API token, a leaked one could make more tokens, add an admin or
// change a password, and so outlive its own revocation.
func sessionOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, isBearer := bearerToken(c.Request()); isBearer {
			return model.Errorf(model.EFORBIDDEN, "Accounts and API tokens are managed from a logged-in browser only, never with an API token: log in to factmark in a browser and open this page there.")
		}
		return next(c)
	}
}

// --- a user's own account ----------------------------------------------

// accountNotice is the message a redirect back to /account shows.
func accountNotice(done string) string {
	switch done {
	case "password":
		return "Your password is changed. Your other sessions have ended."
	case "revoked":
		return "The token is revoked: it no longer works."
	}
	return ""
}

func (s *Server) showAccount(c echo.Context) error {
	return s.renderAccount(c, http.StatusOK, pages.AccountView{Notice: accountNotice(c.QueryParam("done"))})
}

// renderAccount fills v with the user and their tokens and renders it.
func (s *Server) renderAccount(c echo.Context, status int, v pages.AccountView) error {
	u, _ := currentUser(c)
	tokens, err := s.store.ListTokens(c.Request().Context(), u.Name)
	if err != nil {
		return err
	}
	v.User, v.Tokens = u, tokens
	return s.render(c, status, pages.Account(v))
}

func (s *Server) doChangePassword(c echo.Context) error {
	u, _ := currentUser(c)
	current, password := c.FormValue("current"), c.FormValue("password")
	key := "current-password:" + strings.ToLower(u.Name)
	if wait := s.throttle.wait(key); wait > 0 {
		secs := setRetryAfter(c, wait)
		s.log.Warn("password change throttled", "user", u.Name, "addr", c.RealIP(), "retry_after_s", secs)
		return s.renderAccount(c, http.StatusTooManyRequests, pages.AccountView{Errors: map[string]string{
			"current": fmt.Sprintf("Too many wrong current passwords: wait %s and try again.", waitText(secs))}})
	}
	if !auth.CheckPassword(u.PasswordHash, current) {
		n := s.throttle.fail(key)
		s.log.Warn("current password wrong", "user", u.Name, "addr", c.RealIP(), "failures", n)
		return s.renderAccount(c, http.StatusForbidden, pages.AccountView{Errors: map[string]string{"current": "This is not your current password."}})
	}
	s.throttle.reset(key)
	errs := map[string]string{}
	switch {
	case auth.CheckPasswordStrength(password) != nil:
		errs["password"] = capitalize(auth.CheckPasswordStrength(password).Error()) + "."
	case password != c.FormValue("password2"):
		errs["password2"] = "The two new passwords differ."
	}
	if len(errs) > 0 {
		return s.renderAccount(c, http.StatusBadRequest, pages.AccountView{Errors: errs})
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	keep, _ := c.Get(sessionHashKey).(string)
	if err := s.store.ChangePassword(c.Request().Context(), u.ID, hash, keep); err != nil {
		return err
	}
	s.log.Info("password changed", "user", u.Name)
	return c.Redirect(http.StatusSeeOther, "/account?done=password")
}

func (s *Server) doCreateToken(c echo.Context) error {
	u, _ := currentUser(c)
	label := strings.TrimSpace(c.FormValue("label"))
	readOnly := c.FormValue("read_only") != ""
	v := pages.AccountView{TokenLabel: label, TokenReadOnly: readOnly, Errors: map[string]string{}}
	if label == "" {
		v.Errors["label"] = "Give the token a name that says what it is for."
		return s.renderAccount(c, http.StatusBadRequest, v)
	}
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	t, err := s.store.CreateAPIToken(c.Request().Context(), model.NewToken{UserName: u.Name, Label: label, ReadOnly: readOnly}, auth.HashToken(token))
	if fieldErr(err, v.Errors) {
		return s.renderAccount(c, http.StatusBadRequest, v)
	}
	if err != nil {
		return err
	}
	s.log.Info("API token created", "user", u.Name, "token_id", t.ID, "read_only", t.ReadOnly)
	return s.renderAccount(c, http.StatusCreated, pages.AccountView{NewToken: t, NewTokenValue: token})
}

func (s *Server) doRevokeToken(c echo.Context) error {
	u, _ := currentUser(c)
	id, err := strconv.ParseInt(c.Param("tid"), 10, 64)
	if err != nil || id <= 0 {
		return model.NotFound("API token", 0)
	}
	if err := s.store.RevokeToken(c.Request().Context(), id, u.ID); err != nil {
		return err
	}
	s.log.Info("API token revoked", "user", u.Name, "token_id", id)
	return c.Redirect(http.StatusSeeOther, "/account?done=revoked")
}

// fieldErr copies a user error about a field into errs and reports whether
// it was one.
func fieldErr(err error, errs map[string]string) bool {
	var de *model.Error
	if !errors.As(err, &de) || de.Code == model.EINTERNAL {
		return false
	}
	field := de.Field
	if field == "" {
		field = "form"
	}
	errs[field] = de.Message
	return true
}

// --- the admin's accounts page -------------------------------------------

func (s *Server) showUsers(c echo.Context) error {
	v := pages.UsersView{Add: pages.NewUserForm{Role: model.UserEditor}}
	if name := c.QueryParam("user"); name != "" {
		v.Notice = usersNotice(c.QueryParam("done"), name)
	}
	return s.renderUsers(c, http.StatusOK, v)
}

// usersNotice is the message a redirect back to /admin/users shows.
func usersNotice(done, name string) string {
	switch done {
	case "added":
		return fmt.Sprintf("%s can now log in.", name)
	case "role":
		return fmt.Sprintf("%s's role is changed.", name)
	case "password":
		return fmt.Sprintf("%s's password is changed and their sessions have ended.", name)
	case "deactivated":
		return fmt.Sprintf("%s is deactivated: their sessions and API tokens stopped working.", name)
	case "activated":
		return fmt.Sprintf("%s is active again and can log in.", name)
	case "publisher":
		return fmt.Sprintf("%s may now publish reviews and approve second checks.", name)
	case "not-publisher":
		return fmt.Sprintf("%s may no longer publish reviews or approve second checks.", name)
	}
	return ""
}

func (s *Server) renderUsers(c echo.Context, status int, v pages.UsersView) error {
	users, err := s.store.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	me, _ := currentUser(c)
	v.Users, v.Me = users, me.Name
	return s.render(c, status, pages.Users(v))
}

// doneUsers sends the admin back to the list with a notice.
func doneUsers(c echo.Context, done, name string) error {
	return c.Redirect(http.StatusSeeOther, "/admin/users?"+url.Values{"done": {done}, "user": {name}}.Encode())
}

func (s *Server) doAddUser(c echo.Context) error {
	f := pages.NewUserForm{Name: strings.TrimSpace(c.FormValue("name")), DisplayName: strings.TrimSpace(c.FormValue("display_name")),
		Role: model.UserRole(c.FormValue("role"))}
	v := pages.UsersView{Add: f, Errors: map[string]string{}}
	password := c.FormValue("password")
	if err := auth.CheckPasswordStrength(password); err != nil {
		v.Errors["password"] = capitalize(err.Error()) + "."
		return s.renderUsers(c, http.StatusBadRequest, v)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u, err := s.store.CreateUser(c.Request().Context(), model.User{Name: f.Name, DisplayName: f.DisplayName, Role: f.Role, PasswordHash: hash}, false)
	if fieldErr(err, v.Errors) {
		return s.renderUsers(c, statusOf(model.ErrorCode(err)), v)
	}
	if err != nil {
		return err
	}
	s.log.Info("user added", "by", userName(c), "user", u.Name, "role", u.Role)
	return doneUsers(c, "added", u.Name)
}

// changeUser applies ch to the user named in the path, showing a refusal
// (the last admin, an unknown role) in that user's row.
func (s *Server) changeUser(c echo.Context, ch model.UserChange, done string) error {
	name := c.Param("name")
	u, err := s.store.UpdateUser(c.Request().Context(), name, ch)
	if code := model.ErrorCode(err); code == model.ECONFLICT || code == model.EINVALID {
		return s.renderUsers(c, statusOf(code), pages.UsersView{Add: pages.NewUserForm{Role: model.UserEditor},
			Errors: map[string]string{"user:" + name: model.ErrorMessage(err)}})
	}
	if err != nil {
		return err
	}
	s.log.Info("user changed", "by", userName(c), "user", u.Name, "change", done, "role", u.Role, "active", u.Active)
	return doneUsers(c, done, u.Name)
}

func (s *Server) doSetRole(c echo.Context) error {
	role := model.UserRole(c.FormValue("role"))
	return s.changeUser(c, model.UserChange{Role: &role}, "role")
}

func (s *Server) doResetPassword(c echo.Context) error {
	password := c.FormValue("password")
	if err := auth.CheckPasswordStrength(password); err != nil {
		return s.renderUsers(c, http.StatusBadRequest, pages.UsersView{Add: pages.NewUserForm{Role: model.UserEditor},
			Errors: map[string]string{"user:" + c.Param("name"): capitalize(err.Error()) + "."}})
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.changeUser(c, model.UserChange{PasswordHash: &hash}, "password")
}

func (s *Server) doDeactivate(c echo.Context) error {
	active := false
	return s.changeUser(c, model.UserChange{Active: &active}, "deactivated")
}

func (s *Server) doActivate(c echo.Context) error {
	active := true
	return s.changeUser(c, model.UserChange{Active: &active}, "activated")
}
