package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"alinea/align/term"
)

// TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style.
//
// A concept is a <conceptEntry>: its Domain is <descrip
// type="subjectField">, its Source <admin type="source">, its Note a
// <note>. Each language is a <langSec xml:lang>, each term a <termSec> with
// <termNote> administrativeStatus (preferredTerm-admn-sts,
// admittedTerm-admn-sts, deprecatedTerm-admn-sts), grammaticalGender and
// grammaticalNumber, and a <note>.
//
// TBX-Basic has no data category for the inflected forms of a term, so a
// form is written the way TBX-Basic lets a term point at another: a
// <termSec> of its own, right after its term, with termType "variant", its
// own gender and number, the status of its term, and a <ref
// type="crossReference"> whose target is the id of its term's <termSec>.
// Other TBX tools see an accepted variant linked to its main term, which is
// what a form is; ReadTBX turns such a variant back into a form of the term
// it points at.
//
// Identifiers: conceptEntry id="c<ID>" and termSec id="t<ID>" carry the
// database ids when there are ids (ReadTBX gives 0 for ids of any other
// shape), so a file written by WriteTBX reads back to equal values. Terms
// come back grouped by language, in the order of each language's first
// term; white space around texts is not significant.

const tbxNS = "urn:iso:std:iso:30042:ed-2"

const tbxXMLNS = "http://www.w3.org/XML/1998/namespace"

var tbxStatusOut = map[term.TermStatus]string{
	term.Preferred: "preferredTerm-admn-sts",
	term.Admitted:  "admittedTerm-admn-sts",
	term.Forbidden: "deprecatedTerm-admn-sts",
}

// tbxStatusIn maps every administrativeStatus of TBX to the three statuses
// the terminology check knows: terms fixed by law or a standard are
// preferred, terms to avoid for any reason are forbidden.
var tbxStatusIn = map[string]term.TermStatus{
	"preferredTerm-admn-sts":      term.Preferred,
	"standardizedTerm-admn-sts":   term.Preferred,
	"legalTerm-admn-sts":          term.Preferred,
	"regulatedTerm-admn-sts":      term.Preferred,
	"admittedTerm-admn-sts":       term.Admitted,
	"deprecatedTerm-admn-sts":     term.Forbidden,
	"supersededTerm-admn-sts":     term.Forbidden,
	"obsoleteTerm-admn-sts":       term.Forbidden,
	"notRecommendedTerm-admn-sts": term.Forbidden,
}

var (
	tbxLangRe   = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)
	tbxConceptR = regexp.MustCompile(`^c([1-9][0-9]{0,18})$`)
	tbxTermR    = regexp.MustCompile(`^t([1-9][0-9]{0,18})$`)
)

// WriteTBX writes concepts as a TBX-Basic file. It checks everything first
// and writes nothing when a concept cannot be written: no terms, a term
// without text or language, an unknown status, duplicate ids, or text that
// XML cannot carry.
func WriteTBX(w io.Writer, concepts []term.Concept) error {
	return writeTBX(w, concepts, tbxV3)
}

// WriteTBX2008 writes concepts as TBX-Basic in the TBX 2008 form
// (<martif>, termEntry, langSet, tig), for tools that do not read TBX v3
// yet. The data categories are those WriteTBX writes.
func WriteTBX2008(w io.Writer, concepts []term.Concept) error {
	return writeTBX(w, concepts, tbx2008)
}

// tbxNames are the element names of one version of TBX.
type tbxNames struct {
	open, root, header, entry, langSec, termSec string
}

var (
	tbxV3 = tbxNames{open: `<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">`,
		root: "tbx", header: "tbxHeader", entry: "conceptEntry", langSec: "langSec", termSec: "termSec"}
	tbx2008 = tbxNames{open: `<martif type="TBX-Basic" xml:lang="en">`,
		root: "martif", header: "martifHeader", entry: "termEntry", langSec: "langSet", termSec: "tig"}
)

func writeTBX(w io.Writer, concepts []term.Concept, n tbxNames) error {
	if err := tbxCheck(concepts); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + n.open + "\n  <" + n.header + `>
    <fileDesc>
      <sourceDesc>
        <p>Alinea termbase</p>
      </sourceDesc>
    </fileDesc>
  </` + n.header + ">\n")
	if len(concepts) == 0 {
		bw.WriteString("  <text/>\n</" + n.root + ">\n")
		return bw.Flush()
	}
	bw.WriteString("  <text>\n    <body>\n")
	for i := range concepts {
		tbxWriteConcept(bw, &concepts[i], i, n)
	}
	bw.WriteString("    </body>\n  </text>\n</" + n.root + ">\n")
	return bw.Flush()
}

func tbxConceptID(c *term.Concept, i int) string {
	if c.ID > 0 {
		return "c" + strconv.FormatInt(c.ID, 10)
	}
	return "c-" + strconv.Itoa(i+1)
}

func tbxTermID(cid string, t *term.Term, k int) string {
	if t.ID > 0 {
		return "t" + strconv.FormatInt(t.ID, 10)
	}
	return cid + "-t" + strconv.Itoa(k+1)
}

func tbxCheck(concepts []term.Concept) error {
	cids := map[int64]bool{}
	tids := map[int64]bool{}
	for i := range concepts {
		c := &concepts[i]
		where := fmt.Sprintf("concept %d (id %d)", i+1, c.ID)
		if c.ID < 0 {
			return fmt.Errorf("write tbx: %s: negative id", where)
		}
		if c.ID > 0 {
			if cids[c.ID] {
				return fmt.Errorf("write tbx: %s: id used twice", where)
			}
			cids[c.ID] = true
		}
		if len(c.Terms) == 0 {
			return fmt.Errorf("write tbx: %s: no terms", where)
		}
		for _, s := range []struct{ what, v string }{{"domain", c.Domain}, {"note", c.Note}, {"source", c.Source}} {
			if err := tbxCheckText(s.v); err != nil {
				return fmt.Errorf("write tbx: %s: %s: %w", where, s.what, err)
			}
		}
		for k := range c.Terms {
			t := &c.Terms[k]
			tw := fmt.Sprintf("%s, term %d %q", where, k+1, t.Text)
			if t.ID < 0 {
				return fmt.Errorf("write tbx: %s: negative id", tw)
			}
			if t.ID > 0 {
				if tids[t.ID] {
					return fmt.Errorf("write tbx: %s: term id %d used twice", tw, t.ID)
				}
				tids[t.ID] = true
			}
			if !tbxLangRe.MatchString(t.Lang) {
				return fmt.Errorf("write tbx: %s: language %q is not a language tag", tw, t.Lang)
			}
			if strings.TrimSpace(t.Text) == "" {
				return fmt.Errorf("write tbx: %s: empty term", tw)
			}
			if !t.Status.Valid() {
				return fmt.Errorf("write tbx: %s: unknown status %q", tw, t.Status)
			}
			for _, s := range []string{t.Text, t.Note, t.Gender, t.Number} {
				if err := tbxCheckText(s); err != nil {
					return fmt.Errorf("write tbx: %s: %w", tw, err)
				}
			}
			for _, f := range t.Forms {
				if strings.TrimSpace(f.Text) == "" {
					return fmt.Errorf("write tbx: %s: empty form", tw)
				}
				for _, s := range []string{f.Text, f.Gender, f.Number} {
					if err := tbxCheckText(s); err != nil {
						return fmt.Errorf("write tbx: %s, form %q: %w", tw, f.Text, err)
					}
				}
			}
		}
	}
	return nil
}

// tbxCheckText refuses what XML 1.0 cannot carry: invalid UTF-8 and the
// control characters other than tab, line feed and carriage return.
func tbxCheckText(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return fmt.Errorf("invalid UTF-8 at byte %d", i)
			}
		}
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
			return fmt.Errorf("character %U at byte %d cannot be written in XML", r, i)
		}
	}
	return nil
}

func tbxText(bw *bufio.Writer, s string) {
	xml.EscapeText(bw, []byte(s))
}

// tbxElem writes <name type="typ">text</name> on its own line.
func tbxElem(bw *bufio.Writer, indent, name, typ, text string) {
	bw.WriteString(indent)
	bw.WriteString("<" + name)
	if typ != "" {
		bw.WriteString(` type="` + typ + `"`)
	}
	bw.WriteString(">")
	tbxText(bw, text)
	bw.WriteString("</" + name + ">\n")
}

func tbxWriteConcept(bw *bufio.Writer, c *term.Concept, i int, n tbxNames) {
	cid := tbxConceptID(c, i)
	bw.WriteString(`      <` + n.entry + ` id="` + cid + "\">\n")
	const in = "        "
	if c.Domain != "" {
		tbxElem(bw, in, "descrip", "subjectField", c.Domain)
	}
	if c.Source != "" {
		tbxElem(bw, in, "admin", "source", c.Source)
	}
	if c.Note != "" {
		tbxElem(bw, in, "note", "", c.Note)
	}
	var langs []string
	for _, t := range c.Terms {
		if !slices.Contains(langs, t.Lang) {
			langs = append(langs, t.Lang)
		}
	}
	for _, lang := range langs {
		bw.WriteString(in + `<` + n.langSec + ` xml:lang="` + lang + "\">\n")
		for k := range c.Terms {
			t := &c.Terms[k]
			if t.Lang != lang {
				continue
			}
			tid := tbxTermID(cid, t, k)
			tbxWriteTermSec(bw, n.termSec, tid, t.Text, tbxStatusOut[t.Status], "", t.Gender, t.Number, t.Note, "", "")
			for f, form := range t.Forms {
				fid := tid + "-f" + strconv.Itoa(f+1)
				tbxWriteTermSec(bw, n.termSec, fid, form.Text, tbxStatusOut[t.Status], "variant", form.Gender, form.Number, "", tid, t.Text)
			}
		}
		bw.WriteString(in + "</" + n.langSec + ">\n")
	}
	bw.WriteString("      </" + n.entry + ">\n")
}

func tbxWriteTermSec(bw *bufio.Writer, elem, id, text, status, termType, gender, number, note, ref, refText string) {
	const in = "            "
	bw.WriteString(`          <` + elem + ` id="` + id + "\">\n")
	bw.WriteString(in + "<term>")
	tbxText(bw, text)
	bw.WriteString("</term>\n")
	tbxElem(bw, in, "termNote", "administrativeStatus", status)
	if termType != "" {
		tbxElem(bw, in, "termNote", "termType", termType)
	}
	if gender != "" {
		tbxElem(bw, in, "termNote", "grammaticalGender", gender)
	}
	if number != "" {
		tbxElem(bw, in, "termNote", "grammaticalNumber", number)
	}
	if note != "" {
		tbxElem(bw, in, "note", "", note)
	}
	if ref != "" {
		bw.WriteString(in + `<ref type="crossReference" target="` + ref + `">`)
		tbxText(bw, refText)
		bw.WriteString("</ref>\n")
	}
	bw.WriteString("          </" + elem + ">\n")
}

// tbxNode is one element of a conceptEntry, read whole.
type tbxNode struct {
	name     string
	attrs    []xml.Attr
	line     int
	text     strings.Builder // all character data inside, descendants included
	children []*tbxNode
}

func (n *tbxNode) attr(space, local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

func (n *tbxNode) str() string { return strings.TrimSpace(n.text.String()) }

// ReadTBX reads a TBX v3 file in the DCA style (TBX-Basic, or another
// dialect whose data categories it shares), or a TBX 2008 <martif> file,
// TBX-Basic (termEntry, langSet, tig) or TBX-Default (ntig, termGrp). It refuses a malformed file
// whole, naming the line at fault: XML errors, a root that is not <tbx>, a
// langSec without xml:lang, a termSec without a term, an unknown
// administrativeStatus. Data categories it has no place for are skipped.
func ReadTBX(r io.Reader) ([]term.Concept, error) {
	cs, err := readTBX(newXMLReader(r))
	if err != nil {
		return nil, fmt.Errorf("read tbx: %w", err)
	}
	return cs, nil
}

func readTBX(x *xmlReader) ([]term.Concept, error) {
	var concepts []term.Concept
	depth := 0
	sawRoot := false
	for {
		tok, err := x.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if sawRoot {
					return nil, fmt.Errorf("line %d: content after the root element", x.Line())
				}
				if err := tbxCheckRoot(t, x.Line()); err != nil {
					return nil, err
				}
				sawRoot = true
			}
			if (t.Name.Local == "conceptEntry" || t.Name.Local == "termEntry") && tbxInNS(t.Name) {
				n, err := tbxReadNode(x, t)
				if err != nil {
					return nil, err
				}
				c, err := tbxConcept(n)
				if err != nil {
					return nil, err
				}
				concepts = append(concepts, c)
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(strings.TrimSpace(string(t))) > 0 {
				if !sawRoot {
					return nil, fmt.Errorf("line %d: text before any element: not a TBX file", x.Line())
				}
				return nil, fmt.Errorf("line %d: text after the root element", x.Line())
			}
		}
	}
	if !sawRoot {
		return nil, errors.New("no <tbx> or <martif> element: not a TBX file")
	}
	return concepts, nil
}

func tbxInNS(n xml.Name) bool { return n.Space == tbxNS || n.Space == "" }

func tbxCheckRoot(t xml.StartElement, line int) error {
	switch {
	case t.Name.Local == "martif":
		// TBX 2008 (ISO 30042:2008), TBX-Basic or TBX-Default: what most
		// termbases still export. Its elements map one to one onto v3's.
		return nil
	case t.Name.Local != "tbx":
		return fmt.Errorf("line %d: root element <%s> is not <tbx> (TBX v3) or <martif> (TBX 2008)", line, t.Name.Local)
	case !tbxInNS(t.Name):
		return fmt.Errorf("line %d: <tbx> in namespace %q, want %q", line, t.Name.Space, tbxNS)
	}
	for _, a := range t.Attr {
		if a.Name.Local == "style" && a.Name.Space == "" && a.Value == "dct" {
			return fmt.Errorf("line %d: TBX style \"dct\" is not read; export the file in the \"dca\" style", line)
		}
	}
	return nil
}

// tbxReadNode reads the element start into a tree, through the guarded
// reader, so depth and size stay bounded.
func tbxReadNode(x *xmlReader, start xml.StartElement) (*tbxNode, error) {
	root := &tbxNode{name: start.Name.Local, attrs: start.Attr, line: x.Line()}
	stack := []*tbxNode{root}
	for len(stack) > 0 {
		tok, err := x.Token()
		if err == io.EOF {
			return nil, fmt.Errorf("line %d: file ends inside <%s>", x.Line(), stack[len(stack)-1].name)
		}
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &tbxNode{name: t.Name.Local, attrs: t.Attr, line: x.Line()}
			if !tbxInNS(t.Name) {
				n.name = "" // a foreign element: its text still counts, its name does not
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].text.WriteString(top.text.String())
			}
		case xml.CharData:
			top.text.Write(t)
		}
	}
	return root, nil
}

func tbxConcept(n *tbxNode) (term.Concept, error) {
	var c term.Concept
	if m := tbxConceptR.FindStringSubmatch(n.attr("", "id")); m != nil {
		c.ID, _ = strconv.ParseInt(m[1], 10, 64)
	}
	var notes []string
	for _, ch := range n.children {
		ch = tbxGroupHead(ch)
		switch ch.name {
		case "descrip":
			switch ch.attr("", "type") {
			case "subjectField":
				c.Domain = tbxJoin(c.Domain, ch.str(), "; ")
			case "definition":
				notes = append(notes, ch.str())
			}
		case "admin":
			if ch.attr("", "type") == "source" {
				c.Source = tbxJoin(c.Source, ch.str(), "; ")
			}
		case "note":
			notes = append(notes, ch.str())
		case "langSec", "langSet":
			terms, err := tbxLangSec(ch)
			if err != nil {
				return c, err
			}
			c.Terms = append(c.Terms, terms...)
		}
	}
	for _, s := range notes {
		c.Note = tbxJoin(c.Note, s, "\n")
	}
	if len(c.Terms) == 0 {
		return c, fmt.Errorf("line %d: <conceptEntry id=%q> has no terms", n.line, n.attr("", "id"))
	}
	return c, nil
}

// tbxGroupHead returns the data category a *Grp element groups (its first
// child), or the node itself.
func tbxGroupHead(n *tbxNode) *tbxNode {
	switch n.name {
	case "descripGrp", "adminGrp", "termNoteGrp":
		if len(n.children) > 0 {
			return n.children[0]
		}
	}
	return n
}

func tbxJoin(a, b, sep string) string {
	switch {
	case b == "":
		return a
	case a == "":
		return b
	}
	return a + sep + b
}

// tbxTermSec is a termSec as read, before forms are attached to terms.
type tbxTermSec struct {
	id       string
	term     term.Term
	termType string
	ref      string // crossReference target
	line     int
}

func tbxLangSec(n *tbxNode) ([]term.Term, error) {
	lang := strings.TrimSpace(n.attr(tbxXMLNS, "lang"))
	if lang == "" {
		return nil, fmt.Errorf("line %d: <langSec> without xml:lang", n.line)
	}
	var secs []tbxTermSec
	for _, ch := range n.children {
		switch ch.name {
		case "termSec", "tig":
		case "ntig":
			ch = tbxFlattenNTIG(ch)
		default:
			continue
		}
		s, err := tbxReadTermSec(ch, lang)
		if err != nil {
			return nil, err
		}
		secs = append(secs, s)
	}
	// A variant pointing at another term of this language is a form of it.
	byID := map[string]int{}
	for i, s := range secs {
		if s.id != "" && !tbxIsForm(s) {
			byID[s.id] = i
		}
	}
	var terms []term.Term
	at := map[int]int{} // termSec index → index in terms
	for i, s := range secs {
		if _, ok := byID[s.ref]; ok && tbxIsForm(s) {
			continue
		}
		at[i] = len(terms)
		terms = append(terms, s.term)
	}
	for _, s := range secs {
		if b, ok := byID[s.ref]; ok && tbxIsForm(s) {
			t := &terms[at[b]]
			t.Forms = append(t.Forms, term.TermForm{Text: s.term.Text, Gender: s.term.Gender, Number: s.term.Number})
		}
	}
	return terms, nil
}

// tbxFlattenNTIG turns a TBX 2008 <ntig> (TBX-Default), which puts the
// term and its termNotes in a <termGrp>, into the shape of a <tig>.
func tbxFlattenNTIG(n *tbxNode) *tbxNode {
	out := &tbxNode{name: "tig", attrs: n.attrs, line: n.line}
	for _, ch := range n.children {
		if ch.name == "termGrp" {
			out.children = append(out.children, ch.children...)
			continue
		}
		out.children = append(out.children, ch)
	}
	return out
}

func tbxIsForm(s tbxTermSec) bool { return s.termType == "variant" && s.ref != "" }

func tbxReadTermSec(n *tbxNode, lang string) (tbxTermSec, error) {
	s := tbxTermSec{id: n.attr("", "id"), line: n.line}
	s.term.Lang = lang
	if m := tbxTermR.FindStringSubmatch(s.id); m != nil {
		s.term.ID, _ = strconv.ParseInt(m[1], 10, 64)
	}
	hasTerm := false
	var notes []string
	for _, ch := range n.children {
		ch = tbxGroupHead(ch)
		switch ch.name {
		case "term":
			if hasTerm {
				return s, fmt.Errorf("line %d: <termSec> with two <term>s", ch.line)
			}
			hasTerm = true
			s.term.Text = ch.str()
			if s.term.Text == "" {
				return s, fmt.Errorf("line %d: empty <term>", ch.line)
			}
		case "termNote":
			v := ch.str()
			switch ch.attr("", "type") {
			case "administrativeStatus":
				st, ok := tbxStatusIn[v]
				if !ok {
					return s, fmt.Errorf("line %d: unknown administrativeStatus %q", ch.line, v)
				}
				s.term.Status = st
			case "grammaticalGender":
				s.term.Gender = v
			case "grammaticalNumber":
				s.term.Number = v
			case "termType":
				s.termType = v
			}
		case "ref":
			if ch.attr("", "type") == "crossReference" {
				s.ref = ch.attr("", "target")
			}
		case "note":
			notes = append(notes, ch.str())
		}
	}
	if !hasTerm {
		return s, fmt.Errorf("line %d: <termSec> without <term>", n.line)
	}
	for _, v := range notes {
		s.term.Note = tbxJoin(s.term.Note, v, "\n")
	}
	if s.term.Status == "" {
		// TBX leaves the status optional; a term listed without one is
		// usable, not recommended over others.
		s.term.Status = term.Admitted
	}
	return s, nil
}
