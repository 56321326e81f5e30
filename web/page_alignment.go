package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"alinea/align"
	"alinea/alignment"
	"alinea/formats"
	"alinea/store"
)

// alignmentPage is the alignment workbench: bring an existing translation
// into a document, review how it was aligned with the segments, accept it.
type alignmentPage struct {
	responder
	store *store.Store
	perms permsFunc
}

type alignmentKey struct{}

func alignmentFrom(ctx context.Context) store.Alignment {
	return ctx.Value(alignmentKey{}).(store.Alignment)
}

// load reads the {alignID} alignment, and its document, into the context.
func (h alignmentPage) load(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := chi.URLParam(r, "alignID")
		id, ok := parseID(raw)
		if !ok {
			h.fail(w, r, failure(http.StatusNotFound, "ErrAlignmentNotFound", map[string]any{"ID": raw}))
			return
		}
		a, err := h.store.Alignment(r.Context(), id)
		if err != nil {
			if isNotFound(err) {
				err = failure(http.StatusNotFound, "ErrAlignmentNotFound", map[string]any{"ID": id})
			}
			h.fail(w, r, err)
			return
		}
		doc, err := h.store.Document(r.Context(), a.DocumentID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		ctx := context.WithValue(r.Context(), alignmentKey{}, a)
		ctx = context.WithValue(ctx, documentKey, doc)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// alignmentError turns the errors of importing and editing alignments into
// what the user is told; others go to classify.
func alignmentError(err error) error {
	var ue *userError
	var re *alignment.RangeError
	switch {
	case errors.As(err, &ue):
		return ue
	case errors.As(err, &re) && re.Rows > 0:
		return failure(http.StatusBadRequest, "ErrSegmentsOutside", map[string]any{"Range": re.Range, "Rows": re.Rows})
	case errors.As(err, &re):
		return failure(http.StatusBadRequest, "ErrSegmentsUnreadable", map[string]any{"Range": re.Range})
	case errors.Is(err, store.ErrUnknownLanguage):
		return failure(http.StatusBadRequest, "ErrTranslationLanguage", nil)
	case errors.Is(err, alignment.ErrUnreadable):
		return failure(http.StatusBadRequest, "ErrUnreadableTranslation", nil)
	case errors.Is(err, formats.ErrTooLarge):
		return failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": alignment.MaxBytes >> 20})
	case errors.Is(err, align.ErrTooLarge):
		return failure(http.StatusRequestEntityTooLarge, "ErrTooManySentences", nil)
	case errors.Is(err, store.ErrAlignmentChanged):
		return failure(http.StatusConflict, "ErrAlignmentChanged", nil)
	case errors.Is(err, store.ErrAlignmentClosed):
		return failure(http.StatusConflict, "ErrAlignmentClosed", nil)
	case errors.Is(err, store.ErrBadEdit):
		return failure(http.StatusBadRequest, "ErrBadAlignmentEdit", nil)
	case errors.Is(err, store.ErrSegmentationChanged):
		return failure(http.StatusConflict, "ErrSegmentationChanged", nil)
	}
	return err
}

// editableLangs are the target languages the user may bring translations
// into for doc.
func (h alignmentPage) editableLangs(r *http.Request, doc store.Document) ([]string, error) {
	langs, err := h.store.TargetLanguages(r.Context())
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range langs {
		if h.perms(r, doc, l).Edit {
			out = append(out, l)
		}
	}
	return out, nil
}

type alignmentsData struct {
	*page
	Doc        store.Document
	Langs      []string // the languages the user may import into
	Lang       string
	Text       string
	Segments   string // the segments the translation covers, as typed
	Alignments []store.AlignmentSummary
	Error      string
	BadRange   bool // the error is about Segments
	MaxMB      int
}

// list shows the import form and the document's alignments, to resume one.
func (h alignmentPage) list(w http.ResponseWriter, r *http.Request) {
	h.renderList(w, r, http.StatusOK, alignmentsData{Lang: r.URL.Query().Get("lang")})
}

func (h alignmentPage) renderList(w http.ResponseWriter, r *http.Request, status int, data alignmentsData) {
	doc := documentFrom(r.Context())
	langs, err := h.editableLangs(r, doc)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	list, err := h.store.Alignments(r.Context(), doc.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("AlignmentsTitle", "Title", doc.Title)
	data.page, data.Doc, data.Langs, data.Alignments, data.MaxMB = p, doc, langs, list, alignment.MaxBytes>>20
	if !slices.Contains(langs, data.Lang) && len(langs) > 0 {
		data.Lang = langs[0]
	}
	if err := h.views.render(w, status, "alignments", data); err != nil {
		h.log.Error("render alignments", "err", err)
	}
}

// create imports a translation sent as a file or pasted text, aligns it and
// shows the review. Refused input is reported and stores nothing.
func (h alignmentPage) create(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	form := alignmentsData{}
	refuse := func(err error) {
		badRange := errors.As(err, new(*alignment.RangeError))
		err = alignmentError(err)
		if wantsJSON(r) {
			h.fail(w, r, err)
			return
		}
		ue := h.classify(r, err)
		form.Error = h.tr.of(r).T(ue.id, ue.data)
		form.BadRange = badRange
		h.renderList(w, r, ue.status, form)
	}
	r.Body = http.MaxBytesReader(w, r.Body, alignment.MaxBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": alignment.MaxBytes >> 20}))
			return
		}
		refuse(failure(http.StatusBadRequest, "ErrNoTranslation", nil))
		return
	}
	defer r.MultipartForm.RemoveAll()
	form.Lang = r.FormValue("lang")
	form.Segments = strings.ToValidUTF8(r.FormValue("segments"), "\uFFFD")
	langs, err := h.store.TargetLanguages(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if form.Lang == "" {
		refuse(failure(http.StatusBadRequest, "ErrTranslationLanguage", nil))
		return
	}
	if !slices.Contains(langs, form.Lang) {
		refuse(failure(http.StatusBadRequest, "ErrUnknownLanguage", map[string]any{"Lang": form.Lang, "Langs": strings.Join(langs, ", ")}))
		return
	}
	if !h.perms(r, doc, form.Lang).Edit {
		h.fail(w, r, errForbidden)
		return
	}
	var data []byte
	fileName := ""
	if f, fh, err := r.FormFile("file"); err == nil {
		defer f.Close()
		data, err = io.ReadAll(io.LimitReader(f, alignment.MaxBytes+1))
		if err != nil {
			refuse(err)
			return
		}
		fileName = strings.ToValidUTF8(filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/")), "")
	}
	if len(data) == 0 {
		text := r.FormValue("text")
		if !utf8.ValidString(text) {
			refuse(failure(http.StatusBadRequest, "ErrInvalidUTF8", nil))
			return
		}
		form.Text = text
		data, fileName = []byte(text), ""
	}
	if strings.TrimSpace(string(data)) == "" {
		refuse(failure(http.StatusBadRequest, "ErrNoTranslation", nil))
		return
	}
	if len(data) > alignment.MaxBytes {
		refuse(failure(http.StatusRequestEntityTooLarge, "ErrFileTooLarge", map[string]any{"Max": alignment.MaxBytes >> 20}))
		return
	}
	// The segments the translation covers, when the translator gives them;
	// Import checks them against the document.
	segments, err := alignment.ParseRanges(form.Segments)
	if err != nil {
		refuse(err)
		return
	}
	a, err := alignment.Import(r.Context(), h.store, alignment.Request{DocumentID: doc.ID, Lang: form.Lang,
		FileName: fileName, Data: data, By: userID(r), Segments: segments})
	if err != nil {
		refuse(err)
		return
	}
	h.log.Info("aligned translation", "document", doc.ID, "alignment", a.ID, "lang", a.Lang, "beads", len(a.Beads))
	u := alignmentURL(a.ID)
	if wantsJSON(r) {
		w.Header().Set("Location", u)
		h.json(w, http.StatusCreated, alignmentJSON(a))
		return
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

func alignmentURL(id int64) string { return "/alignments/" + itoa(id) }

type reviewData struct {
	*page
	Doc       store.Document
	A         store.Alignment
	Can       Can
	Beads     []beadView
	Summary   alignment.Summary
	Sort      string
	Map       alignmentMap
	Threshold string
	Report    *store.AcceptReport
	Script    reviewScript
	Editor    string
	Rows      map[int64]int // row numbers of the document's segments, for the report
	OnRows    string        // the rows that got translation, where it landed
}

type beadView struct {
	store.AlignmentBead
	Src       []beadSource
	Tgt       []store.TargetSentence
	Pct       int
	Shade     string // hi, mid, lo: the class the confidence is shaded with
	First     bool
	Last      bool
	Translate bool // the first segment already has a translation
}

type beadSource struct {
	store.AlignedSource
	Position int // 1-based, as the editor numbers segments
}

type reviewScript struct {
	ID       int64          `json:"id"`
	Version  int64          `json:"version"`
	Edit     bool           `json:"edit"`
	Messages map[string]any `json:"msgs"`
}

// shade buckets a confidence for display.
func shade(c float64) string {
	switch {
	case c >= 0.9:
		return "hi"
	case c >= alignment.LowConfidence:
		return "mid"
	}
	return "lo"
}

// review shows an alignment's beads side by side, with the map of its path.
func (h alignmentPage) review(w http.ResponseWriter, r *http.Request) {
	h.renderReview(w, r, http.StatusOK, nil, "")
}

func (h alignmentPage) renderReview(w http.ResponseWriter, r *http.Request, status int, report *store.AcceptReport, threshold string) {
	ctx := r.Context()
	a := alignmentFrom(ctx)
	doc := documentFrom(ctx)
	rows, _, err := h.store.Segments(ctx, doc.ID, store.SegmentQuery{Lang: a.Lang})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	translated := map[int64]bool{}
	position := map[int64]int{}
	for _, row := range rows {
		position[row.ID] = row.Position
		translated[row.ID] = strings.TrimSpace(row.Translation.Text) != ""
	}
	p := h.newPage(r)
	p.Title = p.T("ReviewTitle", "Title", doc.Title, "Language", p.LangWord(a.Lang))
	can := h.perms(r, doc, a.Lang)
	if a.State != store.AlignmentOpen {
		can.Edit = false
	}
	data := reviewData{page: p, Doc: doc, A: a, Can: can, Summary: alignment.Summarize(a), Report: report,
		Sort: r.URL.Query().Get("sort"), Threshold: threshold, Editor: editorURL(doc.ID, a.Lang), Rows: position,
		OnRows: alignment.FormatRanges(alignment.TranslatedRows(a, position))}
	if data.Threshold == "" {
		data.Threshold = strconv.FormatFloat(alignment.LowConfidence, 'f', -1, 64)
	}
	for i, b := range a.Beads {
		v := beadView{AlignmentBead: b, Pct: int(b.Trust()*100 + 0.5), Shade: shade(b.Trust()),
			First: i == 0, Last: i == len(a.Beads)-1}
		for _, src := range a.Sources[b.SrcFirst : b.SrcFirst+b.SrcCount] {
			v.Src = append(v.Src, beadSource{AlignedSource: src, Position: position[src.SegmentID]})
		}
		v.Tgt = a.Sentences[b.TgtFirst : b.TgtFirst+b.TgtCount]
		if len(v.Src) > 0 {
			v.Translate = translated[v.Src[0].SegmentID]
		}
		data.Beads = append(data.Beads, v)
	}
	data.Map = newAlignmentMap(data.Beads, len(a.Sources), len(a.Sentences))
	if data.Sort == "weak" {
		sort.SliceStable(data.Beads, func(i, j int) bool { return data.Beads[i].Trust() < data.Beads[j].Trust() })
	} else {
		data.Sort = ""
	}
	data.Script = reviewScript{ID: a.ID, Version: a.Version, Edit: can.Edit, Messages: reviewMessages(p)}
	if err := h.views.render(w, status, "alignment", data); err != nil {
		h.log.Error("render alignment", "err", err)
	}
}

// reviewMessages are the messages alignment.js shows, with {Field}
// placeholders it fills in.
func reviewMessages(p *page) map[string]any {
	return map[string]any{
		"AlignWorking":    p.T("AlignWorking"),
		"AlignEditFailed": p.T("AlignEditFailed", "Error", "{Error}"),
		"AlignOffline":    p.T("AlignOffline"),
	}
}

// alignmentMap is the path of an alignment drawn as an SVG: source index
// across, target index down, one point per bead, coloured by confidence.
type alignmentMap struct {
	Width, Height int
	Path          string
	Points        []mapPoint
}

type mapPoint struct {
	Position int
	X, Y     string
	Shade    string
	Pct      int
	Type     string
}

const mapSize = 400

func newAlignmentMap(beads []beadView, nSrc, nTgt int) alignmentMap {
	m := alignmentMap{Width: mapSize, Height: mapSize}
	sx := float64(mapSize) / float64(max(1, nSrc))
	sy := float64(mapSize) / float64(max(1, nTgt))
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	var path strings.Builder
	path.WriteString("0,0")
	for _, b := range beads {
		x := float64(b.SrcFirst + b.SrcCount)
		y := float64(b.TgtFirst + b.TgtCount)
		fmt.Fprintf(&path, " %s,%s", f(x*sx), f(y*sy))
		m.Points = append(m.Points, mapPoint{Position: b.Position,
			X: f((float64(b.SrcFirst) + float64(b.SrcCount)/2) * sx), Y: f((float64(b.TgtFirst) + float64(b.TgtCount)/2) * sy),
			Shade: b.Shade, Pct: b.Pct, Type: b.Type()})
	}
	m.Path = path.String()
	return m
}

// accept turns the beads at or above the threshold into draft translations
// and shows what was done and what was skipped.
func (h alignmentPage) accept(w http.ResponseWriter, r *http.Request) {
	a := alignmentFrom(r.Context())
	if !h.perms(r, documentFrom(r.Context()), a.Lang).Edit {
		h.fail(w, r, errForbidden)
		return
	}
	var threshold float64
	var overwrite bool
	var raw string
	if wantsJSON(r) {
		var body struct {
			Threshold *float64 `json:"threshold"`
			Overwrite bool     `json:"overwrite"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&body); err != nil || body.Threshold == nil {
			h.fail(w, r, failure(http.StatusBadRequest, "ErrBadThreshold", nil))
			return
		}
		threshold, overwrite = *body.Threshold, body.Overwrite
	} else {
		raw = strings.TrimSpace(r.FormValue("threshold"))
		t, err := strconv.ParseFloat(strings.Replace(raw, ",", ".", 1), 64)
		if err != nil {
			h.fail(w, r, failure(http.StatusBadRequest, "ErrBadThreshold", nil))
			return
		}
		threshold, overwrite = t, r.FormValue("overwrite") != ""
	}
	if threshold < 0 || threshold > 1 {
		h.fail(w, r, failure(http.StatusBadRequest, "ErrBadThreshold", nil))
		return
	}
	rep, err := h.store.AcceptAlignment(r.Context(), store.AcceptOptions{AlignmentID: a.ID, Threshold: threshold,
		Overwrite: overwrite, By: userID(r)})
	if err != nil {
		h.fail(w, r, alignmentError(err))
		return
	}
	if wantsJSON(r) {
		h.json(w, http.StatusOK, acceptJSON(rep))
		return
	}
	a, err = h.store.Alignment(r.Context(), a.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), alignmentKey{}, a))
	h.renderReview(w, r, http.StatusOK, &rep, raw)
}

// apiGet answers the alignment as JSON.
func (h alignmentPage) apiGet(w http.ResponseWriter, r *http.Request) {
	h.json(w, http.StatusOK, alignmentJSON(alignmentFrom(r.Context())))
}

// apiEdit applies one edit to the beads.
func (h alignmentPage) apiEdit(w http.ResponseWriter, r *http.Request) {
	a := alignmentFrom(r.Context())
	if !h.perms(r, documentFrom(r.Context()), a.Lang).Edit {
		h.fail(w, r, errForbidden)
		return
	}
	var body struct {
		Op       string `json:"op"`
		Position *int   `json:"position"`
		Version  int64  `json:"version"`
		SrcAt    int    `json:"src_at"`
		TgtAt    int    `json:"tgt_at"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&body); err != nil || body.Position == nil ||
		!slices.Contains(store.EditOps, store.EditOp(body.Op)) {
		h.fail(w, r, failure(http.StatusBadRequest, "ErrBadAlignmentEdit", nil))
		return
	}
	got, err := h.store.EditAlignment(r.Context(), store.Edit{AlignmentID: a.ID, Op: store.EditOp(body.Op),
		Position: *body.Position, BaseVersion: body.Version, SrcAt: body.SrcAt, TgtAt: body.TgtAt, By: userID(r)})
	if err != nil {
		h.fail(w, r, alignmentError(err))
		return
	}
	h.json(w, http.StatusOK, alignmentJSON(got))
}

type beadJSON struct {
	Position     int      `json:"position"`
	Type         string   `json:"type"`
	Segments     []int64  `json:"segments"`
	Sentences    []int    `json:"sentences"`
	Target       []string `json:"target"`
	Confidence   float64  `json:"confidence"`
	Reviewed     bool     `json:"reviewed"`
	Untranslated bool     `json:"untranslated"`
	Outcome      string   `json:"outcome,omitempty"`
}

type alignmentOut struct {
	ID       int64      `json:"id"`
	Document int64      `json:"document"`
	Lang     string     `json:"lang"`
	FileName string     `json:"file_name"`
	State    string     `json:"state"`
	Version  int64      `json:"version"`
	URL      string     `json:"url"`
	Beads    []beadJSON `json:"beads"`
}

func alignmentJSON(a store.Alignment) alignmentOut {
	out := alignmentOut{ID: a.ID, Document: a.DocumentID, Lang: a.Lang, FileName: a.FileName, State: a.State,
		Version: a.Version, URL: alignmentURL(a.ID), Beads: []beadJSON{}}
	for _, b := range a.Beads {
		j := beadJSON{Position: b.Position, Type: b.Type(), Confidence: b.Confidence, Reviewed: b.Reviewed,
			Untranslated: b.Untranslated, Outcome: b.Outcome, Segments: []int64{}, Sentences: []int{}, Target: []string{}}
		for _, s := range a.Sources[b.SrcFirst : b.SrcFirst+b.SrcCount] {
			j.Segments = append(j.Segments, s.SegmentID)
		}
		for _, s := range a.Sentences[b.TgtFirst : b.TgtFirst+b.TgtCount] {
			j.Sentences = append(j.Sentences, s.Index)
			j.Target = append(j.Target, s.Text)
		}
		out.Beads = append(out.Beads, j)
	}
	return out
}

type acceptOut struct {
	Accepted     int     `json:"accepted"`
	Replaced     int     `json:"replaced"`
	Below        int     `json:"below"`
	Untranslated int     `json:"untranslated"`
	Changed      int     `json:"changed"`
	Unmatched    int     `json:"unmatched"`
	Existing     []int64 `json:"existing"`
	Covered      []int64 `json:"covered"`
}

func acceptJSON(rep store.AcceptReport) acceptOut {
	out := acceptOut{Accepted: rep.Accepted, Replaced: rep.Replaced, Below: rep.Below, Untranslated: rep.Untranslated,
		Changed: rep.Changed, Unmatched: rep.Unmatched, Existing: []int64{}, Covered: []int64{}}
	for _, e := range rep.Existing {
		out.Existing = append(out.Existing, e.SegmentID)
	}
	for _, c := range rep.Covered {
		out.Covered = append(out.Covered, c.SegmentID)
	}
	return out
}

// OutcomeName says what accepting did with a bead.
func (p *page) OutcomeName(o string) string {
	if id := outcomeID(o); id != "" {
		return p.T(id)
	}
	return o
}

func outcomeID(o string) string {
	switch o {
	case store.OutcomeAccepted:
		return "OutcomeAccepted"
	case store.OutcomeExisting:
		return "OutcomeExisting"
	case store.OutcomeBelow:
		return "OutcomeBelow"
	case store.OutcomeUntranslated:
		return "OutcomeUntranslated"
	case store.OutcomeChanged:
		return "OutcomeChanged"
	}
	return ""
}
