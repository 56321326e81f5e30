package web

import (
	"net/http"
	"slices"

	"alinea/store"
	"alinea/workflow"
)

// Can is what the current user may do with a document in one target
// language. Templates hide or disable the controls a user may not use, and
// every state-changing handler checks it again on the server.
type Can struct {
	Edit   bool // type translations, set draft and translated
	Review bool // also set reviewed and approved
	Admin  bool // users, documents, glossary, everything
}

// SetStatus reports whether st may be set.
func (c Can) SetStatus(st workflow.Status) bool {
	if st.Rank() > workflow.StatusTranslated.Rank() {
		return c.Review
	}
	return c.Edit
}

// permsFunc answers what the request's user may do with doc in lang.
type permsFunc func(r *http.Request, doc store.Document, lang string) Can

// policy decides permissions from the user's role and assignments.
type policy struct {
	store *store.Store
}

// can is the one place that decides what the user making r may do with doc
// in lang. An empty lang asks about the document as a whole, a zero doc
// about the workbench (importing documents). Reviewers and admins edit
// everything; translators edit the documents and languages assigned to
// them; viewers only read. A failure to read the assignments denies.
func (p policy) can(r *http.Request, doc store.Document, lang string) Can {
	u := currentUser(r)
	if u == nil {
		return Can{}
	}
	switch u.Role {
	case store.RoleAdmin:
		return Can{Edit: true, Review: true, Admin: true}
	case store.RoleReviewer:
		return Can{Edit: true, Review: true}
	case store.RoleTranslator:
		if lang == "" || doc.ID == 0 {
			return Can{}
		}
		ok, err := p.store.IsAssigned(r.Context(), store.Assignment{UserID: u.ID, DocumentID: doc.ID, Lang: lang})
		return Can{Edit: ok && err == nil}
	}
	return Can{}
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
