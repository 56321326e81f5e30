package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"alinea/align/term"
	"alinea/align/text"
	"alinea/glossary"
	"alinea/store"
)

// glossaryAPI serves the glossary as JSON: lookup, concept changes, import
// and export, and the glossary's view of a document (term hits, the
// terminology check, term discovery).
type glossaryAPI struct {
	responder
	store   *store.Store
	gloss   *glossary.Service
	changed func(context.Context) // after every change of the glossary
}

type conceptJSON struct {
	ID         int64      `json:"id"`
	Domain     string     `json:"domain"`
	Definition string     `json:"definition"`
	Note       string     `json:"note"`
	Source     string     `json:"source"`
	Terms      []termJSON `json:"terms"`
	UpdatedBy  string     `json:"updated_by,omitempty"`
	UpdatedAt  *time.Time `json:"updated_at,omitempty"`
}

type termJSON struct {
	ID     int64      `json:"id,omitempty"`
	Lang   string     `json:"lang"`
	Text   string     `json:"text"`
	Status string     `json:"status"`
	Gender string     `json:"gender,omitempty"`
	Number string     `json:"number,omitempty"`
	Note   string     `json:"note,omitempty"`
	Forms  []formJSON `json:"forms,omitempty"`
}

type formJSON struct {
	Text   string `json:"text"`
	Gender string `json:"gender,omitempty"`
	Number string `json:"number,omitempty"`
}

func newConceptJSON(c store.Concept) conceptJSON {
	out := conceptJSON{ID: c.ID, Domain: c.Domain, Definition: c.Definition, Note: c.Note, Source: c.Source,
		UpdatedBy: c.UpdatedByName, Terms: make([]termJSON, 0, len(c.Terms))}
	if !c.UpdatedAt.IsZero() {
		out.UpdatedAt = &c.UpdatedAt
	}
	for _, t := range c.Terms {
		tj := termJSON{ID: t.ID, Lang: t.Lang, Text: t.Text, Status: string(t.Status), Gender: t.Gender, Number: t.Number, Note: t.Note}
		for _, f := range t.Forms {
			tj.Forms = append(tj.Forms, formJSON(f))
		}
		out.Terms = append(out.Terms, tj)
	}
	return out
}

func (cj conceptJSON) concept() store.Concept {
	c := store.Concept{Concept: term.Concept{ID: cj.ID, Domain: cj.Domain, Note: cj.Note, Source: cj.Source}, Definition: cj.Definition}
	for _, t := range cj.Terms {
		at := term.Term{Lang: t.Lang, Text: t.Text, Status: term.TermStatus(t.Status), Gender: t.Gender, Number: t.Number, Note: t.Note}
		for _, f := range t.Forms {
			at.Forms = append(at.Forms, term.TermForm(f))
		}
		c.Terms = append(c.Terms, at)
	}
	return c
}

// glossaryError turns the store's glossary errors into messages for the
// user; others pass through to classify.
func glossaryError(err error) error {
	var dup *store.DuplicateTermError
	var bad *store.ConceptError
	switch {
	case errors.As(err, &dup):
		u := failure(http.StatusConflict, "ErrTermExists", map[string]any{"Term": dup.Term, "ID": dup.Concept})
		u.extra = map[string]any{"concept_id": dup.Concept}
		return u
	case errors.As(err, &bad):
		data := map[string]any{"N": bad.Term, "Term": bad.Text, "Lang": bad.Lang, "Status": bad.Status,
			"MaxTerm": store.MaxTermRunes, "MaxText": store.MaxConceptTextRunes}
		u := failure(http.StatusBadRequest, conceptProblemID(bad.Problem), data)
		u.extra = map[string]any{"problem": bad.Problem, "term": bad.Term}
		return u
	}
	return err
}

// conceptProblemID is the message for what is wrong with a concept.
func conceptProblemID(p store.ConceptProblem) string {
	switch p {
	case store.NoTerms:
		return "ErrConceptNoTerms"
	case store.NoLanguage:
		return "ErrTermNoLanguage"
	case store.EmptyTerm:
		return "ErrTermEmpty"
	case store.UnknownStatus:
		return "ErrTermStatus"
	case store.TooLong:
		return "ErrConceptTooLong"
	}
	return "ErrTermEmptyForm"
}

// lookup answers ?q= with the matching concepts (all of them without q).
func (h glossaryAPI) lookup(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	limit, ok := intParam(r, "limit")
	if !ok {
		h.fail(w, r, badParam("limit", r.URL.Query().Get("limit")))
		return
	}
	var cs []store.Concept
	var err error
	if q == "" {
		cs, err = h.store.Concepts(r.Context())
	} else {
		cs, err = h.store.Lookup(r.Context(), q, limit)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]conceptJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, newConceptJSON(c))
	}
	h.json(w, http.StatusOK, map[string]any{"query": q, "concepts": out})
}

func conceptIDParam(r *http.Request) (int64, error) {
	raw := chi.URLParam(r, "conceptID")
	id, ok := parseID(raw)
	if !ok {
		return 0, failure(http.StatusNotFound, "ErrConceptNotFound", map[string]any{"ID": raw})
	}
	return id, nil
}

func (h glossaryAPI) conceptFail(w http.ResponseWriter, r *http.Request, id int64, err error) {
	if isNotFound(err) {
		err = failure(http.StatusNotFound, "ErrConceptNotFound", map[string]any{"ID": id})
	}
	h.fail(w, r, glossaryError(err))
}

func (h glossaryAPI) get(w http.ResponseWriter, r *http.Request) {
	id, err := conceptIDParam(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.store.Concept(r.Context(), id)
	if err != nil {
		h.conceptFail(w, r, id, err)
		return
	}
	h.json(w, http.StatusOK, newConceptJSON(c))
}

func (h glossaryAPI) create(w http.ResponseWriter, r *http.Request) {
	var req conceptJSON
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.store.CreateConcept(r.Context(), req.concept(), userID(r))
	if err != nil {
		h.fail(w, r, glossaryError(err))
		return
	}
	h.changed(r.Context())
	h.json(w, http.StatusCreated, newConceptJSON(c))
}

func (h glossaryAPI) update(w http.ResponseWriter, r *http.Request) {
	id, err := conceptIDParam(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var req conceptJSON
	if err := decodeJSON(w, r, &req); err != nil {
		h.fail(w, r, err)
		return
	}
	c := req.concept()
	c.ID = id
	c, err = h.store.UpdateConcept(r.Context(), c, userID(r))
	if err != nil {
		h.conceptFail(w, r, id, err)
		return
	}
	h.changed(r.Context())
	h.json(w, http.StatusOK, newConceptJSON(c))
}

func (h glossaryAPI) delete(w http.ResponseWriter, r *http.Request) {
	id, err := conceptIDParam(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.DeleteConcept(r.Context(), id, userID(r)); err != nil {
		h.conceptFail(w, r, id, err)
		return
	}
	h.changed(r.Context())
	w.WriteHeader(http.StatusNoContent)
}

// glossaryFormat reads ?format= (tbx, tbx2008 or csv), else tells it from a file
// name, else takes def.
func glossaryFormat(r *http.Request, fileName string, def glossary.Format) (glossary.Format, error) {
	named := r.URL.Query().Get("format")
	if named == "" {
		named = r.FormValue("format")
	}
	f, err := glossary.Detect(named, fileName, def)
	if err != nil {
		return "", badParam("format", named)
	}
	return f, nil
}

// export sends the whole glossary as TBX (the default) or CSV.
func (h glossaryAPI) export(w http.ResponseWriter, r *http.Request) {
	f, err := glossaryFormat(r, "", glossary.TBX)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	if _, err := h.gloss.Export(r.Context(), &b, f); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	name := "glossary." + string(f)
	if f == glossary.TBX2008 {
		name = "glossary-tbx2008.tbx"
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

// importFile reads a glossary file sent as the body, or as the "file" field
// of a form, and stores it all or nothing: ?mode=merge (default) or
// replace. A file that cannot be read is refused naming the line at fault.
func (h glossaryAPI) importFile(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, glossary.MaxFileBytes+64<<10)
	var body io.Reader = r.Body
	var name string
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		f, fh, err := r.FormFile("file")
		if err != nil {
			h.fail(w, r, glossaryFileError(&glossary.FileError{Err: err}))
			return
		}
		defer f.Close()
		name, body = fh.Filename, f
	}
	format, err := glossaryFormat(r, name, "")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	mode := store.ImportMode(r.URL.Query().Get("mode"))
	if mode == "" {
		mode = store.ImportMode(r.FormValue("mode"))
	}
	if mode == "" {
		mode = store.ImportMerge
	}
	if mode != store.ImportMerge && mode != store.ImportReplace {
		h.fail(w, r, badParam("mode", string(mode)))
		return
	}
	res, err := h.gloss.Import(r.Context(), body, format, mode, userID(r))
	if err != nil {
		h.fail(w, r, glossaryFileError(err))
		return
	}
	h.changed(r.Context())
	if !wantsJSON(r) {
		http.Redirect(w, r, "/glossary?imported="+strconv.Itoa(res.Created)+"&updated="+strconv.Itoa(res.Updated), http.StatusSeeOther)
		return
	}
	h.json(w, http.StatusOK, map[string]any{"created": res.Created, "updated": res.Updated, "deleted": res.Deleted})
}

// glossaryFileError reports a file the glossary service refused as the
// file's fault, naming what is wrong.
func glossaryFileError(err error) error {
	var tooBig *http.MaxBytesError
	var fe *glossary.FileError
	switch {
	case errors.As(err, &tooBig):
		return err
	case errors.Is(err, glossary.ErrTooLarge):
		return &http.MaxBytesError{Limit: glossary.MaxFileBytes}
	case errors.As(err, &fe):
		return failure(http.StatusBadRequest, "ErrGlossaryFile", map[string]any{"Detail": err.Error()})
	}
	return err
}

type hitJSON struct {
	ConceptID   int64            `json:"concept_id"`
	TermID      int64            `json:"term_id"`
	Term        string           `json:"term"`
	Text        string           `json:"text"`  // as written in the segment
	Start       int              `json:"start"` // byte offsets into the source
	End         int              `json:"end"`
	Equivalents []equivalentJSON `json:"equivalents"`
}

type equivalentJSON struct {
	Text   string `json:"text"`
	Status string `json:"status"`
	Note   string `json:"note,omitempty"`
}

// equivalents are a concept's terms in lang: preferred, admitted, then
// forbidden ones (which the editor shows as warnings, never offers).
func equivalents(c term.Concept, lang string) []equivalentJSON {
	out := []equivalentJSON{}
	for _, st := range []term.TermStatus{term.Preferred, term.Admitted, term.Forbidden} {
		for _, t := range c.Terms {
			if t.Status == st && text.IsLang(t.Lang, baseOf(lang)) {
				out = append(out, equivalentJSON{Text: t.Text, Status: string(t.Status), Note: t.Note})
			}
		}
	}
	return out
}

func baseOf(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		return lang[:i]
	}
	return lang
}

func hitsJSON(m *term.Matcher, source, lang string) []hitJSON {
	hits := m.Find(source)
	out := make([]hitJSON, 0, len(hits))
	for _, hit := range hits {
		out = append(out, hitJSON{ConceptID: hit.ConceptID, TermID: hit.TermID, Term: hit.Term, Text: source[hit.Start:hit.End],
			Start: hit.Start, End: hit.End, Equivalents: equivalents(m.ConceptOf(hit), lang)})
	}
	return out
}

// terms lists, per segment of the document, the glossary terms found in
// its source with their equivalents in ?lang=.
func (h glossaryAPI) terms(w http.ResponseWriter, r *http.Request) {
	doc, lang := documentFrom(r.Context()), langFrom(r.Context())
	m, err := h.gloss.Matcher(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	segs, err := h.store.SourceSegments(r.Context(), doc.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	type segHits struct {
		ID       int64     `json:"segment_id"`
		Position int       `json:"position"`
		Hits     []hitJSON `json:"hits"`
	}
	out := []segHits{}
	for _, s := range segs {
		if hs := hitsJSON(m, s.Source, lang); len(hs) > 0 {
			out = append(out, segHits{ID: s.ID, Position: s.Position, Hits: hs})
		}
	}
	h.json(w, http.StatusOK, map[string]any{"document_id": doc.ID, "lang": lang, "segments": out})
}

type warningJSON struct {
	SegmentID  int64    `json:"segment_id"`
	Position   int      `json:"position"`
	Kind       string   `json:"kind"`
	ConceptID  int64    `json:"concept_id"`
	SourceTerm string   `json:"source_term"`
	Expected   []string `json:"expected"`
	Forbidden  string   `json:"forbidden,omitempty"`
	Message    string   `json:"message"`
}

// termWarnings runs the terminology check over the translations of a
// document into lang.
func termWarnings(r *http.Request, g *glossary.Service, loc *Locale, docID int64, lang string) ([]warningJSON, error) {
	ws, err := g.Report(r.Context(), docID, lang)
	if err != nil {
		return nil, err
	}
	out := make([]warningJSON, 0, len(ws))
	for _, w := range ws {
		out = append(out, newWarningJSON(loc, w.SegmentID, w.Position, w.TermWarning))
	}
	return out, nil
}

func newWarningJSON(loc *Locale, segID int64, pos int, tw term.TermWarning) warningJSON {
	wj := warningJSON{SegmentID: segID, Position: pos, Kind: string(tw.Kind), ConceptID: tw.ConceptID,
		SourceTerm: tw.SourceTerm, Expected: tw.Expected, Forbidden: tw.Forbidden}
	if wj.Expected == nil {
		wj.Expected = []string{}
	}
	wj.Message = warningMessage(loc, tw)
	return wj
}

// warningMessage says what is wrong with a translation's terminology.
func warningMessage(loc *Locale, tw term.TermWarning) string {
	expected := strings.Join(tw.Expected, " / ")
	if tw.Kind == term.TermForbidden {
		return loc.T("TermWarnForbidden", map[string]any{"Term": tw.SourceTerm, "Forbidden": tw.Forbidden, "Expected": expected})
	}
	return loc.T("TermWarnMissing", map[string]any{"Term": tw.SourceTerm, "Expected": expected})
}

func (h glossaryAPI) termcheck(w http.ResponseWriter, r *http.Request) {
	doc, lang := documentFrom(r.Context()), langFrom(r.Context())
	var only int64
	if raw := r.URL.Query().Get("segment"); raw != "" {
		id, ok := parseID(raw)
		if !ok {
			h.fail(w, r, badParam("segment", raw))
			return
		}
		only = id
	}
	ws, err := termWarnings(r, h.gloss, h.tr.of(r), doc.ID, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if only != 0 {
		ws = slices.DeleteFunc(ws, func(wj warningJSON) bool { return wj.SegmentID != only })
	}
	h.json(w, http.StatusOK, map[string]any{"document_id": doc.ID, "lang": lang, "warnings": ws})
}

type candidateJSON struct {
	Text        string           `json:"text"`
	Count       int              `json:"count"`
	Score       float64          `json:"score"`
	Occurrences []occurrenceJSON `json:"occurrences"`
}

type occurrenceJSON struct {
	SegmentID int64  `json:"segment_id"`
	Position  int    `json:"position"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Context   string `json:"context"` // Before, Text, After
	Text      string `json:"text"`    // as written in the segment
	Before    string `json:"before"`
	After     string `json:"after"`
}

// discoverCandidates proposes new terms for a document: strings the
// glossary does not have yet, where they occur.
func discoverCandidates(r *http.Request, g *glossary.Service, docID int64, limit int) ([]candidateJSON, error) {
	cands, err := g.Discover(r.Context(), docID, term.DiscoverOptions{Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]candidateJSON, 0, len(cands))
	for _, c := range cands {
		cj := candidateJSON{Text: c.Text, Count: c.Count, Score: c.Score, Occurrences: []occurrenceJSON{}}
		for i, o := range c.Occurrences {
			s := c.Segments[i]
			before, after := glossary.Around(s.Source, o.Start, o.End, 10)
			cj.Occurrences = append(cj.Occurrences, occurrenceJSON{SegmentID: s.ID, Position: s.Position, Start: o.Start, End: o.End,
				Context: before + s.Source[o.Start:o.End] + after, Text: s.Source[o.Start:o.End], Before: before, After: after})
		}
		out = append(out, cj)
	}
	return out, nil
}

func (h glossaryAPI) discover(w http.ResponseWriter, r *http.Request) {
	doc := documentFrom(r.Context())
	limit, ok := intParam(r, "limit")
	if !ok {
		h.fail(w, r, badParam("limit", r.URL.Query().Get("limit")))
		return
	}
	cs, err := discoverCandidates(r, h.gloss, doc.ID, limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.json(w, http.StatusOK, map[string]any{"document_id": doc.ID, "candidates": cs})
}
