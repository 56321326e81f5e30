package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"alinea/align/text"
	"alinea/glossary"
	"alinea/quality"
	"alinea/store"
	"alinea/tm"
	"alinea/workflow"
)

// editorPageSize is how many segments one editor page shows. Pages keep the
// first screen of any document small; the keyboard moves across them.
const editorPageSize = 100

// editorPage is where translators work: one document, one target language.
type editorPage struct {
	responder
	store *store.Store
	gloss *glossary.Service
	tm    *tm.Service
	perms permsFunc
}

type editorData struct {
	*page
	Doc        store.Document
	Lang       string
	Langs      []string
	Can        Can
	Filter     store.Filter
	Filters    []store.Filter
	Search     string
	Rows       []editorRow
	Total      int // matches
	First      int // 1-based index of the first row among the matches
	Last       int
	Left       int // segments of the whole document still new or draft
	LeftChars  int // their source characters
	PrevURL    string
	NextURL    string
	Pages      []pageLink
	Done       bool // the last "next to translate" found nothing
	Script     editorScript
	CompareURL string
	Glossary   editorGlossary
	Comments   editorComments
	Replace    replaceScript
}

// replaceScript is what replace.js reads: the document, the language and
// its messages.
type replaceScript struct {
	Doc      int64             `json:"doc"`
	Lang     string            `json:"lang"`
	Messages map[string]string `json:"msgs"`
}

// replaceMessages are the messages replace.js shows; {Count} and {N} are
// filled in by the script ({Count} in the plural form it picks).
var replaceMessages = []string{"ReplaceNone", "ReplaceDone", "ReplaceUndone", "Offline"}

// replacePlurals are sent in their one and other forms.
var replacePlurals = []string{"ReplaceMatches", "SegmentCount"}

func newReplaceScript(p *page, doc int64, lang string) replaceScript {
	msgs := map[string]string{}
	for _, id := range replaceMessages {
		msgs[id] = p.loc.T(id, map[string]any{"N": "{N}", "Find": "{Find}", "Matches": "{Matches}", "Segments": "{Segments}", "Restored": "{Restored}", "Kept": "{Kept}"})
	}
	for _, id := range replacePlurals {
		msgs[id+".one"] = p.loc.N(id, 1, map[string]any{"Count": "{Count}"})
		msgs[id+".other"] = p.loc.N(id, 5, map[string]any{"Count": "{Count}"})
	}
	return replaceScript{Doc: doc, Lang: lang, Messages: msgs}
}

// pageLink is one entry of the editor's page list.
type pageLink struct {
	N       int // 1-based page number
	URL     string
	Current bool
}

type editorRow struct {
	store.Row
	NewParagraph bool
	Last         bool // the last row of its paragraph on this page
	// SharedNote says that the segment shares one imported translation
	// with others (an accepted many-to-one alignment bead).
	SharedNote string
	// Counts a translator bills by: source characters, target words and
	// characters.
	SourceChars, TargetWords, TargetChars int
	OpenComments                          int
	Repetitions                           int // other segments with the same source
	rowTerms
}

// editorScript is what the editor's script reads from the page: a JSON
// block, which the policy allows because it is data, not code.
type editorScript struct {
	Doc       int64          `json:"doc"`
	Lang      string         `json:"lang"`
	UI        string         `json:"ui"`
	Can       canJSON        `json:"can"`
	Left      int            `json:"left"`
	LeftChars int            `json:"leftChars"`
	Events    string         `json:"events"`
	Prev      string         `json:"prev"`
	Next      string         `json:"next"`
	NextTodo  string         `json:"nextTodo"`
	Messages  map[string]any `json:"msgs"`
}

type canJSON struct {
	Edit      bool `json:"edit"`
	Review    bool `json:"review"`
	Resegment bool `json:"resegment"`
}

func (h editorPage) show(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	doc := documentFrom(ctx)
	lang := langFrom(ctx)
	q := r.URL.Query()
	fq, err := findQuery(q, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if fq.Filter == store.FilterQAErrors {
		if fq.Only, err = qaErrorSegments(r, quality.Service{Store: h.store, Glossary: h.gloss}, doc.ID, lang); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	base := editorURL(doc.ID, lang)
	// ?next=P: jump to the first segment after position P that still needs
	// a translation, on whatever page it is.
	if raw := q.Get("next"); raw != "" {
		after, err := strconv.Atoi(raw)
		if err != nil || after < 0 {
			h.fail(w, r, badParam("next", raw))
			return
		}
		row, ok, err := h.gloss.NextToTranslate(ctx, doc.ID, fq, after)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if ok {
			http.Redirect(w, r, pageURL(base, fq, row.Position, "focus", itoa(row.ID)), http.StatusSeeOther)
		} else {
			http.Redirect(w, r, pageURL(base, fq, fq.From, "done", "1", "focus", q.Get("focus")), http.StatusSeeOther)
		}
		return
	}
	// ?at=N: go to segment #N (its row number), on its page of the whole
	// document; a filter it may not match is dropped.
	if raw := strings.TrimPrefix(strings.TrimSpace(q.Get("at")), "#"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			h.fail(w, r, failure(http.StatusBadRequest, "ErrBadSegmentNumber", map[string]any{"Value": raw}))
			return
		}
		seg, err := h.store.SegmentAt(ctx, doc.ID, n)
		if errors.Is(err, store.ErrNotFound) {
			h.fail(w, r, failure(http.StatusNotFound, "ErrNoSegmentNumber", map[string]any{"N": n, "Count": doc.Segments}))
			return
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		all := store.FindQuery{Lang: lang, Filter: store.FilterAll}
		from := (n-1)/editorPageSize*editorPageSize + 1
		http.Redirect(w, r, pageURL(base, all, from, "focus", itoa(seg.ID)), http.StatusSeeOther)
		return
	}
	res, err := h.gloss.FindSegments(ctx, doc.ID, fq)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	prog, err := h.store.LanguageProgress(ctx, doc.ID, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	langs, err := h.store.TargetLanguages(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(r)
	can := h.perms(r, doc, lang)
	data := editorData{
		page: p, Doc: doc, Lang: lang, Langs: langs, Can: can,
		Filter: fq.Filter, Filters: store.Filters, Search: fq.Search,
		Total: res.Total, First: res.Before + 1, Last: res.Before + len(res.Rows),
		Left:      prog.Segments[workflow.StatusNew] + prog.Segments[workflow.StatusDraft],
		LeftChars: prog.Chars[workflow.StatusNew] + prog.Chars[workflow.StatusDraft],
		Done:      q.Get("done") != "", CompareURL: "/documents/" + itoa(doc.ID) + "/compare",
	}
	p.Title = p.T("EditorTitle", "Title", doc.Title, "Language", p.LangName(lang))
	for i, row := range res.Rows {
		er := editorRow{Row: row, NewParagraph: i == 0 || res.Rows[i-1].ParagraphID != row.ParagraphID}
		er.Last = i+1 < len(res.Rows) && res.Rows[i+1].ParagraphID != row.ParagraphID
		er.SourceChars = store.CharCount(row.Source)
		er.TargetWords = text.WordCount(row.Translation.Text)
		er.TargetChars = store.CharCount(row.Translation.Text)
		data.Rows = append(data.Rows, er)
	}
	if err := h.annotateComments(r, &data); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.annotateEditor(r, &data); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.annotateRepetitions(r, &data); err != nil {
		h.fail(w, r, err)
		return
	}
	shared, err := h.store.SharedTranslations(ctx, doc.ID, lang)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for i := range data.Rows {
		if l := shared[data.Rows[i].ID]; l != nil {
			data.Rows[i].SharedNote = sharedNote(p, data.Rows[i].ID, l)
		}
	}
	for i, from := range res.Pages {
		cur := from <= fq.From && (i+1 == len(res.Pages) || fq.From < res.Pages[i+1])
		data.Pages = append(data.Pages, pageLink{N: i + 1, URL: pageURL(base, fq, from), Current: cur})
	}
	if res.Prev != 0 {
		data.PrevURL = pageURL(base, fq, res.Prev)
	}
	if res.Next != 0 {
		data.NextURL = pageURL(base, fq, res.Next)
	}
	data.Replace = newReplaceScript(p, doc.ID, lang)
	data.Script = editorScript{
		Doc: doc.ID, Lang: lang, UI: p.UI, Left: data.Left, LeftChars: data.LeftChars,
		Can:      canJSON{Edit: can.Edit, Review: can.Review, Resegment: h.canResegment(r, doc, langs)},
		Events:   base + "/events",
		Prev:     data.PrevURL,
		Next:     data.NextURL,
		Messages: scriptMessages(p),
	}
	// The jump to the next segment to translate keeps the filter, search
	// and page (where it lands when there is none); the script appends the
	// position to start after.
	todo := pageURL(base, fq, fq.From)
	data.Script.NextTodo = todo + sepFor(todo) + "next="
	if err := h.views.render(w, http.StatusOK, "editor", data); err != nil {
		h.log.Error("render editor", "err", err)
	}
}

// canResegment: merging and splitting change the segments of every target
// language, so they need the right to edit in all of them.
func (h editorPage) canResegment(r *http.Request, doc store.Document, langs []string) bool {
	return canResegment(h.perms, r, doc, langs)
}

func canResegment(perms permsFunc, r *http.Request, doc store.Document, langs []string) bool {
	if perms(r, doc, "").Admin {
		return true
	}
	for _, l := range langs {
		if !perms(r, doc, l).Edit {
			return false
		}
	}
	return len(langs) > 0
}

// findQuery reads the filter, search and page position of an editor URL.
func findQuery(q url.Values, lang string) (store.FindQuery, error) {
	fq := store.FindQuery{Lang: lang, Filter: store.FilterAll, Limit: editorPageSize, From: 1}
	if f := q.Get("filter"); f != "" {
		fq.Filter = store.Filter(f)
		if !fq.Filter.Valid() {
			names := make([]string, len(store.Filters))
			for i, x := range store.Filters {
				names[i] = string(x)
			}
			return fq, failure(http.StatusBadRequest, "ErrBadFilter", map[string]any{"Value": f, "Filters": strings.Join(names, ", ")})
		}
	}
	fq.Search = strings.TrimSpace(q.Get("q"))
	if !utf8.ValidString(fq.Search) {
		return fq, failure(http.StatusBadRequest, "ErrInvalidUTF8", nil)
	}
	if utf8.RuneCountInString(fq.Search) > store.MaxSearchRunes {
		return fq, failure(http.StatusBadRequest, "ErrSearchTooLong", map[string]any{"Max": store.MaxSearchRunes})
	}
	if raw := q.Get("from"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return fq, badParam("from", raw)
		}
		fq.From = n
	}
	return fq, nil
}

// pageURL is the editor URL for the page of fq starting at position from
// (0 leaves it out), with more query parameters as name, value pairs (empty
// values are left out).
func pageURL(base string, fq store.FindQuery, from int, extra ...string) string {
	v := url.Values{}
	if fq.Filter != "" && fq.Filter != store.FilterAll {
		v.Set("filter", string(fq.Filter))
	}
	if fq.Search != "" {
		v.Set("q", fq.Search)
	}
	if from > 1 {
		v.Set("from", strconv.Itoa(from))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] != "" {
			v.Set(extra[i], extra[i+1])
		}
	}
	if len(v) == 0 {
		return base
	}
	return base + "?" + v.Encode()
}

func sepFor(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// sharedNote tells the holder of a shared translation which segments it
// covers, and a covered segment where its text went.
func sharedNote(p *page, segID int64, l *store.SharedTranslation) string {
	if l.Holder != segID {
		return p.T("SharedCovered", "Position", p.Num(l.HolderAt))
	}
	pos := make([]string, len(l.Covered))
	for i, n := range l.Covered {
		pos[i] = p.Num(n)
	}
	return p.N("SharedHolder", len(l.Covered), "Positions", strings.Join(pos, ", "))
}
