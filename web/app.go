// Package web serves the workbench: the JSON API and the pages translators
// work in.
package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"alinea/store"
)

// Options configures an App.
type Options struct {
	Logger *slog.Logger // nil discards logs
	// Sessions bounds sign-ins; zero fields take DefaultSessions.
	Sessions store.SessionPolicy
	// RequestTimeout bounds every request but event streams; 0 means 60 s.
	RequestTimeout time.Duration
}

// App is the workbench's HTTP handler.
type App struct {
	store  *store.Store
	tr     *translator
	log    *slog.Logger
	router chi.Router
	opts   Options
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
	a := &App{store: st, tr: tr, log: log, opts: opts}
	a.router = a.routes()
	return a, nil
}

func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.router.ServeHTTP(w, r) }

func (a *App) routes() chi.Router {
	rs := responder{tr: a.tr, log: a.log}
	load := loader{responder: rs, store: a.store}
	auth := authn{responder: rs, store: a.store, sessions: a.opts.Sessions}
	pol := policy{store: a.store}
	docs := documentsAPI{responder: rs, store: a.store}
	trans := translationsAPI{responder: rs, store: a.store, policy: pol}

	r := chi.NewRouter()
	r.Use(securityHeaders, middleware.Recoverer, a.tr.middleware, rs.crossOrigin, auth.identify, timeout(a.opts.RequestTimeout))
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		rs.fail(w, r, failure(http.StatusNotFound, "ErrNotFound", nil))
	})

	r.Route("/api", func(r chi.Router) {
		r.Use(auth.requireUser)
		r.Get("/documents", docs.list)
		r.Route("/documents/{docID}", func(r chi.Router) {
			r.Use(load.document)
			r.Get("/", docs.get)
			r.With(load.targetLang).Get("/segments", docs.segments)
		})
		r.Route("/segments/{segID}/translations/{lang}", func(r chi.Router) {
			r.Use(load.segment, load.targetLang)
			r.Put("/", trans.put)
			r.Get("/revisions", trans.revisions)
		})
	})
	return r
}

// userID is the signed-in user making the request, 0 for none.
func userID(r *http.Request) int64 {
	if id, ok := r.Context().Value(userIDKey{}).(int64); ok {
		return id
	}
	return 0
}

type userIDKey struct{}
