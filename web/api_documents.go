package web

import (
	"net/http"
	"strconv"
	"time"

	"alinea/store"
	"alinea/workflow"
)

// documentsAPI serves the documents and their segments as JSON.
type documentsAPI struct {
	responder
	store *store.Store
}

type documentJSON struct {
	ID         int64                   `json:"id"`
	Title      string                  `json:"title"`
	SourceLang string                  `json:"source_lang"`
	FileName   string                  `json:"file_name"`
	Hash       string                  `json:"hash"`
	ImportedAt time.Time               `json:"imported_at"`
	Paragraphs int                     `json:"paragraphs"`
	Segments   int                     `json:"segments"`
	Progress   map[string]progressJSON `json:"progress,omitempty"`
}

type progressJSON struct {
	Segments map[workflow.Status]int `json:"segments"`
	Words    map[workflow.Status]int `json:"words"`
}

func newDocumentJSON(d store.Document, ps []store.Progress) documentJSON {
	out := documentJSON{ID: d.ID, Title: d.Title, SourceLang: d.SourceLang, FileName: d.FileName,
		Hash: d.Hash, ImportedAt: d.ImportedAt, Paragraphs: d.Paragraphs, Segments: d.Segments}
	if len(ps) > 0 {
		out.Progress = map[string]progressJSON{}
		for _, p := range ps {
			out.Progress[p.Lang] = progressJSON{Segments: p.Segments, Words: p.Words}
		}
	}
	return out
}

func (h documentsAPI) list(w http.ResponseWriter, r *http.Request) {
	docs, err := h.store.Documents(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	progress, err := h.store.Progress(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]documentJSON, 0, len(docs))
	for _, d := range docs {
		out = append(out, newDocumentJSON(d, progress[d.ID]))
	}
	h.json(w, http.StatusOK, map[string]any{"documents": out})
}

func (h documentsAPI) get(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	ps, err := h.store.DocumentProgress(r.Context(), doc.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.json(w, http.StatusOK, newDocumentJSON(doc, ps))
}

type segmentJSON struct {
	ID        int64           `json:"id"`
	Position  int             `json:"position"`
	Paragraph int             `json:"paragraph"`
	Heading   bool            `json:"heading"`
	Source    string          `json:"source"`
	Words     int             `json:"words"`
	Text      string          `json:"text"`
	Status    workflow.Status `json:"status"`
	Version   int64           `json:"version"`
	Author    string          `json:"author,omitempty"`
	UpdatedAt *time.Time      `json:"updated_at,omitempty"`
}

// segments lists a document's segments with their translations into ?lang=;
// ?offset= and ?limit= ask for one page instead of all.
func (h documentsAPI) segments(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	lang := langFrom(r.Context())
	offset, ok := intParam(r, "offset")
	if !ok {
		h.fail(w, r, badParam("offset", r.URL.Query().Get("offset")))
		return
	}
	limit, ok := intParam(r, "limit")
	if !ok {
		h.fail(w, r, badParam("limit", r.URL.Query().Get("limit")))
		return
	}
	rows, total, err := h.store.Segments(r.Context(), doc.ID, store.SegmentQuery{Lang: lang, Offset: offset, Limit: limit})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]segmentJSON, 0, len(rows))
	for _, row := range rows {
		t := row.Translation
		s := segmentJSON{ID: row.ID, Position: row.Position, Paragraph: row.Paragraph, Heading: row.Heading,
			Source: row.Source, Words: row.Words, Text: t.Text, Status: t.Status, Version: t.Version, Author: t.Author}
		if !t.UpdatedAt.IsZero() {
			s.UpdatedAt = &t.UpdatedAt
		}
		out = append(out, s)
	}
	h.json(w, http.StatusOK, map[string]any{"document_id": doc.ID, "lang": lang, "total": total,
		"offset": offset, "segments": out})
}

// intParam reads a non-negative integer query parameter; absent is 0.
func intParam(r *http.Request, name string) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

func badParam(name, value string) error {
	return failure(http.StatusBadRequest, "ErrBadParam", map[string]any{"Name": name, "Value": value})
}
