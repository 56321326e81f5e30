package web

import (
	"errors"
	"net/http"
	"time"

	"alinea/docimport"
	"alinea/figures"
	"alinea/quality"
	"alinea/store"
	"alinea/workflow"
)

// documentsPage is the home page: every document with its progress, and the
// import form.
type documentsPage struct {
	responder
	store   *store.Store
	perms   permsFunc
	qa      *quality.Counts // counts the findings per language
	figures *figures.Cache  // translation sizes and progress by day
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
	// DoneChars of Chars source characters are translated or better; the
	// translations so far have TargetWords words.
	DoneChars, Chars int
	TargetWords      int
	// OpenThreads counts the segments with open comments; Comments lists them.
	OpenThreads int
	Comments    string
	Counts      []statusCount
	Editor      string // URL of the editor in this language
	// QAErrors and QAWarnings count the quality checks' findings, unless
	// QAPending: a large document is being checked; QA is the report's URL.
	QAErrors, QAWarnings int
	QAPending            bool
	QA                   string
	Analysis             string // the memory analysis page
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
	figs, err := h.figures.Of(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	threads, err := h.store.OpenThreads(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("Documents")
	data.page = p
	data.Can = h.perms(r, store.Document{}, "")
	data.MaxMB = docimport.MaxBytes >> 20
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for _, d := range docs {
		card := documentCard{Document: d}
		var series []chartSeries
		for _, pr := range progress[d.ID] {
			lp := newLangProgress(pr)
			lp.Editor = editorURL(d.ID, pr.Lang)
			lp.TargetWords = figs[d.ID].Targets[pr.Lang].Words
			lp.OpenThreads = threads[d.ID][pr.Lang]
			lp.Comments = lp.Editor + "?filter=" + string(store.FilterComments)
			lp.QA = "/documents/" + itoa(d.ID) + "/qa/" + pr.Lang
			lp.Analysis = "/documents/" + itoa(d.ID) + "/analysis/" + pr.Lang
			if lp.Done > 0 {
				var known bool
				if lp.QAErrors, lp.QAWarnings, known, err = h.qa.Soon(ctx, d.ID, pr.Lang, lp.Total); err != nil {
					h.fail(w, r, err)
					return
				}
				lp.QAPending = !known
			}
			card.Langs = append(card.Langs, lp)
			series = append(series, chartSeries{Lang: pr.Lang, Points: figs[d.ID].History[pr.Lang], Words: lp.Words})
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
		lp.Chars += pr.Chars[st]
		if st.Rank() >= workflow.StatusTranslated.Rank() {
			lp.Done += n
			lp.DoneWords += pr.Words[st]
			lp.DoneChars += pr.Chars[st]
		}
		lp.Counts = append(lp.Counts, statusCount{Status: st, Count: n})
	}
	lp.Bar = progressBar(pr.Segments, lp.Total)
	return lp
}

// upload imports a file sent from the import form, as alinea import does
// (docimport); a refused file is reported on the page and stores nothing.
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
	r.Body = http.MaxBytesReader(w, r.Body, docimport.MaxBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(0, docimport.ErrTooLarge)
			return
		}
		refuse(0, failure(http.StatusBadRequest, "ErrNoFile", nil))
		return
	}
	defer r.MultipartForm.RemoveAll()
	form.Title = r.FormValue("title")
	form.AllowDuplicate = r.FormValue("allow_duplicate") != ""
	f, fh, err := r.FormFile("file")
	if err != nil {
		refuse(0, failure(http.StatusBadRequest, "ErrNoFile", nil))
		return
	}
	defer f.Close()
	body, err := docimport.Read(f)
	if err != nil {
		refuse(0, err)
		return
	}
	doc, err := docimport.Import(r.Context(), h.store, docimport.Request{FileName: fh.Filename, Title: form.Title,
		Lang: docimport.DefaultLang, AllowDuplicate: form.AllowDuplicate, By: userID(r)}, body)
	if err != nil {
		if errors.Is(err, docimport.ErrBadTitle) {
			form.Title = ""
		}
		refuse(0, err)
		return
	}
	h.log.Info("imported", "document", doc.ID, "segments", doc.Segments, "file", doc.FileName)
	http.Redirect(w, r, "/?imported="+itoa(doc.ID), http.StatusSeeOther)
}
