package qa

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/align/text"
)

// Document is what the checks learn from a whole document: which source
// texts have several translations, which translations serve several source
// texts, and the usual length ratio of the language pair.
type Document struct {
	bySource map[string]*variants // normalised source → its translations
	byTarget map[string]*variants // normalised translation → its sources
	length   lengthModel
}

// variants are the different texts one key has, each with the positions of
// the segments that have it.
type variants struct {
	texts     []string
	positions [][]int
}

func (v *variants) add(text string, pos int) {
	for k, t := range v.texts {
		if t == text {
			v.positions[k] = append(v.positions[k], pos)
			return
		}
	}
	v.texts = append(v.texts, text)
	v.positions = append(v.positions, []int{pos})
}

// others are the positions of the segments whose text differs from text.
func (v *variants) others(text string) []int {
	var out []int
	for k, t := range v.texts {
		if t != text {
			out = append(out, v.positions[k]...)
		}
	}
	slices.Sort(out)
	return out
}

// normalize makes texts that differ only in surrounding or repeated white
// space equal.
func normalize(s string) string {
	if strings.Contains(s, text.CodeOpen) {
		// A translation is the same whatever codes mark it up.
		s = text.StripCodes(s)
	}
	if isNormal(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isNormal reports whether s has no white space but single spaces between
// words, looking at bytes: the white space outside ASCII is U+0085, U+00A0,
// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
func isNormal(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ':
			if s[i+1] == ' ' {
				return false
			}
		case '\t', '\n', '\v', '\f', '\r':
			return false
		case 0xC2, 0xE1, 0xE2, 0xE3:
			r, _ := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}

// NewDocument learns from a document's translations into lang.
func NewDocument(segs []Segment, lang string) *Document {
	d := &Document{bySource: map[string]*variants{}, byTarget: map[string]*variants{}}
	var ratios []float64
	for _, s := range segs {
		if strings.TrimSpace(s.Target) == "" {
			continue
		}
		src, tgt := normalize(s.Source), normalize(s.Target)
		if d.bySource[src] == nil {
			d.bySource[src] = &variants{}
		}
		d.bySource[src].add(tgt, s.Position)
		if d.byTarget[tgt] == nil {
			d.byTarget[tgt] = &variants{}
		}
		d.byTarget[tgt].add(src, s.Position)
		if x, n := logRatio(s); n >= minLengthRunes {
			ratios = append(ratios, x)
		}
	}
	d.length = fitLength(ratios, lang)
	return d
}

// Update tells the document that a segment's translation changed from old
// (a zero Segment for none) to seg, so a save is checked against the
// document as it now is without learning it again.
func (d *Document) Update(old, seg Segment) {
	if strings.TrimSpace(old.Target) != "" {
		src, tgt := normalize(old.Source), normalize(old.Target)
		d.bySource[src].remove(tgt, old.Position)
		d.byTarget[tgt].remove(src, old.Position)
	}
	if strings.TrimSpace(seg.Target) == "" {
		return
	}
	src, tgt := normalize(seg.Source), normalize(seg.Target)
	if d.bySource[src] == nil {
		d.bySource[src] = &variants{}
	}
	d.bySource[src].add(tgt, seg.Position)
	if d.byTarget[tgt] == nil {
		d.byTarget[tgt] = &variants{}
	}
	d.byTarget[tgt].add(src, seg.Position)
}

func (v *variants) remove(text string, pos int) {
	if v == nil {
		return
	}
	for k, t := range v.texts {
		if t != text {
			continue
		}
		if i := slices.Index(v.positions[k], pos); i >= 0 {
			v.positions[k] = slices.Delete(v.positions[k], i, i+1)
		}
		if len(v.positions[k]) == 0 {
			v.texts = slices.Delete(v.texts, k, k+1)
			v.positions = slices.Delete(v.positions, k, k+1)
		}
		return
	}
}

func positionList(ps []int) string {
	const most = 5
	parts := make([]string, 0, most+1)
	for i, p := range ps {
		if i == most {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, strconv.Itoa(p))
	}
	return strings.Join(parts, ", ")
}

func (d *Document) inconsistentTarget(seg Segment, src, tgt string) []Finding {
	v := d.bySource[src]
	if v == nil || len(v.texts) < 2 {
		return nil
	}
	others := v.others(tgt)
	if len(others) == 0 {
		return nil
	}
	return []Finding{{Check: CheckInconsistentTarget, Severity: Warning, Message: "QAInconsistentTarget",
		Args:   map[string]any{"Positions": positionList(others), "Count": len(others)},
		Source: whole(seg.Source), Target: whole(seg.Target)}}
}

func (d *Document) inconsistentSource(seg Segment, src, tgt string) []Finding {
	v := d.byTarget[tgt]
	if v == nil || len(v.texts) < 2 {
		return nil
	}
	others := v.others(src)
	if len(others) == 0 {
		return nil
	}
	return []Finding{{Check: CheckInconsistentSource, Severity: Warning, Message: "QAInconsistentSource",
		Args:   map[string]any{"Positions": positionList(others), "Count": len(others)},
		Source: whole(seg.Source), Target: whole(seg.Target)}}
}

// --- length

// minLengthRunes: shorter sources (a heading of two characters) say too
// little about length to learn from or to judge.
const minLengthRunes = 6

// lengthModel is the usual log ratio of target to source length in
// letters, and how far it strays: median and scaled median absolute
// deviation, which a few wild segments do not move.
type lengthModel struct {
	center, spread float64
}

// defaultRatio is the ratio assumed until a document has enough translated
// segments: characters of the translation per Chinese character.
var defaultRatio = map[string]float64{"en": 3.0, "es": 3.4, "pt": 3.3}

// minSample is how many translated segments a document needs before its
// own ratio replaces the default.
const minSample = 12

func fitLength(xs []float64, lang string) lengthModel {
	def := defaultRatio[lang]
	if def == 0 {
		def = 3.2
	}
	if len(xs) < minSample {
		return lengthModel{center: math.Log(def), spread: 0.3}
	}
	ys := slices.Clone(xs)
	slices.Sort(ys)
	med := median(ys)
	dev := make([]float64, len(ys))
	for i, y := range ys {
		dev[i] = math.Abs(y - med)
	}
	slices.Sort(dev)
	return lengthModel{center: med, spread: max(1.4826*median(dev), 0.12)}
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// letters counts what the length model measures: letters, digits and Han
// characters, not spaces or punctuation.
func letters(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				n++
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r >= 0x4E00 && r <= 0x9FFF || unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
		i += w
	}
	return n
}

func logRatio(s Segment) (float64, int) {
	ns := letters(s.Source)
	nt := letters(s.Target)
	return math.Log(float64(nt+1) / float64(ns+1)), ns
}

func (m lengthModel) check(seg Segment) []Finding {
	x, n := logRatio(seg)
	if n < minLengthRunes || m.spread == 0 {
		return nil
	}
	// Short segments stray more: the allowance grows as they shrink.
	limit := max(3*m.spread, math.Log(1.6)) + 1/math.Sqrt(float64(n))
	d := x - m.center
	if math.Abs(d) <= limit {
		return nil
	}
	msg := "QATooLong"
	if d < 0 {
		msg = "QATooShort"
	}
	got := float64(letters(seg.Target)) / float64(max(n, 1))
	return []Finding{{Check: CheckLength, Severity: Warning, Message: msg,
		Args: map[string]any{
			"Ratio":    strconv.FormatFloat(got, 'f', 1, 64),
			"Expected": strconv.FormatFloat(math.Exp(m.center), 'f', 1, 64),
		},
		Source: whole(seg.Source), Target: whole(seg.Target)}}
}
