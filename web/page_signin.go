package web

import (
	"errors"
	"math"
	"net"
	"net/http"
	"time"

	"alinea/store"
)

// Sign-in throttling: after this many failures within the window, further
// attempts for the login (or from the address, which may be trying many
// logins) are refused until the window has passed since the last failure.
const (
	throttleWindow     = 15 * time.Minute
	maxFailuresLogin   = 5
	maxFailuresAddress = 20
)

// signinPage signs users in and out with a password and a session cookie.
type signinPage struct {
	responder
	store    *store.Store
	sessions store.SessionPolicy
}

type signinData struct {
	*page
	Login string
	Next  string
	Error string
}

func (h signinPage) form(w http.ResponseWriter, r *http.Request, status int, login, errMsg string) {
	p := h.newPage(r)
	p.Title = p.T("SignIn")
	next := localPath(r.FormValue("next"))
	if err := h.views.render(w, status, "signin", signinData{page: p, Login: login, Next: next, Error: errMsg}); err != nil {
		h.log.Error("render sign-in", "err", err)
	}
}

func (h signinPage) show(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		http.Redirect(w, r, localPath(r.FormValue("next")), http.StatusSeeOther)
		return
	}
	h.form(w, r, http.StatusOK, "", "")
}

func (h signinPage) signin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, badParam("form", ""))
		return
	}
	login, password := r.PostFormValue("login"), r.PostFormValue("password")
	addr := clientAddress(r)
	loc := h.tr.of(r)

	byLogin, byAddr, latest, err := h.store.SigninFailures(r.Context(), login, addr, h.store.Now().Add(-throttleWindow))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if byLogin >= maxFailuresLogin || byAddr >= maxFailuresAddress {
		wait := int(math.Ceil(latest.Add(throttleWindow).Sub(h.store.Now()).Minutes()))
		w.Header().Set("Retry-After", (time.Duration(max(wait, 1)) * time.Minute).String())
		h.form(w, r, http.StatusTooManyRequests, login, loc.N("ErrTooManySignins", max(wait, 1), nil))
		return
	}
	u, err := h.store.Authenticate(r.Context(), login, password)
	if errors.Is(err, store.ErrBadCredentials) {
		if err := h.store.RecordSigninFailure(r.Context(), login, addr); err != nil {
			h.fail(w, r, err)
			return
		}
		h.form(w, r, http.StatusUnauthorized, login, loc.T("ErrBadCredentials", nil))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.ClearSigninFailures(r.Context(), login); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.startSession(w, r, u.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	next := localPath(r.PostFormValue("next"))
	if u.MustChangePassword {
		next = passwordPath
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h signinPage) startSession(w http.ResponseWriter, r *http.Request, userID int64) error {
	token, err := h.store.CreateSession(r.Context(), userID, clientAddress(r), h.sessions)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessionCookieFor(r, token, h.sessions))
	return nil
}

func (h signinPage) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := h.store.EndSession(r.Context(), c.Value); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, expiredSessionCookie(r))
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// clientAddress is the peer's IP address. Forwarding headers are not
// trusted: anyone can send them, and throttling must not be dodged that way.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
