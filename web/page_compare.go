package web

import (
	"net/http"

	"alinea/glossary"
	"alinea/store"
	"alinea/workflow"
)

// comparePage shows the source with every target language side by side,
// read-only, to compare the translations.
type comparePage struct {
	responder
	store *store.Store
	gloss *glossary.Service
}

type compareData struct {
	*page
	Doc     store.Document
	Langs   []string
	Rows    []compareRow
	Total   int
	First   int
	Last    int
	PrevURL string
	NextURL string
}

type compareRow struct {
	store.Segment
	NewParagraph bool
	Targets      []store.Translation // in the order of Langs
}

func (h comparePage) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	langs, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(langs) == 0 {
		h.fail(w, r, failure(http.StatusNotFound, "ErrNotFound", nil))
		return
	}
	fq, err := findQuery(r.URL.Query(), langs[0])
	if err != nil {
		h.fail(w, r, err)
		return
	}
	fq.Filter, fq.Search = store.FilterAll, ""
	res, err := h.gloss.FindSegments(ctx, doc.ID, fq)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ids := make([]int64, len(res.Rows))
	for i, row := range res.Rows {
		ids[i] = row.ID
	}
	trs, err := h.store.TranslationsOf(ctx, ids)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("CompareTitle", "Title", doc.Title)
	data := compareData{page: p, Doc: doc, Langs: langs, Total: res.Total, First: res.Before + 1, Last: res.Before + len(res.Rows)}
	for i, row := range res.Rows {
		cr := compareRow{Segment: row.Segment, NewParagraph: i == 0 || res.Rows[i-1].ParagraphID != row.ParagraphID}
		for _, l := range langs {
			t, ok := trs[row.ID][l]
			if !ok {
				t = store.Translation{SegmentID: row.ID, Lang: l, Status: workflow.StatusNew}
			}
			cr.Targets = append(cr.Targets, t)
		}
		data.Rows = append(data.Rows, cr)
	}
	base := "/documents/" + itoa(doc.ID) + "/compare"
	if res.Prev != 0 {
		data.PrevURL = pageURL(base, store.FindQuery{}, res.Prev)
	}
	if res.Next != 0 {
		data.NextURL = pageURL(base, store.FindQuery{}, res.Next)
	}
	if err := h.views.render(w, http.StatusOK, "compare", data); err != nil {
		h.log.Error("render compare", "err", err)
	}
}
