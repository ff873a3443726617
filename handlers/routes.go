package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/static"
)

// routes registers every route in one place.
func (s *Server) routes(e *echo.Echo) {
	e.GET(static.Prefix+"*", echo.WrapHandler(http.StripPrefix(static.Prefix, static.Handler())))
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })

	// The body is checked after authentication, so that an error page
	// still shows who is logged in, and before the CSRF check reads the
	// form.
	g := e.Group("", s.authenticate, checkBody, s.csrf)
	g.GET("/setup", s.showSetup)
	g.POST("/setup", s.doSetup)
	g.GET("/login", s.showLogin)
	g.POST("/login", s.doLogin)
	g.POST("/logout", s.doLogout)
	// A published review is public: ClaimReview's url points here.
	g.GET("/reviews/:id", s.showReview)

	// Pages and the workspace's fragments.
	u := g.Group("", s.requireUser, s.unreadCount)
	w := u.Group("", requireWriter)
	u.GET("/", s.showHome)
	w.GET("/articles/new", s.showImport)
	w.POST("/articles/new", s.doImport)
	u.GET("/articles/:id", s.showWorkspace, s.annotationServiceLink)
	u.GET("/articles/:id/text/:from", s.showTextChunk)
	u.GET("/articles/:id/entries/:from", s.showClaimGroup)
	w.GET("/articles/:id/claims/new", s.showNewClaim)
	w.POST("/articles/:id/claims", s.doCreateClaim)
	u.GET("/claims/:id/panel", s.showPanel)
	w.POST("/claims/:id/edit", s.doEditClaim)
	w.POST("/claims/:id/parties", s.doAddParty)
	w.POST("/claims/:id/parties/:pid/mark", s.doMarkParty)
	w.POST("/claims/:id/parties/:pid/remove", s.doRemoveParty)
	w.POST("/claims/:id/sources", s.doAttachSource)
	w.POST("/claims/:id/sources/:sid/remove", s.doDetachSource)
	w.POST("/claims/:id/delete", s.doDeleteClaim)

	// The workspace's fragments for htmx (pages_workspace.go): the library
	// list of the source form.
	w.GET("/claims/:id/library", s.showLibrary)

	// Suggested parties (pages_suggest.go): the new claim form's chips and
	// an open claim's.
	w.GET("/articles/:id/suggestions", s.showNewClaimSuggestions)
	w.GET("/claims/:id/suggestions", s.showClaimSuggestions)
	// Revisions in the workspace (pages_revisions.go): a new revision, the
	// diff between two, the poll that tells of a newer one, and the
	// orphans' re-attach and dismiss. ?revision= on the workspace reads an
	// earlier one.
	w.POST("/articles/:id/revisions", s.doAddRevision)
	u.GET("/articles/:id/diff", s.showDiff)
	u.GET("/articles/:id/revision-check", s.showRevisionCheck)
	w.POST("/claims/:id/reattach", s.doReattach)
	w.POST("/claims/:id/dismiss", s.doDismiss)

	// Accounts (accounts.go): each user's own, and the admin's page; from a
	// logged-in browser only, never with an API token.
	u.GET("/account", s.showAccount, sessionOnly)
	u.POST("/account/password", s.doChangePassword, sessionOnly)
	u.POST("/account/tokens", s.doCreateToken, sessionOnly)
	u.POST("/account/tokens/:tid/revoke", s.doRevokeToken, sessionOnly)
	u.GET("/admin/users", s.showUsers, sessionOnly, requireAdmin)
	u.POST("/admin/users", s.doAddUser, sessionOnly, requireAdmin)
	u.POST("/admin/users/:name/role", s.doSetRole, sessionOnly, requireAdmin)
	u.POST("/admin/users/:name/password", s.doResetPassword, sessionOnly, requireAdmin)
	u.POST("/admin/users/:name/deactivate", s.doDeactivate, sessionOnly, requireAdmin)
	u.POST("/admin/users/:name/activate", s.doActivate, sessionOnly, requireAdmin)
	u.POST("/admin/users/:name/publisher", s.doSetPublisher, sessionOnly, requireAdmin) // pages_desk.go

	// The JSON API.
	api := u.Group("/api/v1")
	apiw := api.Group("", requireWriter)
	api.GET("/articles", s.listArticles)
	apiw.POST("/articles", s.createArticle)
	apiw.POST("/articles/preview", s.previewArticle) // api_webimport.go
	api.GET("/articles/:id", s.getArticle, s.annotationServiceLink)
	apiw.DELETE("/articles/:id", s.deleteArticle)
	apiw.PATCH("/articles/:id", s.patchArticle) // api_revisions.go
	api.GET("/articles/:id/revisions", s.listRevisions)
	apiw.POST("/articles/:id/revisions", s.addRevision)
	api.GET("/articles/:id/revisions/:version", s.getRevision)
	api.GET("/articles/:id/revisions/:version/page", s.getRevisionPage)
	apiw.POST("/claims/:id/reattach", s.reattachClaim)
	apiw.POST("/claims/:id/dismiss", s.dismissOrphan)
	api.GET("/articles/:id/claims", s.listClaims)
	apiw.POST("/articles/:id/claims", s.createClaim)
	api.GET("/articles/:id/export", s.exportArticle)
	apiw.POST("/import", s.importArticle)
	api.GET("/claims/:id", s.getClaim)
	apiw.PATCH("/claims/:id", s.patchClaim)
	apiw.DELETE("/claims/:id", s.deleteClaim)
	api.GET("/claims/:id/history", s.getHistory)
	apiw.POST("/claims/:id/parties", s.addParty)
	apiw.DELETE("/claims/:id/parties/:pid", s.removeParty)
	apiw.POST("/claims/:id/sources", s.attachSource)
	apiw.DELETE("/claims/:id/sources/:sid", s.detachSource)
	api.GET("/sources", s.searchSources)
	apiw.POST("/articles/:id/annotations/import", s.importAnnotations)

	// Party suggestions from a claim's words (api_suggest.go): a POST that
	// only reads, so viewers and read-only tokens may call it.
	api.POST("/parties/suggest", s.suggestParties)

	// The party registry (api_parties.go, pages_parties.go).
	api.GET("/parties", s.listParties)
	api.GET("/parties/:id", s.getParty)
	apiw.PATCH("/parties/:id", s.patchParty)
	apiw.POST("/parties/:id/merge", s.mergeParty)
	u.GET("/parties/options", s.showPartyOptions)
	u.GET("/parties/:id", s.showParty)
	// The registry's list and its editing forms (pages_parties_edit.go).
	u.GET("/parties", s.showParties)
	w.POST("/parties/:id/edit", s.doEditParty)
	w.POST("/parties/:id/aliases", s.doAddPartyAlias)
	w.POST("/parties/:id/aliases/remove", s.doRemovePartyAlias)
	w.POST("/parties/:id/merge", s.doMergeParty)

	// Publication: a review reaches readers only when published.
	w.POST("/claims/:id/publish", s.doPublish, requirePublisher)
	w.POST("/claims/:id/unpublish", s.doUnpublish, requirePublisher)
	apiw.POST("/claims/:id/publish", s.publishClaim, requirePublisher)
	apiw.POST("/claims/:id/unpublish", s.unpublishClaim, requirePublisher)

	// The desk (api_desk.go, pages_desk.go): assignment, my work.
	api.GET("/articles/:id/history", s.getArticleEvents)
	api.GET("/me/work", s.getMyWork)
	u.GET("/work", s.showMyWork)
	apiw.POST("/claims/:id/check-request", s.requestCheck)
	apiw.POST("/claims/:id/approve", s.approveCheck, requirePublisher)
	apiw.POST("/claims/:id/send-back", s.sendBackCheck, requirePublisher)
	api.GET("/checks", s.listCheckQueue)
	w.POST("/claims/:id/check-request", s.doRequestCheck)
	w.POST("/claims/:id/approve", s.doApproveCheck, requirePublisher)
	w.POST("/claims/:id/send-back", s.doSendBackCheck, requirePublisher)
	u.GET("/checks", s.showCheckQueue)
	w.POST("/articles/:id/state", s.doSetArticleState)
	u.GET("/dashboard", s.showDashboard)
	u.GET("/desk/claims", s.showDeskClaims)
	api.GET("/dashboard", s.getDashboard)
	api.GET("/claims/:id/comments", s.listComments)
	apiw.POST("/claims/:id/comments", s.addComment)
	apiw.PATCH("/comments/:cid", s.editComment)
	apiw.DELETE("/comments/:cid", s.deleteComment)
	api.GET("/me/notifications", s.listNotifications)
	api.POST("/me/notifications/read-all", s.markAllRead)
	api.POST("/me/notifications/:nid/read", s.markRead)
	api.POST("/me/feed-token", s.createFeedToken)
	api.DELETE("/me/feed-token", s.revokeFeedToken)
	w.POST("/claims/:id/comments", s.doAddComment)
	w.POST("/comments/:cid/edit", s.doEditComment)
	w.POST("/comments/:cid/delete", s.doDeleteComment)
	u.GET("/notifications", s.showNotifications)
	u.POST("/notifications/read-all", s.doMarkAllRead)
	u.POST("/notifications/:nid/read", s.doMarkRead)
	u.POST("/notifications/feed", s.doCreateFeedToken, sessionOnly)
	u.POST("/notifications/feed/revoke", s.doRevokeFeedToken, sessionOnly)
	// The Atom feed needs no login: its token, in the URL, is the key.
	g.GET("/feeds/:token", s.showFeed)

	// Bulk changes from the workspace's claim list (api_bulk.go).
	apiw.POST("/articles/:id/claims/bulk", s.bulkUpdateClaims)
	w.POST("/articles/:id/claims/bulk", s.doBulkClaims)

	// Source snapshots (api_source_archive.go): a source's page archived
	// with its hash; the raw bytes as text/plain only.
	w.POST("/claims/:id/sources/:sid/archive", s.doArchiveSource)
	apiw.POST("/sources/:id/archive", s.archiveSource)
	api.GET("/sources/:id/snapshots", s.listSnapshots)
	api.GET("/sources/:id/snapshots/:sid/raw", s.getSnapshotRaw)

	// Search and "checked before" (issue 10 §1, §2): api_search.go,
	// pages_search.go. Saved searches are each user's own.
	u.GET("/search", s.showSearch)
	u.POST("/search/saved", s.doSaveSearch)
	u.POST("/search/saved/:sid/delete", s.doDeleteSavedSearch)
	api.GET("/search", s.searchAPI)
	u.GET("/claims/:id/similar", s.showSimilar) // pages_similar.go
	w.POST("/claims/:id/same", s.doLinkSame)
	w.POST("/claims/:id/same/:other/remove", s.doUnlinkSame)
	w.POST("/claims/:id/sources/copy", s.doCopySources)
	api.GET("/claims/:id/similar", s.getSimilar) // api_similar.go
	apiw.POST("/claims/:id/same", s.linkSame)
	apiw.DELETE("/claims/:id/same/:other", s.unlinkSame)
	apiw.POST("/claims/:id/sources/copy", s.copySources)

	// The Web Annotation Protocol server: an annotation container per
	// article (annotations.go). OPTIONS needs no login, so that clients can
	// discover what a container allows. HEAD is routed as GET (head.go).
	g.OPTIONS("/annotations/:aid/", s.optionsContainer)
	g.OPTIONS("/annotations/:aid/:cid", s.optionsAnnotation)
	u.GET("/annotations/:aid", s.redirectContainer)
	u.GET("/annotations/:aid/", s.getContainer)
	w.POST("/annotations/:aid/", s.postAnnotation)
	u.GET("/annotations/:aid/:cid", s.getAnnotation)
	w.PUT("/annotations/:aid/:cid", s.putAnnotation)
	w.DELETE("/annotations/:aid/:cid", s.deleteAnnotation)

	// Groups register catch-all routes that run their middleware, so an
	// unknown path would answer 401 or 403 depending on who asks. These
	// come last and win: an unknown path is a 404 for everyone.
	notFound := func(c echo.Context) error { return echo.ErrNotFound }
	e.RouteNotFound("/*", notFound)
	e.RouteNotFound("/api/v1", notFound)
	e.RouteNotFound("/api/v1/*", notFound)
	e.RouteNotFound("/annotations/*", notFound)
}
