package term

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/align/text"
)

// TermIssue is the kind of a terminology warning. Its values are stable
// identifiers (the interface turns them into messages), not prose.
type TermIssue string

const (
	// TermMissing: a source term's concept has approved equivalents in the
	// target language and the target uses none of them.
	TermMissing TermIssue = "missing"
	// TermForbidden: the target uses a rendering the glossary forbids for a
	// concept found in the source.
	TermForbidden TermIssue = "forbidden"
)

// TermWarning is one terminology problem of a translated segment.
type TermWarning struct {
	Kind      TermIssue
	ConceptID int64
	// SourceTerm is the glossary term found first in the source, and
	// Source are all the places the concept was found there.
	SourceTerm string
	Source     []text.Span
	// Expected are the concept's preferred equivalents in the target
	// language, then its admitted ones.
	Expected []string
	// For TermForbidden: the forbidden term as stored, and where the target
	// uses it.
	Forbidden string
	Target    text.Span
}

// Check compares a source segment and its translation in lang against the
// glossary. For every concept found in the source (leftmost-longest, so a
// longer term stands for the shorter ones inside it) it reports TermMissing
// when the target contains none of the concept's preferred or admitted
// equivalents in lang, and TermForbidden for each forbidden equivalent the
// target contains. A concept with no approved equivalent in lang has nothing
// to miss. An empty target is not translated yet and gets no warnings.
//
// Equivalents are found as FindTerm finds them: folded (case, accents,
// width), on word boundaries, in any listed form and in regular plural.
// Warnings come in source order.
func (m *Matcher) Check(source, target, lang string) []TermWarning {
	if m.Len() == 0 || strings.TrimSpace(target) == "" {
		return nil
	}
	hits := m.Find(source)
	if len(hits) == 0 {
		return nil
	}
	type found struct {
		hit    int // index of the first hit
		spans  []text.Span
		accept []text.Span
	}
	var order []int32
	byConcept := map[int32]*found{}
	for i, h := range hits {
		f := byConcept[h.concept]
		if f == nil {
			f = &found{hit: i}
			byConcept[h.concept] = f
			order = append(order, h.concept)
		}
		f.spans = append(f.spans, text.Span{Start: h.Start, End: h.End})
	}
	tt := newTargetText(target, lang)
	// First every accepted equivalent of every concept, so that a forbidden
	// rendering of one concept that is an approved rendering of another
	// concept of the same source is not reported.
	var accepted []text.Span
	for _, ci := range order {
		f := byConcept[ci]
		for _, t := range m.concepts[ci].Terms {
			if sameLang(t.Lang, lang) && t.Status != Forbidden {
				f.accept = append(f.accept, tt.find(t)...)
			}
		}
		accepted = append(accepted, f.accept...)
	}
	var out []TermWarning
	for _, ci := range order {
		f := byConcept[ci]
		c := &m.concepts[ci]
		h := hits[f.hit]
		var expected []string
		for _, st := range []TermStatus{Preferred, Admitted} {
			for _, t := range c.Terms {
				if sameLang(t.Lang, lang) && t.Status == st {
					expected = append(expected, t.Text)
				}
			}
		}
		if len(expected) > 0 && len(f.accept) == 0 {
			out = append(out, TermWarning{Kind: TermMissing, ConceptID: c.ID, SourceTerm: h.Term, Source: f.spans, Expected: expected})
		}
		for _, t := range c.Terms {
			if !sameLang(t.Lang, lang) || t.Status != Forbidden {
				continue
			}
			for _, sp := range tt.find(t) {
				if overlapsAny(sp, accepted) {
					continue
				}
				out = append(out, TermWarning{Kind: TermForbidden, ConceptID: c.ID, SourceTerm: h.Term, Source: f.spans, Expected: expected, Forbidden: t.Text, Target: sp})
				break
			}
		}
	}
	return out
}

func overlapsAny(s text.Span, spans []text.Span) bool {
	for _, o := range spans {
		if s.Start < o.End && o.Start < s.End {
			return true
		}
	}
	return false
}

// FindTerm returns where text contains term t (of t.Lang), as byte spans of
// text. The comparison is folded (case, accents, width, dashes), bound to
// word boundaries, and accepts:
//   - t.Text and each of t.Forms (the listed gender and number forms);
//   - for each of those, the regular plural or singular of its head phrase:
//     the words before the first preposition. In Spanish and Portuguese
//     every word of the head phrase agrees in number ("socio estratégico" /
//     "socios estratégicos", "país en desarrollo" / "países en desarrollo"),
//     in English only its last word, the head noun, inflects ("developing
//     country" / "developing countries").
//
// Regular inflection is a set of suffix rules, not a dictionary, and it
// accepts strings that are not words (paíss); that costs nothing, because
// text never contains them, and it spares the glossary a list of every
// plural.
// Irregular forms belong in Forms. Languages written without spaces (zh,
// ja) are searched as folded substrings.
func FindTerm(s string, t Term) []text.Span {
	return newTargetText(s, t.Lang).find(t)
}

// targetText is a text prepared for FindTerm: folded, and cut into words.
type targetText struct {
	lang   string
	folded text.Folded
	words  []word
}

type word struct {
	start, end int // in folded text
}

func newTargetText(s, lang string) *targetText {
	tt := &targetText{lang: lang, folded: text.Fold(s)}
	tt.words = splitWords(tt.folded.Text)
	return tt
}

func splitWords(s string) []word {
	var ws []word
	in := false
	for i, r := range s {
		if text.IsWordRune(r) {
			if !in {
				ws = append(ws, word{start: i})
				in = true
			}
			continue
		}
		if in {
			ws[len(ws)-1].end = i
			in = false
		}
	}
	if in {
		ws[len(ws)-1].end = len(s)
	}
	return ws
}

func unspaced(lang string) bool {
	return text.IsLang(lang, "zh") || text.IsLang(lang, "ja")
}

func (tt *targetText) find(t Term) []text.Span {
	variants := make([]string, 0, 1+len(t.Forms))
	variants = append(variants, t.Text)
	for _, f := range t.Forms {
		variants = append(variants, f.Text)
	}
	var out []text.Span
	for _, v := range variants {
		for _, sp := range tt.findVariant(text.Key(v)) {
			if !containsSpan(out, sp) {
				out = append(out, sp)
			}
		}
	}
	return out
}

func containsSpan(spans []text.Span, s text.Span) bool {
	for _, o := range spans {
		if o == s {
			return true
		}
	}
	return false
}

// findVariant finds one folded form and its regular inflections.
func (tt *targetText) findVariant(key string) []text.Span {
	if key == "" {
		return nil
	}
	ft := tt.folded.Text
	var out []text.Span
	if unspaced(tt.lang) {
		for i := 0; i <= len(ft)-len(key); {
			j := strings.Index(ft[i:], key)
			if j < 0 {
				break
			}
			s, e := tt.folded.Orig(i+j, i+j+len(key))
			out = append(out, text.Span{Start: s, End: e})
			i += j + len(key)
		}
		return out
	}
	pw := splitWords(key)
	if len(pw) == 0 {
		return nil
	}
	words := make([]string, len(pw))
	gaps := make([]string, len(pw)) // gaps[j]: text between word j-1 and j
	for j, w := range pw {
		words[j] = key[w.start:w.end]
		if j > 0 {
			gaps[j] = key[pw[j-1].end:w.start]
		}
	}
	infl := inflectable(tt.lang, words)
	for i := 0; i+len(pw) <= len(tt.words); i++ {
		ok := true
		for j := range pw {
			tw := tt.words[i+j]
			got := ft[tw.start:tw.end]
			if got != words[j] && !(infl[j] && sameNumber(tt.lang, words[j], got)) {
				ok = false
				break
			}
			if j > 0 {
				gap := ft[tt.words[i+j-1].end:tw.start]
				if gap != gaps[j] && !joiner(gap) {
					ok = false
					break
				}
			}
		}
		if ok {
			s, e := tt.folded.Orig(tt.words[i].start, tt.words[i+len(pw)-1].end)
			out = append(out, text.Span{Start: s, End: e})
		}
	}
	return out
}

// joiner reports whether the text between two words only joins them (space,
// hyphen, apostrophe, slash, quotes), so "China-CELAC" and "China CELAC"
// are the same name, but "Sur. Global" is not "Sur Global".
func joiner(gap string) bool {
	for _, r := range gap {
		switch r {
		case ' ', '-', '\'', '/', '·', '"':
		default:
			return false
		}
	}
	return true
}

// Prepositions end the head phrase of a term. Words are folded (no
// accents, lower case).
var prepositions = map[string]map[string]bool{
	"es": setOf("de del en con para por a al sin sobre entre contra hacia desde hasta ante bajo tras segun mediante durante"),
	"pt": setOf("de do da dos das em no na nos nas num numa com para por pelo pela pelos pelas a ao aos as sem sobre entre contra ate desde perante sob apos"),
	"en": setOf("of for with in on to between among by from at against into through under over within without across toward towards per via"),
}

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// sameLang reports whether two tags name the same language, regional
// variants included: a "pt" term serves a "pt-BR" target and back.
func sameLang(a, b string) bool { return text.BaseLang(a) == text.BaseLang(b) }

// inflectable marks the words of a term that may appear in the other
// grammatical number.
func inflectable(lang string, words []string) []bool {
	out := make([]bool, len(words))
	base := text.BaseLang(lang)
	preps, ok := prepositions[base]
	if !ok {
		return out
	}
	n := len(words)
	for j := 1; j < len(words); j++ {
		if preps[words[j]] {
			n = j
			break
		}
	}
	if base == "en" {
		out[n-1] = true
		return out
	}
	for j := range n {
		out[j] = true
	}
	return out
}

// sameNumber reports whether a and b (folded words) are the same word in
// singular and regular plural, either way round.
func sameNumber(lang, a, b string) bool {
	if a == b {
		return true
	}
	base := text.BaseLang(lang)
	return isPlural(base, a, b) || isPlural(base, b, a)
}

// pluralRule makes a plural by replacing the suffix from of a singular
// with to.
type pluralRule struct{ from, to string }

// pluralRules are the regular plural formations, on folded words (no
// accents). Every language here also adds -s and -es.
var pluralRules = map[string][]pluralRule{
	"es": {{"", "s"}, {"", "es"}, {"z", "ces"}}, // voz, voces
	"pt": {
		{"", "s"}, {"", "es"},
		{"ao", "oes"}, {"ao", "aes"}, // nação, nações; pão, pães
		{"m", "ns"},                 // jovem, jovens
		{"l", "is"},                 // nacional, nacionais; papel, papéis
		{"il", "is"}, {"il", "eis"}, // barril, barris; fóssil, fósseis
	},
	"en": {
		{"", "s"}, {"", "es"},
		{"y", "ies"}, {"f", "ves"}, {"fe", "ves"}, {"man", "men"},
	},
}

// isPlural reports whether pl is a regular plural of sg.
func isPlural(lang, sg, pl string) bool {
	if sg == "" || !isLetters(sg) {
		return false
	}
	for _, r := range pluralRules[lang] {
		if !strings.HasSuffix(sg, r.from) {
			continue
		}
		stem := sg[:len(sg)-len(r.from)]
		if len(pl) == len(stem)+len(r.to) && strings.HasPrefix(pl, stem) && strings.HasSuffix(pl, r.to) {
			return true
		}
	}
	return false
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) || r >= utf8.RuneSelf && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}
