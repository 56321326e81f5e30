package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"alinea/align/term"
)

// rowTerms is what the glossary adds to an editor row: the source with its
// terms marked, and the terminology warnings of the translation.
type rowTerms struct {
	SourceHTML   template.HTML
	TermWarnings []string
}

// editorGlossary is the glossary part of the editor: the concepts found on
// the page, for the script (a JSON block of its own), and what the user may
// do with the glossary.
type editorGlossary struct {
	Script   glossaryScript
	CanAdd   bool
	TermsURL string
}

type glossaryScript struct {
	Doc      int64                        `json:"doc"`
	Lang     string                       `json:"lang"`
	CanAdd   bool                         `json:"canAdd"`
	Concepts map[string]editorConceptJSON `json:"concepts"`
	Messages map[string]string            `json:"msgs"`
}

type editorConceptJSON struct {
	Source      string           `json:"source"`
	Note        string           `json:"note,omitempty"`
	Equivalents []equivalentJSON `json:"eq"`
}

// annotateEditor marks the glossary terms of the page's source segments and
// runs the terminology check on their translations, with the cached
// matcher: the cost is one scan of each segment.
func (h editorPage) annotateEditor(r *http.Request, d *editorData) error {
	m, err := h.gloss.Matcher(r.Context())
	if err != nil {
		return err
	}
	p := d.page
	g := &d.Glossary
	g.CanAdd = canAddConcept(r)
	g.TermsURL = "/documents/" + itoa(d.Doc.ID) + "/terms?lang=" + d.Lang
	g.Script = glossaryScript{Doc: d.Doc.ID, Lang: d.Lang, CanAdd: g.CanAdd, Concepts: map[string]editorConceptJSON{},
		Messages: glossaryMessages(p)}
	for i := range d.Rows {
		row := &d.Rows[i]
		hits := m.Find(row.Source)
		row.SourceHTML = markTerms(row.Source, hits)
		for _, hit := range hits {
			id := strconv.FormatInt(hit.ConceptID, 10)
			if _, ok := g.Script.Concepts[id]; ok {
				continue
			}
			c := m.ConceptOf(hit)
			g.Script.Concepts[id] = editorConceptJSON{Source: hit.Term, Note: c.Note, Equivalents: equivalents(c, d.Lang)}
		}
		for _, tw := range m.Check(row.Source, row.Translation.Text, d.Lang) {
			row.TermWarnings = append(row.TermWarnings, warningMessage(p.loc, tw))
		}
	}
	return nil
}

// markTerms is the source with each term hit in a <mark>, every piece of
// text escaped. Hits of several concepts on one span share one mark.
func markTerms(source string, hits []term.TermHit) template.HTML {
	var b strings.Builder
	last := 0
	for i := 0; i < len(hits); {
		h := hits[i]
		ids := []string{strconv.FormatInt(h.ConceptID, 10)}
		j := i + 1
		for ; j < len(hits) && hits[j].Start == h.Start && hits[j].End == h.End; j++ {
			ids = append(ids, strconv.FormatInt(hits[j].ConceptID, 10))
		}
		i = j
		if h.Start < last {
			continue
		}
		b.WriteString(template.HTMLEscapeString(source[last:h.Start]))
		b.WriteString(`<mark class="term" tabindex="-1" data-concepts="`)
		b.WriteString(strings.Join(ids, " "))
		b.WriteString(`" data-term="`)
		b.WriteString(template.HTMLEscapeString(h.Term))
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(source[h.Start:h.End]))
		b.WriteString(`</mark>`)
		last = h.End
	}
	b.WriteString(template.HTMLEscapeString(source[last:]))
	return template.HTML(b.String())
}

// glossaryMessages are the texts glossary.js shows.
func glossaryMessages(p *page) map[string]string {
	return map[string]string{
		"Preferred":     p.T("TermPreferred"),
		"Admitted":      p.T("TermAdmitted"),
		"Forbidden":     p.T("TermForbidden"),
		"NoEquivalent":  p.T("NoEquivalent"),
		"NoTermsHere":   p.T("NoTermsHere"),
		"InsertTerm":    p.T("InsertTerm", "Term", "{Term}"),
		"ConceptAdded":  p.T("ConceptAddedReload", "Term", "{Term}"),
		"Offline":       p.T("Offline"),
		"NeedSource":    p.T("NeedSourceTerm"),
		"WarningsFixed": p.T("NoTermWarnings"),
	}
}
