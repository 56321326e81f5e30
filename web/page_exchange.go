package web

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/docimport"
	"alinea/exchange"
	"alinea/formats"
	"alinea/store"
	"alinea/workflow"
)

// maxExchangeBytes bounds an uploaded exchange file. The readers hold the
// whole file's units in memory before one transaction applies them, so the
// bound is the upload limit of source documents rather than the readers'
// own, larger one.
const maxExchangeBytes = docimport.MaxBytes

// exchangePage serves a document's exports in every exchange format and
// the import of translations back from them: a page with the download menu
// and the upload form, the download itself, and the import as a form post
// or as JSON.
type exchangePage struct {
	responder
	store *store.Store
	perms permsFunc
	saved savedFunc // tells open editors
}

// maxLiveUpdates bounds the saves an import announces to open editors one
// by one; past it, an editor that saves over an imported translation gets
// the usual conflict instead.
const maxLiveUpdates = 1000

type exchangeData struct {
	*page
	Doc      store.Document
	Formats  []formatChoice
	Langs    []string
	Statuses []workflow.Status // for the status filter
	// EditLangs are the languages the user may import into; no import form
	// without any.
	EditLangs []string
	// CanOverwrite offers to save a file's translations over changed ones
	// (reviewers and administrators).
	CanOverwrite bool
	// ZhTags are the tags Chinese may be written with, offered to
	// reviewers and administrators (nil for others).
	ZhTags []string
	MaxMB  int
	Result *importSummary
	Error  string
}

type formatChoice struct {
	Name, Label string
}

type importSummary struct {
	FileName                                                     string
	Applied, Overwritten, Unchanged, Conflicts, Unmatched, Empty int
	Issues                                                       []string // conflicts, then unmatched units, each a sentence
	More                                                         int      // issues not listed
}

func (h exchangePage) show(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, exchangeData{})
}

func (h exchangePage) render(w http.ResponseWriter, r *http.Request, status int, data exchangeData) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	langs, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("ExchangeTitle", "Title", doc.Title)
	data.page, data.Doc, data.Langs, data.MaxMB = p, doc, langs, maxExchangeBytes>>20
	data.Statuses = []workflow.Status{workflow.StatusTranslated, workflow.StatusReviewed, workflow.StatusApproved}
	for _, f := range formats.ExportFormats() {
		data.Formats = append(data.Formats, formatChoice{Name: f.Name, Label: p.T(formatLabelID(f.Name))})
	}
	for _, l := range langs {
		if c := h.perms(r, doc, l); c.Edit {
			data.EditLangs = append(data.EditLangs, l)
			data.CanOverwrite = data.CanOverwrite || c.Review
		}
	}
	if u := currentUser(r); u != nil && (u.Role == store.RoleReviewer || u.Role == store.RoleAdmin) {
		data.ZhTags = store.ZhTags
	}
	if err := h.views.render(w, status, "exchange", data); err != nil {
		h.log.Error("render exchange", "err", err)
	}
}

// setZhTag sets the tag Chinese is written with in the document's exchange
// files (form field tag) and shows the page again.
func (h exchangePage) setZhTag(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	tag := r.FormValue("tag")
	if err := h.store.SetZhTag(r.Context(), doc.ID, tag, userID(r)); err != nil {
		if errors.Is(err, store.ErrUnknownZhTag) {
			h.fail(w, r, badParam("tag", tag))
			return
		}
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/documents/"+itoa(doc.ID)+"/exchange", http.StatusSeeOther)
}

// formatLabelID names a format in the download menu.
func formatLabelID(name string) string {
	switch name {
	case "docx":
		return "ExportFormatDocx"
	case "target-docx":
		return "ExportFormatTargetDocx"
	case "md":
		return "ExportFormatMarkdown"
	case "txt":
		return "ExportFormatText"
	case "html":
		return "ExportFormatHTML"
	case "tmx":
		return "ExportFormatTMX"
	case "xliff2":
		return "ExportFormatXLIFF2"
	case "xliff12":
		return "ExportFormatXLIFF12"
	case "csv":
		return "ExportFormatCSV"
	case "tsv":
		return "ExportFormatTSV"
	}
	return "ExportFormatOther"
}

// download streams the document in the format and languages asked for
// (format, lang: a code, a list or all, status: the least status kept,
// untranslated: omit, source or mark, show_status). Anyone who can read the
// document can download it.
func (h exchangePage) download(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	q := r.URL.Query()
	f, ok := formats.LookupFormat(q.Get("format"))
	if !ok {
		h.fail(w, r, badParam("format", q.Get("format")))
		return
	}
	targets, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	langs, err := exchange.Langs(q.Get("lang"), targets)
	if err != nil || len(langs) == 0 {
		h.fail(w, r, failure(http.StatusBadRequest, "ErrUnknownLanguage", map[string]any{"Lang": q.Get("lang"), "Langs": strings.Join(targets, ", ")}))
		return
	}
	var opt formats.ExportOptions
	if s := q.Get("status"); s != "" && s != "all" {
		st, err := workflow.ParseStatus(s)
		if err != nil {
			h.fail(w, r, badParam("status", s))
			return
		}
		opt.MinStatus = st
	}
	if opt.Untranslated, err = formats.ParseUntranslated(q.Get("untranslated")); err != nil {
		h.fail(w, r, badParam("untranslated", q.Get("untranslated")))
		return
	}
	opt.ShowStatus = q.Get("show_status") != "" && q.Get("show_status") != "0"
	if opt.ShowStatus {
		p := h.newPage(r)
		opt.StatusNames = map[workflow.Status]string{}
		for _, st := range workflow.Statuses {
			opt.StatusNames[st] = p.StatusName(st)
		}
	}

	name, ctype := exchange.Download(doc, f, langs)
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", contentDisposition(name, doc.ID))
	hd.Set("Cache-Control", "no-store")
	cw := &countingWriter{w: w}
	if err := exchange.Export(ctx, h.store, cw, doc, f, langs, opt); err != nil {
		if cw.n == 0 {
			hd.Del("Content-Disposition")
			h.fail(w, r, err)
			return
		}
		// The writers stream, and the status line went out with the first
		// bytes: the failure cannot become an error page, so the connection
		// is cut and the client sees an incomplete download rather than a
		// file that looks whole.
		h.log.Error("export", "document", doc.ID, "format", f.Name, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// countingWriter tells whether a response has begun.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// contentDisposition names a download: an ASCII name for old clients and
// the real one, UTF-8, for the rest (RFC 6266, RFC 5987).
func contentDisposition(name string, docID int64) string {
	ascii := asciiName(name, docID)
	v := `attachment; filename="` + ascii + `"`
	if ascii != name {
		v += "; filename*=UTF-8''" + rfc5987(name)
	}
	return v
}

// rfc5987 percent-encodes every byte of s but the attr-chars of RFC 5987.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// asciiName keeps the ASCII letters, digits, dots, dashes and underscores
// of name, other runs becoming one dash; a title with nothing left (a
// Chinese one) becomes document-ID.
func asciiName(name string, docID int64) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".-_", r)) {
			b.WriteRune(r)
			dash = r == '-'
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimLeft(strings.ReplaceAll(b.String(), "-.", "."), "-")
	if strings.HasPrefix(out, ".") || out == "" {
		out = "document-" + itoa(docID) + out
	}
	return out
}

// importAPI applies an uploaded exchange file and answers with the summary
// as JSON.
func (h exchangePage) importAPI(w http.ResponseWriter, r *http.Request) {
	res, _, err := h.apply(w, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.json(w, http.StatusOK, res)
}

// importForm applies a file sent from the exchange page's form and shows
// the page again with the summary or what was wrong.
func (h exchangePage) importForm(w http.ResponseWriter, r *http.Request) {
	res, name, err := h.apply(w, r)
	if err != nil {
		ue := h.classify(r, err)
		h.render(w, r, ue.status, exchangeData{Error: h.tr.of(r).T(ue.id, ue.data)})
		return
	}
	h.render(w, r, http.StatusOK, exchangeData{Result: h.summary(r, name, res)})
}

// apply reads the multipart upload (file, and lang to apply one language of
// it) and applies it in one transaction. Only users who may edit every
// language applied may import; the store saves statuses above translated as
// translated for those who may not review.
func (h exchangePage) apply(w http.ResponseWriter, r *http.Request) (exchange.Result, string, error) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	targets, err := h.store.TargetLanguages(ctx)
	if err != nil {
		return exchange.Result{}, "", err
	}
	// Viewers are refused before the upload is read.
	if !slices.ContainsFunc(targets, func(l string) bool { return h.perms(r, doc, l).Edit }) {
		return exchange.Result{}, "", errForbidden
	}
	tooLarge := failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": maxExchangeBytes >> 20})
	r.Body = http.MaxBytesReader(w, r.Body, maxExchangeBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return exchange.Result{}, "", tooLarge
		}
		return exchange.Result{}, "", failure(http.StatusBadRequest, "ErrNoFile", nil)
	}
	defer r.MultipartForm.RemoveAll()
	file, fh, err := r.FormFile("file")
	if err != nil {
		return exchange.Result{}, "", failure(http.StatusBadRequest, "ErrNoFile", nil)
	}
	defer file.Close()
	if fh.Size > maxExchangeBytes {
		return exchange.Result{}, "", tooLarge
	}
	name := strings.ToValidUTF8(filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/")), "")
	read, ok := formats.ImportFormatFor(name)
	if !ok {
		return exchange.Result{}, name, failure(http.StatusBadRequest, "ErrImportFormat", map[string]any{"Name": name})
	}
	var langs []string
	if l := r.FormValue("lang"); l != "" && l != "all" {
		if !slices.Contains(targets, l) {
			return exchange.Result{}, name, failure(http.StatusBadRequest, "ErrUnknownLanguage", map[string]any{"Lang": l, "Langs": strings.Join(targets, ", ")})
		}
		langs = []string{l}
	}
	im, err := read(file)
	if err != nil {
		if errors.Is(err, formats.ErrTooLarge) {
			return exchange.Result{}, name, tooLarge
		}
		return exchange.Result{}, name, failure(http.StatusBadRequest, "ErrImportUnreadable", map[string]any{"Name": name, "Problem": err.Error()})
	}
	if err := exchange.Prepare(im, langs); err != nil {
		return exchange.Result{}, name, h.prepareFailure(r, name, err)
	}
	check := langs
	if check == nil {
		check, _ = exchange.FileLangs(im, targets)
	}
	// The store refuses these too; asked first, the answer names the
	// language.
	for _, l := range check {
		if !h.perms(r, doc, l).Edit {
			return exchange.Result{}, name, failure(http.StatusForbidden, "ErrImportLanguage", map[string]any{"Language": h.newPage(r).LangWord(l)})
		}
	}
	opt := store.ApplyOptions{UserID: userID(r), Detail: im.Format + " " + name, Overwrite: r.FormValue("overwrite") != ""}
	res, err := exchange.Apply(ctx, h.store, doc, im, langs, opt)
	if errors.Is(err, exchange.ErrOtherDocument) {
		return exchange.Result{}, name, failure(http.StatusBadRequest, "ErrImportOtherDocument", map[string]any{"ID": im.Header.DocID})
	}
	if errors.Is(err, store.ErrOverwriteNotAllowed) {
		return exchange.Result{}, name, failure(http.StatusForbidden, "ErrImportOverwrite", nil)
	}
	if errors.Is(err, store.ErrNothingMatched) {
		reason := ""
		if len(res.Unmatched) > 0 {
			reason = h.newPage(r).T(reasonID(res.Unmatched[0].Reason), "Segment", res.Unmatched[0].SegmentID)
		}
		return exchange.Result{}, name, failure(http.StatusUnprocessableEntity, "ErrImportNothingMatched",
			map[string]any{"Name": name, "Count": res.UnmatchedCount, "Reason": reason})
	}
	if err != nil {
		return exchange.Result{}, name, err
	}
	if h.saved != nil {
		for _, t := range res.Saved[:min(len(res.Saved), maxLiveUpdates)] {
			h.saved(ctx, doc.ID, t)
		}
	}
	h.log.Info("exchange import", "document", doc.ID, "file", name, "applied", res.Applied, "conflicts", res.ConflictCount, "unmatched", res.UnmatchedCount)
	return res, name, nil
}

// prepareFailure says why a file read fine but cannot be applied as asked.
func (h exchangePage) prepareFailure(r *http.Request, name string, err error) error {
	var le *exchange.LangError
	switch {
	case errors.Is(err, exchange.ErrNoLanguage):
		return failure(http.StatusBadRequest, "ErrImportNoLanguage", map[string]any{"Name": name})
	case errors.Is(err, exchange.ErrNoTranslations):
		return failure(http.StatusBadRequest, "ErrImportNoUnits", map[string]any{"Name": name})
	case errors.As(err, &le):
		p := h.newPage(r)
		names := func(ls []string) string {
			out := make([]string, len(ls))
			for i, l := range ls {
				out[i] = p.LangName(l)
			}
			return strings.Join(out, ", ")
		}
		return failure(http.StatusBadRequest, "ErrImportLangNotInFile", map[string]any{"Chosen": names(le.Chosen), "InFile": names(le.InFile)})
	}
	return err
}

// summary puts an import's result into sentences for the page.
func (h exchangePage) summary(r *http.Request, name string, res exchange.Result) *importSummary {
	p := h.newPage(r)
	s := &importSummary{FileName: name, Applied: res.Applied, Overwritten: res.Overwritten, Unchanged: res.Unchanged,
		Conflicts: res.ConflictCount, Unmatched: res.UnmatchedCount, Empty: res.Skipped}
	where := func(i store.ApplyIssue) string {
		if i.Ref == "" {
			return p.T("ImportWhereLine", "Line", i.Line)
		}
		return p.T("ImportWhereUnit", "ID", i.Ref, "Line", i.Line)
	}
	const shown = 50
	// People know a segment by its row number in the editor.
	rowsOf, _ := h.store.RowNumbers(r.Context(), documentFrom(r.Context()).ID)
	rowOf := func(id int64) string {
		if n, ok := rowsOf[id]; ok {
			return p.Num(n)
		}
		return strconv.FormatInt(id, 10)
	}
	for _, c := range res.Conflicts {
		if len(s.Issues) < shown {
			s.Issues = append(s.Issues, p.T("ImportConflictItem", "Where", where(c), "Segment", rowOf(c.SegmentID),
				"Language", p.LangWord(c.Lang), "Base", c.BaseVersion, "Current", c.CurrentVersion))
		}
	}
	for _, u := range res.Unmatched {
		if len(s.Issues) < shown {
			s.Issues = append(s.Issues, p.T("ImportUnmatchedItem", "Where", where(u), "Language", p.LangWord(u.Lang),
				"Reason", p.T(reasonID(u.Reason), "Segment", u.SegmentID)))
		}
	}
	s.More = res.ConflictCount + res.UnmatchedCount - len(s.Issues)
	return s
}

// reasonID says why an imported unit matched no segment.
func reasonID(reason string) string {
	switch reason {
	case store.ReasonNoSegment:
		return "ReasonNoSegment"
	case store.ReasonMergedOrSplit:
		return "ReasonRetired"
	case store.ReasonSourceDiffers:
		return "ReasonSourceDiffers"
	case store.ReasonNoSource:
		return "ReasonNoSourceMatch"
	case store.ReasonUnknownLang:
		return "ReasonUnknownLanguage"
	}
	return "ReasonInvalidStatus"
}
