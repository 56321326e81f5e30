package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"alinea/store"
	"alinea/tm"
	"alinea/workflow"
)

// tmAPI serves the translation memory as JSON: matches for a segment or any
// text, the concordance, and pre-translation of a document.
type tmAPI struct {
	responder
	store *store.Store
	tm    *tm.Service
	perms permsFunc
	saved func(ctx context.Context, docID int64, t store.Translation)
}

type matchJSON struct {
	Source       string    `json:"source"`
	Target       string    `json:"target"`
	StoredTarget string    `json:"stored_target,omitempty"`
	Similarity   float64   `json:"similarity"`
	Score        float64   `json:"score"`
	Band         string    `json:"band"`
	Origin       string    `json:"origin"`
	Memory       string    `json:"memory,omitempty"`
	DocumentID   int64     `json:"document_id,omitempty"`
	SegmentID    int64     `json:"segment_id,omitempty"`
	Status       string    `json:"status"`
	Author       string    `json:"author,omitempty"`
	Date         time.Time `json:"date"`
	Context      bool      `json:"context,omitempty"`
	NumbersFixed bool      `json:"numbers_fixed,omitempty"`
}

func matchesJSON(ms []tm.Match) []matchJSON {
	out := make([]matchJSON, 0, len(ms))
	for _, m := range ms {
		mj := matchJSON{Source: m.Source, Target: m.Suggestion, Similarity: m.Similarity, Score: m.Score, Band: string(m.Band),
			Origin: m.From(), Memory: m.MemoryName, DocumentID: m.DocumentID, SegmentID: m.SegmentID, Status: string(m.Status),
			Author: m.Author, Date: m.UpdatedAt, Context: m.Context, NumbersFixed: m.NumbersFixed}
		if m.NumbersFixed {
			mj.StoredTarget = m.Target
		}
		out = append(out, mj)
	}
	return out
}

// limits reads limit (1–50, default def) and min (1–100, default 50).
func limits(r *http.Request, def int) (int, float64, error) {
	limit, min := def, float64(tm.DefaultMin)
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			return 0, 0, failure(http.StatusBadRequest, "ErrTMLimit", nil)
		}
		limit = n
	}
	if v := r.URL.Query().Get("min"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 1 || x > 100 {
			return 0, 0, failure(http.StatusBadRequest, "ErrTMMin", nil)
		}
		min = x
	}
	return limit, min, nil
}

// segmentMatches: GET /api/segments/{segID}/matches/{lang}.
func (a tmAPI) segmentMatches(w http.ResponseWriter, r *http.Request) {
	seg, lang := segmentFrom(r.Context()), langFrom(r.Context())
	limit, min, err := limits(r, 5)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	prev, next, err := a.store.Neighbours(r.Context(), seg.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ms, err := a.tm.Lookup(r.Context(), tm.Query{Text: seg.Source, Lang: lang, Limit: limit, Min: min,
		SegmentID: seg.ID, PrevText: prev, NextText: next})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	reps, err := a.tm.Repetitions(r.Context(), seg)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.json(w, http.StatusOK, map[string]any{"segment_id": seg.ID, "source": seg.Source, "matches": matchesJSON(ms),
		"repetitions": len(reps)})
}

// propagate: POST /api/segments/{segID}/propagate/{lang} gives the
// segment's translation to its repetitions that have none, where the user
// may edit.
func (a tmAPI) propagate(w http.ResponseWriter, r *http.Request) {
	seg, lang := segmentFrom(r.Context()), langFrom(r.Context())
	if !a.perms(r, documentFrom(r.Context()), lang).Edit {
		a.fail(w, r, errForbidden)
		return
	}
	cur, err := a.store.Translation(r.Context(), seg.ID, lang)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if cur.Status.Rank() < workflow.StatusTranslated.Rank() {
		a.json(w, http.StatusOK, map[string]any{"filled": 0})
		return
	}
	docs := map[int64]bool{}
	allowed := func(docID int64) bool {
		ok, seen := docs[docID]
		if !seen {
			d, err := a.store.Document(r.Context(), docID)
			ok = err == nil && a.perms(r, d, lang).Edit
			docs[docID] = ok
		}
		return ok
	}
	saved, err := a.tm.Propagate(r.Context(), seg, lang, cur.Text, userID(r), allowed)
	for _, t := range saved {
		if s, err := a.store.Segment(r.Context(), t.SegmentID); err == nil {
			a.saved(r.Context(), s.DocumentID, t)
		}
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ids := make([]int64, 0, len(saved))
	for _, t := range saved {
		ids = append(ids, t.SegmentID)
	}
	a.json(w, http.StatusOK, map[string]any{"filled": len(saved), "segments": ids})
}

// lookup: GET /api/tm?q=&lang=&limit=&min=.
func (a tmAPI) lookup(w http.ResponseWriter, r *http.Request) {
	q, lang := strings.TrimSpace(r.URL.Query().Get("q")), r.URL.Query().Get("lang")
	if q == "" || lang == "" {
		a.fail(w, r, failure(http.StatusBadRequest, "ErrTMQuery", nil))
		return
	}
	if len([]rune(q)) > store.MaxSearchRunes*10 {
		a.fail(w, r, failure(http.StatusBadRequest, "ErrTMQuery", nil))
		return
	}
	limit, min, err := limits(r, 10)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	ms, err := a.tm.Lookup(r.Context(), tm.Query{Text: q, Lang: lang, Limit: limit, Min: min})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.json(w, http.StatusOK, map[string]any{"query": q, "matches": matchesJSON(ms)})
}

type concordanceJSON struct {
	DocumentID int64  `json:"document_id,omitempty"`
	Document   string `json:"document,omitempty"`
	SegmentID  int64  `json:"segment_id,omitempty"`
	Memory     string `json:"memory,omitempty"`
	Source     string `json:"source"`
	Lang       string `json:"lang,omitempty"`
	Target     string `json:"target"`
	Link       string `json:"link,omitempty"`
}

// concordance: GET /api/concordance?q=&lang=.
func (a tmAPI) concordance(w http.ResponseWriter, r *http.Request) {
	q, lang := r.URL.Query().Get("q"), r.URL.Query().Get("lang")
	hits, err := a.tm.Concordance(r.Context(), q, lang, 0)
	if errors.Is(err, store.ErrEmptyQuery) || errors.Is(err, store.ErrBadFilter) {
		err = failure(http.StatusBadRequest, "ErrTMQuery", nil)
	}
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := make([]concordanceJSON, 0, len(hits))
	for _, h := range hits {
		cj := concordanceJSON{DocumentID: h.DocumentID, Document: h.Document, SegmentID: h.SegmentID, Memory: h.Memory,
			Source: h.Source, Lang: h.Lang, Target: h.Target}
		if h.SegmentID != 0 {
			l := h.Lang
			if l == "" {
				l = "es"
			}
			cj.Link = "/documents/" + strconv.FormatInt(h.DocumentID, 10) + "/edit/" + l + "#seg-" + strconv.FormatInt(h.SegmentID, 10)
		}
		out = append(out, cj)
	}
	a.json(w, http.StatusOK, map[string]any{"query": q, "hits": out})
}

// pretranslate: POST /api/documents/{docID}/pretranslate, body {"lang", "min"}.
func (a tmAPI) pretranslate(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	var body struct {
		Lang string  `json:"lang"`
		Min  float64 `json:"min"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&body); err != nil {
		a.fail(w, r, failure(http.StatusBadRequest, "ErrBadJSON", map[string]any{"Detail": err.Error()}))
		return
	}
	if body.Min == 0 {
		body.Min = 100
	}
	if body.Min < 1 || body.Min > 100 {
		a.fail(w, r, failure(http.StatusBadRequest, "ErrTMMin", nil))
		return
	}
	langs, err := a.store.TargetLanguages(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	known := false
	for _, l := range langs {
		known = known || l == body.Lang
	}
	if !known {
		a.fail(w, r, failure(http.StatusBadRequest, "ErrTMQuery", nil))
		return
	}
	if !a.perms(r, doc, body.Lang).Edit {
		a.fail(w, r, errForbidden)
		return
	}
	rep, err := a.tm.Pretranslate(r.Context(), doc.ID, body.Lang, body.Min, userID(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	for _, t := range rep.Saved {
		a.saved(r.Context(), doc.ID, t)
	}
	a.json(w, http.StatusOK, rep)
}

// export: GET /api/tm/export?name=&lang= writes a memory (all of them and
// every document's translations without name) as TMX.
func (a tmAPI) export(w http.ResponseWriter, r *http.Request) {
	name, lang := r.URL.Query().Get("name"), r.URL.Query().Get("lang")
	if name != "" {
		if _, err := a.store.Memory(r.Context(), name); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	file := "memory.tmx"
	if name != "" {
		file = strings.Map(func(r rune) rune {
			if r == '"' || r == '/' || r == '\\' || r < ' ' {
				return '_'
			}
			return r
		}, name) + ".tmx"
	}
	w.Header().Set("Content-Type", "application/x-tmx+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	if _, err := a.tm.ExportTMX(r.Context(), w, name, lang); err != nil {
		a.log.Error("export memory", "err", err)
	}
}

// analysis: GET /api/documents/{docID}/analysis?lang= counts the document's
// segments and characters per band of their best memory match.
func (a tmAPI) analysis(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	an, err := a.tm.Analyze(r.Context(), doc.ID, langFrom(r.Context()))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.json(w, http.StatusOK, an)
}
