package formats

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"alinea/align/term"
)

// Glossary CSV: one row per concept, made to be edited in a spreadsheet.
//
// Header (the first row) names the columns, in any order:
//
//	id            the concept id (a whole number; empty for a new concept)
//	domain        subject field, e.g. diplomacy
//	note          note or definition of the concept
//	source        where its renderings come from
//	L_preferred   the preferred terms in language L (a tag: zh, es, pt-BR…)
//	L_admitted    the admitted terms in L
//	L_forbidden   the forbidden terms in L
//	L_forms       inflected forms of L's terms (gender, number)
//
// "L" alone is accepted for L_preferred and "L_variants" for L_admitted.
// WriteTermCSV writes id,domain,note,source, then the four columns of zh,
// es, pt and en, then those of any other language in alphabetical order.
//
// A term cell holds any number of terms separated by "|"; each term may be
// followed by attributes in square brackets, separated by ";":
//
//	socio estratégico [masculine; singular; note=en acuerdos bilaterales] | aliado
//
// masculine, feminine and neuter set the gender, singular and plural the
// number; other values are written gender=…, number=…. note=… is a note on
// the term and id=… its id. In L_forms each item is a form; it belongs to
// the first term of L (preferred, else admitted, else forbidden) unless it
// says of=<term>:
//
//	socia estratégica [feminine; singular] | socias estratégicas [feminine; plural]
//
// A backslash makes the next character plain text, for a term containing
// | [ ] ; = or \. White space around terms and values does not count.
//
// Terms come back language by language (zh, es, pt, en, then the others
// alphabetically), and within a language preferred, admitted, forbidden,
// each in the order listed; a concept whose terms are in that order reads
// back equal to what was written. CSV turns a CR LF line break inside a
// cell into LF. A cell a spreadsheet would run as a formula is written with
// a leading apostrophe, as in document CSV (see csv.go), and read back
// without it.

var termCSVStatuses = []struct {
	suffix string
	status term.TermStatus
}{{"preferred", term.Preferred}, {"admitted", term.Admitted}, {"forbidden", term.Forbidden}}

// termCSVLangs are always written, so that a file starts as a template with
// the languages of the workbench.
var termCSVLangs = []string{"zh", "es", "pt", "en"}

var (
	termCSVGenders = []string{"masculine", "feminine", "neuter"}
	termCSVNumbers = []string{"singular", "plural"}
)

// WriteTermCSV writes concepts as glossary CSV. It checks everything first
// and writes nothing when a concept cannot be written.
func WriteTermCSV(w io.Writer, concepts []term.Concept) error {
	langs := slices.Clone(termCSVLangs)
	var extra []string
	for i := range concepts {
		c := &concepts[i]
		if err := termCSVCheck(c); err != nil {
			return fmt.Errorf("write glossary csv: concept %d (id %d): %w", i+1, c.ID, err)
		}
		for _, t := range c.Terms {
			if !slices.Contains(langs, t.Lang) && !slices.Contains(extra, t.Lang) {
				extra = append(extra, t.Lang)
			}
		}
	}
	slices.Sort(extra)
	langs = append(langs, extra...)
	header := []string{"id", "domain", "note", "source"}
	for _, l := range langs {
		for _, s := range termCSVStatuses {
			header = append(header, l+"_"+s.suffix)
		}
		header = append(header, l+"_forms")
	}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Write(header)
	for i := range concepts {
		row := termCSVRow(&concepts[i], langs)
		for j := range row {
			row[j] = cellOut(row[j])
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write glossary csv: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// termCSVLangOrder orders languages as the columns are written: the
// workbench's languages first, then the others alphabetically.
func termCSVLangOrder(a, b string) int {
	ia, ib := slices.Index(termCSVLangs, a), slices.Index(termCSVLangs, b)
	switch {
	case ia >= 0 && ib >= 0:
		return ia - ib
	case ia >= 0:
		return -1
	case ib >= 0:
		return 1
	}
	return strings.Compare(a, b)
}

func termCSVCheck(c *term.Concept) error {
	if c.ID < 0 {
		return errors.New("negative id")
	}
	if len(c.Terms) == 0 {
		return errors.New("no terms")
	}
	for _, v := range []string{c.Domain, c.Note, c.Source} {
		if !utf8.ValidString(v) {
			return errors.New("invalid UTF-8")
		}
	}
	for k, t := range c.Terms {
		ok := utf8.ValidString(t.Text) && utf8.ValidString(t.Note) && utf8.ValidString(t.Gender) && utf8.ValidString(t.Number)
		for _, f := range t.Forms {
			ok = ok && utf8.ValidString(f.Text) && utf8.ValidString(f.Gender) && utf8.ValidString(f.Number)
		}
		if !ok {
			return fmt.Errorf("term %d: invalid UTF-8", k+1)
		}
		switch {
		case t.Lang == "" || strings.ContainsAny(t.Lang, "_,\"\r\n") || strings.TrimSpace(t.Lang) != t.Lang:
			return fmt.Errorf("term %d %q: language %q cannot name a column", k+1, t.Text, t.Lang)
		case strings.TrimSpace(t.Text) == "":
			return fmt.Errorf("term %d: empty term", k+1)
		case !t.Status.Valid():
			return fmt.Errorf("term %d %q: unknown status %q", k+1, t.Text, t.Status)
		case t.ID < 0:
			return fmt.Errorf("term %d %q: negative id", k+1, t.Text)
		}
		for _, f := range t.Forms {
			if strings.TrimSpace(f.Text) == "" {
				return fmt.Errorf("term %d %q: empty form", k+1, t.Text)
			}
		}
		if len(t.Forms) > 0 {
			// Forms name their term by its text, so it must be unique.
			for j, o := range c.Terms {
				if j != k && o.Lang == t.Lang && o.Text == t.Text {
					return fmt.Errorf("term %d %q: has forms and another %s term has the same text", k+1, t.Text, t.Lang)
				}
			}
		}
	}
	return nil
}

func termCSVRow(c *term.Concept, langs []string) []string {
	row := []string{"", c.Domain, c.Note, c.Source}
	if c.ID > 0 {
		row[0] = strconv.FormatInt(c.ID, 10)
	}
	for _, l := range langs {
		first := ""
		var forms []string
		for _, s := range termCSVStatuses {
			var items []string
			for _, t := range c.Terms {
				if t.Lang != l || t.Status != s.status {
					continue
				}
				if first == "" {
					first = t.Text
				}
				var attrs []string
				attrs = termCSVGrammar(attrs, t.Gender, t.Number)
				if t.Note != "" {
					attrs = append(attrs, "note="+termCSVEscape(t.Note, true))
				}
				if t.ID > 0 {
					attrs = append(attrs, "id="+strconv.FormatInt(t.ID, 10))
				}
				items = append(items, termCSVItem(t.Text, attrs))
				for _, f := range t.Forms {
					fa := termCSVGrammar(nil, f.Gender, f.Number)
					if t.Text != first {
						fa = append(fa, "of="+termCSVEscape(t.Text, true))
					}
					forms = append(forms, termCSVItem(f.Text, fa))
				}
			}
			row = append(row, strings.Join(items, " | "))
		}
		row = append(row, strings.Join(forms, " | "))
	}
	return row
}

func termCSVGrammar(attrs []string, gender, number string) []string {
	if gender != "" {
		if slices.Contains(termCSVGenders, gender) {
			attrs = append(attrs, gender)
		} else {
			attrs = append(attrs, "gender="+termCSVEscape(gender, true))
		}
	}
	if number != "" {
		if slices.Contains(termCSVNumbers, number) {
			attrs = append(attrs, number)
		} else {
			attrs = append(attrs, "number="+termCSVEscape(number, true))
		}
	}
	return attrs
}

func termCSVItem(text string, attrs []string) string {
	s := termCSVEscape(text, false)
	if len(attrs) > 0 {
		s += " [" + strings.Join(attrs, "; ") + "]"
	}
	return s
}

// termCSVEscape puts a backslash before the characters that would end a
// text or a value.
func termCSVEscape(s string, value bool) string {
	special := `\|[`
	if value {
		special = `\|[];=`
	}
	if !strings.ContainsAny(s, special) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(special, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// termCSVColumn is what one header column holds.
type termCSVColumn struct {
	name   string
	field  string // id, domain, note, source, or "" for a term column
	lang   string
	status term.TermStatus // "" for the forms column
}

// ReadTermCSV reads glossary CSV (see the description above WriteTermCSV's
// header). It refuses the file whole at the first fault, naming the line and
// column: an unknown or repeated column, a row of the wrong length, an id
// that is not a whole number, a malformed term cell, a form whose term is
// not in the row, a row without terms.
func ReadTermCSV(r io.Reader) ([]term.Concept, error) {
	cs, err := readTermCSV(r)
	if err != nil {
		return nil, fmt.Errorf("read glossary csv: %w", err)
	}
	return cs, nil
}

func readTermCSV(r io.Reader) ([]term.Concept, error) {
	lim := &limitedReader{r: r, n: MaxXMLBytes}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = 0
	tooLarge := func(err error) error {
		if lim.hit {
			return fmt.Errorf("file larger than %s: %w", sizeName(MaxXMLBytes), ErrTooLarge)
		}
		return err
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("empty file: no header row")
	}
	if err != nil {
		return nil, tooLarge(err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // spreadsheets mark UTF-8 so
	}
	cols, err := termCSVHeader(header)
	if err != nil {
		return nil, err
	}
	var out []term.Concept
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, tooLarge(err)
		}
		line, _ := cr.FieldPos(0)
		for j := range rec {
			rec[j] = cellIn(rec[j])
		}
		c, err := termCSVConcept(rec, cols, line)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func termCSVHeader(header []string) ([]termCSVColumn, error) {
	var cols []termCSVColumn
	seen := map[string]bool{}
	terms := 0
	for i, h := range header {
		name := strings.TrimSpace(h)
		col := termCSVColumn{name: name}
		switch name {
		case "id", "domain", "note", "source":
			col.field = name
		default:
			lang, suffix := name, "preferred"
			if j := strings.LastIndexByte(name, '_'); j >= 0 {
				lang, suffix = name[:j], name[j+1:]
			}
			switch suffix {
			case "preferred":
				col.status = term.Preferred
			case "admitted", "variants":
				col.status = term.Admitted
			case "forbidden":
				col.status = term.Forbidden
			case "forms":
			default:
				return nil, fmt.Errorf("line 1, column %d: unknown column %q", i+1, name)
			}
			if !tbxLangRe.MatchString(lang) {
				return nil, fmt.Errorf("line 1, column %d: unknown column %q (%q is not a language tag)", i+1, name, lang)
			}
			col.lang = lang
			terms++
		}
		key := col.field
		if key == "" {
			key = col.lang + "_" + string(col.status)
			if col.status == "" {
				key += "forms"
			}
		}
		if seen[key] {
			return nil, fmt.Errorf("line 1, column %d: column %q repeats an earlier one", i+1, name)
		}
		seen[key] = true
		cols = append(cols, col)
	}
	if terms == 0 {
		return nil, errors.New("line 1: the header names no term column (e.g. zh_preferred, es_preferred)")
	}
	return cols, nil
}

func termCSVConcept(rec []string, cols []termCSVColumn, line int) (term.Concept, error) {
	var c term.Concept
	type pending struct {
		item termCSVParsed
		col  termCSVColumn
	}
	var forms []pending
	// Terms are gathered per language, then ordered by language and
	// status, so that the result does not depend on the order of the
	// columns.
	var langs []string
	byLang := map[string]map[term.TermStatus][]term.Term{}
	for i, v := range rec {
		col := cols[i]
		where := func(err error) error {
			return fmt.Errorf("line %d, column %s: %w", line, col.name, err)
		}
		if !utf8.ValidString(v) {
			return c, where(errors.New("invalid UTF-8 (save the file as UTF-8)"))
		}
		switch col.field {
		case "id":
			if v = strings.TrimSpace(v); v != "" {
				id, err := strconv.ParseInt(v, 10, 64)
				if err != nil || id < 0 {
					return c, where(fmt.Errorf("id %q is not a whole number", v))
				}
				c.ID = id
			}
			continue
		case "domain":
			c.Domain = strings.TrimSpace(v)
			continue
		case "note":
			c.Note = strings.TrimSpace(v)
			continue
		case "source":
			c.Source = strings.TrimSpace(v)
			continue
		}
		items, err := termCSVParseCell(v)
		if err != nil {
			return c, where(err)
		}
		if !slices.Contains(langs, col.lang) {
			langs = append(langs, col.lang)
			byLang[col.lang] = map[term.TermStatus][]term.Term{}
		}
		for _, it := range items {
			if col.status == "" {
				if it.id != 0 {
					return c, where(fmt.Errorf("form %q: forms have no id", it.text))
				}
				if it.note != "" {
					return c, where(fmt.Errorf("form %q: forms have no note", it.text))
				}
				forms = append(forms, pending{it, col})
				continue
			}
			if it.of != "" {
				return c, where(fmt.Errorf("term %q: of= belongs in the %s_forms column", it.text, col.lang))
			}
			byLang[col.lang][col.status] = append(byLang[col.lang][col.status], term.Term{
				ID: it.id, Lang: col.lang, Text: it.text, Status: col.status,
				Note: it.note, Gender: it.gender, Number: it.number,
			})
		}
	}
	slices.SortStableFunc(langs, termCSVLangOrder)
	for _, l := range langs {
		for _, s := range termCSVStatuses {
			c.Terms = append(c.Terms, byLang[l][s.status]...)
		}
	}
	for _, f := range forms {
		base := -1
		for k, t := range c.Terms {
			if t.Lang == f.col.lang && (f.item.of == "" || t.Text == f.item.of) {
				base = k
				break
			}
		}
		if base < 0 {
			if f.item.of == "" {
				return c, fmt.Errorf("line %d, column %s: form %q but no %s term", line, f.col.name, f.item.text, f.col.lang)
			}
			return c, fmt.Errorf("line %d, column %s: form %q of %q, which is not a %s term of this row", line, f.col.name, f.item.text, f.item.of, f.col.lang)
		}
		c.Terms[base].Forms = append(c.Terms[base].Forms, term.TermForm{Text: f.item.text, Gender: f.item.gender, Number: f.item.number})
	}
	if len(c.Terms) == 0 {
		return c, fmt.Errorf("line %d: no term in any language", line)
	}
	return c, nil
}

// termCSVParsed is one item of a term cell.
type termCSVParsed struct {
	text, note, gender, number, of string
	id                             int64
}

// termCSVParseCell parses a term cell: items separated by |, each a text
// and optional [attributes].
func termCSVParseCell(cell string) ([]termCSVParsed, error) {
	var items []termCSVParsed
	p := termCSVScanner{s: cell}
	for !p.done() {
		text := p.until("|[")
		it := termCSVParsed{text: text}
		if it.text == "" {
			return nil, fmt.Errorf("item %d: empty term", len(items)+1)
		}
		if p.peek() == '[' {
			p.next()
			for {
				key, val, hasVal := p.attr()
				if err := it.set(key, val, hasVal); err != nil {
					return nil, fmt.Errorf("item %d %q: %w", len(items)+1, it.text, err)
				}
				c := p.next()
				if c == ']' {
					break
				}
				if c != ';' {
					return nil, fmt.Errorf("item %d %q: [ without ]", len(items)+1, it.text)
				}
			}
			if rest := strings.TrimSpace(p.until("|")); rest != "" {
				return nil, fmt.Errorf("item %d %q: text %q after ]", len(items)+1, it.text, rest)
			}
		}
		if p.peek() == '|' {
			p.next()
			if p.done() {
				return nil, fmt.Errorf("item %d: empty term after |", len(items)+2)
			}
		}
		items = append(items, it)
	}
	return items, nil
}

func (it *termCSVParsed) set(key, val string, hasVal bool) error {
	if !hasVal {
		switch {
		case key == "":
			return errors.New("empty attribute")
		case slices.Contains(termCSVGenders, key):
			it.gender = key
		case slices.Contains(termCSVNumbers, key):
			it.number = key
		default:
			return fmt.Errorf("unknown attribute %q", key)
		}
		return nil
	}
	switch key {
	case "gender":
		it.gender = val
	case "number":
		it.number = val
	case "note":
		it.note = val
	case "of":
		it.of = val
	case "id":
		id, err := strconv.ParseInt(val, 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("id %q is not a positive whole number", val)
		}
		it.id = id
	default:
		return fmt.Errorf("unknown attribute %q", key)
	}
	return nil
}

// termCSVScanner reads a cell with backslash escapes.
type termCSVScanner struct {
	s string
	i int
}

func (p *termCSVScanner) done() bool { return p.i >= len(p.s) }

func (p *termCSVScanner) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

func (p *termCSVScanner) next() byte {
	c := p.peek()
	if !p.done() {
		p.i++
	}
	return c
}

// until reads up to (not including) an unescaped byte of stops and returns
// the text, unescaped and trimmed.
func (p *termCSVScanner) until(stops string) string {
	var b strings.Builder
	for !p.done() {
		c := p.s[p.i]
		if strings.IndexByte(stops, c) >= 0 {
			break
		}
		p.i++
		if c == '\\' && !p.done() {
			c = p.s[p.i]
			p.i++
		}
		b.WriteByte(c)
	}
	return strings.TrimSpace(b.String())
}

// attr reads key[=value] up to an unescaped ; or ].
func (p *termCSVScanner) attr() (key, val string, hasVal bool) {
	key = p.until("=;]")
	if p.peek() == '=' {
		p.next()
		return key, p.until(";]"), true
	}
	return key, "", false
}
