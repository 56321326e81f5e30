package web

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere:
// whatever a user typed can never run as script, and no page can be framed.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses state-changing requests that a browser marks as
// coming from another site (Sec-Fetch-Site, or an Origin that is not this
// host). Requests with an API token carry no ambient credentials, but they
// pass the same check: scripts send no Sec-Fetch-Site or Origin, so they
// are allowed.
func (rs responder) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rs.fail(w, r, failure(http.StatusForbidden, "ErrCrossOrigin", nil))
	}))
	return cop.Handler(next)
}

// timeout bounds how long a request may take. Store calls honour the
// context, and a request cut short answers with a clear message (see
// classify). Only the routes in streams (server-sent events) are exempt:
// what the route is, not what the client asks for, decides.
func timeout(d time.Duration, routes chi.Routes, streams map[string]bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if streams[routes.Find(chi.NewRouteContext(), r.Method, r.URL.Path)] {
				next.ServeHTTP(w, r)
				return
			}
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}
