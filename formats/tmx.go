package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"alinea/workflow"
)

// TMX 1.4b. One <tu> per segment that has at least one translation to write,
// with a <tuv> for the Chinese source and one per filled target language. Our
// own metadata travels in <prop> elements, whose type names TMX reserves for
// users when they start with "x-":
//
//	header: x-alinea-doc, x-alinea-title
//	tu:     x-alinea-segment, x-alinea-paragraph, x-alinea-heading (only "yes")
//	tuv:    x-alinea-status, x-alinea-version
//
// A unit without a translation is no use in a translation memory, so TMX
// leaves it out whatever the filter says.

const tmxTimeLayout = "20060102T150405Z"

// WriteTMX writes a TMX 1.4b memory of the document's units.
func WriteTMX(w io.Writer, h Header, units Units, opt ExportOptions) error {
	if err := opt.validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	name, version := h.tool()
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n<header")
	attr(bw, "creationtool", name)
	attr(bw, "creationtoolversion", version)
	attr(bw, "segtype", "sentence")
	attr(bw, "o-tmf", name)
	attr(bw, "adminlang", "en")
	attr(bw, "srclang", h.fileLang(h.sourceLang()))
	attr(bw, "datatype", "plaintext")
	attr(bw, "creationdate", h.exported().Format(tmxTimeLayout))
	bw.WriteString(">\n")
	if h.DocID != 0 {
		tmxProp(bw, "  ", "x-alinea-doc", strconv.FormatInt(h.DocID, 10))
	}
	if h.Title != "" {
		tmxProp(bw, "  ", "x-alinea-title", h.Title)
	}
	bw.WriteString("</header>\n<body>\n")
	srcLang := h.fileLang(h.sourceLang())
	for u, err := range units {
		if err != nil {
			return fmt.Errorf("write tmx: %w", err)
		}
		filled := 0
		for _, l := range h.TargetLangs {
			if t, ok := opt.usable(&u, l); ok && t.Text != "" {
				filled++
			}
		}
		if filled == 0 {
			continue
		}
		bw.WriteString("<tu tuid=\"")
		writeInt(bw, u.SegmentID)
		bw.WriteString("\">\n")
		tmxPropInt(bw, "  ", "x-alinea-segment", u.SegmentID)
		tmxPropInt(bw, "  ", "x-alinea-paragraph", int64(u.Paragraph))
		if u.Heading {
			tmxProp(bw, "  ", "x-alinea-heading", "yes")
		}
		bw.WriteString("  <tuv")
		attr(bw, "xml:lang", srcLang)
		bw.WriteString("><seg>")
		xmlEscape(bw, u.Source, escText)
		bw.WriteString("</seg></tuv>\n")
		for _, l := range h.TargetLangs {
			t, ok := opt.usable(&u, l)
			if !ok || t.Text == "" {
				continue
			}
			bw.WriteString("  <tuv")
			attr(bw, "xml:lang", h.fileLang(l))
			bw.WriteString(">\n")
			tmxProp(bw, "    ", "x-alinea-status", string(t.Status))
			tmxPropInt(bw, "    ", "x-alinea-version", int64(t.Version))
			bw.WriteString("    <seg>")
			if strings.Contains(t.Text, phOpen) {
				writeInline(bw, t.Text, escText, tmxPlaceholder(bw))
			} else {
				xmlEscape(bw, t.Text, escText)
			}
			bw.WriteString("</seg></tuv>\n")
		}
		bw.WriteString("</tu>\n")
	}
	bw.WriteString("</body>\n</tmx>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write tmx: %w", err)
	}
	return nil
}

func tmxProp(bw *bufio.Writer, indent, typ, value string) {
	bw.WriteString(indent)
	bw.WriteString("<prop type=\"")
	bw.WriteString(typ)
	bw.WriteString("\">")
	xmlEscape(bw, value, escText)
	bw.WriteString("</prop>\n")
}

func tmxPropInt(bw *bufio.Writer, indent, typ string, n int64) {
	bw.WriteString(indent)
	bw.WriteString("<prop type=\"")
	bw.WriteString(typ)
	bw.WriteString("\">")
	writeInt(bw, n)
	bw.WriteString("</prop>\n")
}

// tmxCode names the TMX inline elements that hold native markup, not text.
// tmxPlaceholder writes a placeholder as TMX code: <ph/> alone, and the
// halves of a pair as isolated <it/>, which need no partner in the segment
// (a translator may have moved or dropped one).
func tmxPlaceholder(bw *bufio.Writer) func(Placeholder) {
	return func(p Placeholder) {
		x := ""
		if _, err := strconv.Atoi(p.ID); err == nil {
			x = ` x="` + p.ID + `"`
		}
		switch p.Kind {
		case 's':
			bw.WriteString("<ph" + x + "/>")
		case 'o':
			bw.WriteString(`<it pos="begin"` + x + "/>")
		case 'c':
			bw.WriteString(`<it pos="end"` + x + "/>")
		}
	}
}

func tmxCode(local string) bool {
	switch local {
	case "bpt", "ept", "ph", "it", "ut":
		return true
	}
	return false
}

// ReadTMX reads a TMX memory (1.4b, and the 1.1-1.3 files that use the same
// elements). Each <tu> becomes a unit: the <tuv> in the header's source
// language gives Source (Chinese when srclang is "*all*"), every other <tuv>
// a target, languages normalized (zh-CN → zh, es-ES → es). Inline codes are
// dropped and their surrounding text kept.
func ReadTMX(r io.Reader) (*Import, error) {
	x := newXMLReader(r)
	im, err := readTMX(x)
	if err != nil {
		return nil, fmt.Errorf("read tmx: %w", err)
	}
	return im, nil
}

func readTMX(x *xmlReader) (*Import, error) {
	root, err := x.rootElement()
	if err != nil {
		return nil, err
	}
	if root.Name.Local != "tmx" {
		return nil, fmt.Errorf("line %d: root element is <%s>, not <tmx>", x.Line(), root.Name.Local)
	}
	im := &Import{Format: "tmx"}
	src := "zh"
	var (
		cur      *ImportedUnit
		tuv      *tmxTUV // the <tuv> being read
		inHeader bool
		tuvs     []Target // the variants of the <tu> being read
	)
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("line %d: <tmx> not closed before end of file", x.Line())
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line := x.Line()
			switch t.Name.Local {
			case "header":
				inHeader = true
				if v, ok := attrOf(&t, "", "srclang"); ok && v != "*all*" {
					src = NormalizeLang(v)
				}
				im.Header.SourceLang = src
				im.Header.Tool, _ = attrOf(&t, "", "creationtool")
				im.Header.ToolVersion, _ = attrOf(&t, "", "creationtoolversion")
				if v, ok := attrOf(&t, "", "creationdate"); ok {
					if ts, err := time.Parse(tmxTimeLayout, v); err == nil {
						im.Header.Exported = ts
					}
				}
			case "body":
				inHeader = false
			case "tu":
				if cur != nil {
					return nil, fmt.Errorf("line %d: <tu> inside another <tu>", line)
				}
				cur = &ImportedUnit{Line: line}
				cur.ID, _ = attrOf(&t, "", "tuid")
			case "tuv":
				if cur == nil || tuv != nil {
					return nil, fmt.Errorf("line %d: <tuv> outside a <tu>", line)
				}
				v, ok := attrOf(&t, nsXML, "lang")
				if !ok {
					v, ok = attrOf(&t, "", "lang")
				}
				if !ok || strings.TrimSpace(v) == "" {
					return nil, fmt.Errorf("line %d: <tuv> has no xml:lang", line)
				}
				tuv = &tmxTUV{Target: Target{Lang: NormalizeLang(v)}}
			case "prop":
				typ, _ := attrOf(&t, "", "type")
				val, err := x.inlineText(t, tmxCode)
				if err != nil {
					return nil, err
				}
				switch {
				case inHeader:
					err = tmxHeaderProp(im, typ, val, line)
				case tuv != nil:
					err = tuv.prop(typ, val, line)
				case cur != nil:
					err = tmxUnitProp(cur, typ, val, line)
				}
				if err != nil {
					return nil, err
				}
			case "seg":
				if tuv == nil {
					return nil, fmt.Errorf("line %d: <seg> outside a <tuv>", line)
				}
				if tuv.Text, _, err = x.readInline(t, tmxInline); err != nil {
					return nil, err
				}
			case "note", "ude":
				if err := x.skipElement(); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "tuv":
				tuvs = append(tuvs, tuv.Target)
				tuv = nil
			case "tu":
				tmxUnit(im, cur, tuvs, src)
				tuvs = tuvs[:0]
				im.Units = append(im.Units, *cur)
				cur = nil
			case "tmx":
				return im, nil
			}
		}
	}
}

// tmxUnit sorts the variants of a <tu> into its source and its targets.
// The source is the Chinese variant whatever the header's srclang says
// (translate-toolkit writes srclang="en" above Chinese units); only a unit
// without Chinese takes the header's source language. A second variant in
// one language is ignored: the first wins.
func tmxUnit(im *Import, cur *ImportedUnit, tuvs []Target, src string) {
	si := slices.IndexFunc(tuvs, func(t Target) bool { return t.Lang == "zh" })
	if si < 0 {
		si = slices.IndexFunc(tuvs, func(t Target) bool { return t.Lang == src })
	}
	srcLang := ""
	if si >= 0 {
		cur.Source, srcLang = tuvs[si].Text, tuvs[si].Lang
	}
	for i, tg := range tuvs {
		if i == si || tg.Lang == srcLang {
			continue
		}
		if _, dup := cur.Target(tg.Lang); dup {
			continue
		}
		if tg.Status == "" {
			tg.Status = workflow.StatusNew
			if tg.Text != "" {
				tg.Status = workflow.StatusTranslated
			}
		}
		tg.Status = withText(tg.Status, tg.Text)
		cur.Targets = append(cur.Targets, tg)
		im.addLang(tg.Lang)
	}
}

// tmxTUV is a <tuv> while it is read.
type tmxTUV struct{ Target }

func (tuv *tmxTUV) prop(typ, val string, line int) error {
	switch typ {
	case "x-alinea-status":
		s, err := workflow.ParseStatus(val)
		if err != nil {
			return fmt.Errorf("line %d: prop x-alinea-status: %w", line, err)
		}
		tuv.Status = s
	case "x-alinea-version":
		n, err := parseCount(val, "prop x-alinea-version", line)
		if err != nil {
			return err
		}
		tuv.Version = int(n)
	}
	return nil
}

func tmxHeaderProp(im *Import, typ, val string, line int) error {
	switch typ {
	case "x-alinea-doc":
		n, err := parseCount(val, "prop x-alinea-doc", line)
		if err != nil {
			return err
		}
		im.Header.DocID = n
	case "x-alinea-title":
		im.Header.Title = val
	}
	return nil
}

func tmxUnitProp(cur *ImportedUnit, typ, val string, line int) error {
	switch typ {
	case "x-alinea-segment":
		n, err := parseCount(val, "prop x-alinea-segment", line)
		if err != nil {
			return err
		}
		cur.SegmentID = n
	case "x-alinea-paragraph":
		n, err := parseCount(val, "prop x-alinea-paragraph", line)
		if err != nil {
			return err
		}
		cur.Paragraph = int(n)
	case "x-alinea-heading":
		cur.Heading = parseYes(val)
	}
	return nil
}
