package web

import (
	"errors"
	"net/http"
	"strconv"

	"alinea/store"
)

// signinPage signs users in and out with a password and a session cookie.
type signinPage struct {
	responder
	store    *store.Store
	sessions store.SessionPolicy
	throttle *throttle
	addrs    clientAddresses
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
	addr := h.addrs.of(r)
	loc := h.tr.of(r)

	// The throttle is asked before any hashing, so refused attempts cost
	// nothing but a query.
	wait, done, err := h.throttle.begin(r.Context(), login, addr)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if wait > 0 {
		secs := retryAfter(wait)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		h.form(w, r, http.StatusTooManyRequests, login, loc.N("ErrTooManySigninsSeconds", secs, nil))
		return
	}
	u, err := h.store.Authenticate(r.Context(), login, password)
	failed := errors.Is(err, store.ErrBadCredentials)
	if doneErr := done(failed); failed || err == nil {
		err = doneErr
	}
	if errors.Is(err, store.ErrBusy) {
		w.Header().Set("Retry-After", "1")
		h.form(w, r, http.StatusTooManyRequests, login, loc.T("ErrSigninBusy", nil))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if u.ID == 0 {
		h.form(w, r, http.StatusUnauthorized, login, loc.T("ErrBadCredentials", nil))
		return
	}
	if err := h.store.ClearSigninFailures(r.Context(), login, addr); err != nil {
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
	token, err := h.store.CreateSession(r.Context(), userID, h.addrs.of(r), h.sessions)
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
