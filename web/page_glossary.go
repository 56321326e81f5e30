package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"alinea/align/term"
	"alinea/align/text"
	"alinea/store"
)

// maxPlaces is how many places of occurrence the glossary page lists per
// concept; the count says how many there are in all.
const maxPlaces = 8

// glossaryPage shows the glossary: search, every language of each concept,
// where its terms occur; and, per document, the terminology report and
// term discovery.
type glossaryPage struct {
	responder
	store *store.Store
	api   glossaryAPI
}

type glossaryData struct {
	*page
	Query     string
	Concepts  []conceptView
	Total     int // concepts in the glossary
	Lang      string
	Langs     []string
	CanAdd    bool
	CanImport bool
	Notice    string
	Changes   []store.Event // recent glossary changes, for admins
	CanEdit   bool
	Back      string // this page without the concept being edited
	Statuses  []term.TermStatus
	Genders   []string
	Numbers   []string
}

// EditURL opens the edit form of a concept on this page.
func (d glossaryData) EditURL(id int64) string {
	return d.Back + sepFor(d.Back) + "edit=" + itoa(id) + "#concept-" + itoa(id)
}

type conceptView struct {
	store.Concept
	Editing   bool
	EditTerms []term.Term // the terms, then blank rows for new ones
	Langs     []langTerms
	Places    []place
	Count     int // places in all
}

type langTerms struct {
	Lang  string
	Terms []term.Term
}

type place struct {
	Doc      store.Document
	Segment  int64
	Position int
	URL      string
}

// canAddConcept: translators and reviewers add concepts they meet while
// translating; changing the glossary wholesale is for admins.
func canAddConcept(r *http.Request) bool {
	u := currentUser(r)
	return u != nil && (u.Role == store.RoleAdmin || u.Role == store.RoleReviewer || u.Role == store.RoleTranslator)
}

// canEditConcept: reviewers and admins correct the glossary.
func canEditConcept(r *http.Request) bool {
	u := currentUser(r)
	return u != nil && (u.Role == store.RoleAdmin || u.Role == store.RoleReviewer)
}

func isAdmin(r *http.Request) bool {
	u := currentUser(r)
	return u != nil && u.Role == store.RoleAdmin
}

// pageLang is the target language the page links the editor in: ?lang=
// when it is a target language, else the first one.
func pageLang(r *http.Request, langs []string) string {
	if l := r.URL.Query().Get("lang"); slices.Contains(langs, l) {
		return l
	}
	if len(langs) > 0 {
		return langs[0]
	}
	return ""
}

func (h glossaryPage) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	all, err := h.store.Concepts(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	cs := all
	if q != "" {
		if cs, err = h.store.Lookup(ctx, q, 0); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	langs, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	p.Title = p.T("Glossary")
	d := glossaryData{page: p, Query: q, Total: len(all), Lang: pageLang(r, langs), Langs: langs,
		CanAdd: canAddConcept(r), CanImport: isAdmin(r), CanEdit: canEditConcept(r),
		Statuses: []term.TermStatus{term.Preferred, term.Admitted, term.Forbidden},
		Genders:  []string{"", "masculine", "feminine", "neuter"}, Numbers: []string{"", "singular", "plural"}}
	back := url.Values{}
	if q != "" {
		back.Set("q", q)
	}
	if r.URL.Query().Has("lang") {
		back.Set("lang", d.Lang)
	}
	d.Back = "/glossary"
	if len(back) > 0 {
		d.Back += "?" + back.Encode()
	}
	editing, _ := parseID(r.URL.Query().Get("edit"))
	if !d.CanEdit {
		editing = 0
	}
	if v := r.URL.Query(); v.Has("imported") {
		d.Notice = p.T("GlossaryImported", "Created", v.Get("imported"), "Updated", v.Get("updated"))
	} else if v.Has("deleted") {
		d.Notice = p.T("ConceptDeleted", "Term", v.Get("deleted"))
	} else if v.Has("added") {
		d.Notice = p.T("ConceptAdded", "Term", v.Get("added"))
	}
	if d.CanImport {
		if d.Changes, err = h.store.GlossaryActivity(ctx, 20); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	sortConcepts(cs, p.UI)
	places, counts, err := h.places(r, d.Lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, c := range cs {
		v := conceptView{Concept: c, Langs: groupTerms(c.Terms), Editing: c.ID == editing}
		if v.Editing {
			v.EditTerms = append(slices.Clone(c.Terms), term.Term{Lang: d.Lang, Status: term.Preferred}, term.Term{Status: term.Preferred})
		}
		v.Places, v.Count = places[c.ID], counts[c.ID]
		d.Concepts = append(d.Concepts, v)
	}
	if err := h.views.render(w, http.StatusOK, "glossary", d); err != nil {
		h.log.Error("render glossary", "err", err)
	}
}

// sortConcepts orders concepts by their name in the interface language, as
// that language collates (Chinese by its own collation), falling back to
// the Chinese term.
func sortConcepts(cs []store.Concept, ui string) {
	tag := language.Make(ui)
	col := collate.New(tag, collate.Loose)
	base := baseOf(ui)
	key := func(c *store.Concept) string {
		for _, l := range []string{base, store.SourceLang} {
			for _, t := range c.Terms {
				if text.IsLang(t.Lang, l) && t.Status != term.Forbidden {
					return t.Text
				}
			}
		}
		if len(c.Terms) > 0 {
			return c.Terms[0].Text
		}
		return ""
	}
	slices.SortStableFunc(cs, func(a, b store.Concept) int { return col.CompareString(key(&a), key(&b)) })
}

// groupTerms puts a concept's terms by language: Chinese, Spanish,
// Portuguese, English, then any other in the order met.
func groupTerms(ts []term.Term) []langTerms {
	order := []string{"zh", "es", "pt", "en"}
	var out []langTerms
	at := map[string]int{}
	for _, l := range order {
		at[l] = len(out)
		out = append(out, langTerms{Lang: l})
	}
	for _, t := range ts {
		l := baseOf(t.Lang)
		i, ok := at[l]
		if !ok {
			i = len(out)
			at[l] = i
			out = append(out, langTerms{Lang: l})
		}
		out[i].Terms = append(out[i].Terms, t)
	}
	return slices.DeleteFunc(out, func(lt langTerms) bool { return len(lt.Terms) == 0 })
}

// places finds where each concept occurs in the live segments of every
// document, the first maxPlaces with links to the editor rows, and how many
// in all.
func (h glossaryPage) places(r *http.Request, lang string) (map[int64][]place, map[int64]int, error) {
	ctx := r.Context()
	found, err := h.api.gloss.Occurrences(ctx, maxPlaces)
	if err != nil {
		return nil, nil, err
	}
	docs, err := h.store.Documents(ctx)
	if err != nil {
		return nil, nil, err
	}
	byID := map[int64]store.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	places, counts := map[int64][]place{}, map[int64]int{}
	for c, o := range found {
		counts[c] = o.Count
		for _, at := range o.First {
			places[c] = append(places[c], place{Doc: byID[at.DocumentID], Segment: at.SegmentID, Position: at.Position,
				URL: segmentURL(at.DocumentID, lang, at.Position, at.SegmentID)})
		}
	}
	return places, counts, nil
}

// segmentURL opens the editor on the page holding a segment, focused on it.
func segmentURL(docID int64, lang string, position int, segID int64) string {
	v := url.Values{}
	from := position - (position-1)%editorPageSize
	if from > 1 {
		v.Set("from", itoa(int64(from)))
	}
	v.Set("focus", itoa(segID))
	return editorURL(docID, lang) + "?" + v.Encode()
}

type docTermsData struct {
	*page
	Doc        store.Document
	Lang       string
	Langs      []string
	Warnings   []warningJSON
	Missing    int
	Forbidden  int
	Candidates []candidateJSON
	CanAdd     bool
	Back       string
	Added      string
}

// document is a document's terminology page: the check of its
// translations into ?lang= and the candidate terms of its source.
func (h glossaryPage) document(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	langs, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lang := pageLang(r, langs)
	p := h.newPage(r)
	p.Title = p.T("TermsTitle", "Title", doc.Title)
	d := docTermsData{page: p, Doc: doc, Lang: lang, Langs: langs, CanAdd: canAddConcept(r), Back: r.URL.RequestURI(),
		Added: r.URL.Query().Get("added")}
	if d.Warnings, err = termWarnings(r, h.api.gloss, p.loc, doc.ID, lang); err != nil {
		h.fail(w, r, err)
		return
	}
	for _, wj := range d.Warnings {
		if wj.Kind == string(term.TermForbidden) {
			d.Forbidden++
		} else {
			d.Missing++
		}
	}
	if d.Candidates, err = discoverCandidates(r, h.api.gloss, doc.ID, 40); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.views.render(w, http.StatusOK, "terms", d); err != nil {
		h.log.Error("render terms", "err", err)
	}
}

// add creates a concept from a form: the Chinese term and, optionally, its
// preferred equivalents; then goes back where the form was.
func (h glossaryPage) add(w http.ResponseWriter, r *http.Request) {
	// The same bound as the API's JSON bodies; the store bounds each field.
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, formError(err))
		return
	}
	c := store.Concept{Concept: term.Concept{Domain: strings.TrimSpace(r.PostForm.Get("domain")), Note: strings.TrimSpace(r.PostForm.Get("note"))}}
	for _, l := range []string{"zh", "es", "pt", "en"} {
		if t := strings.TrimSpace(r.PostForm.Get(l)); t != "" {
			c.Terms = append(c.Terms, term.Term{Lang: l, Text: t, Status: term.Preferred})
		}
	}
	if len(c.TermsIn("zh")) == 0 {
		h.fail(w, r, failure(http.StatusBadRequest, "NeedSourceTerm", nil))
		return
	}
	got, err := h.store.CreateConcept(r.Context(), c, userID(r))
	if err != nil {
		h.fail(w, r, glossaryError(err))
		return
	}
	h.api.changed(r.Context())
	back := r.PostForm.Get("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		back = "/glossary"
	}
	back += sepFor(back) + "added=" + url.QueryEscape(got.TermsIn("zh")[0].Text)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// TermStatusName is the label of a term status.
func (p *page) TermStatusName(st term.TermStatus) string {
	switch st {
	case term.Preferred:
		return p.T("TermPreferred")
	case term.Admitted:
		return p.T("TermAdmitted")
	case term.Forbidden:
		return p.T("TermForbidden")
	}
	return string(st)
}

// GrammarName is the label of a gender or number value of a term.
func (p *page) GrammarName(v string) string {
	switch v {
	case "masculine":
		return p.T("GrammarMasculine")
	case "feminine":
		return p.T("GrammarFeminine")
	case "neuter":
		return p.T("GrammarNeuter")
	case "singular":
		return p.T("GrammarSingular")
	case "plural":
		return p.T("GrammarPlural")
	case "":
		return "—"
	}
	return v
}

// confirmData is a page that asks before an action that cannot be undone.
type confirmData struct {
	*page
	Question, Action, Submit, Cancel string
}

// delete removes a concept (admins) and goes back to the glossary. A
// deletion cannot be undone, so the first post only asks; the answer posts
// again with confirm=1.
func (h glossaryPage) delete(w http.ResponseWriter, r *http.Request) {
	id, err := conceptIDParam(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.store.Concept(r.Context(), id)
	if err != nil {
		h.api.conceptFail(w, r, id, err)
		return
	}
	name := ""
	if zh := c.TermsIn(store.SourceLang); len(zh) > 0 {
		name = zh[0].Text
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if r.PostFormValue("confirm") != "1" {
		p := h.newPage(r)
		p.Title = p.T("DeleteConceptTitle", "Term", name)
		data := confirmData{page: p, Question: p.T("DeleteConceptQuestion", "Term", name),
			Action: "/glossary/concepts/" + strconv.FormatInt(id, 10) + "/delete", Submit: p.T("DeleteConcept"),
			Cancel: "/glossary#concept-" + strconv.FormatInt(id, 10)}
		if err := h.views.render(w, http.StatusOK, "confirm", data); err != nil {
			h.log.Error("render confirm", "err", err)
		}
		return
	}
	if err := h.store.DeleteConcept(r.Context(), id, userID(r)); err != nil {
		h.api.conceptFail(w, r, id, err)
		return
	}
	h.api.changed(r.Context())
	http.Redirect(w, r, "/glossary?deleted="+url.QueryEscape(name), http.StatusSeeOther)
}

// Changed says who changed a concept last, and when.
// The time is a <time> element, so the reader sees it in their time zone.
func (p *page) Changed(c store.Concept) template.HTML {
	const mark = "⟦time⟧"
	msg := p.T("ConceptChangedAt", "Time", mark)
	if c.UpdatedByName != "" {
		msg = p.T("ConceptChangedBy", "Name", c.UpdatedByName, "Time", mark)
	}
	when := `<time datetime="` + p.ISO(c.UpdatedAt) + `">` + template.HTMLEscapeString(p.Time(c.UpdatedAt)) + `</time>`
	return template.HTML(strings.Replace(template.HTMLEscapeString(msg), mark, when, 1))
}

// update saves a concept from the glossary page's edit form (reviewers
// and admins). A term keeps its inflected forms while its text is
// unchanged; an emptied row removes the term.
func (h glossaryPage) update(w http.ResponseWriter, r *http.Request) {
	id, err := conceptIDParam(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// The same bound as the API's JSON bodies; the store bounds each field.
	r.Body = http.MaxBytesReader(w, r.Body, maxJSONBody)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, formError(err))
		return
	}
	old, err := h.store.Concept(r.Context(), id)
	if err != nil {
		h.api.conceptFail(w, r, id, err)
		return
	}
	f := r.PostForm
	ids, langs, texts, statuses := f["term_id"], f["term_lang"], f["term_text"], f["term_status"]
	genders, numbers, notes := f["term_gender"], f["term_number"], f["term_note"]
	n := len(texts)
	for _, col := range [][]string{ids, langs, statuses, genders, numbers, notes} {
		if len(col) != n {
			h.fail(w, r, badParam("form", ""))
			return
		}
	}
	forms := map[int64]term.Term{}
	for _, t := range old.Terms {
		forms[t.ID] = t
	}
	c := store.Concept{Concept: term.Concept{ID: id, Domain: strings.TrimSpace(f.Get("domain")), Note: strings.TrimSpace(f.Get("note")),
		Source: strings.TrimSpace(f.Get("source"))}, Definition: strings.TrimSpace(f.Get("definition"))}
	for i := range n {
		text := strings.TrimSpace(texts[i])
		if text == "" {
			continue
		}
		t := term.Term{Lang: strings.TrimSpace(langs[i]), Text: text, Status: term.TermStatus(statuses[i]),
			Gender: genders[i], Number: numbers[i], Note: strings.TrimSpace(notes[i])}
		if tid, ok := parseID(ids[i]); ok && forms[tid].Text == text {
			t.Forms = forms[tid].Forms
		}
		c.Terms = append(c.Terms, t)
	}
	if _, err := h.store.UpdateConcept(r.Context(), c, userID(r)); err != nil {
		h.api.conceptFail(w, r, id, err)
		return
	}
	h.api.changed(r.Context())
	back := f.Get("back")
	if !strings.HasPrefix(back, "/glossary") {
		back = "/glossary"
	}
	http.Redirect(w, r, back+"#concept-"+itoa(id), http.StatusSeeOther)
}

// formError is the failure to report for a form that could not be read:
// 413 when it was too large, else a bad parameter.
func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return badParam("form", "")
}

var glossaryImportDetail = regexp.MustCompile(`^(\w+): (\d+) added, (\d+) updated, (\d+) deleted$`)

// GlossaryDetail is a glossary change's detail in the reader's language:
// the concept's term, or what an import did.
func (p *page) GlossaryDetail(e store.Event) string {
	if rest, ok := strings.CutPrefix(e.Detail, "concept "); ok {
		if _, label, ok := strings.Cut(rest, " "); ok {
			return label
		}
		return ""
	}
	if m := glossaryImportDetail.FindStringSubmatch(e.Detail); m != nil {
		n := func(s string) int { v, _ := strconv.Atoi(s); return v }
		mode := p.T("GlossaryModeMerge")
		if m[1] == "replace" {
			mode = p.T("GlossaryModeReplace")
		}
		return p.T("GlossaryImportDetail", "Mode", mode, "Added", p.Num(n(m[2])), "Updated", p.Num(n(m[3])), "Deleted", p.Num(n(m[4])))
	}
	return e.Detail
}
