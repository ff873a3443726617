package handlers

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/views/layout"
	"github.com/factmark/factmark/views/pages"
)

// commentRequest is the body of POST /api/v1/claims/{id}/comments and
// PATCH /api/v1/comments/{id}.
type commentRequest struct {
	Body string `json:"body"`
}

// notificationLimit is how many notifications the inbox, its API and the
// feed show, newest first.
const notificationLimit = 100

func (s *Server) listComments(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	list, err := s.store.Comments(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"comments": list})
}

func (s *Server) addComment(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	var req commentRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	cm, err := s.store.AddComment(c.Request().Context(), id, req.Body, userName(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/comments/"+strconv.FormatInt(cm.ID, 10))
	return c.JSON(http.StatusCreated, cm)
}

func (s *Server) editComment(c echo.Context) error {
	id, err := pathID(c, "cid", "Comment")
	if err != nil {
		return err
	}
	var req commentRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	cm, err := s.store.EditComment(c.Request().Context(), id, req.Body, userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cm)
}

func (s *Server) deleteComment(c echo.Context) error {
	id, err := pathID(c, "cid", "Comment")
	if err != nil {
		return err
	}
	if _, err := s.store.DeleteComment(c.Request().Context(), id, userName(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listNotifications(c echo.Context) error {
	ctx := c.Request().Context()
	list, err := s.store.Notifications(ctx, userName(c), notificationLimit)
	if err != nil {
		return err
	}
	n, err := s.store.UnreadCount(ctx, userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"unread": n, "notifications": list})
}

func (s *Server) markRead(c echo.Context) error {
	id, err := pathID(c, "nid", "Notification")
	if err != nil {
		return err
	}
	if err := s.store.MarkRead(c.Request().Context(), userName(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) markAllRead(c echo.Context) error {
	if err := s.store.MarkRead(c.Request().Context(), userName(c), 0); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// createFeedToken gives the current user a new Atom feed address,
// revoking the one before; the token is shown once, only its hash is kept.
func (s *Server) createFeedToken(c echo.Context) error {
	url, err := s.newFeedToken(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"url": url})
}

func (s *Server) revokeFeedToken(c echo.Context) error {
	if err := s.store.RevokeFeedToken(c.Request().Context(), userName(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// newFeedToken makes and stores a feed token and returns the feed's URL.
func (s *Server) newFeedToken(c echo.Context) (string, error) {
	token, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	if err := s.store.SetFeedToken(c.Request().Context(), userName(c), auth.HashToken(token)); err != nil {
		return "", err
	}
	return s.site(c).BaseURL + "/feeds/" + token, nil
}

// unreadCount puts the current user's unread notifications into the
// context of a page, for the header; API calls and fragments skip it.
func (s *Server) unreadCount(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if !isRead(req.Method) || isAPI(c) || isHTMX(c) {
			return next(c)
		}
		n, err := s.store.UnreadCount(req.Context(), userName(c))
		if err != nil {
			return err
		}
		c.SetRequest(req.WithContext(layout.WithUnread(req.Context(), n)))
		return next(c)
	}
}

// showNotifications is the inbox.
func (s *Server) showNotifications(c echo.Context) error {
	return s.renderInbox(c, "")
}

func (s *Server) renderInbox(c echo.Context, feedURL string) error {
	ctx := c.Request().Context()
	list, err := s.store.Notifications(ctx, userName(c), notificationLimit)
	if err != nil {
		return err
	}
	has, err := s.store.HasFeedToken(ctx, userName(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.Inbox(pages.InboxView{Notifications: list, HasFeed: has, FeedURL: feedURL}))
}

func (s *Server) doMarkRead(c echo.Context) error {
	if err := s.markRead(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications")
}

func (s *Server) doMarkAllRead(c echo.Context) error {
	if err := s.store.MarkRead(c.Request().Context(), userName(c), 0); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications")
}

// doCreateFeedToken shows the new feed address once, on the inbox.
func (s *Server) doCreateFeedToken(c echo.Context) error {
	url, err := s.newFeedToken(c)
	if err != nil {
		return err
	}
	return s.renderInbox(c, url)
}

func (s *Server) doRevokeFeedToken(c echo.Context) error {
	if err := s.store.RevokeFeedToken(c.Request().Context(), userName(c)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/notifications")
}

// atomFeed is an Atom 1.0 feed (RFC 4287) of one user's notifications.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
}

// showFeed is a user's notifications as an Atom feed, found by the token
// in its URL; a revoked token's feed is gone (404).
func (s *Server) showFeed(c echo.Context) error {
	ctx := c.Request().Context()
	user, err := s.store.FeedUser(ctx, auth.HashToken(c.Param("token")))
	if err != nil {
		return err
	}
	list, err := s.store.Notifications(ctx, user, notificationLimit)
	if err != nil {
		return err
	}
	base := s.site(c).BaseURL
	f := atomFeed{ID: base + "/notifications#" + user, Title: "factmark: notifications for " + user,
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339), Author: atomPerson{Name: "factmark"}}
	for i, n := range list {
		at := n.At.UTC().Format(time.RFC3339)
		if i == 0 {
			f.Updated = at
		}
		f.Entries = append(f.Entries, atomEntry{ID: base + "/notifications/" + strconv.FormatInt(n.ID, 10), Title: n.Text, Updated: at,
			Link: atomLink{Href: base + n.URL}})
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}
