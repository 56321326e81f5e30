package web

import (
	"net/http"

	"alinea/store"
)

// segmentationAPI fixes the segmentation: merges a segment with the next one
// and splits one in two.
type segmentationAPI struct {
	responder
	store   *store.Store
	perms   permsFunc
	changed func(docID int64, segIDs ...int64)
}

type mergeRequest struct {
	// NextID is the segment the editor showed after this one; a merge with
	// any other is refused.
	NextID int64 `json:"next_id"`
}

type splitRequest struct {
	At     *int   `json:"at"`     // characters (code points) into the source
	Source string `json:"source"` // the source the editor showed
}

// allowed checks that the user may change the segments of the segment's
// document in every target language.
func (h segmentationAPI) allowed(w http.ResponseWriter, r *http.Request) bool {
	doc := documentFrom(r.Context())
	langs, err := h.store.TargetLanguages(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return false
	}
	if !canResegment(h.perms, r, doc, langs) {
		h.fail(w, r, failure(http.StatusForbidden, "ErrForbidden", nil))
		return false
	}
	return true
}

func (h segmentationAPI) merge(w http.ResponseWriter, r *http.Request) {
	seg := segmentFrom(r.Context())
	var req mergeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	if req.NextID < 0 {
		h.fail(w, r, badParam("next_id", ""))
		return
	}
	if !h.allowed(w, r) {
		return
	}
	merged, err := h.store.MergeWithNext(r.Context(), store.Merge{SegmentID: seg.ID, NextID: req.NextID, AuthorID: userID(r)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.changed != nil {
		h.changed(seg.DocumentID, merged.ID, req.NextID)
	}
	h.json(w, http.StatusOK, map[string]any{"segments": []segmentShape{shapeOf(merged)}})
}

func (h segmentationAPI) split(w http.ResponseWriter, r *http.Request) {
	seg := segmentFrom(r.Context())
	var req splitRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	if req.At == nil {
		h.fail(w, r, badParam("at", ""))
		return
	}
	if !h.allowed(w, r) {
		return
	}
	first, second, err := h.store.SplitSegment(r.Context(), store.Split{SegmentID: seg.ID, At: *req.At, Source: req.Source, AuthorID: userID(r)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if h.changed != nil {
		h.changed(seg.DocumentID, first.ID, second.ID)
	}
	h.json(w, http.StatusOK, map[string]any{"segments": []segmentShape{shapeOf(first), shapeOf(second)}})
}

// segmentShape is a segment without a translation: what merge and split
// answer with.
type segmentShape struct {
	ID        int64  `json:"id"`
	Position  int    `json:"position"`
	Paragraph int    `json:"paragraph"`
	Heading   bool   `json:"heading"`
	Source    string `json:"source"`
	Words     int    `json:"words"`
}

func shapeOf(s store.Segment) segmentShape {
	return segmentShape{ID: s.ID, Position: s.Position, Paragraph: s.Paragraph, Heading: s.Heading, Source: s.Source, Words: s.Words}
}
