package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"alinea/store"
)

// commentsAPI keeps the comment thread of a segment in a target language:
// everyone who reads the document reads it; whoever may edit there writes
// and resolves; a reviewer sends a translation back to draft with one.
type commentsAPI struct {
	responder
	store *store.Store
	perms permsFunc
	// saved is told about the status change of a rejection.
	saved savedFunc
}

type commentJSON struct {
	ID         int64      `json:"id"`
	SegmentID  int64      `json:"segment_id"`
	Lang       string     `json:"lang"`
	Author     string     `json:"author"`
	Body       string     `json:"body"`
	CreatedAt  time.Time  `json:"created_at"`
	Rejection  bool       `json:"rejection,omitempty"`
	Resolved   bool       `json:"resolved"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	ResolvedBy string     `json:"resolved_by,omitempty"`
}

func toCommentJSON(c store.Comment) commentJSON {
	out := commentJSON{ID: c.ID, SegmentID: c.SegmentID, Lang: c.Lang, Author: c.Author, Body: c.Body,
		CreatedAt: c.CreatedAt, Rejection: c.Rejection, Resolved: c.Resolved, ResolvedBy: c.ResolvedBy}
	if c.Resolved {
		out.ResolvedAt = &c.ResolvedAt
	}
	return out
}

// can reports what the request's user may do with the thread.
func (h commentsAPI) can(r *http.Request) (Can, error) {
	seg := segmentFrom(r.Context())
	doc, err := h.store.Document(r.Context(), seg.DocumentID)
	if err != nil {
		return Can{}, err
	}
	return h.perms(r, doc, langFrom(r.Context())), nil
}

func (h commentsAPI) list(w http.ResponseWriter, r *http.Request) {
	cs, err := h.store.Comments(r.Context(), segmentFrom(r.Context()).ID, langFrom(r.Context()))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]commentJSON, len(cs))
	for i, c := range cs {
		out[i] = toCommentJSON(c)
	}
	h.json(w, http.StatusOK, map[string]any{"comments": out})
}

// commentFail reports a comment the store refused as the user's mistake.
func (h commentsAPI) commentFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrBadComment) {
		err = failure(http.StatusBadRequest, "ErrBadComment", map[string]any{"Max": store.MaxCommentRunes})
	}
	h.fail(w, r, err)
}

func (h commentsAPI) add(w http.ResponseWriter, r *http.Request) {
	can, err := h.can(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !can.Edit {
		h.fail(w, r, errForbidden)
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.store.AddComment(r.Context(), store.NewComment{SegmentID: segmentFrom(r.Context()).ID,
		Lang: langFrom(r.Context()), AuthorID: userID(r), Body: req.Body})
	if err != nil {
		h.commentFail(w, r, err)
		return
	}
	h.json(w, http.StatusCreated, toCommentJSON(c))
}

func (h commentsAPI) resolve(w http.ResponseWriter, r *http.Request) {
	can, err := h.can(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !can.Edit {
		h.fail(w, r, errForbidden)
		return
	}
	id, ok := parseID(chi.URLParam(r, "commentID"))
	var c store.Comment
	if ok {
		c, err = h.store.Comment(r.Context(), id)
	}
	if !ok || err != nil || c.SegmentID != segmentFrom(r.Context()).ID || c.Lang != langFrom(r.Context()) {
		h.fail(w, r, failure(http.StatusNotFound, "ErrCommentNotFound", map[string]any{"ID": chi.URLParam(r, "commentID")}))
		return
	}
	var req struct {
		Resolved *bool `json:"resolved"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	resolved := req.Resolved == nil || *req.Resolved
	c, err = h.store.ResolveComment(r.Context(), id, resolved, userID(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.json(w, http.StatusOK, toCommentJSON(c))
}

// reject sends a translation back to draft with a comment saying why
// (reviewers): 200 with the translation and the comment, 409 like a save
// when the version is stale.
func (h commentsAPI) reject(w http.ResponseWriter, r *http.Request) {
	can, err := h.can(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !can.Review {
		h.fail(w, r, errForbidden)
		return
	}
	var req struct {
		Version *int64 `json:"version"`
		Comment string `json:"comment"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	if req.Version == nil || *req.Version < 0 {
		h.fail(w, r, badParam("version", ""))
		return
	}
	tr, c, err := h.store.Reject(r.Context(), store.Save{SegmentID: segmentFrom(r.Context()).ID, Lang: langFrom(r.Context()),
		BaseVersion: *req.Version, AuthorID: userID(r)}, req.Comment)
	if err != nil {
		h.commentFail(w, r, err)
		return
	}
	if h.saved != nil {
		h.saved(r.Context(), segmentFrom(r.Context()).DocumentID, tr)
	}
	h.json(w, http.StatusOK, map[string]any{"translation": translationJSON(tr), "comment": toCommentJSON(c)})
}
