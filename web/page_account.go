package web

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"alinea/store"
)

// accountPage lets users change their password and manage their API tokens.
type accountPage struct {
	responder
	store  *store.Store
	signin signinPage
}

type accountData struct {
	*page
	Me       *signedIn
	Tokens   []store.Token
	NewToken string // shown once, right after it was created
	Error    string
	Notice   string
	Forced   bool // the password must be changed before anything else
}

func (h accountPage) render(w http.ResponseWriter, r *http.Request, status int, d accountData) {
	p := h.newPage(r)
	p.Title = p.T("Account")
	d.page = p
	d.Me = currentUser(r)
	d.Forced = d.Me.MustChangePassword
	toks, err := h.store.Tokens(r.Context(), d.Me.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Tokens = toks
	if err := h.views.render(w, status, "account", d); err != nil {
		h.log.Error("render account", "err", err)
	}
}

func (h accountPage) show(w http.ResponseWriter, r *http.Request) {
	d := accountData{}
	switch r.URL.Query().Get("done") {
	case "password":
		d.Notice = h.tr.of(r).T("PasswordChanged", nil)
	case "revoked":
		d.Notice = h.tr.of(r).T("TokenRevoked", nil)
	}
	h.render(w, r, http.StatusOK, d)
}

func (h accountPage) changePassword(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, badParam("form", ""))
		return
	}
	me := currentUser(r)
	loc := h.tr.of(r)
	current, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("again")
	if _, err := h.store.Authenticate(r.Context(), me.Login, current); err != nil {
		if errors.Is(err, store.ErrBadCredentials) {
			h.render(w, r, http.StatusBadRequest, accountData{Error: loc.T("ErrCurrentPassword", nil)})
			return
		}
		h.fail(w, r, err)
		return
	}
	switch {
	case next != again:
		h.render(w, r, http.StatusBadRequest, accountData{Error: loc.T("ErrPasswordsDiffer", nil)})
		return
	case utf8.RuneCountInString(next) < store.MinPasswordLength:
		h.render(w, r, http.StatusBadRequest, accountData{Error: loc.T("ErrWeakPassword", map[string]any{"Min": store.MinPasswordLength})})
		return
	case next == current:
		h.render(w, r, http.StatusBadRequest, accountData{Error: loc.T("ErrSamePassword", nil)})
		return
	}
	// Changing the password ends every session, this one too; a new one
	// keeps the user signed in here.
	if err := h.store.SetPassword(r.Context(), me.ID, next, false); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.signin.startSession(w, r, me.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
}

func (h accountPage) createToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, badParam("form", ""))
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if utf8.RuneCountInString(name) > 100 {
		h.fail(w, r, badParam("name", name))
		return
	}
	token, _, err := h.store.CreateToken(r.Context(), currentUser(r).ID, name)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, accountData{NewToken: token})
}

func (h accountPage) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(chi.URLParam(r, "tokenID"))
	if !ok {
		h.fail(w, r, failure(http.StatusNotFound, "ErrNotFound", nil))
		return
	}
	if err := h.store.RevokeToken(r.Context(), currentUser(r).ID, id); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=revoked", http.StatusSeeOther)
}

// signOutEverywhere ends every session of the user, this one included, and
// revokes all their API tokens.
func (h accountPage) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	if _, err := h.store.SignOutEverywhere(r.Context(), currentUser(r).ID); err != nil {
		h.fail(w, r, err)
		return
	}
	http.SetCookie(w, expiredSessionCookie(r))
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
