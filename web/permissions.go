package web

import (
	"net/http"
	"slices"

	"alinea/store"
)

// Can is what the current user may do with one document in one target
// language. Every page hides what is not allowed, and every handler that
// changes something checks it again on the server.
type Can struct {
	Edit   bool // change translations, set draft and translated
	Review bool // set reviewed and approved, fix the segmentation
	Admin  bool // users, documents, glossary, everything
}

// SetStatus reports whether st may be set.
func (c Can) SetStatus(st store.Status) bool {
	if st.Rank() > store.StatusTranslated.Rank() {
		return c.Review
	}
	return c.Edit
}

// policy decides permissions from the user's role and assignments.
type policy struct {
	store *store.Store
}

// can returns the permissions of the request's user on a document and target
// language. Reviewers and admins edit everything; translators edit the
// documents and languages assigned to them; viewers only read.
func (p policy) can(r *http.Request, docID int64, lang string) (Can, error) {
	u := currentUser(r)
	if u == nil {
		return Can{}, nil
	}
	switch u.Role {
	case store.RoleAdmin:
		return Can{Edit: true, Review: true, Admin: true}, nil
	case store.RoleReviewer:
		return Can{Edit: true, Review: true}, nil
	case store.RoleTranslator:
		if lang == "" {
			return Can{}, nil
		}
		ok, err := p.store.IsAssigned(r.Context(), store.Assignment{UserID: u.ID, DocumentID: docID, Lang: lang})
		return Can{Edit: ok}, err
	}
	return Can{}, nil
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
