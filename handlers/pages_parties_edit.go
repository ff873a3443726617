package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// The party registry's pages for editors (issue 10 §3): the list of every
// entry, and on an entry's page the forms that rename, retype, re-alias
// and merge it. The forms are plain forms that htmx posts when it runs
// (static/js/parties/main.js): a success redirects to the page with a
// notice (htmx gets the page's content with it), a refusal answers the
// page again with the message beside its field, and a merge asks first,
// saying how many claims move.

// partyListPerPage is how many entries a page of the registry's list shows.
const partyListPerPage = 50

// maxPartyListPage bounds ?page=, as the search's pages are bounded.
const maxPartyListPage = 10000

// showParties renders the registry's list: /parties?q=&page=.
func (s *Server) showParties(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	page := 1
	if p := c.QueryParam("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > maxPartyListPage {
			return model.Invalid("page", "page must be a whole number from 1 to %d.", maxPartyListPage)
		}
		page = n
	}
	list, total, err := s.store.PartyList(c.Request().Context(), q, (page-1)*partyListPerPage, partyListPerPage)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.PartiesPage(pages.PartiesView{Q: q, Page: page, PerPage: partyListPerPage, Total: total, Entities: list}))
}

// partyNotice is the message a redirect back to a party's page shows. A
// merge's names the entry merged in from the page's history, not from the
// address, which anyone could write.
func partyNotice(done string, history []model.PartyEvent) string {
	switch done {
	case "saved":
		return "The party is saved."
	case "alias-added":
		return "The alias is added."
	case "alias-removed":
		return "The alias is removed."
	case "merged":
		for i := len(history) - 1; i >= 0; i-- {
			if history[i].Field == model.PartyEventMerged {
				return fmt.Sprintf("“%s” is merged into this party.", history[i].From)
			}
		}
	}
	return ""
}

// showParty renders a registry entry's page: every claim involving the
// party, across articles, with its role and status, its history, and for
// a writer the forms that change it.
func (s *Server) showParty(c echo.Context) error {
	return s.renderParty(c, http.StatusOK, pages.PartyView{}, c.QueryParam("done"))
}

// renderParty fills v with the entry in the path, its claims and history
// and the notice of what was done (a partyNotice key, or none), and
// renders its page.
func (s *Server) renderParty(c echo.Context, status int, v pages.PartyView, done ...string) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if v.Entity, v.Claims, err = s.store.PartyEntity(ctx, id); err != nil {
		return err
	}
	if v.History, err = s.store.PartyHistory(ctx, id); err != nil {
		return err
	}
	if len(done) > 0 {
		v.Notice = partyNotice(done[0], v.History)
	}
	if u, ok := currentUser(c); ok {
		v.CanEdit = u.Role.CanWrite()
	}
	if !v.Form.Edited {
		v.Form.Name, v.Form.Type = v.Entity.Name, string(v.Entity.Type)
	}
	if isHTMX(c) {
		return s.render(c, status, pages.PartyBody(v))
	}
	return s.render(c, status, pages.PartyPage(v))
}

// partyRefused answers a refused change: the page again, with the
// message beside the field it names (under key when the form's field has
// another name than the store's), or err itself when it is no user error
// about a field (a missing party is a 404 page).
func (s *Server) partyRefused(c echo.Context, err error, v pages.PartyView, key string) error {
	code := model.ErrorCode(err)
	if code != model.EINVALID && code != model.ECONFLICT {
		return err
	}
	v.Errors = map[string]string{}
	fieldErr(err, v.Errors)
	if key != "" {
		for f, msg := range v.Errors {
			delete(v.Errors, f)
			v.Errors[key] = msg
		}
	}
	return s.renderParty(c, statusOf(code), v)
}

// partyDone answers a change to party id: a redirect to its page with a
// notice, or for htmx the page's content with it. A merge's answer is a
// full load of the party merged into, for htmx too: the page the form was
// on is gone.
func (s *Server) partyDone(c echo.Context, id int64, done string) error {
	if isHTMX(c) && done != "merged" {
		return s.renderParty(c, http.StatusOK, pages.PartyView{}, done)
	}
	to := fmt.Sprintf("/parties/%d?done=%s", id, url.QueryEscape(done))
	if isHTMX(c) {
		c.Response().Header().Set("HX-Redirect", to)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// doEditParty renames and retypes a registry entry from its page's form.
// A rename keeps the old name as an alias, so claims spelled so still
// match.
func (s *Server) doEditParty(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	name, typ := c.FormValue("name"), model.PartyType(c.FormValue("type"))
	v := pages.PartyView{Form: pages.PartyForm{Edited: true, Name: name, Type: string(typ)}}
	if _, err := s.store.UpdatePartyEntity(c.Request().Context(), id, model.PartyEntityPatch{Name: &name, Type: &typ}, userName(c)); err != nil {
		return s.partyRefused(c, err, v, "")
	}
	return s.partyDone(c, id, "saved")
}

// doAddPartyAlias adds an alias to a registry entry.
func (s *Server) doAddPartyAlias(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	alias := c.FormValue("alias")
	if _, err := s.store.AddPartyAlias(c.Request().Context(), id, alias, userName(c)); err != nil {
		return s.partyRefused(c, err, pages.PartyView{Form: pages.PartyForm{Alias: alias}}, "alias")
	}
	return s.partyDone(c, id, "alias-added")
}

// doRemovePartyAlias removes an alias of a registry entry.
func (s *Server) doRemovePartyAlias(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	if _, err := s.store.RemovePartyAlias(c.Request().Context(), id, c.FormValue("alias"), userName(c)); err != nil {
		return s.partyRefused(c, err, pages.PartyView{}, "remove_alias")
	}
	return s.partyDone(c, id, "alias-removed")
}

// doMergeParty merges a registry entry into another in two steps: the
// form names the other party (completed from the registry), and the
// answer asks to confirm, saying what moves; the confirmation carries the
// other party's id and confirm=1, and merges.
func (s *Server) doMergeParty(c echo.Context) error {
	id, err := pathID(c, "id", "Party")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if c.FormValue("confirm") == "1" {
		into, err := strconv.ParseInt(c.FormValue("into_id"), 10, 64)
		if err != nil || into <= 0 {
			return s.partyRefused(c, model.Invalid("into", "Choose the party to merge into again: the confirmation did not say which."), pages.PartyView{}, "")
		}
		merged, err := s.store.MergePartyEntities(ctx, id, into, userName(c))
		if err != nil {
			return s.partyRefused(c, err, pages.PartyView{}, "")
		}
		s.log.Info("parties merged", "by", userName(c), "from", id, "into", merged.ID)
		return s.partyDone(c, merged.ID, "merged")
	}
	name := strings.TrimSpace(c.FormValue("into"))
	v := pages.PartyView{Form: pages.PartyForm{Into: name}}
	if name == "" {
		return s.partyRefused(c, model.Invalid("into", "Type the name of the party to merge this one into."), v, "")
	}
	into, err := s.store.MatchPartyEntity(ctx, name)
	if err != nil {
		return err
	}
	if into == nil {
		return s.partyRefused(c, model.Invalid("into", "No party in the registry is called “%s”: choose one of the names offered as you type (the list of parties has them all).", name), v, "")
	}
	if *into == id {
		return s.partyRefused(c, model.Invalid("into", "“%s” is this party: choose another party to merge it into.", name), v, "")
	}
	target, _, err := s.store.PartyEntity(ctx, *into)
	if err != nil {
		return err
	}
	v.Merge = &target
	return s.renderParty(c, http.StatusOK, v)
}
