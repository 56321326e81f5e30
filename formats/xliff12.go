package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
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
	attr(bw, "source-language", fileLang(h.sourceLang()))
	attr(bw, "target-language", fileLang(lang))
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
		if status == workflow.StatusApproved && t.Text != "" {
			bw.WriteString(" approved=\"yes\"")
		}
		bw.WriteString(">\n  <source>")
		xmlEscape(bw, u.Source, escText)
		bw.WriteString("</source>\n")
		if t.Text != "" {
			bw.WriteString("  <target state=\"")
			bw.WriteString(xliff12State(status, t.Text))
			bw.WriteString("\">")
			xmlEscape(bw, t.Text, escText)
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
	approved  bool
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
				cur = &xliff12Unit{}
				cur.Line = line
				cur.ID, _ = attrOf(&t, "", "id")
				a, _ := attrOf(&t, "", "approved")
				cur.approved = a == "yes"
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
				txt, err := x.inlineText(t, xliff12Code)
				if err != nil {
					return nil, err
				}
				if t.Name.Local == "source" {
					cur.Source = txt
				} else {
					cur.text = txt
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
			case "seg-source", "alt-trans", "note", "bin-unit", "count-group", "phase-group", "prop-group":
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
				st := statusFromXLIFF12(cur.ours, cur.state, cur.approved, cur.text)
				cur.Targets = []Target{{Lang: lang, Text: cur.text, Status: st, Version: int(cur.version)}}
				im.Units = append(im.Units, cur.ImportedUnit)
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
