package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"alinea/workflow"
)

// XLIFF 1.2, one file per target language, valid against the strict
// schema. That schema admits foreign attributes only when a schema for them
// is at hand, so our metadata travel in the standard place for tool data,
// <context-group name="alinea-…"> with contexts of user-defined types:
//
//	document group: x-alinea-doc, x-alinea-title
//	trans-unit:     x-alinea-segment, x-alinea-paragraph, x-alinea-heading,
//	                x-alinea-status, x-alinea-version
//
// The units sit in one <group restype="x-alinea-document"> that carries the
// document's contexts. trans-unit ids are our segment ids; headings also get
// restype="heading".

const xliff12Time = "2006-01-02T15:04:05Z"

// WriteXLIFF12 writes an XLIFF 1.2 file for the header's single target language.
func WriteXLIFF12(w io.Writer, h Header, units Units, opt ExportOptions) error {
	if err := opt.validate(); err != nil {
		return err
	}
	lang, err := h.oneLang("XLIFF 1.2")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	name, version := h.tool()
	original := h.FileName
	if original == "" {
		original = "document-" + strconv.FormatInt(h.DocID, 10)
	}
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file")
	attr(bw, "original", original)
	attr(bw, "source-language", h.fileLang(h.sourceLang()))
	attr(bw, "target-language", h.fileLang(lang))
	attr(bw, "datatype", "plaintext")
	attr(bw, "date", h.exported().Format(xliff12Time))
	attr(bw, "tool-id", "alinea")
	bw.WriteString(">\n<header><tool tool-id=\"alinea\"")
	attr(bw, "tool-name", name)
	attr(bw, "tool-version", version)
	bw.WriteString("/></header>\n<body>\n<group")
	attr(bw, "id", "d"+strconv.FormatInt(h.DocID, 10))
	bw.WriteString(" restype=\"x-alinea-document\">\n<context-group name=\"alinea-document\" purpose=\"information\">")
	xliff12Context(bw, "x-alinea-doc", strconv.FormatInt(h.DocID, 10))
	if h.Title != "" {
		xliff12Context(bw, "x-alinea-title", h.Title)
	}
	bw.WriteString("</context-group>\n")
	for u, err := range units {
		if err != nil {
			return fmt.Errorf("write xliff 1.2: %w", err)
		}
		t, ok := opt.usable(&u, lang)
		if !ok {
			continue
		}
		status := t.Status
		if !status.Valid() {
			status = workflow.StatusNew
		}
		bw.WriteString("<trans-unit id=\"")
		writeInt(bw, u.SegmentID)
		bw.WriteString("\" xml:space=\"preserve\"")
		if u.Heading {
			bw.WriteString(" restype=\"heading\"")
		}
		if xliff12Approved(status, t.Text) {
			bw.WriteString(" approved=\"yes\"")
		}
		bw.WriteString(">\n  <source>")
		xmlEscape(bw, u.Source, escText)
		bw.WriteString("</source>\n")
		if t.Text != "" {
			bw.WriteString("  <target state=\"")
			bw.WriteString(xliff12State(status, t.Text))
			bw.WriteString("\">")
			if strings.Contains(t.Text, phOpen) {
				writeInline(bw, t.Text, escText, xliff12Placeholder(bw))
			} else {
				xmlEscape(bw, t.Text, escText)
			}
			bw.WriteString("</target>\n")
		}
		// Context-group names must be unique within a file.
		bw.WriteString("  <context-group name=\"alinea-")
		writeInt(bw, u.SegmentID)
		bw.WriteString("\" purpose=\"information\">")
		xliff12ContextInt(bw, "x-alinea-segment", u.SegmentID)
		xliff12ContextInt(bw, "x-alinea-paragraph", int64(u.Paragraph))
		if u.Heading {
			xliff12Context(bw, "x-alinea-heading", "yes")
		}
		xliff12Context(bw, "x-alinea-status", string(status))
		xliff12ContextInt(bw, "x-alinea-version", int64(t.Version))
		bw.WriteString("</context-group>\n</trans-unit>\n")
	}
	bw.WriteString("</group>\n</body>\n</file>\n</xliff>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write xliff 1.2: %w", err)
	}
	return nil
}

// xliff12Placeholder writes a placeholder as XLIFF 1.2 code: <x/> alone,
// <bx/> and <ex/> (linked by rid) for a pair, which need not nest.
func xliff12Placeholder(bw *bufio.Writer) func(Placeholder) {
	return func(p Placeholder) {
		switch p.Kind {
		case 's':
			bw.WriteString(`<x id="` + p.ID + `"/>`)
		case 'o':
			bw.WriteString(`<bx id="b` + p.ID + `" rid="` + p.ID + `"/>`)
		case 'c':
			bw.WriteString(`<ex id="e` + p.ID + `" rid="` + p.ID + `"/>`)
		}
	}
}

func xliff12Context(bw *bufio.Writer, typ, value string) {
	bw.WriteString("<context context-type=\"")
	bw.WriteString(typ)
	bw.WriteString("\">")
	xmlEscape(bw, value, escText)
	bw.WriteString("</context>")
}

func xliff12ContextInt(bw *bufio.Writer, typ string, n int64) {
	bw.WriteString("<context context-type=\"")
	bw.WriteString(typ)
	bw.WriteString("\">")
	writeInt(bw, n)
	bw.WriteString("</context>")
}

// xliff12Code names the XLIFF 1.2 inline elements that hold native codes.
func xliff12Code(local string) bool {
	switch local {
	case "bpt", "ept", "ph", "it", "x", "bx", "ex", "sub":
		return true
	}
	return false
}

// xliff12Unit collects one trans-unit while it is read.
type xliff12Unit struct {
	ImportedUnit
	text      string
	hasTarget bool
	state     string
	mqStatus  string            // memoQ's mq:status
	srcSegs   []mrkSeg          // <seg-source>'s segments
	tgtSegs   []mrkSeg          // the target's segments
	sdlConf   map[string]string // Trados: segment id → confirmation level
	approved  string            // "yes", "no" or "" (not said)
	ours      workflow.Status
	version   int64
}

func readXLIFF12(x *xmlReader, root xml.StartElement) (*Import, error) {
	im := &Import{Format: "xliff12"}
	ns := root.Name.Space
	var (
		lang    string
		cur     *xliff12Unit
		inGroup int // depth of groups that are our document group
		files   int
	)
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("line %d: <xliff> not closed before end of file", x.Line())
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line := x.Line()
			if t.Name.Space != ns {
				if t.Name.Space == nsSDL && t.Name.Local == "seg-defs" && cur != nil {
					if err := x.sdlSegDefs(cur); err != nil {
						return nil, err
					}
					continue
				}
				if err := x.skipElement(); err != nil {
					return nil, err
				}
				continue
			}
			switch t.Name.Local {
			case "file":
				files++
				src, _ := attrOf(&t, "", "source-language")
				if im.Header.SourceLang == "" {
					im.Header.SourceLang = NormalizeLang(src)
				}
				trg, _ := attrOf(&t, "", "target-language")
				lang = NormalizeLang(trg)
				if lang != "" {
					im.addLang(lang)
				}
				if v, ok := attrOf(&t, "", "original"); ok && files == 1 {
					im.Header.FileName = v
				}
				if v, ok := attrOf(&t, "", "date"); ok {
					if ts, err := time.Parse(time.RFC3339, v); err == nil {
						im.Header.Exported = ts
					}
				}
			case "tool":
				if v, ok := attrOf(&t, "", "tool-name"); ok && im.Header.Tool == "" {
					im.Header.Tool = v
					im.Header.ToolVersion, _ = attrOf(&t, "", "tool-version")
				}
				if err := x.skipElement(); err != nil {
					return nil, err
				}
			case "group":
				if v, _ := attrOf(&t, "", "restype"); v == "x-alinea-document" {
					inGroup++
				}
			case "trans-unit":
				if cur != nil {
					return nil, fmt.Errorf("line %d: <trans-unit> inside another <trans-unit>", line)
				}
				rt, _ := attrOf(&t, "", "restype")
				tr, _ := attrOf(&t, "", "translate")
				if rt == "x-gettext-domain-header" || tr == "no" {
					// The PO header translate-toolkit carries along is
					// metadata, and a unit marked translate="no" (Trados
					// structure, Okapi protected text) is not for
					// translating.
					if err := x.skipElement(); err != nil {
						return nil, err
					}
					continue
				}
				cur = &xliff12Unit{}
				cur.Line = line
				cur.ID, _ = attrOf(&t, "", "id")
				cur.approved, _ = attrOf(&t, "", "approved")
				cur.mqStatus, _ = attrOf(&t, nsMemoQ, "status")
				if v, _ := attrOf(&t, "", "restype"); v == "heading" {
					cur.Heading = true
				}
			case "source", "target":
				if cur == nil {
					return nil, fmt.Errorf("line %d: <%s> outside a <trans-unit>", line, t.Name.Local)
				}
				if t.Name.Local == "target" {
					cur.hasTarget = true
					cur.state, _ = attrOf(&t, "", "state")
				}
				txt, segs, err := x.readInline(t, xliff12Inline)
				if err != nil {
					return nil, err
				}
				if t.Name.Local == "source" {
					cur.Source = txt
				} else {
					cur.text, cur.tgtSegs = txt, segs
				}
			case "seg-source":
				if cur == nil {
					return nil, fmt.Errorf("line %d: <seg-source> outside a <trans-unit>", line)
				}
				// Okapi, Trados and Matecat mark the sentences of a unit
				// with <mrk mtype="seg">; each is a segment of its own.
				if _, cur.srcSegs, err = x.readInline(t, xliff12Inline); err != nil {
					return nil, err
				}
			case "context":
				typ, _ := attrOf(&t, "", "context-type")
				val, err := x.inlineText(t, xliff12Code)
				if err != nil {
					return nil, err
				}
				if err := xliff12ApplyContext(im, cur, inGroup > 0, typ, val, line); err != nil {
					return nil, err
				}
			case "alt-trans", "note", "bin-unit", "count-group", "phase-group", "prop-group":
				// Suggestions, notes and binaries are not the translation.
				if err := x.skipElement(); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			if t.Name.Space != ns {
				continue
			}
			switch t.Name.Local {
			case "trans-unit":
				if cur == nil {
					continue
				}
				im.Units = append(im.Units, cur.units(lang)...)
				cur = nil
			case "group":
				if inGroup > 0 {
					inGroup--
				}
			case "xliff":
				return im, nil
			}
		}
	}
}

func xliff12ApplyContext(im *Import, cur *xliff12Unit, inDocGroup bool, typ, val string, line int) error {
	if cur == nil {
		if !inDocGroup {
			return nil
		}
		switch typ {
		case "x-alinea-doc":
			n, err := parseCount(val, "context x-alinea-doc", line)
			if err != nil {
				return err
			}
			im.Header.DocID = n
		case "x-alinea-title":
			im.Header.Title = val
		}
		return nil
	}
	switch typ {
	case "x-alinea-segment":
		n, err := parseCount(val, "context x-alinea-segment", line)
		if err != nil {
			return err
		}
		cur.SegmentID = n
	case "x-alinea-paragraph":
		n, err := parseCount(val, "context x-alinea-paragraph", line)
		if err != nil {
			return err
		}
		cur.Paragraph = int(n)
	case "x-alinea-heading":
		cur.Heading = parseYes(val)
	case "x-alinea-status":
		s, err := workflow.ParseStatus(val)
		if err != nil {
			return fmt.Errorf("line %d: context x-alinea-status: %w", line, err)
		}
		cur.ours = s
	case "x-alinea-version":
		n, err := parseCount(val, "context x-alinea-version", line)
		if err != nil {
			return err
		}
		cur.version = n
	}
	return nil
}

// Namespaces of other tools' XLIFF 1.2 extensions that say a unit's status.
const (
	nsSDL   = "http://sdl.com/FileTypes/SdlXliff/1.0"
	nsMemoQ = "MQXliff"
)

// units turns a trans-unit into imported units: one, or one per marked
// segment when the unit has a <seg-source>.
func (cur *xliff12Unit) units(lang string) []ImportedUnit {
	status := func(state, text string) workflow.Status {
		if state == "" && cur.mqStatus != "" {
			state = memoQState(cur.mqStatus)
		}
		return statusFromXLIFF12(cur.ours, state, cur.approved, text)
	}
	if len(cur.srcSegs) == 0 || len(cur.srcSegs) == 1 && len(cur.tgtSegs) == 0 {
		u := cur.ImportedUnit
		if len(cur.srcSegs) == 1 {
			u.Source = cur.srcSegs[0].text
		}
		u.Targets = []Target{{Lang: lang, Text: cur.text, Status: status(cur.state, cur.text), Version: int(cur.version)}}
		return []ImportedUnit{u}
	}
	out := make([]ImportedUnit, 0, len(cur.srcSegs))
	for _, sg := range cur.srcSegs {
		u := cur.ImportedUnit
		if len(cur.srcSegs) > 1 {
			u.ID = cur.ID + "/" + sg.mid
		}
		u.Source = sg.text
		text := ""
		for _, tg := range cur.tgtSegs {
			if tg.mid == sg.mid {
				text = tg.text
				break
			}
		}
		state := cur.state
		if c, ok := cur.sdlConf[sg.mid]; ok && text != "" {
			state = sdlState(c)
		}
		u.Targets = []Target{{Lang: lang, Text: text, Status: status(state, text), Version: int(cur.version)}}
		out = append(out, u)
	}
	return out
}

// sdlState maps a Trados confirmation level to an XLIFF 1.2 state.
func sdlState(conf string) string {
	switch conf {
	case "Translated":
		return "translated"
	case "ApprovedTranslation":
		return "signed-off"
	case "ApprovedSignOff":
		return "final"
	case "Draft", "RejectedTranslation", "RejectedSignOff":
		return "needs-review-translation"
	}
	return ""
}

// memoQState maps memoQ's mq:status of a row to an XLIFF 1.2 state.
func memoQState(st string) string {
	switch st {
	case "ManuallyConfirmed", "Confirmed":
		return "translated"
	case "Proofread", "Reviewer1Confirmed":
		return "signed-off"
	case "Reviewer2Confirmed":
		return "final"
	case "PartiallyEdited", "Rejected", "MachineTranslated", "Pretranslated":
		return "needs-review-translation"
	case "NotStarted":
		return "new"
	}
	return ""
}

// sdlSegDefs reads Trados' <sdl:seg-defs>: the confirmation level of each
// segment of the unit.
func (x *xmlReader) sdlSegDefs(cur *xliff12Unit) error {
	depth := 0
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("line %d: <seg-defs> not closed before end of file", x.Line())
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if t.Name.Local == "seg" {
				id, _ := attrOf(&t, "", "id")
				conf, _ := attrOf(&t, "", "conf")
				if cur.sdlConf == nil {
					cur.sdlConf = map[string]string{}
				}
				cur.sdlConf[id] = conf
			}
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}
