package formats

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Paragraph is a block of text taken from an uploaded document, to be
// segmented and aligned with the source.
type Paragraph struct {
	Text    string
	Heading bool
	Level   int  // heading level, 1 for a title or top heading; 0 for body text
	InTable bool // the paragraph sits in a table cell
}

// Limits on uploaded DOCX files. A DOCX is a zip, so the compressed size says
// little about what it unpacks to: a part is refused when its header claims
// more than MaxXMLBytes, and archive/zip stops inflating at the claimed size,
// so a header that lies is caught too.
const (
	MaxDOCXBytes   = 64 << 20 // the uploaded file
	MaxDOCXEntries = 10000    // files in the zip
)

const wNSStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"

func isW(n xml.Name) bool { return n.Space == wNS || n.Space == wNSStrict }

// ReadDOCXText extracts the paragraphs of a Word document's main text, in
// order. Headings are recognized by their paragraph style (a style named
// "heading N" or "Title", or based on one, or with an outline level) or by
// an outline level on the paragraph itself. Paragraphs in tables are kept,
// marked InTable; text boxes, headers, footers, notes, comments, deleted
// text and field codes are left out. Empty paragraphs are dropped.
func ReadDOCXText(r io.ReaderAt, size int64) ([]Paragraph, error) {
	ps, err := readDOCXText(r, size)
	if err != nil {
		return nil, fmt.Errorf("read docx: %w", err)
	}
	return ps, nil
}

func readDOCXText(r io.ReaderAt, size int64) ([]Paragraph, error) {
	if size > MaxDOCXBytes {
		return nil, fmt.Errorf("file of %s is larger than %s: %w", sizeName(size), sizeName(MaxDOCXBytes), ErrTooLarge)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a DOCX (zip) file: %w", err)
	}
	if len(zr.File) > MaxDOCXEntries {
		return nil, fmt.Errorf("zip has %d entries, more than %d: %w", len(zr.File), MaxDOCXEntries, ErrTooLarge)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	docName := "word/document.xml"
	if f := files["_rels/.rels"]; f != nil {
		if target, err := officeDocumentTarget(f); err != nil {
			return nil, err
		} else if target != "" {
			docName = strings.TrimPrefix(path.Clean("/"+target), "/")
		}
	}
	doc := files[docName]
	if doc == nil {
		return nil, fmt.Errorf("no %s in the file: not a Word document", docName)
	}
	levels := map[string]int{}
	if f := files[path.Join(path.Dir(docName), "styles.xml")]; f != nil {
		if levels, err = headingStyles(f); err != nil {
			return nil, err
		}
	}
	return documentParagraphs(doc, levels)
}

// openPart opens a zip entry for XML reading, refusing one that claims to
// unpack to more than the XML limit.
func openPart(f *zip.File) (*xmlReader, io.Closer, error) {
	if f.UncompressedSize64 > MaxXMLBytes {
		return nil, nil, fmt.Errorf("%s unpacks to %s, more than %s: %w", f.Name, sizeName(int64(f.UncompressedSize64)), sizeName(MaxXMLBytes), ErrTooLarge)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return newXMLReader(rc), rc, nil
}

func officeDocumentTarget(f *zip.File) (string, error) {
	x, c, err := openPart(f)
	if err != nil {
		return "", err
	}
	defer c.Close()
	for {
		tok, err := x.Token()
		if errors.Is(err, io.EOF) {
			return "", nil
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Name, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			typ, _ := attrOf(&se, "", "Type")
			if strings.HasSuffix(typ, "/officeDocument") {
				target, _ := attrOf(&se, "", "Target")
				return target, nil
			}
		}
	}
}

// headingStyles maps paragraph style ids to heading levels.
func headingStyles(f *zip.File) (map[string]int, error) {
	x, c, err := openPart(f)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	type style struct {
		level   int
		basedOn string
	}
	styles := map[string]*style{}
	var cur *style
	for {
		tok, err := x.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || !isW(se.Name) {
			if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "style" {
				cur = nil
			}
			continue
		}
		val := func() string {
			v, _ := attrOf(&se, se.Name.Space, "val")
			return v
		}
		switch se.Name.Local {
		case "style":
			if t, _ := attrOf(&se, se.Name.Space, "type"); t != "paragraph" {
				cur = nil
				continue
			}
			id, _ := attrOf(&se, se.Name.Space, "styleId")
			cur = &style{}
			styles[id] = cur
		case "name":
			if cur != nil {
				cur.level = max(cur.level, headingName(val()))
			}
		case "basedOn":
			if cur != nil {
				cur.basedOn = val()
			}
		case "outlineLvl":
			if n, err := strconv.Atoi(val()); cur != nil && err == nil && n >= 0 && n < 9 && cur.level == 0 {
				cur.level = n + 1
			}
		}
	}
	levels := map[string]int{}
	for id, s := range styles {
		// Follow basedOn a bounded number of steps, as chains may loop.
		for i := 0; s != nil && i < 16; i++ {
			if s.level > 0 {
				levels[id] = s.level
				break
			}
			s = styles[s.basedOn]
		}
	}
	return levels, nil
}

// headingName gives the level of a built-in heading style's name.
func headingName(name string) int {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "title" {
		return 1
	}
	if rest, ok := strings.CutPrefix(n, "heading "); ok {
		if k, err := strconv.Atoi(rest); err == nil && k >= 1 && k <= 9 {
			return k
		}
	}
	return 0
}

func documentParagraphs(f *zip.File, levels map[string]int) ([]Paragraph, error) {
	x, c, err := openPart(f)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var (
		out    []Paragraph
		text   strings.Builder
		inP    bool
		inText bool
		level  int
		tables int
	)
	for {
		tok, err := x.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !isW(t.Name) {
				// mc:Fallback repeats mc:Choice for older readers; math,
				// drawings and the like hold no running text.
				if t.Name.Local != "AlternateContent" && t.Name.Local != "Choice" {
					if err := x.skipElement(); err != nil {
						return nil, fmt.Errorf("%s: %w", f.Name, err)
					}
				}
				continue
			}
			switch t.Name.Local {
			case "p":
				if inP {
					continue // a paragraph inside one (not in a skipped text box) adds to it
				}
				inP, level = true, 0
				text.Reset()
			case "pStyle":
				v, _ := attrOf(&t, t.Name.Space, "val")
				level = levels[v]
			case "outlineLvl":
				v, _ := attrOf(&t, t.Name.Space, "val")
				if n, err := strconv.Atoi(v); err == nil && n >= 0 && n < 9 {
					level = n + 1
				}
			case "t":
				inText = true
			case "tab", "ptab":
				if inP && !inText {
					text.WriteByte('\t')
				}
			case "br", "cr":
				if v, _ := attrOf(&t, t.Name.Space, "type"); inP && (v == "" || v == "textWrapping") {
					text.WriteByte('\n')
				}
			case "noBreakHyphen":
				text.WriteString("\u2011")
			case "tbl":
				tables++
			case "del", "delText", "instrText", "txbxContent", "footnoteReference", "endnoteReference", "commentReference", "moveFrom", "rPr", "tabs":
				// Deleted and moved-away text, field codes, text boxes and
				// note marks are not part of the running text; run
				// properties and tab stops (<w:tabs><w:tab>) hold none.
				if err := x.skipElement(); err != nil {
					return nil, fmt.Errorf("%s: %w", f.Name, err)
				}
			}
		case xml.EndElement:
			if !isW(t.Name) {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "tbl":
				tables--
			case "p":
				if !inP {
					continue
				}
				inP = false
				if s := strings.TrimSpace(text.String()); s != "" {
					out = append(out, Paragraph{Text: s, Heading: level > 0, Level: level, InTable: tables > 0})
				}
			}
		case xml.CharData:
			if inText && inP {
				text.Write(t)
			}
		}
	}
}
