package web

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"alinea/align/segment"
	"alinea/store"
	"alinea/workflow"
)

const (
	// maxUploadBytes bounds one imported file, as alinea import does.
	maxUploadBytes = 32 << 20
	// maxTitleRunes bounds a document title.
	maxTitleRunes = 300
	// importLang is the source language of uploads: the workbench
	// translates from Chinese.
	importLang = "zh"
)

// documentsPage is the home page: every document with its progress, and the
// import form.
type documentsPage struct {
	responder
	store *store.Store
	perms permsFunc
}

type documentsData struct {
	*page
	Can       Can
	Documents []documentCard
	Imported  *store.Document
	Error     string
	Existing  int64 // the document a refused duplicate upload matches
	MaxMB     int
	Form      importForm
}

type importForm struct {
	Title          string
	AllowDuplicate bool
}

type documentCard struct {
	store.Document
	Langs []langProgress
	Chart chart
}

type langProgress struct {
	Lang             string
	Bar              []barPart
	Done, Total      int // segments translated or better, of all
	DoneWords, Words int
	Counts           []statusCount
	Editor           string // URL of the editor in this language
}

type statusCount struct {
	Status workflow.Status
	Count  int
}

func (h documentsPage) list(w http.ResponseWriter, r *http.Request) {
	data := documentsData{}
	if id, ok := parseID(r.URL.Query().Get("imported")); ok {
		if d, err := h.store.Document(r.Context(), id); err == nil {
			data.Imported = &d
		}
	}
	h.render(w, r, http.StatusOK, data)
}

// render shows the documents page with data's notices filled in.
func (h documentsPage) render(w http.ResponseWriter, r *http.Request, status int, data documentsData) {
	ctx := r.Context()
	docs, err := h.store.Documents(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	progress, err := h.store.Progress(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	history, err := h.store.ProgressHistory(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("Documents")
	data.page = p
	data.Can = h.perms(r, store.Document{}, "")
	data.MaxMB = maxUploadBytes >> 20
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, d := range docs {
		card := documentCard{Document: d}
		var series []chartSeries
		for _, pr := range progress[d.ID] {
			lp := newLangProgress(pr)
			lp.Editor = editorURL(d.ID, pr.Lang)
			card.Langs = append(card.Langs, lp)
			series = append(series, chartSeries{Lang: pr.Lang, Points: history[d.ID][pr.Lang], Words: lp.Words})
		}
		card.Chart = newChart(series, today)
		data.Documents = append(data.Documents, card)
	}
	if err := h.views.render(w, status, "documents", data); err != nil {
		h.log.Error("render documents", "err", err)
	}
}

func newLangProgress(pr store.Progress) langProgress {
	lp := langProgress{Lang: pr.Lang}
	for _, st := range workflow.Statuses {
		n := pr.Segments[st]
		lp.Total += n
		lp.Words += pr.Words[st]
		if st.Rank() >= workflow.StatusTranslated.Rank() {
			lp.Done += n
			lp.DoneWords += pr.Words[st]
		}
		lp.Counts = append(lp.Counts, statusCount{Status: st, Count: n})
	}
	lp.Bar = progressBar(pr.Segments, lp.Total)
	return lp
}

// upload imports a file sent from the import form, with the rules of alinea
// import; a refused file is reported on the page and stores nothing.
func (h documentsPage) upload(w http.ResponseWriter, r *http.Request) {
	if !h.perms(r, store.Document{}, "").Admin {
		h.fail(w, r, failure(http.StatusForbidden, "ErrForbidden", nil))
		return
	}
	form := importForm{}
	refuse := func(status int, err error) {
		data := documentsData{Form: form}
		ue := h.classify(r, err)
		data.Error = h.tr.of(r).T(ue.id, ue.data)
		if id, ok := ue.extra["document_id"].(int64); ok {
			data.Existing = id
		}
		if status == 0 {
			status = ue.status
		}
		h.render(w, r, status, data)
	}
	// Room for the form fields and multipart framing around the file.
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(0, failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": maxUploadBytes >> 20}))
			return
		}
		refuse(0, failure(http.StatusBadRequest, "ErrNoFile", nil))
		return
	}
	defer r.MultipartForm.RemoveAll()
	form.Title = strings.TrimSpace(r.FormValue("title"))
	form.AllowDuplicate = r.FormValue("allow_duplicate") != ""
	if !utf8.ValidString(form.Title) {
		form.Title = ""
		refuse(0, failure(http.StatusBadRequest, "ErrInvalidUTF8", nil))
		return
	}
	if utf8.RuneCountInString(form.Title) > maxTitleRunes {
		refuse(0, failure(http.StatusBadRequest, "ErrTitleTooLong", map[string]any{"Max": maxTitleRunes}))
		return
	}
	f, fh, err := r.FormFile("file")
	if err != nil {
		refuse(0, failure(http.StatusBadRequest, "ErrNoFile", nil))
		return
	}
	defer f.Close()
	if fh.Size > maxUploadBytes {
		refuse(0, failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": maxUploadBytes >> 20}))
		return
	}
	body, err := io.ReadAll(io.LimitReader(f, maxUploadBytes+1))
	if err != nil {
		refuse(0, err)
		return
	}
	if len(body) > maxUploadBytes {
		refuse(0, failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": maxUploadBytes >> 20}))
		return
	}
	// Browsers send the bare name; strip any path a client adds.
	fileName := strings.ToValidUTF8(filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/")), "")
	title := form.Title
	if title == "" {
		title = titleFromFileName(fileName)
	}
	if title == "" {
		title = fileName
	}
	prep, err := segment.Prepare(body, importLang)
	if err != nil {
		refuse(0, err)
		return
	}
	nd := store.FromPrepared(title, fileName, importLang, prep)
	nd.ImportedBy = userID(r)
	nd.ImportedBy = userID(r)
	doc, err := h.store.ImportDocument(r.Context(), nd, store.ImportOptions{AllowDuplicate: form.AllowDuplicate})
	if err != nil {
		refuse(0, err)
		return
	}
	h.log.Info("imported", "document", doc.ID, "segments", doc.Segments, "file", fileName)
	http.Redirect(w, r, "/?imported="+itoa(doc.ID), http.StatusSeeOther)
}

// titleFromFileName drops every extension: report.zh.txt becomes report.
func titleFromFileName(name string) string {
	base := name
	for ext := filepath.Ext(base); ext != "" && len(base) > len(ext); ext = filepath.Ext(base) {
		base = strings.TrimSuffix(base, ext)
	}
	return strings.TrimSpace(base)
}
