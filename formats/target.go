package formats

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Target documents: the translation alone, reassembled paragraph by
// paragraph. Segments of one source paragraph make one paragraph; a segment
// whose translation is missing (or below the status filter) is left out,
// kept in Chinese, or kept in Chinese and marked, as ExportOptions says.

// piece is one segment's text in a target paragraph.
type piece struct {
	text    string
	source  bool  // the Chinese source stands in for a missing translation
	segment int64 // the unit's SegmentID
}

type targetPara struct {
	heading bool
	pieces  []piece
}

// targetParagraphs groups the units into target paragraphs and calls emit
// for each one that has any text. Only one paragraph is held at a time.
func targetParagraphs(units Units, lang string, opt *ExportOptions, emit func(*targetPara) error) error {
	var cur targetPara
	prev, started := 0, false
	flush := func() error {
		if len(cur.pieces) == 0 {
			return nil
		}
		err := emit(&cur)
		cur.pieces = cur.pieces[:0]
		return err
	}
	for u, err := range units {
		if err != nil {
			return err
		}
		if !started || u.Paragraph != prev || u.Paragraph == 0 {
			if err := flush(); err != nil {
				return err
			}
			cur.heading = u.Heading
		}
		started, prev = true, u.Paragraph
		if t, ok := opt.usable(&u, lang); ok && t.Text != "" {
			cur.pieces = append(cur.pieces, piece{text: StripPlaceholders(t.Text), segment: u.SegmentID})
			continue
		}
		if opt.Untranslated != OmitUntranslated && u.Source != "" {
			cur.pieces = append(cur.pieces, piece{text: u.Source, source: true, segment: u.SegmentID})
		}
	}
	return flush()
}

// needsSpace reports whether two pieces of a paragraph are joined with a
// space: not between two Chinese (or other wide) characters, nor before
// closing or after opening punctuation.
func needsSpace(prev, next string) bool {
	a, _ := utf8.DecodeLastRuneInString(prev)
	b, _ := utf8.DecodeRuneInString(next)
	if unicode.IsSpace(a) || unicode.IsSpace(b) {
		return false
	}
	return !(wide(a) && wide(b))
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// markSource is how a marked untranslated segment reads in plain text.
func markSource(s string) string { return "[zh: " + s + "]" }

// WriteTargetText writes the translation as plain UTF-8 text: one paragraph
// per line, with an empty line between paragraphs.
func WriteTargetText(w io.Writer, h Header, units Units, opt ExportOptions) error {
	lang, err := h.oneLang("a target document")
	if err != nil {
		return err
	}
	if err := opt.validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	first := true
	err = targetParagraphs(units, lang, &opt, func(p *targetPara) error {
		if !first {
			bw.WriteString("\n")
		}
		first = false
		for i, pc := range p.pieces {
			text := pc.text
			if pc.source && opt.Untranslated == MarkUntranslated {
				text = markSource(text)
			}
			if i > 0 && needsSpace(p.pieces[i-1].text, text) {
				bw.WriteByte(' ')
			}
			bw.WriteString(text)
		}
		bw.WriteString("\n")
		return nil
	})
	if err != nil {
		return fmt.Errorf("write text: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write text: %w", err)
	}
	return nil
}

// WriteTargetMarkdown writes the translation as CommonMark: headings as
// "# " lines, paragraphs separated by empty lines, text escaped so it reads
// as written (a "*" or "<script>" in a segment stays literal).
func WriteTargetMarkdown(w io.Writer, h Header, units Units, opt ExportOptions) error {
	lang, err := h.oneLang("a target document")
	if err != nil {
		return err
	}
	if err := opt.validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	first := true
	err = targetParagraphs(units, lang, &opt, func(p *targetPara) error {
		if !first {
			bw.WriteString("\n")
		}
		first = false
		var line strings.Builder
		for i, pc := range p.pieces {
			text := mdEscape(pc.text)
			if pc.source && opt.Untranslated == MarkUntranslated {
				text = `\[zh: ` + text + `\]`
			}
			if i > 0 && needsSpace(p.pieces[i-1].text, pc.text) {
				line.WriteByte(' ')
			}
			line.WriteString(text)
		}
		s := line.String()
		if p.heading {
			// A heading is one line, and #s at either end would be taken
			// for its markers.
			s = strings.ReplaceAll(s, "\\\n", " ")
			if strings.HasPrefix(s, "#") {
				s = "\\" + s
			}
			if strings.HasSuffix(s, "#") {
				s = s[:len(s)-1] + "\\#"
			}
			bw.WriteString("# " + s + "\n")
			return nil
		}
		bw.WriteString(mdEscapeLineStarts(s))
		bw.WriteString("\n")
		return nil
	})
	if err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write markdown: %w", err)
	}
	return nil
}

// mdEscape backslash-escapes the characters that are markup anywhere in a
// line, and turns line breaks into hard breaks.
func mdEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
		case '&':
			if i+1 < len(s) && (s[i+1] == '#' || isASCIILetter(s[i+1])) {
				b.WriteByte('\\')
			}
		case '\r':
			continue
		case '\n':
			b.WriteString("\\\n")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// mdEscapeLineStarts escapes what is markup only at the start of a line:
// headings, block quotes, list markers, thematic breaks, setext underlines,
// code fences, and leading indentation that would make a code block.
func mdEscapeLineStarts(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if t == "" {
			continue
		}
		switch {
		case strings.ContainsRune("#>+-=", rune(t[0])):
			t = "\\" + t
		case t[0] >= '0' && t[0] <= '9':
			j := 0
			for j < len(t) && t[j] >= '0' && t[j] <= '9' {
				j++
			}
			if j < len(t) && (t[j] == '.' || t[j] == ')') {
				t = t[:j] + "\\" + t[j:]
			}
		}
		lines[i] = t
	}
	return strings.Join(lines, "\n")
}

// WriteTargetDOCX writes the translation as a Word document, headings in the
// Heading 1 style. Marked untranslated segments are highlighted.
func WriteTargetDOCX(w io.Writer, h Header, units Units, opt ExportOptions) error {
	lang, err := h.oneLang("a target document")
	if err != nil {
		return err
	}
	if err := opt.validate(); err != nil {
		return err
	}
	d, err := newDocx(w, &h, lang, h.Title)
	if err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	empty := true
	err = targetParagraphs(units, lang, &opt, func(p *targetPara) error {
		empty = false
		d.bw.WriteString("<w:p>")
		if p.heading {
			d.bw.WriteString(`<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>`)
		}
		for i, pc := range p.pieces {
			if i > 0 && needsSpace(p.pieces[i-1].text, pc.text) {
				d.run("", " ")
			}
			switch {
			case !pc.source:
				d.run(rPrLang(lang), pc.text)
			case opt.Untranslated == MarkUntranslated:
				d.run(rPrMarked, pc.text)
			default:
				d.run(rPrZh, pc.text)
			}
		}
		d.bw.WriteString("</w:p>")
		return nil
	})
	if err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	if empty {
		d.para("", "", "") // a body needs one paragraph
	}
	if err := d.close(false); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	return nil
}

// TargetPiece is one segment's text in a paragraph of a target document.
type TargetPiece struct {
	SegmentID int64
	Text      string
	// Source says the Chinese source stands in for a missing translation
	// (marked when ExportOptions.Untranslated is MarkUntranslated).
	Source bool
	// Space says a space joins it to the piece before.
	Space bool
}

// TargetParagraph is one paragraph of a target document.
type TargetParagraph struct {
	Heading bool
	Pieces  []TargetPiece
}

// TargetParagraphs reassembles the translation into lang paragraph by
// paragraph exactly as the target documents are written, keeping which
// segment each piece comes from (for a preview that points at one).
func TargetParagraphs(units Units, lang string, opt ExportOptions) ([]TargetParagraph, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	var out []TargetParagraph
	err := targetParagraphs(units, lang, &opt, func(p *targetPara) error {
		tp := TargetParagraph{Heading: p.heading}
		for i, pc := range p.pieces {
			tp.Pieces = append(tp.Pieces, TargetPiece{SegmentID: pc.segment, Text: pc.text, Source: pc.source,
				Space: i > 0 && needsSpace(p.pieces[i-1].text, pc.text)})
		}
		out = append(out, tp)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("target paragraphs: %w", err)
	}
	return out, nil
}
