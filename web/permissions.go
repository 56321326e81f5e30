package web

import (
	"net/http"
	"slices"

	"alinea/store"
)

// Can is what the current user may do with a document in one target
// language. Templates hide or disable the controls a user may not use; the
// store decides it (store.RightsOf) and checks it again on every save.
type Can = store.Rights

// permsFunc answers what the request's user may do with doc in lang.
type permsFunc func(r *http.Request, doc store.Document, lang string) Can

// policy asks the store what the request's user may do.
type policy struct {
	store *store.Store
}

// can answers for the user making r; an empty lang asks about the document
// as a whole, a zero doc about the workbench (importing documents). A
// failure to read the assignments denies.
func (p policy) can(r *http.Request, doc store.Document, lang string) Can {
	u := currentUser(r)
	if u == nil {
		return Can{}
	}
	c, err := p.store.RightsOf(r.Context(), u.User, doc.ID, lang)
	if err != nil {
		return Can{}
	}
	return c
}

// requireRole lets through only users with one of the roles.
func (a authn) requireRole(roles ...store.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u := currentUser(r); u == nil || !slices.Contains(roles, u.Role) {
				a.fail(w, r, errForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

var errForbidden = failure(http.StatusForbidden, "ErrForbidden", nil)
