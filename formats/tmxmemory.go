package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxMemoryBytes bounds a translation-memory TMX. The memory reader holds one
// <tu> at a time, so its memory does not grow with the file; the bound only
// stops a file that never ends.
const MaxMemoryBytes = 16 << 30

// MemoryUnit is one <tu> of a translation memory as ScanTMX reads it.
type MemoryUnit struct {
	Line int
	// Source is the text of the first <tuv> in Chinese (zh, zh-CN, zh-Hans,
	// zh-TW…), whatever the header's srclang says; "" when there is none.
	Source  string
	Targets []MemoryTarget
}

// MemoryTarget is one non-Chinese <tuv> of a memory unit.
type MemoryTarget struct {
	Lang   string // normalized: es-ES → es
	Text   string
	Author string    // changeid, else creationid (of the tuv, else the tu)
	Date   time.Time // changedate, else creationdate; zero when absent
}

// ScanTMX reads a TMX memory unit by unit, calling fn for each <tu>, so a
// file of a million units is read in constant memory. Inline codes are
// dropped and their surrounding text kept; a second <tuv> in one language
// is ignored (the first wins). An error from fn stops the scan and is
// returned as is.
func ScanTMX(r io.Reader, fn func(*MemoryUnit) error) error {
	x := newXMLReaderLimit(r, MaxMemoryBytes)
	var fnErr error
	err := scanTMX(x, func(u *MemoryUnit) error {
		fnErr = fn(u)
		return fnErr
	})
	if err != nil && fnErr != nil {
		return fnErr
	}
	if err != nil {
		return fmt.Errorf("read tmx: %w", err)
	}
	return nil
}

type tmxMeta struct {
	author string
	date   time.Time
}

func tmxMetaOf(t *xml.StartElement, inherit tmxMeta) tmxMeta {
	m := inherit
	if v, ok := attrOf(t, "", "creationid"); ok && v != "" {
		m.author = v
	}
	if v, ok := attrOf(t, "", "changeid"); ok && v != "" {
		m.author = v
	}
	for _, a := range []string{"creationdate", "changedate"} {
		if v, ok := attrOf(t, "", a); ok {
			if ts, err := time.Parse(tmxTimeLayout, strings.TrimSpace(v)); err == nil {
				m.date = ts
			}
		}
	}
	return m
}

func scanTMX(x *xmlReader, fn func(*MemoryUnit) error) error {
	root, err := x.rootElement()
	if err != nil {
		return err
	}
	if root.Name.Local != "tmx" {
		return fmt.Errorf("line %d: root element is <%s>, not <tmx>", x.Line(), root.Name.Local)
	}
	var (
		cur     *MemoryUnit
		tuMeta  tmxMeta
		tuv     *MemoryTarget
		tuvMeta tmxMeta
		seenSrc bool
	)
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return fmt.Errorf("line %d: <tmx> not closed before end of file", x.Line())
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line := x.Line()
			switch t.Name.Local {
			case "tu":
				if cur != nil {
					return fmt.Errorf("line %d: <tu> inside another <tu>", line)
				}
				cur = &MemoryUnit{Line: line}
				tuMeta = tmxMetaOf(&t, tmxMeta{})
				seenSrc = false
			case "tuv":
				if cur == nil || tuv != nil {
					return fmt.Errorf("line %d: <tuv> outside a <tu>", line)
				}
				v, ok := attrOf(&t, nsXML, "lang")
				if !ok {
					v, ok = attrOf(&t, "", "lang")
				}
				if !ok || strings.TrimSpace(v) == "" {
					return fmt.Errorf("line %d: <tuv> has no xml:lang", line)
				}
				tuv = &MemoryTarget{Lang: NormalizeLang(v)}
				tuvMeta = tmxMetaOf(&t, tuMeta)
			case "seg":
				if tuv == nil {
					return fmt.Errorf("line %d: <seg> outside a <tuv>", line)
				}
				if tuv.Text, err = x.inlineText(t, tmxCode); err != nil {
					return err
				}
			case "note", "ude", "prop", "header":
				if t.Name.Local == "header" {
					continue // its props and notes are skipped one by one
				}
				if err := x.skipElement(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "tuv":
				tg := *tuv
				tuv = nil
				if tg.Lang == "zh" {
					if !seenSrc {
						cur.Source, seenSrc = tg.Text, true
					}
					break
				}
				dup := false
				for _, o := range cur.Targets {
					dup = dup || o.Lang == tg.Lang
				}
				if !dup {
					tg.Author, tg.Date = tuvMeta.author, tuvMeta.date
					cur.Targets = append(cur.Targets, tg)
				}
			case "tu":
				u := cur
				cur = nil
				if err := fn(u); err != nil {
					return err
				}
			case "tmx":
				return nil
			}
		}
	}
}

// MemoryExportUnit is one unit written by a MemoryWriter.
type MemoryExportUnit struct {
	Source, Lang, Target string
	Author               string
	Date                 time.Time
	Status, Origin       string
}

// MemoryWriter writes a translation memory as TMX 1.4b, one <tu> per unit,
// as the units come.
type MemoryWriter struct {
	bw      *bufio.Writer
	started bool
}

// NewMemoryWriter returns a writer onto w; Close ends the document.
func NewMemoryWriter(w io.Writer) *MemoryWriter {
	return &MemoryWriter{bw: bufio.NewWriterSize(w, 64<<10)}
}

func (mw *MemoryWriter) start() {
	if mw.started {
		return
	}
	mw.started = true
	h := &Header{}
	name, version := h.tool()
	mw.bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n<header")
	attr(mw.bw, "creationtool", name)
	attr(mw.bw, "creationtoolversion", version)
	attr(mw.bw, "segtype", "sentence")
	attr(mw.bw, "o-tmf", name)
	attr(mw.bw, "adminlang", "en")
	attr(mw.bw, "srclang", h.fileLang("zh"))
	attr(mw.bw, "datatype", "plaintext")
	mw.bw.WriteString("/>\n<body>\n")
}

// Write adds one unit.
func (mw *MemoryWriter) Write(u MemoryExportUnit) error {
	mw.start()
	bw := mw.bw
	bw.WriteString("<tu>\n")
	if u.Origin != "" {
		tmxProp(bw, "  ", "x-alinea-origin", u.Origin)
	}
	bw.WriteString("  <tuv")
	attr(bw, "xml:lang", DefaultZhTag)
	bw.WriteString("><seg>")
	xmlEscape(bw, u.Source, escText)
	bw.WriteString("</seg></tuv>\n  <tuv")
	attr(bw, "xml:lang", u.Lang)
	if u.Author != "" {
		attr(bw, "changeid", u.Author)
	}
	if !u.Date.IsZero() {
		attr(bw, "changedate", u.Date.UTC().Format(tmxTimeLayout))
	}
	bw.WriteString(">")
	if u.Status != "" {
		bw.WriteString("\n")
		tmxProp(bw, "    ", "x-alinea-status", u.Status)
		bw.WriteString("    ")
	}
	bw.WriteString("<seg>")
	xmlEscape(bw, u.Target, escText)
	bw.WriteString("</seg></tuv>\n</tu>\n")
	return nil
}

// Close ends the document and flushes it.
func (mw *MemoryWriter) Close() error {
	mw.start()
	mw.bw.WriteString("</body>\n</tmx>\n")
	if err := mw.bw.Flush(); err != nil {
		return fmt.Errorf("write tmx: %w", err)
	}
	return nil
}
