package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// accessEntry is what the access log learns about a request while it is
// served; identify fills in the user.
type accessEntry struct {
	user int64
}

type accessKey struct{}

// noteUser records the signed-in user for the access log.
func noteUser(ctx context.Context, id int64) {
	if e, ok := ctx.Value(accessKey{}).(*accessEntry); ok {
		e.user = id
	}
}

// accessLog logs one line per request: method, route pattern (never the
// path or query, which can carry search text), status, duration, bytes and
// the user's id. Nothing a user typed and no credential is logged.
func accessLog(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			e := &accessEntry{}
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r.WithContext(context.WithValue(r.Context(), accessKey{}, e)))
			route := "-"
			if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
				route = rc.RoutePattern()
			}
			status := ww.Status()
			if status == 0 {
				status = http.StatusOK
			}
			log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("route", route), slog.Int("status", status),
				slog.Duration("duration", time.Since(start)), slog.Int("bytes", ww.BytesWritten()),
				slog.Int64("user", e.user))
		})
	}
}
