package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"alinea/store"
)

// sessionCookie holds the random session token; the store keeps only its
// hash.
const sessionCookie = "alinea_session"

// DefaultSessions is how long a sign-in lasts unless Options say otherwise:
// a working day of idleness, a week at most.
var DefaultSessions = store.SessionPolicy{Idle: 8 * time.Hour, Absolute: 7 * 24 * time.Hour}

type userKey struct{}

// authn identifies the caller, by API token (Authorization: Bearer) or by
// session cookie, and puts the user in the request context. It lets
// anonymous requests through; requireUser decides what they may reach.
type authn struct {
	responder
	store    *store.Store
	sessions store.SessionPolicy
}

func (a authn) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u store.User
		var err error
		viaToken := false
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				a.failAuth(w, r, store.ErrBadCredentials, "ErrBadToken")
				return
			}
			u, err = a.store.TokenUser(r.Context(), strings.TrimSpace(token))
			if err != nil {
				a.failAuth(w, r, err, "ErrBadToken")
				return
			}
			viaToken = true
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			u, err = a.store.SessionUser(r.Context(), c.Value, a.sessions)
			if err != nil {
				if !errors.Is(err, store.ErrBadCredentials) {
					a.fail(w, r, err)
					return
				}
				// An expired session is an anonymous visit; drop the cookie.
				http.SetCookie(w, expiredSessionCookie(r))
			}
		}
		if u.ID != 0 {
			noteUser(r.Context(), u.ID)
			ctx := context.WithValue(r.Context(), userKey{}, &signedIn{User: u, viaToken: viaToken})
			ctx = context.WithValue(ctx, userIDKey{}, u.ID)
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

func (a authn) failAuth(w http.ResponseWriter, r *http.Request, err error, id string) {
	if errors.Is(err, store.ErrBadCredentials) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="alinea"`)
		a.fail(w, r, failure(http.StatusUnauthorized, id, nil))
		return
	}
	a.fail(w, r, err)
}

// signedIn is the user a request comes from.
type signedIn struct {
	store.User
	viaToken bool
}

// currentUser returns the signed-in user, or nil for an anonymous request.
func currentUser(r *http.Request) *signedIn {
	u, _ := r.Context().Value(userKey{}).(*signedIn)
	return u
}

// requireUser refuses anonymous requests: 401 for the API, a redirect to the
// sign-in page for pages. A user whose password was set by someone else is
// sent to change it before anything else (API tokens are not affected: they
// are not the password).
func (a authn) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		if u == nil {
			if wantsJSON(r) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="alinea"`)
				a.fail(w, r, failure(http.StatusUnauthorized, "ErrSignInRequired", nil))
				return
			}
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if u.MustChangePassword && !u.viaToken && r.URL.Path != passwordPath && r.URL.Path != "/signout" {
			if wantsJSON(r) {
				a.fail(w, r, failure(http.StatusForbidden, "ErrMustChangePassword", nil))
				return
			}
			http.Redirect(w, r, passwordPath, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// passwordPath is where a user changes their password.
const passwordPath = "/account/password"

func sessionCookieFor(r *http.Request, token string, p store.SessionPolicy) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: int(p.Absolute.Seconds())}
}

func expiredSessionCookie(r *http.Request) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: -1}
}
