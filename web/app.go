// Package web serves the workbench: the JSON API and the pages translators
// work in.
package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"alinea/figures"
	"alinea/glossary"
	"alinea/quality"
	"alinea/store"
	"alinea/tm"
)

// Options configures an App.
type Options struct {
	Logger *slog.Logger // nil discards logs
	// Sessions bounds sign-ins; zero fields take DefaultSessions.
	Sessions store.SessionPolicy
	// RequestTimeout bounds every request but event streams; 0 means 60 s.
	RequestTimeout time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; from anyone else the header is ignored.
	TrustedProxies []netip.Prefix
}

// App is the workbench's HTTP handler.
type App struct {
	store  *store.Store
	tr     *translator
	log    *slog.Logger
	views  *views
	live   *broker
	signin *throttle
	gloss  *glossary.Service // the glossary workflows and their matcher cache
	tm     *tm.Service
	can    permsFunc // what a request's user may do: policy.can
	router chi.Router
	opts   Options

	// notices are the store's notices (every server's changes), relayed
	// to live until relayed is closed.
	notices *store.Listener
	relayed chan struct{}
}

// New builds the workbench on an open store.
func New(st *store.Store, opts Options) (*App, error) {
	tr, err := newTranslator()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Sessions.Idle == 0 {
		opts.Sessions.Idle = DefaultSessions.Idle
	}
	if opts.Sessions.Absolute == 0 {
		opts.Sessions.Absolute = DefaultSessions.Absolute
	}
	if opts.RequestTimeout == 0 {
		opts.RequestTimeout = 60 * time.Second
	}
	v, err := newViews()
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	a := &App{store: st, tr: tr, log: log, views: v, live: newBroker(log), signin: newThrottle(st), gloss: glossary.New(st), tm: tm.New(st), opts: opts}
	a.can = policy{store: st}.can
	a.router = a.routes()
	if err := a.listen(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return a, nil
}

func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.router.ServeHTTP(w, r) }

func (a *App) routes() chi.Router {
	rs := responder{tr: a.tr, log: a.log, views: a.views}
	load := loader{responder: rs, store: a.store}
	auth := authn{responder: rs, store: a.store, sessions: a.opts.Sessions}
	docs := documentsAPI{responder: rs, store: a.store}
	qs := quality.Service{Store: a.store, Glossary: a.gloss}
	trans := translationsAPI{responder: rs, store: a.store, saved: a.translationSaved, qa: qs}
	reseg := segmentationAPI{responder: rs, store: a.store, perms: a.can, changed: a.segmentsChanged}
	home := documentsPage{responder: rs, store: a.store, perms: a.can, qa: quality.NewCounts(qs),
		figures: figures.New(a.store)}
	editor := editorPage{responder: rs, store: a.store, gloss: a.gloss, tm: a.tm, perms: a.can}
	compare := comparePage{responder: rs, store: a.store, gloss: a.gloss}
	history := historyPage{responder: rs, store: a.store, perms: a.can, saved: a.translationSaved}
	live := liveStream{responder: rs, broker: a.live}
	langs := languageSwitch{responder: rs}
	signin := signinPage{responder: rs, store: a.store, sessions: a.opts.Sessions, throttle: a.signin,
		addrs: clientAddresses{trusted: a.opts.TrustedProxies}}
	account := accountPage{responder: rs, store: a.store, signin: signin}
	users := usersPage{responder: rs, store: a.store}
	activity := activityPage{responder: rs, store: a.store}
	exch := exchangePage{responder: rs, store: a.store, perms: a.can, saved: a.translationSaved}
	aligns := alignmentPage{responder: rs, store: a.store, perms: a.can}
	gloss := glossaryAPI{responder: rs, store: a.store, gloss: a.gloss, changed: a.glossaryChanged}
	glossPage := glossaryPage{responder: rs, store: a.store, api: gloss}
	replace := replaceAPI{responder: rs, store: a.store, perms: a.can, saved: a.translationSaved}
	preview := previewPage{responder: rs, store: a.store}
	comments := commentsAPI{responder: rs, store: a.store, perms: a.can, saved: a.translationSaved}
	memory := tmAPI{responder: rs, store: a.store, tm: a.tm, perms: a.can, saved: a.translationSaved}
	memPage := memoryPage{responder: rs, store: a.store, tm: a.tm}

	r := chi.NewRouter()
	r.Use(accessLog(a.log), securityHeaders, middleware.Recoverer, a.tr.middleware, rs.crossOrigin, auth.identify,
		timeout(a.opts.RequestTimeout, r, map[string]bool{eventsRoute: true}))
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		rs.fail(w, r, failure(http.StatusNotFound, "ErrNotFound", nil))
	})

	// Open to everyone: what the sign-in page needs, and the health check.
	r.Get("/healthz", a.health)
	r.Get("/static/{name}", a.views.serveAsset)
	r.Post("/language", langs.set)
	r.Get("/signin", signin.show)
	r.Post("/signin", signin.signin)
	r.Post("/signout", signin.signout)

	// Pages: anonymous visitors are sent to the sign-in page.
	r.Group(func(r chi.Router) {
		r.Use(auth.requireUser)
		r.Get("/account", account.show)
		r.Get(passwordPath, account.show)
		r.Post(passwordPath, account.changePassword)
		r.Post("/account/tokens", account.createToken)
		r.Post("/account/tokens/{tokenID}/revoke", account.revokeToken)
		r.Post("/account/signout-everywhere", account.signOutEverywhere)
		r.Group(func(r chi.Router) {
			r.Use(auth.requireRole(store.RoleAdmin))
			r.Get("/admin/users", users.show)
			r.Post("/admin/users", users.create)
			r.Post("/admin/users/{userID}", users.update)
		})
		r.Get("/", home.list)
		r.Post("/documents", home.upload)
		r.Route("/documents/{docID}", func(r chi.Router) {
			r.Use(load.document)
			r.Get("/compare", compare.show)
			r.With(auth.requireRole(store.RoleAdmin)).Get("/activity", activity.show)
			r.With(load.targetLang).Get("/edit/{lang}", editor.show)
			r.With(load.targetLang).Get(strings.TrimPrefix(eventsRoute, "/documents/{docID}"), live.serve)
			r.With(load.targetLang).Get("/preview/{lang}", preview.show) // the target document as exported
			r.Get("/exchange", exch.show)
			r.Get("/export", exch.download)
			r.Post("/import", exch.importForm)
			// The tag of Chinese in the document's exchange files.
			r.With(auth.requireRole(store.RoleReviewer, store.RoleAdmin)).Post("/zh-tag", exch.setZhTag)
			r.Get("/alignments", aligns.list)
			r.Post("/alignments", aligns.create)
		})
		r.With(aligns.load).Get("/alignments/{alignID}", aligns.review)
		r.With(aligns.load).Post("/alignments/{alignID}/accept", aligns.accept)
		r.Get("/glossary", glossPage.show)
		r.With(auth.requireRole(store.RoleAdmin)).Post("/glossary/import", gloss.importFile)
		r.With(auth.requireRole(store.RoleAdmin, store.RoleReviewer, store.RoleTranslator)).Post("/glossary/concepts", glossPage.add)
		r.With(auth.requireRole(store.RoleAdmin)).Post("/glossary/concepts/{conceptID}/delete", glossPage.delete)
		r.With(auth.requireRole(store.RoleAdmin, store.RoleReviewer)).Post("/glossary/concepts/{conceptID}", glossPage.update)
		r.With(load.document).Get("/documents/{docID}/terms", glossPage.document)
		// Translation memory page: concordance; admins import and delete.
		r.Get("/memory", memPage.show)
		r.With(auth.requireRole(store.RoleAdmin)).Post("/memory/import", memPage.importFile)
		r.With(auth.requireRole(store.RoleAdmin)).Post("/memory/delete", memPage.delete)
		// Memory analysis of a document in one language, for quotes.
		anPage := analysisPage{responder: rs, store: a.store, analyses: tm.NewAnalyses(a.tm)}
		r.With(load.document, load.targetLang).Get("/documents/{docID}/analysis/{lang}", anPage.show)
		// Quality report of a document in one language, and its export.
		qaPage := qualityPage{responder: rs, store: a.store, qa: qs}
		r.With(load.document, load.targetLang).Get("/documents/{docID}/qa/{lang}", qaPage.show)
		r.With(load.document, load.targetLang).Get("/documents/{docID}/qa/{lang}/export", qaPage.export)
		r.With(load.document, load.targetLang, auth.requireRole(store.RoleAdmin)).Post("/documents/{docID}/qa/{lang}/checks", qaPage.setChecks)
		r.With(load.anySegment, load.targetLang).Get("/segments/{segID}/history/{lang}", history.show)
		r.With(load.segment, load.targetLang).Post("/segments/{segID}/history/{lang}/restore", history.restore)
	})

	r.Route("/api", func(r chi.Router) {
		r.Use(auth.requireUser)
		r.Get("/documents", docs.list)
		r.Route("/documents/{docID}", func(r chi.Router) {
			r.Use(load.document)
			r.Get("/", docs.get)
			r.With(load.targetLang).Get("/segments", docs.segments)
			r.With(load.targetLang).Get("/terms", gloss.terms)
			r.With(load.targetLang).Get("/termcheck", gloss.termcheck)
			r.Get("/discover", gloss.discover)
			r.Get("/export", exch.download)
			r.Post("/import", exch.importAPI)
			r.Post("/alignments", aligns.create)
			// Find and replace in the target column: preview, apply, undo.
			r.With(load.targetLang).Post("/replace/{lang}/preview", replace.preview)
			r.With(load.targetLang).Post("/replace/{lang}", replace.apply)
			r.With(load.targetLang).Post("/replace/{lang}/{batchID}/undo", replace.undo)
		})
		r.Route("/alignments/{alignID}", func(r chi.Router) {
			r.Use(aligns.load)
			r.Get("/", aligns.apiGet)
			r.Post("/edit", aligns.apiEdit)
			r.Post("/accept", aligns.accept)
		})
		r.Route("/glossary", func(r chi.Router) {
			r.Get("/", gloss.lookup)
			r.Get("/export", gloss.export)
			r.With(auth.requireRole(store.RoleAdmin)).Post("/import", gloss.importFile)
			r.With(auth.requireRole(store.RoleAdmin, store.RoleReviewer, store.RoleTranslator)).Post("/concepts", gloss.create)
			r.Get("/concepts/{conceptID}", gloss.get)
			r.With(auth.requireRole(store.RoleAdmin, store.RoleReviewer)).Put("/concepts/{conceptID}", gloss.update)
			r.With(auth.requireRole(store.RoleAdmin)).Delete("/concepts/{conceptID}", gloss.delete)
		})
		r.Route("/segments/{segID}/translations/{lang}", func(r chi.Router) {
			r.Use(load.segment, load.targetLang)
			r.Put("/", trans.put)
			r.Get("/revisions", trans.revisions)
			r.Post("/reject", comments.reject) // segment comments: a reviewer's rejection
		})
		// Segment comments: a thread per segment and language; rejection
		// with a comment.
		r.Route("/segments/{segID}/comments/{lang}", func(r chi.Router) {
			r.Use(load.segment, load.targetLang)
			r.Get("/", comments.list)
			r.Post("/", comments.add)
			r.Post("/{commentID}/resolve", comments.resolve)
		})
		// Quality checks: findings per document and language, silencing a
		// finding, the checks on for a document.
		qualityAPI := qualityAPI{responder: rs, store: a.store, qa: qs, perms: a.can}
		r.With(load.document, load.targetLang).Get("/documents/{docID}/qa/{lang}", qualityAPI.document)
		r.With(load.segment, load.targetLang).Post("/segments/{segID}/qa/{lang}/silence", qualityAPI.silence)
		r.With(load.segment, load.targetLang).Post("/segments/{segID}/qa/{lang}/check", qualityAPI.check)
		r.With(load.document).Get("/documents/{docID}/qa-checks", qualityAPI.checks)
		r.With(load.document, auth.requireRole(store.RoleAdmin)).Put("/documents/{docID}/qa-checks", qualityAPI.setChecks)
		r.With(load.segment).Post("/segments/{segID}/merge", reseg.merge)
		r.With(load.segment).Post("/segments/{segID}/split", reseg.split)

		// Translation memory: matches, concordance, pre-translation.
		r.With(load.segment, load.targetLang).Get("/segments/{segID}/matches/{lang}", memory.segmentMatches)
		r.With(load.segment, load.targetLang).Post("/segments/{segID}/propagate/{lang}", memory.propagate)
		r.Get("/tm", memory.lookup)
		r.Get("/tm/export", memory.export)
		r.Get("/concordance", memory.concordance)
		r.With(load.document).Post("/documents/{docID}/pretranslate", memory.pretranslate)
		r.With(load.document, load.targetLang).Get("/documents/{docID}/analysis", memory.analysis)
	})
	return r
}

// eventsRoute is the live update stream of an editor, the one route that
// stays open past the request timeout.
const eventsRoute = "/documents/{docID}/edit/{lang}/events"

// Server returns an HTTP server for the app. Reading a request, body
// included, is bounded by the request timeout, so a client trickling its
// body cannot hold a connection open for long. (Once the body is read the
// bound no longer applies: net/http lifts it, so a stream stays open.)
// Shutting the server down ends the event streams at once, which would
// otherwise hold it until its deadline; requests in flight finish.
func (a *App) Server() *http.Server {
	srv := &http.Server{
		Handler:           a,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       a.opts.RequestTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	srv.RegisterOnShutdown(a.Close)
	// HTTP/2 over TLS: all of a browser's tabs share one connection, so the
	// six-connection limit of HTTP/1.1 no longer caps how many editors
	// (each holding an event stream) a browser may open.
	srv.Protocols = new(http.Protocols)
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetHTTP2(true)
	return srv
}

// userID is the signed-in user making the request, 0 for none.
func userID(r *http.Request) int64 {
	if id, ok := r.Context().Value(userIDKey{}).(int64); ok {
		return id
	}
	return 0
}

type userIDKey struct{}
