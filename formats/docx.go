package formats

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// OOXML written by hand: the smallest package Word and LibreOffice both open
// without complaint ([Content_Types].xml, relationships, document, styles,
// settings, core and app properties). Child elements are written in the
// order the schema prescribes, which Word enforces.

const wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// docx streams one document: the fixed parts are written first, then the
// body goes straight into word/document.xml.
type docx struct {
	zw *zip.Writer
	bw *bufio.Writer
}

// wordLang is the language tag Word's proofing tools know for a code.
func wordLang(code string) string {
	switch code {
	case "zh":
		return "zh-CN"
	case "es":
		return "es-ES"
	case "pt":
		return "pt-BR"
	case "en":
		return "en-US"
	}
	return code
}

func newDocx(w io.Writer, h *Header, lang, title string) (*docx, error) {
	zw := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/_rels/document.xml.rels", docxDocRels},
		{"word/styles.xml", fmt.Sprintf(docxStyles, wordLang(lang))},
		{"word/settings.xml", docxSettings},
		{"docProps/app.xml", docxApp(h)},
		{"docProps/core.xml", docxCore(h, lang, title)},
	}
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: h.exported()})
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return nil, err
		}
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, Modified: h.exported()})
	if err != nil {
		return nil, err
	}
	d := &docx{zw: zw, bw: bufio.NewWriterSize(f, 32<<10)}
	d.bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<w:document xmlns:w="` + wNS + `"><w:body>`)
	return d, nil
}

// close ends the body with the page setup and finishes the package.
func (d *docx) close(landscape bool) error {
	if landscape {
		d.bw.WriteString(`<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`)
	} else {
		d.bw.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>`)
	}
	d.bw.WriteString(`<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`)
	if err := d.bw.Flush(); err != nil {
		return err
	}
	return d.zw.Close()
}

// pageWidth is the text width in twentieths of a point.
func pageWidth(landscape bool) int {
	if landscape {
		return 16838 - 2*1134
	}
	return 11906 - 2*1134
}

// para writes a paragraph of one run. pPr and rPr are the inner XML of the
// paragraph and run properties.
func (d *docx) para(pPr, rPr, text string) {
	d.bw.WriteString("<w:p>")
	if pPr != "" {
		d.bw.WriteString("<w:pPr>")
		d.bw.WriteString(pPr)
		d.bw.WriteString("</w:pPr>")
	}
	if text != "" {
		d.run(rPr, text)
	}
	d.bw.WriteString("</w:p>")
}

// run writes text as a run; line breaks and tabs become their elements.
func (d *docx) run(rPr, text string) {
	d.bw.WriteString("<w:r>")
	if rPr != "" {
		d.bw.WriteString("<w:rPr>")
		d.bw.WriteString(rPr)
		d.bw.WriteString("</w:rPr>")
	}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			d.bw.WriteString("<w:br/>")
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				d.bw.WriteString("<w:tab/>")
			}
			if part == "" {
				continue
			}
			d.bw.WriteString(`<w:t xml:space="preserve">`)
			xmlEscape(d.bw, part, escText)
			d.bw.WriteString("</w:t>")
		}
	}
	d.bw.WriteString("</w:r>")
}

// Run properties. The Chinese text names an East Asian font and language so
// Word and LibreOffice shape it as Chinese whatever the document language.
const (
	rPrZh     = `<w:rFonts w:hint="eastAsia" w:eastAsia="SimSun"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>`
	rPrMarked = `<w:rFonts w:hint="eastAsia" w:eastAsia="SimSun"/><w:highlight w:val="yellow"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>`
	rPrStatus = `<w:color w:val="7F7F7F"/><w:sz w:val="16"/><w:szCs w:val="16"/>`
	rPrBold   = `<w:b/><w:bCs/>`
)

func rPrLang(code string) string {
	if code == "zh" {
		return rPrZh
	}
	return `<w:lang w:val="` + wordLang(code) + `"/>`
}

func docxCore(h *Header, lang, title string) string {
	var b strings.Builder
	bw := bufio.NewWriter(&b)
	name, _ := h.tool()
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	xmlEscape(bw, title, escText)
	bw.WriteString(`</dc:title><dc:creator>`)
	xmlEscape(bw, name, escText)
	bw.WriteString(`</dc:creator><dc:language>`)
	xmlEscape(bw, wordLang(lang), escText)
	ts := h.exported().Format(time.RFC3339)
	bw.WriteString(`</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified></cp:coreProperties>`)
	bw.Flush()
	return b.String()
}

func docxApp(h *Header) string {
	var b strings.Builder
	bw := bufio.NewWriter(&b)
	name, _ := h.tool()
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>`)
	xmlEscape(bw, name, escText)
	bw.WriteString(`</Application></Properties>`)
	bw.Flush()
	return b.String()
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`

const docxDocRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>`

const docxSettings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="` + wNS + `"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>`

// docxStyles takes the document language. Latin text uses Calibri (or its
// metric twin Carlito); Chinese falls back to SimSun or whatever CJK font
// the reader's system substitutes for it.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="` + wNS + `"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="SimSun" w:cs="Calibri"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="%s" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:color w:val="595959"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="CellText"><w:name w:val="Cell Text"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="40" w:line="259" w:lineRule="auto"/></w:pPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:left w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:right w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="D9D9D9"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders></w:tblPr></w:style>` +
	`</w:styles>`
