package web

import (
	"net/http"

	"alinea/store"
	"alinea/tm"
)

// analysisPage shows, before any work on a document in one language, how
// much of it the memory already covers: segments and characters per band of
// the best match, as translators quote work. The counts are the tm
// service's, the same as `alinea analyze` and the analysis API; a large
// document is analysed in the background while the page shows how far it
// has come.
type analysisPage struct {
	responder
	store    *store.Store
	analyses *tm.Analyses
}

type analysisRow struct {
	Band    string // the band's code, "" for repetitions and the total
	Label   string
	Count   tm.Count
	Percent string // share of the document's characters
}

type analysisData struct {
	*page
	Doc   store.Document
	Lang  string
	Langs []string
	Rows  []analysisRow
	Total analysisRow
	// Running: a large document is being analysed in the background,
	// Done of its Of segments so far; the page reloads itself.
	Running  bool
	Done, Of int
}

// analysisBands is the order of a quote: new work first, then the matches
// from the weakest to the context match.
var analysisBands = []tm.Band{tm.BandNew, tm.Band50, tm.Band75, tm.Band85, tm.Band95, tm.BandExact, tm.BandContext}

// bandNameID is the message id of a band's name.
func bandNameID(b tm.Band) string {
	switch b {
	case tm.BandNew:
		return "AnalysisBandNew"
	case tm.Band50:
		return "AnalysisBand50"
	case tm.Band75:
		return "AnalysisBand75"
	case tm.Band85:
		return "AnalysisBand85"
	case tm.Band95:
		return "AnalysisBand95"
	case tm.BandExact:
		return "AnalysisBand100"
	case tm.BandContext:
		return "AnalysisBand101"
	}
	return string(b)
}

func (h analysisPage) show(w http.ResponseWriter, r *http.Request) {
	doc, lang := documentFrom(r.Context()), langFrom(r.Context())
	an, ok, progress, err := h.analyses.Soon(r.Context(), doc.ID, lang, doc.Segments)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	langs, err := h.store.TargetLanguages(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("AnalysisTitle", "Title", doc.Title, "Language", p.LangName(lang))
	d := analysisData{page: p, Doc: doc, Lang: lang, Langs: langs}
	if !ok {
		d.Running = true
		d.Done, d.Of = progress.Of()
		if err := h.views.render(w, http.StatusOK, "analysis", d); err != nil {
			h.log.Error("render analysis", "err", err)
		}
		return
	}
	share := func(c tm.Count) string {
		v := 0.0
		if an.Total.Characters > 0 {
			v = 100 * float64(c.Characters) / float64(an.Total.Characters)
		}
		return p.T("AnalysisPercent", "Value", p.printer.Sprintf("%.1f", v))
	}
	for _, b := range analysisBands {
		c := an.Bands[b]
		d.Rows = append(d.Rows, analysisRow{Band: string(b), Label: p.T(bandNameID(b)), Count: c, Percent: share(c)})
	}
	d.Rows = append(d.Rows, analysisRow{Label: p.T("AnalysisRepetitions"), Count: an.Repetitions, Percent: share(an.Repetitions)})
	d.Total = analysisRow{Label: p.T("AnalysisTotal"), Count: an.Total, Percent: share(an.Total)}
	if err := h.views.render(w, http.StatusOK, "analysis", d); err != nil {
		h.log.Error("render analysis", "err", err)
	}
}
