package web

import (
	"net/http"

	"alinea/exchange"
	"alinea/formats"
	"alinea/store"
	"alinea/workflow"
)

// previewPage shows the whole document in one target language as the
// target documents are exported (paragraphs reassembled, untranslated
// segments left out, kept or marked), with the segment the translator works
// on highlighted.
type previewPage struct {
	responder
	store *store.Store
}

type previewData struct {
	*page
	Doc          store.Document
	Lang         string
	Paragraphs   []formats.TargetParagraph
	Active       int64
	Untranslated string
	Status       string
	Statuses     []workflow.Status
	EditorURL    string
}

func (h previewPage) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	lang := langFrom(ctx)
	q := r.URL.Query()
	data := previewData{Doc: doc, Lang: lang, Untranslated: q.Get("untranslated"), Status: q.Get("status"),
		Statuses: workflow.Statuses[1:], EditorURL: editorURL(doc.ID, lang)}
	if data.Untranslated == "" {
		// Gaps show, so the translator sees what is missing.
		data.Untranslated = "mark"
	}
	var opt formats.ExportOptions
	var err error
	if opt.Untranslated, err = formats.ParseUntranslated(data.Untranslated); err != nil {
		h.fail(w, r, badParam("untranslated", data.Untranslated))
		return
	}
	if data.Status != "" && data.Status != "all" {
		if opt.MinStatus, err = workflow.ParseStatus(data.Status); err != nil {
			h.fail(w, r, badParam("status", data.Status))
			return
		}
	}
	if id, ok := parseID(q.Get("segment")); ok {
		data.Active = id
		data.EditorURL = pageURL(data.EditorURL, store.FindQuery{}, 0, "focus", itoa(id))
		if seg, err := h.store.Segment(ctx, id); err == nil && seg.DocumentID == doc.ID {
			data.EditorURL = pageURL(editorURL(doc.ID, lang), store.FindQuery{}, (seg.Position-1)/editorPageSize*editorPageSize+1, "focus", itoa(id))
		}
	}
	if data.Paragraphs, err = formats.TargetParagraphs(exchange.Units(ctx, h.store, doc.ID, []string{lang}), lang, opt); err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("PreviewTitle", "Title", doc.Title, "Language", p.LangWord(lang))
	data.page = p
	if err := h.views.render(w, http.StatusOK, "preview", data); err != nil {
		h.log.Error("render preview", "err", err)
	}
}
