package web

import (
	"net/http"

	"alinea/store"
)

// annotateRepetitions marks each row whose source recurs elsewhere, in this
// document or others, with the number of its repetitions: the segments a
// confirmed translation of it can fill (the matches panel's propagation).
func (h editorPage) annotateRepetitions(r *http.Request, d *editorData) error {
	segs := make([]store.Segment, len(d.Rows))
	for i, row := range d.Rows {
		segs[i] = row.Segment
	}
	counts, err := h.tm.RepetitionCounts(r.Context(), segs)
	if err != nil {
		return err
	}
	for i := range d.Rows {
		d.Rows[i].Repetitions = counts[d.Rows[i].ID]
	}
	return nil
}
