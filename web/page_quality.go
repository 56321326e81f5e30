package web

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"alinea/align/qa"
	"alinea/quality"
	"alinea/store"
)

// qualityPage is the quality report of a document in one language: the
// findings grouped by check, each linked to its row in the editor, and the
// same report as CSV or HTML to download.
type qualityPage struct {
	responder
	store *store.Store
	qa    quality.Service
}

type qaReportData struct {
	*page
	Doc    store.Document
	Lang   string
	Langs  []string
	Total  int
	Errors int
	Groups []qaGroup
	// Admin may switch checks; Checks are all of them, with their state.
	Admin  bool
	Checks []qaCheckState
}

type qaCheckState struct {
	Check, Name string
	On          bool
}

type qaGroup struct {
	Check    string
	Name     string
	Findings []qaItem
}

type qaItem struct {
	SegmentID int64
	Position  int
	Severity  string // localized
	Error     bool
	Message   string
	Source    string
	Target    string
	URL       string
}

// checkNameID is the message id of a check's name.
func checkNameID(check string) string {
	switch check {
	case qa.CheckNumbers:
		return "QACheckNumbers"
	case qa.CheckEndPunctuation:
		return "QACheckEndPunctuation"
	case qa.CheckBrackets:
		return "QACheckBrackets"
	case qa.CheckQuotes:
		return "QACheckQuotes"
	case qa.CheckPunctuationWidth:
		return "QACheckPunctuationWidth"
	case qa.CheckWhitespace:
		return "QACheckWhitespace"
	case qa.CheckUntranslated:
		return "QACheckUntranslated"
	case qa.CheckRepeatedWord:
		return "QACheckRepeatedWord"
	case qa.CheckInconsistentTarget:
		return "QACheckInconsistentTarget"
	case qa.CheckInconsistentSource:
		return "QACheckInconsistentSource"
	case qa.CheckLength:
		return "QACheckLength"
	case qa.CheckTerminology:
		return "QACheckTerminology"
	case qa.CheckURLs:
		return "QACheckURLs"
	case qa.CheckCapitalization:
		return "QACheckCapitalization"
	case qa.CheckInlineCodes:
		return "QACheckInlineCodes"
	}
	return check
}

func severityID(s qa.Severity) string {
	if s == qa.Error {
		return "QASeverityError"
	}
	return "QASeverityWarning"
}

// report checks the document and groups the findings by check, in the
// order of the checks.
func (h qualityPage) report(r *http.Request, doc store.Document, lang string) (qaReportData, error) {
	p := h.newPage(r)
	data := qaReportData{page: p, Doc: doc, Lang: lang}
	fs, err := h.qa.Document(r.Context(), doc.ID, lang, nil)
	if err != nil {
		return data, err
	}
	if data.Langs, err = h.store.TargetLanguages(r.Context()); err != nil {
		return data, err
	}
	rows, _, err := h.store.Segments(r.Context(), doc.ID, store.SegmentQuery{Lang: lang})
	if err != nil {
		return data, err
	}
	byID := make(map[int64]store.Row, len(rows))
	for _, row := range rows {
		byID[row.ID] = row
	}
	groups := map[string]*qaGroup{}
	for _, f := range fs {
		g := groups[f.Check]
		if g == nil {
			g = &qaGroup{Check: f.Check, Name: p.T(checkNameID(f.Check))}
			groups[f.Check] = g
		}
		row := byID[f.SegmentID]
		g.Findings = append(g.Findings, qaItem{SegmentID: f.SegmentID, Position: f.Position,
			Severity: p.T(severityID(f.Severity)), Error: f.Severity == qa.Error,
			Message: p.loc.T(f.Message, f.Args), Source: row.Source, Target: row.Translation.Text,
			URL: editorURL(doc.ID, lang) + "?from=" + strconv.Itoa(f.Position) + "&focus=" + itoa(f.SegmentID)})
		data.Total++
		if f.Severity == qa.Error {
			data.Errors++
		}
	}
	for _, c := range qa.Checks {
		if g := groups[c]; g != nil {
			data.Groups = append(data.Groups, *g)
		}
	}
	return data, nil
}

func (h qualityPage) show(w http.ResponseWriter, r *http.Request) {
	doc, lang := documentFrom(r.Context()), langFrom(r.Context())
	data, err := h.report(r, doc, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	data.Title = data.T("QAReportTitle", "Title", doc.Title, "Language", data.LangName(lang))
	if u := currentUser(r); u != nil && u.Role == store.RoleAdmin {
		on, err := h.qa.Enabled(r.Context(), doc.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		data.Admin = true
		for _, c := range qa.Checks {
			data.Checks = append(data.Checks, qaCheckState{Check: c, Name: data.T(checkNameID(c)), On: on.Has(c)})
		}
	}
	if err := h.views.render(w, http.StatusOK, "quality", data); err != nil {
		h.log.Error("render quality", "err", err)
	}
}

// export downloads the report: ?format=csv (one finding a line) or html (a
// page of its own, readable without the workbench).
func (h qualityPage) export(w http.ResponseWriter, r *http.Request) {
	doc, lang := documentFrom(r.Context()), langFrom(r.Context())
	format := r.URL.Query().Get("format")
	if format != "csv" && format != "html" {
		h.fail(w, r, badParam("format", format))
		return
	}
	data, err := h.report(r, doc, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == "csv" {
		buf.WriteString("\ufeff") // spreadsheets read UTF-8 by its mark
		cw := csv.NewWriter(&buf)
		cw.Write([]string{"segment", "position", "check", "severity", "message", "source", "target"})
		for _, g := range data.Groups {
			for _, f := range g.Findings {
				sev := "warning"
				if f.Error {
					sev = "error"
				}
				cw.Write([]string{itoa(f.SegmentID), strconv.Itoa(f.Position), g.Check, sev, f.Message, f.Source, f.Target})
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			h.fail(w, r, err)
			return
		}
	} else {
		ctype = "text/html; charset=utf-8"
		data.Title = data.T("QAReportTitle", "Title", doc.Title, "Language", data.LangName(lang))
		if err := qaExportHTML.Execute(&buf, data); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": "qa-" + itoa(doc.ID) + "-" + lang + "." + format}))
	w.Write(buf.Bytes())
}

// qaExportHTML is the downloadable report: a page of its own with its
// style inline, since it is read away from the workbench.
var qaExportHTML = template.Must(template.New("qa").Parse(`<!DOCTYPE html>
<html lang="{{.UI}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3em;vertical-align:top;text-align:left}.error{color:#a00}</style>
</head><body>
<h1>{{.Title}}</h1>
{{range .Groups}}<h2>{{.Name}} ({{len .Findings}})</h2>
<table><tbody>{{range .Findings}}<tr><td>{{.Position}}</td><td class="{{if .Error}}error{{end}}">{{.Severity}}</td><td>{{.Message}}</td><td lang="zh-Hans">{{.Source}}</td><td>{{.Target}}</td></tr>{{end}}</tbody></table>
{{end}}</body></html>
`))

// setChecks switches the document's checks from the report page's form
// (admins): the boxes ticked stay on, the others go off.
func (h qualityPage) setChecks(w http.ResponseWriter, r *http.Request) {
	doc, lang := documentFrom(r.Context()), langFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, badParam("form", ""))
		return
	}
	on := r.PostForm["check"]
	for _, c := range on {
		if !slices.Contains(qa.Checks, c) {
			h.fail(w, r, badParam("check", c))
			return
		}
	}
	if err := h.qa.SetEnabled(r.Context(), doc.ID, on, userID(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/documents/"+itoa(doc.ID)+"/qa/"+lang, http.StatusSeeOther)
}
