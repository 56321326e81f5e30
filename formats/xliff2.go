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

// XLIFF 2.0, one file per target language. Each segment is a <unit
// id="s<segment id>"> with one <segment>; its status is the segment's state
// and subState (see xliff.go). Our metadata are attributes in the urn:alinea
// namespace, on the elements whose schema admits foreign attributes:
//
//	<file>: alinea:doc, alinea:title, alinea:exported, alinea:tool, alinea:toolVersion
//	<unit>: alinea:segment, alinea:version, alinea:paragraph, alinea:heading="yes"
//
// Characters XML 1.0 cannot hold are written as <cp hex>, so they survive.

// WriteXLIFF2 writes an XLIFF 2.0 file for the header's single target language.
func WriteXLIFF2(w io.Writer, h Header, units Units, opt ExportOptions) error {
	if err := opt.validate(); err != nil {
		return err
	}
	lang, err := h.oneLang("XLIFF 2.0")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	name, version := h.tool()
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" xmlns:alinea=\"urn:alinea\" version=\"2.0\"")
	attr(bw, "srcLang", h.fileLang(h.sourceLang()))
	attr(bw, "trgLang", h.fileLang(lang))
	bw.WriteString(" xml:space=\"preserve\">\n<file")
	attr(bw, "id", "d"+strconv.FormatInt(h.DocID, 10))
	if h.FileName != "" {
		attr(bw, "original", h.FileName)
	}
	attr(bw, "alinea:doc", strconv.FormatInt(h.DocID, 10))
	if h.Title != "" {
		attr(bw, "alinea:title", h.Title)
	}
	attr(bw, "alinea:exported", h.exported().Format(time.RFC3339))
	attr(bw, "alinea:tool", name)
	attr(bw, "alinea:toolVersion", version)
	bw.WriteString(">\n")
	n := 0
	for u, err := range units {
		if err != nil {
			return fmt.Errorf("write xliff 2.0: %w", err)
		}
		t, ok := opt.usable(&u, lang)
		if !ok {
			continue
		}
		n++
		bw.WriteString("<unit id=\"s")
		writeInt(bw, u.SegmentID)
		bw.WriteString("\" alinea:segment=\"")
		writeInt(bw, u.SegmentID)
		bw.WriteString("\" alinea:version=\"")
		writeInt(bw, int64(t.Version))
		bw.WriteString("\" alinea:paragraph=\"")
		writeInt(bw, int64(u.Paragraph))
		bw.WriteByte('"')
		if u.Heading {
			bw.WriteString(" alinea:heading=\"yes\"")
		}
		status := t.Status
		if !status.Valid() {
			status = workflow.StatusNew
		}
		bw.WriteString(">\n  <segment state=\"")
		bw.WriteString(xliff2State(status))
		bw.WriteString("\" subState=\"alinea:")
		bw.WriteString(string(status))
		bw.WriteString("\">\n    <source>")
		xmlEscape(bw, u.Source, escTextCP)
		bw.WriteString("</source>\n")
		if t.Text != "" {
			bw.WriteString("    <target>")
			if strings.Contains(t.Text, phOpen) {
				writeInline(bw, t.Text, escTextCP, xliff2Placeholder(bw, t.Text))
			} else {
				xmlEscape(bw, t.Text, escTextCP)
			}
			bw.WriteString("</target>\n")
		}
		bw.WriteString("  </segment>\n</unit>\n")
	}
	if n == 0 {
		// A <file> needs at least one unit; an empty export still has to be
		// a valid file, so it carries one that says so and that no import
		// will match to a segment.
		bw.WriteString("<unit id=\"empty\" translate=\"no\">\n  <segment>\n    <source></source>\n  </segment>\n</unit>\n")
	}
	bw.WriteString("</file>\n</xliff>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write xliff 2.0: %w", err)
	}
	return nil
}

// xliff2Placeholder writes a placeholder as XLIFF 2.0 code: <ph/> alone,
// <sc/> and <ec/> for a pair, isolated when its other half is not in the
// text.
func xliff2Placeholder(bw *bufio.Writer, text string) func(Placeholder) {
	has := map[Placeholder]bool{}
	for _, p := range Placeholders(text) {
		has[p] = true
	}
	return func(p Placeholder) {
		switch p.Kind {
		case 's':
			bw.WriteString(`<ph id="` + p.ID + `"/>`)
		case 'o':
			iso := ""
			if !has[Placeholder{ID: p.ID, Kind: 'c'}] {
				iso = ` isolated="yes"`
			}
			bw.WriteString(`<sc id="` + p.ID + `"` + iso + "/>")
		case 'c':
			if has[Placeholder{ID: p.ID, Kind: 'o'}] {
				bw.WriteString(`<ec startRef="` + p.ID + `"/>`)
			} else {
				bw.WriteString(`<ec id="` + p.ID + `" isolated="yes"/>`)
			}
		}
	}
}

func readXLIFF2(x *xmlReader, root xml.StartElement) (*Import, error) {
	im := &Import{Format: "xliff2"}
	ns := root.Name.Space // nsXLIFF2, or "" in files that forgot it
	src, _ := attrOf(&root, "", "srcLang")
	trg, _ := attrOf(&root, "", "trgLang")
	im.Header.SourceLang = NormalizeLang(src)
	lang := NormalizeLang(trg)
	if lang != "" {
		im.addLang(lang)
	}
	var (
		unit     *ImportedUnit
		segs     []ImportedUnit
		segIDs   []string
		inSeg    bool
		seg      ImportedUnit
		state    string
		subState string
		hasTgt   bool
		version  int64
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
				if err := xliff2File(im, &t, line); err != nil {
					return nil, err
				}
			case "unit":
				if unit != nil {
					return nil, fmt.Errorf("line %d: <unit> inside another <unit>", line)
				}
				unit = &ImportedUnit{Line: line}
				unit.ID, _ = attrOf(&t, "", "id")
				if unit.SegmentID, err = attrInt(&t, nsAlinea, "segment", line); err != nil {
					return nil, err
				}
				if version, err = attrInt(&t, nsAlinea, "version", line); err != nil {
					return nil, err
				}
				p, err := attrInt(&t, nsAlinea, "paragraph", line)
				if err != nil {
					return nil, err
				}
				unit.Paragraph = int(p)
				v, _ := attrOf(&t, nsAlinea, "heading")
				unit.Heading = parseYes(v)
				segs, segIDs = segs[:0], segIDs[:0]
			case "segment":
				if unit == nil || inSeg {
					return nil, fmt.Errorf("line %d: <segment> outside a <unit>", line)
				}
				inSeg, hasTgt = true, false
				seg = *unit
				seg.Line = line
				state, _ = attrOf(&t, "", "state")
				subState, _ = attrOf(&t, "", "subState")
				id, _ := attrOf(&t, "", "id")
				segIDs = append(segIDs, id)
			case "source", "target":
				if !inSeg {
					if err := x.skipElement(); err != nil { // inside <ignorable>
						return nil, err
					}
					continue
				}
				txt, _, err := x.readInline(t, xliff2Inline)
				if err != nil {
					return nil, err
				}
				if t.Name.Local == "source" {
					seg.Source = txt
				} else {
					hasTgt = true
					seg.Targets = []Target{{Lang: lang, Text: txt}}
				}
			case "notes", "originalData", "ignorable", "skeleton":
				if err := x.skipElement(); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			if t.Name.Space != ns {
				continue
			}
			switch t.Name.Local {
			case "segment":
				inSeg = false
				if !hasTgt {
					seg.Targets = []Target{{Lang: lang}}
				}
				tg := &seg.Targets[0]
				st, err := statusFromXLIFF2(state, subState, tg.Text != "")
				if err != nil {
					return nil, fmt.Errorf("line %d: <segment>: %w", seg.Line, err)
				}
				tg.Status, tg.Version = st, int(version)
				segs = append(segs, seg)
			case "unit":
				if unit == nil {
					continue
				}
				if len(segs) > 1 {
					// Several segments in one unit: each is a unit of ours,
					// named after its unit and its own id or position.
					for i := range segs {
						sid := segIDs[i]
						if sid == "" {
							sid = strconv.Itoa(i + 1)
						}
						segs[i].ID = unit.ID + "/" + sid
					}
				}
				if unit.ID == "empty" && len(segs) == 1 && segs[0].Source == "" {
					segs = segs[:0]
				}
				im.Units = append(im.Units, segs...)
				unit = nil
			case "xliff":
				return im, nil
			}
		}
	}
}

func xliff2File(im *Import, t *xml.StartElement, line int) error {
	id, err := attrInt(t, nsAlinea, "doc", line)
	if err != nil {
		return err
	}
	if id != 0 {
		im.Header.DocID = id
	}
	if v, ok := attrOf(t, nsAlinea, "title"); ok {
		im.Header.Title = v
	}
	if v, ok := attrOf(t, "", "original"); ok {
		im.Header.FileName = v
	}
	if v, ok := attrOf(t, nsAlinea, "exported"); ok {
		if ts, err := time.Parse(time.RFC3339, v); err == nil {
			im.Header.Exported = ts
		}
	}
	if v, ok := attrOf(t, nsAlinea, "tool"); ok {
		im.Header.Tool = v
	}
	if v, ok := attrOf(t, nsAlinea, "toolVersion"); ok {
		im.Header.ToolVersion = v
	}
	return nil
}
