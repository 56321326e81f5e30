package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"alinea/store"
	"alinea/workflow"
)

// replaceAPI finds and replaces in the translations of a document into one
// language: a preview of every change, then one revision per changed
// segment, undoable as a batch.
type replaceAPI struct {
	responder
	store *store.Store
	perms permsFunc
	saved savedFunc
}

type replaceChangeJSON struct {
	SegmentID int64  `json:"segment_id"`
	Position  int    `json:"position"`
	Version   int64  `json:"version"`
	Before    string `json:"before"`
	After     string `json:"after"`
	Count     int    `json:"count"`
}

type replaceRequest struct {
	Find        string `json:"find"`
	Replacement string `json:"replacement"`
	WholeWord   bool   `json:"whole_word"`
	MatchCase   bool   `json:"match_case"`
	// Segments are the segment ids chosen from the preview with the
	// version each was shown at; none means every change.
	Segments map[string]int64 `json:"segments"`
}

// query builds the store's query; a translator's replacement leaves
// reviewed and approved segments translated, as their own save would.
func (h replaceAPI) query(r *http.Request, req replaceRequest, can Can) store.ReplaceQuery {
	q := store.ReplaceQuery{Lang: langFrom(r.Context()), Find: req.Find, Replacement: req.Replacement,
		WholeWord: req.WholeWord, MatchCase: req.MatchCase}
	if !can.Review {
		q.MaxStatus = workflow.StatusTranslated
	}
	return q
}

func (h replaceAPI) refuse(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrBadReplace):
		err = failure(http.StatusBadRequest, "ErrBadReplace", map[string]any{"Max": store.MaxSearchRunes})
	case errors.Is(err, store.ErrAlreadyUndone):
		err = failure(http.StatusConflict, "ErrAlreadyUndone", nil)
	}
	var conflict *store.ConflictError
	if errors.As(err, &conflict) {
		err = failure(http.StatusConflict, "ErrReplaceStale", nil)
	}
	h.fail(w, r, err)
}

// preview answers the changes a replacement would make; nothing is saved.
func (h replaceAPI) preview(w http.ResponseWriter, r *http.Request) {
	var req replaceRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	doc := documentFrom(r.Context())
	changes, err := h.store.PreviewReplace(r.Context(), doc.ID, h.query(r, req, h.perms(r, doc, langFrom(r.Context()))))
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	out := make([]replaceChangeJSON, len(changes))
	total := 0
	for i, c := range changes {
		out[i] = replaceChangeJSON{SegmentID: c.SegmentID, Position: c.Position, Version: c.Version, Before: c.Before, After: c.After, Count: c.Count}
		total += c.Count
	}
	h.json(w, http.StatusOK, map[string]any{"changes": out, "matches": total})
}

// apply makes the replacement (editors of the language): 200 with the
// batch id and the saved translations; 409 when a segment changed since the
// preview, and nothing is saved.
func (h replaceAPI) apply(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	can := h.perms(r, doc, langFrom(r.Context()))
	if !can.Edit {
		h.fail(w, r, errForbidden)
		return
	}
	var req replaceRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	var only map[int64]int64
	if len(req.Segments) > 0 {
		only = map[int64]int64{}
		for k, v := range req.Segments {
			id, ok := parseID(k)
			if !ok {
				h.fail(w, r, badParam("segments", k))
				return
			}
			only[id] = v
		}
	}
	batch, err := h.store.ApplyReplace(r.Context(), doc.ID, h.query(r, req, can), only, userID(r))
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	out := make([]translationBody, len(batch.Changed))
	for i, t := range batch.Changed {
		out[i] = translationJSON(t)
		if h.saved != nil {
			h.saved(r.Context(), doc.ID, t)
		}
	}
	h.json(w, http.StatusOK, map[string]any{"batch": batch.ID, "changed": out})
}

// undo takes a batch back: 200 with the restored translations and the
// segments kept because they were saved again since.
func (h replaceAPI) undo(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	if !h.perms(r, doc, langFrom(r.Context())).Edit {
		h.fail(w, r, errForbidden)
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "batchID"), 10, 64)
	if err != nil {
		h.fail(w, r, badParam("batch", chi.URLParam(r, "batchID")))
		return
	}
	rep, err := h.store.UndoReplace(r.Context(), doc.ID, id, userID(r))
	if err != nil {
		h.refuse(w, r, err)
		return
	}
	out := make([]translationBody, len(rep.Restored))
	for i, t := range rep.Restored {
		out[i] = translationJSON(t)
		if h.saved != nil {
			h.saved(r.Context(), doc.ID, t)
		}
	}
	kept := rep.Kept
	if kept == nil {
		kept = []int64{}
	}
	h.json(w, http.StatusOK, map[string]any{"restored": out, "kept": kept})
}
