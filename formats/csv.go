package formats

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"alinea/workflow"
)

// CSV and TSV: one header row, then one row per segment:
//
//	id, paragraph, heading, source, then for each target language L:
//	L, L_status, L_version
//
// id is our segment id, heading is "yes" or empty, L holds the translation,
// L_status one of new/draft/translated/reviewed/approved and L_version the
// translation's version at export. Fields are quoted as RFC 4180 says (a
// field with the separator, a quote or a line break is put in double quotes,
// quotes doubled); TSV uses the same rules with a tab as separator.
//
// CSV starts with a UTF-8 byte order mark and ends lines with CRLF, because
// that is what spreadsheet programs need to open it as UTF-8 with a
// double-click; TSV has neither, for command-line tools. Readers accept both
// with or without the mark. Line breaks inside a field are written and read
// as they are, CRLF or LF.
//
// A text cell that starts with = + - @, a tab or a carriage return would be
// run as a formula by spreadsheet programs, so it is written with a leading
// apostrophe (as are cells that already start with apostrophes followed by
// one of those); the readers remove that one apostrophe again.

const utf8BOM = "\uFEFF"

// WriteCSV writes the units as comma-separated values for spreadsheets.
func WriteCSV(w io.Writer, h Header, units Units, opt ExportOptions) error {
	return writeDelimited(w, h, units, opt, ',', "csv")
}

// WriteTSV writes the units as tab-separated values.
func WriteTSV(w io.Writer, h Header, units Units, opt ExportOptions) error {
	return writeDelimited(w, h, units, opt, '\t', "tsv")
}

func writeDelimited(w io.Writer, h Header, units Units, opt ExportOptions, comma rune, name string) error {
	if err := opt.validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	cw := &recordWriter{w: bw, comma: byte(comma), eol: "\n"}
	if comma == ',' {
		bw.WriteString(utf8BOM)
		cw.eol = "\r\n"
	}
	row := []string{"id", "paragraph", "heading", "source"}
	for _, l := range h.TargetLangs {
		row = append(row, l, l+"_status", l+"_version")
	}
	if err := cw.Write(row); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	for u, err := range units {
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if !opt.keep(&u, h.TargetLangs) {
			continue
		}
		row = row[:0]
		heading := ""
		if u.Heading {
			heading = "yes"
		}
		row = append(row, strconv.FormatInt(u.SegmentID, 10), strconv.Itoa(u.Paragraph), heading, cellOut(u.Source))
		for _, l := range h.TargetLangs {
			t, ok := opt.usable(&u, l)
			if !ok {
				row = append(row, "", "", "")
				continue
			}
			st := t.Status
			if !st.Valid() {
				st = workflow.StatusNew
			}
			row = append(row, cellOut(t.Text), string(st), strconv.Itoa(t.Version))
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// recordWriter writes RFC 4180 records. Unlike encoding/csv's writer it
// keeps the line breaks inside a field as they are (that one turns them
// into the record separator's CRLF, or drops carriage returns), so a text
// read back is the text written.
type recordWriter struct {
	w     *bufio.Writer
	comma byte
	eol   string
}

func (rw *recordWriter) Write(fields []string) error {
	for i, f := range fields {
		if i > 0 {
			rw.w.WriteByte(rw.comma)
		}
		if f == "" || !strings.ContainsAny(f, string(rw.comma)+"\"\r\n") && f[0] != ' ' && f[0] != '\t' {
			rw.w.WriteString(f)
			continue
		}
		rw.w.WriteByte('"')
		rw.w.WriteString(strings.ReplaceAll(f, `"`, `""`))
		rw.w.WriteByte('"')
	}
	_, err := rw.w.WriteString(rw.eol)
	return err
}

// protectCR hides the carriage returns inside quoted fields from
// encoding/csv, which would drop them, as NUL: the decoded text holds no
// NUL (decodeText refuses control characters), and cells are restored by
// restoreCR.
func protectCR(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	b := []byte(s)
	quoted := false
	for i, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\r' && quoted:
			b[i] = 0
		}
	}
	return string(b)
}

func restoreCR(s string) string { return strings.ReplaceAll(s, "\x00", "\r") }

// formulaLike reports whether a spreadsheet would take s, after any leading
// apostrophes, as a formula.
func formulaLike(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

func cellOut(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}

func cellIn(s string) string {
	if strings.HasPrefix(s, "'") && formulaLike(s) {
		return s[1:]
	}
	return s
}

// MaxDelimitedBytes bounds a CSV or TSV file read.
const MaxDelimitedBytes = 64 << 20

// ReadCSV reads comma-separated values in the layout WriteCSV writes. The
// columns are found by their names in the header row, in any order; source
// and at least one language column are needed, the others are optional.
// Columns with other names are ignored.
func ReadCSV(r io.Reader) (*Import, error) {
	return readDelimited(r, ',', "csv")
}

// ReadTSV reads tab-separated values in the layout WriteTSV writes.
func ReadTSV(r io.Reader) (*Import, error) {
	return readDelimited(r, '\t', "tsv")
}

type langCols struct {
	lang                  string
	text, status, version int
}

func readDelimited(r io.Reader, comma rune, name string) (*Import, error) {
	lim := &limitedReader{r: r, n: MaxDelimitedBytes}
	raw, err := io.ReadAll(lim)
	if err != nil {
		if lim.hit {
			return nil, fmt.Errorf("read %s: larger than %s: %w", name, sizeName(MaxDelimitedBytes), ErrTooLarge)
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	// Spreadsheets save in the encoding of the system they run on: UTF-16
	// for "Unicode Text", GB18030 on Chinese Windows. The text is decoded
	// as source documents are, and bytes that are not text are refused
	// with their offset rather than stored.
	text, err := decodeText(raw)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	cr := csv.NewReader(strings.NewReader(protectCR(text)))
	cr.Comma = comma
	cr.ReuseRecord = true
	// The layout has the Chinese source in "source".
	im := &Import{Format: name, Header: Header{SourceLang: "zh"}}
	wrap := func(err error) error {
		return fmt.Errorf("read %s: %w", name, err)
	}
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read %s: the file is empty (expected a header row)", name)
		}
		return nil, wrap(err)
	}
	idCol, paraCol, headCol, srcCol := -1, -1, -1, -1
	var langs []langCols
	find := func(lang string) *langCols {
		for i := range langs {
			if langs[i].lang == lang {
				return &langs[i]
			}
		}
		langs = append(langs, langCols{lang: lang, text: -1, status: -1, version: -1})
		return &langs[len(langs)-1]
	}
	for i, c := range head {
		c = strings.ToLower(strings.TrimSpace(c))
		switch c {
		case "id":
			idCol = i
		case "paragraph":
			paraCol = i
		case "heading":
			headCol = i
		case "source":
			srcCol = i
		default:
			base, suffix, _ := strings.Cut(c, "_")
			if !isLangCode(base) {
				continue
			}
			lc := find(NormalizeLang(base))
			switch suffix {
			case "":
				lc.text = i
			case "status":
				lc.status = i
			case "version":
				lc.version = i
			}
		}
	}
	if srcCol < 0 {
		return nil, fmt.Errorf("read %s: line 1: no \"source\" column in the header", name)
	}
	kept := langs[:0]
	for _, lc := range langs {
		if lc.text >= 0 {
			kept = append(kept, lc)
			im.addLang(lc.lang)
		}
	}
	langs = kept
	if len(langs) == 0 {
		return nil, fmt.Errorf("read %s: line 1: no target language column (such as \"es\") in the header", name)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, wrap(err)
		}
		line, _ := cr.FieldPos(0)
		u := ImportedUnit{Line: line}
		cell := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return restoreCR(rec[i])
		}
		u.ID = strings.TrimSpace(cell(idCol))
		if u.ID != "" {
			if u.SegmentID, err = parseCount(u.ID, "id", line); err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
		}
		if v := strings.TrimSpace(cell(paraCol)); v != "" {
			n, err := parseCount(v, "paragraph", line)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			u.Paragraph = int(n)
		}
		u.Heading = parseYes(cell(headCol))
		u.Source = cellIn(cell(srcCol))
		for _, lc := range langs {
			t := Target{Lang: lc.lang, Text: cellIn(cell(lc.text))}
			if v := strings.TrimSpace(cell(lc.status)); v != "" {
				if t.Status, err = workflow.ParseStatus(v); err != nil {
					return nil, fmt.Errorf("read %s: line %d: column %s_status: %w", name, line, lc.lang, err)
				}
				t.Status = withText(t.Status, t.Text)
			} else if t.Text != "" {
				t.Status = workflow.StatusTranslated
			} else {
				t.Status = workflow.StatusNew
			}
			if v := strings.TrimSpace(cell(lc.version)); v != "" {
				n, err := parseCount(v, lc.lang+"_version", line)
				if err != nil {
					return nil, fmt.Errorf("read %s: %w", name, err)
				}
				t.Version = int(n)
			}
			u.Targets = append(u.Targets, t)
		}
		im.Units = append(im.Units, u)
	}
	return im, nil
}

// isLangCode reports whether a column name looks like a language tag's
// primary subtag.
func isLangCode(s string) bool {
	s, _, _ = strings.Cut(s, "-")
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
