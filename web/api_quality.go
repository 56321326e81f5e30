package web

import (
	"net/http"
	"slices"

	"alinea/align/qa"
	"alinea/quality"
	"alinea/store"
)

// qualityAPI reports the quality checks' findings, lets reviewers mark a
// finding as not an error and admins switch checks per document.
type qualityAPI struct {
	responder
	store *store.Store
	qa    quality.Service
	perms permsFunc
}

// findingsJSON writes findings with their messages in the request's
// language; never null, so clients can iterate.
func findingsJSON(loc *Locale, fs []quality.Finding) []quality.FindingJSON {
	out := make([]quality.FindingJSON, 0, len(fs))
	for _, f := range fs {
		j := quality.JSON(f, loc.T(f.Message, f.Args))
		j.Key = f.Key
		out = append(out, j)
	}
	return out
}

// checksParam reads the optional checks query parameter.
func checksParam(r *http.Request) (qa.Set, error) {
	raw := r.URL.Query().Get("checks")
	only, err := qa.ParseChecks(raw)
	if err != nil {
		return nil, badParam("checks", raw)
	}
	return only, nil
}

// document answers GET /api/documents/{id}/qa/{lang}: every finding of the
// document's translations into lang, with counts per check.
func (h qualityAPI) document(w http.ResponseWriter, r *http.Request) {
	doc, lang := documentFrom(r.Context()), langFrom(r.Context())
	only, err := checksParam(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	fs, err := h.qa.Document(r.Context(), doc.ID, lang, only)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	on, err := h.qa.Enabled(r.Context(), doc.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	counts := map[string]int{}
	for _, f := range fs {
		counts[f.Check]++
	}
	h.json(w, http.StatusOK, map[string]any{"document_id": doc.ID, "lang": lang, "checks": enabledList(on),
		"counts": counts, "findings": findingsJSON(h.tr.of(r), fs)})
}

func enabledList(on qa.Set) []string {
	out := []string{}
	for _, c := range qa.Checks {
		if on.Has(c) {
			out = append(out, c)
		}
	}
	return out
}

type silenceRequest struct {
	Check string `json:"check"`
	Key   string `json:"key"`
}

// silence answers POST /api/segments/{id}/qa/{lang}/silence: a reviewer
// marks one finding as not an error, for the segment's current texts.
func (h qualityAPI) silence(w http.ResponseWriter, r *http.Request) {
	seg, lang := segmentFrom(r.Context()), langFrom(r.Context())
	var req silenceRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	if !slices.Contains(qa.Checks, req.Check) {
		h.fail(w, r, badParam("check", req.Check))
		return
	}
	if req.Key == "" || len(req.Key) > 1000 {
		h.fail(w, r, badParam("key", ""))
		return
	}
	doc, err := h.store.Document(r.Context(), seg.DocumentID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !h.perms(r, doc, lang).Review {
		h.fail(w, r, errForbidden)
		return
	}
	if err := h.qa.Silence(r.Context(), seg.ID, lang, req.Check, req.Key, userID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	fs, err := h.qa.Segment(r.Context(), seg.ID, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.json(w, http.StatusOK, map[string]any{"segment": seg.ID, "lang": lang, "qa": findingsJSON(h.tr.of(r), fs)})
}

type checksRequest struct {
	Enabled []string `json:"enabled"`
}

// checks answers GET /api/documents/{id}/qa-checks: the checks on for the
// document.
func (h qualityAPI) checks(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	on, err := h.qa.Enabled(r.Context(), doc.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.json(w, http.StatusOK, map[string]any{"document_id": doc.ID, "enabled": enabledList(on), "checks": qa.Checks})
}

// setChecks answers PUT /api/documents/{id}/qa-checks (admins): the checks
// to keep on, the others go off.
func (h qualityAPI) setChecks(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	var req checksRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range req.Enabled {
		if !slices.Contains(qa.Checks, c) {
			h.fail(w, r, badParam("enabled", c))
			return
		}
	}
	if err := h.qa.SetEnabled(r.Context(), doc.ID, req.Enabled, userID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.checks(w, r)
}

// qaErrorSegments are the segments of a document whose translation into
// lang the quality checks find errors in (warnings aside).
func qaErrorSegments(r *http.Request, qs quality.Service, docID int64, lang string) ([]int64, error) {
	fs, err := qs.Document(r.Context(), docID, lang, nil)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, f := range fs {
		if f.Severity == qa.Error && (len(ids) == 0 || ids[len(ids)-1] != f.SegmentID) {
			ids = append(ids, f.SegmentID)
		}
	}
	return ids, nil
}

type checkRequest struct {
	Text string `json:"text"`
}

// check answers POST /api/segments/{id}/qa/{lang}/check: the findings a
// text would have as the segment's translation, nothing saved. The editor
// asks before approving.
func (h qualityAPI) check(w http.ResponseWriter, r *http.Request) {
	seg, lang := segmentFrom(r.Context()), langFrom(r.Context())
	var req checkRequest
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := store.CheckText(req.Text); err != nil {
		h.fail(w, r, err)
		return
	}
	fs, err := h.qa.Text(r.Context(), seg.ID, lang, req.Text)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.json(w, http.StatusOK, map[string]any{"segment": seg.ID, "lang": lang, "qa": findingsJSON(h.tr.of(r), fs)})
}
