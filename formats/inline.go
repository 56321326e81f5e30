package formats

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"alinea/align/text"
)

// Inline codes (a bold run, a footnote mark, a field in the original
// document) travel in a segment's text as protected placeholders:
//
//	⟦id⟧ … ⟦/id⟧   a code that opens and one that closes
//	⟦id/⟧          a code that stands alone
//
// id is the code's id in the file (its position when the file gives none).
// Readers turn XLIFF 1.2 <x/>, <ph>, <bx/>, <ex/>, <bpt>/<ept>, <it>, <g>,
// XLIFF 2.0 <ph/>, <sc/>, <ec/>, <pc>, and TMX <ph>, <bpt>/<ept>, <it>,
// <hi>, <ut> into them; the XLIFF and TMX writers write them back as
// codes, the documents written for reading (Word, HTML, Markdown, text)
// leave them out, and CSV and TSV keep them as they are. The brackets are
// U+27E6 and U+27E7, which prose does not use.

const phOpen = text.CodeOpen

// Placeholder is one inline code in a text.
type Placeholder struct {
	ID string
	// Kind is 'o' (opens), 'c' (closes) or 's' (stands alone).
	Kind byte
}

// String is the placeholder as written in text.
func (p Placeholder) String() string { return text.FormatCode(p.ID, p.Kind) }

// inlineToken splits s at its first placeholder: the text before it, the
// placeholder, and the rest; ok is false when s holds none.
func inlineToken(s string) (before string, p Placeholder, rest string, ok bool) {
	c, ok := text.NextCode(s, 0)
	if !ok {
		return s, Placeholder{}, "", false
	}
	return s[:c.Start], Placeholder{ID: c.ID, Kind: c.Kind}, s[c.End:], true
}

// cleanInlineID makes a file's id usable in a placeholder.
func cleanInlineID(id string, n int) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		if text.CodeIDByte(id[i]) {
			b.WriteByte(id[i])
		}
		if b.Len() >= 32 {
			break
		}
	}
	if b.Len() == 0 {
		return strconv.Itoa(n)
	}
	return b.String()
}

// Placeholders lists the placeholders of s in order.
func Placeholders(s string) []Placeholder {
	var out []Placeholder
	for _, c := range text.Codes(s) {
		out = append(out, Placeholder{ID: c.ID, Kind: c.Kind})
	}
	return out
}

// StripPlaceholders is s without its placeholders: the text a reader sees,
// and what source texts are compared by.
func StripPlaceholders(s string) string { return text.StripCodes(s) }

// PlaceholderProblem is a difference between the inline codes of a source
// and its translation.
type PlaceholderProblem struct {
	// Kind is "missing" (in the source, not in the translation), "extra"
	// (in the translation only) or "order" (both have it, elsewhere in
	// the sequence).
	Kind        string
	Placeholder Placeholder
}

// ComparePlaceholders says how the inline codes of target differ from those
// of source: codes missing or added (by count of each), then, when both
// hold the same codes, the first one out of order. Nothing for equal
// sequences.
func ComparePlaceholders(source, target string) []PlaceholderProblem {
	src, tgt := Placeholders(source), Placeholders(target)
	count := map[Placeholder]int{}
	for _, p := range src {
		count[p]++
	}
	for _, p := range tgt {
		count[p]--
	}
	var out []PlaceholderProblem
	seen := map[Placeholder]bool{}
	for _, p := range src {
		if count[p] > 0 && !seen[p] {
			seen[p] = true
			for range count[p] {
				out = append(out, PlaceholderProblem{Kind: "missing", Placeholder: p})
			}
		}
	}
	for _, p := range tgt {
		if count[p] < 0 && !seen[p] {
			seen[p] = true
			for range -count[p] {
				out = append(out, PlaceholderProblem{Kind: "extra", Placeholder: p})
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	for i := range src {
		if src[i] != tgt[i] {
			return []PlaceholderProblem{{Kind: "order", Placeholder: tgt[i]}}
		}
	}
	return nil
}

// inlineAct says what a reader does with an inline element.
type inlineAct struct {
	kind byte   // 0: keep its text; 'o', 'c', 's': a placeholder; 'p': opens, and its end closes
	id   string // the file's id, if any
	skip bool   // its content is native code, not text
}

// inlineDialect maps an element inside a text to what it means.
type inlineDialect func(t *xml.StartElement) inlineAct

func attrFirst(t *xml.StartElement, names ...string) string {
	for _, n := range names {
		if v, ok := attrOf(t, "", n); ok {
			return v
		}
	}
	return ""
}

// xliff12Inline: XLIFF 1.2's inline elements.
func xliff12Inline(t *xml.StartElement) inlineAct {
	switch t.Name.Local {
	case "x", "ph", "it":
		return inlineAct{kind: 's', id: attrFirst(t, "id"), skip: true}
	case "bx", "bpt":
		return inlineAct{kind: 'o', id: attrFirst(t, "rid", "id"), skip: true}
	case "ex", "ept":
		return inlineAct{kind: 'c', id: attrFirst(t, "rid", "id"), skip: true}
	case "g":
		return inlineAct{kind: 'p', id: attrFirst(t, "id")}
	case "sub":
		return inlineAct{skip: true}
	}
	return inlineAct{}
}

// xliff2Inline: XLIFF 2.0's inline elements.
func xliff2Inline(t *xml.StartElement) inlineAct {
	switch t.Name.Local {
	case "ph":
		return inlineAct{kind: 's', id: attrFirst(t, "id"), skip: true}
	case "sc":
		return inlineAct{kind: 'o', id: attrFirst(t, "id"), skip: true}
	case "ec":
		return inlineAct{kind: 'c', id: attrFirst(t, "startRef", "id"), skip: true}
	case "pc":
		return inlineAct{kind: 'p', id: attrFirst(t, "id")}
	case "sm", "em":
		return inlineAct{skip: true}
	}
	return inlineAct{}
}

// tmxInline: TMX's inline elements.
func tmxInline(t *xml.StartElement) inlineAct {
	switch t.Name.Local {
	case "it":
		switch v, _ := attrOf(t, "", "pos"); v {
		case "begin":
			return inlineAct{kind: 'o', id: attrFirst(t, "x", "i"), skip: true}
		case "end":
			return inlineAct{kind: 'c', id: attrFirst(t, "x", "i"), skip: true}
		}
		return inlineAct{kind: 's', id: attrFirst(t, "x", "i"), skip: true}
	case "ph", "ut":
		return inlineAct{kind: 's', id: attrFirst(t, "x", "i"), skip: true}
	case "bpt":
		return inlineAct{kind: 'o', id: attrFirst(t, "i", "x"), skip: true}
	case "ept":
		return inlineAct{kind: 'c', id: attrFirst(t, "i"), skip: true}
	case "hi":
		return inlineAct{kind: 'p', id: attrFirst(t, "x")}
	case "sub":
		return inlineAct{skip: true}
	}
	return inlineAct{}
}

// readInline reads the content of the element just opened up to its end:
// its text with inline codes as placeholders, and the text of each <mrk
// mtype="seg"> in it (XLIFF 1.2 segmentation), in order. XLIFF 2.0's
// <cp hex> is turned back into its code point.
func (x *xmlReader) readInline(start xml.StartElement, dialect inlineDialect) (string, []mrkSeg, error) {
	var whole strings.Builder
	var segs []mrkSeg
	var seg *strings.Builder
	write := func(s string) {
		whole.WriteString(s)
		if seg != nil {
			seg.WriteString(s)
		}
	}
	depth, skip, segDepth, n := 0, 0, 0, 0
	var closing map[int]string // depth → placeholder to write at its end
	for {
		tok, err := x.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", nil, fmt.Errorf("line %d: <%s> not closed before end of file", x.Line(), start.Name.Local)
			}
			return "", nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Local == "cp" {
				h, _ := attrOf(&t, "", "hex")
				r, err := strconv.ParseUint(h, 16, 32)
				if err != nil || r > 0x10FFFF {
					return "", nil, fmt.Errorf("line %d: <cp hex=%q> is not a code point", x.Line(), h)
				}
				write(string(rune(r)))
				continue
			}
			if t.Name.Local == "mrk" && seg == nil {
				if mt, _ := attrOf(&t, "", "mtype"); mt == "seg" {
					mid, _ := attrOf(&t, "", "mid")
					if mid == "" {
						mid = strconv.Itoa(len(segs) + 1)
					}
					segs = append(segs, mrkSeg{mid: mid})
					seg, segDepth = &strings.Builder{}, depth
					continue
				}
			}
			act := dialect(&t)
			if act.kind != 0 {
				n++
				id := cleanInlineID(act.id, n)
				switch act.kind {
				case 'p':
					write(Placeholder{ID: id, Kind: 'o'}.String())
					if closing == nil {
						closing = map[int]string{}
					}
					closing[depth] = Placeholder{ID: id, Kind: 'c'}.String()
				default:
					write(Placeholder{ID: id, Kind: act.kind}.String())
				}
			}
			if act.skip {
				skip = 1
			}
		case xml.EndElement:
			if depth == 0 {
				return whole.String(), segs, nil
			}
			if skip > 0 {
				skip--
			} else if c, ok := closing[depth]; ok {
				write(c)
				delete(closing, depth)
			}
			if seg != nil && depth == segDepth {
				segs[len(segs)-1].text = seg.String()
				seg = nil
			}
			depth--
		case xml.CharData:
			if skip == 0 {
				whole.Write(t)
				if seg != nil {
					seg.Write(t)
				}
			}
		}
	}
}

// writeInline writes text with its placeholders as the codes of a format:
// place is called for each placeholder, the text between is escaped.
func writeInline(bw *bufio.Writer, s string, esc escMode, place func(Placeholder)) {
	for {
		before, p, rest, ok := inlineToken(s)
		xmlEscape(bw, before, esc)
		if !ok {
			return
		}
		place(p)
		s = rest
	}
}
