package formats

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteBilingualDOCX writes a Word document with a table of one row per
// segment: the paragraph number, the Chinese source, and one column per
// target language. A row that starts a new paragraph of the source has a
// heavier rule above it and shows the paragraph number; heading rows are
// shaded and set in the heading style. With ShowStatus each translation is
// followed by its status. Several target languages turn the page to
// landscape.
func WriteBilingualDOCX(w io.Writer, h Header, units Units, opt ExportOptions) error {
	if err := opt.validate(); err != nil {
		return err
	}
	if len(h.TargetLangs) == 0 {
		return fmt.Errorf("write docx: no target language")
	}
	if err := writeBilingualDOCX(w, &h, units, &opt); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	return nil
}

func writeBilingualDOCX(w io.Writer, h *Header, units Units, opt *ExportOptions) error {
	d, err := newDocx(w, h, h.TargetLangs[0], h.Title)
	if err != nil {
		return err
	}
	landscape := len(h.TargetLangs) > 1
	if h.Title != "" {
		d.para(`<w:pStyle w:val="Title"/>`, rPrZh, h.Title)
	}
	d.para(`<w:pStyle w:val="Subtitle"/>`, "", docMeta(h))

	numW := 700
	colW := (pageWidth(landscape) - numW) / (1 + len(h.TargetLangs))
	d.bw.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="` + strconv.Itoa(numW+colW*(1+len(h.TargetLangs))) + `" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	d.bw.WriteString(`<w:gridCol w:w="` + strconv.Itoa(numW) + `"/>`)
	for range 1 + len(h.TargetLangs) {
		d.bw.WriteString(`<w:gridCol w:w="` + strconv.Itoa(colW) + `"/>`)
	}
	d.bw.WriteString(`</w:tblGrid>`)

	// Header row, repeated on every page.
	d.bw.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
	headCell := func(width int, text, rPr string) {
		d.cellStart(width, "", `<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>`)
		d.para(`<w:pStyle w:val="CellText"/><w:keepNext/>`, rPrBold+rPr, text)
		d.bw.WriteString(`</w:tc>`)
	}
	headCell(numW, "¶", "")
	headCell(colW, langName("zh")+" (zh)", rPrZh)
	for _, l := range h.TargetLangs {
		headCell(colW, langName(l)+" ("+l+")", rPrLang(l))
	}
	d.bw.WriteString(`</w:tr>`)

	prevPara := -1
	for u, err := range units {
		if err != nil {
			return err
		}
		if !opt.keep(&u, h.TargetLangs) {
			continue
		}
		newPara := u.Paragraph != prevPara || u.Paragraph == 0
		prevPara = u.Paragraph
		var borders, shade string
		if newPara {
			borders = `<w:tcBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="595959"/></w:tcBorders>`
		}
		if u.Heading {
			shade = `<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>`
		}
		pPr := `<w:pStyle w:val="CellText"/>`
		if u.Heading {
			pPr = `<w:pStyle w:val="Heading2"/><w:spacing w:before="0" w:after="40"/>`
		}
		d.bw.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		d.cellStart(numW, borders, shade)
		num := ""
		if newPara && u.Paragraph > 0 {
			num = strconv.Itoa(u.Paragraph)
		}
		d.para(`<w:pStyle w:val="CellText"/>`, rPrStatus, num)
		d.bw.WriteString(`</w:tc>`)

		d.cellStart(colW, borders, shade)
		d.para(pPr, rPrZh, u.Source)
		d.bw.WriteString(`</w:tc>`)
		for _, l := range h.TargetLangs {
			t, ok := opt.usable(&u, l)
			d.cellStart(colW, borders, shade)
			if ok {
				d.para(pPr, rPrLang(l), StripPlaceholders(t.Text))
			} else {
				d.para(pPr, "", "")
			}
			if opt.ShowStatus && ok && t.Status.Valid() {
				d.para(`<w:pStyle w:val="CellText"/>`, rPrStatus, opt.statusName(t.Status))
			}
			d.bw.WriteString(`</w:tc>`)
		}
		d.bw.WriteString(`</w:tr>`)
	}
	d.bw.WriteString(`</w:tbl>`)
	// Word needs a paragraph between a table and the section end.
	d.para("", "", "")
	return d.close(landscape)
}

func (d *docx) cellStart(width int, borders, shade string) {
	d.bw.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/>`)
	d.bw.WriteString(borders)
	d.bw.WriteString(shade)
	d.bw.WriteString(`</w:tcPr>`)
}

// docMeta is the line under the title: languages, file, date, tool.
func docMeta(h *Header) string {
	var langs []string
	for _, l := range h.TargetLangs {
		langs = append(langs, langName(l))
	}
	parts := []string{langName(h.sourceLang()) + " → " + strings.Join(langs, ", ")}
	if h.FileName != "" {
		parts = append(parts, h.FileName)
	}
	name, version := h.tool()
	parts = append(parts, h.exported().Format("2006-01-02 15:04 UTC"), name+" "+version)
	return strings.Join(parts, " · ")
}
