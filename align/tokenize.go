package align

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"alinea/align/text"
)

// The aligner reads Chinese as characters, not words. The gse segmenter
// (pure Go, embedded dictionary) needs about 3 s and 190 MB of heap to load
// its dictionary, twenty times what aligning a whole chapter takes, and its
// words would have to be learnt from a single document pair, where
// characters collect counts faster; character bigrams, tried as extra
// units, helped English a little and Spanish not at all. Dictionary words
// (CC-CEDICT, glossaries) are still matched as words, see Dictionary and
// TermPair. Shared tokens below (numbers, punctuation classes, Latin words
// written inside Chinese) are spelt the same on both sides, which is what
// makes them anchors.
const (
	tokQuote    = "<q>"
	tokQuestion = "<?>"
	tokExclaim  = "<!>"
	tokColon    = "<:>"
	tokEllipsis = "<...>"
	tokSemi     = "<;>"
)

// stemRunes is how many leading letters of a target word the lexical model
// keeps. Cutting inflections (es/pt verb endings, English plurals) lets a
// chapter-sized text teach enough about each word.
const stemRunes = 6

func numberToken(v int64) string { return "#" + strconv.FormatInt(v, 10) }

// tokenizer holds what tokenizing a document reuses from sentence to
// sentence: the runes of the sentence, a lowercased word, the units found
// so far, and the target stems met (a long text holds each of its few
// thousand words many times, and every string is memory to allocate and
// for the collector to follow).
type tokenizer struct {
	runes []rune
	lower []byte
	out   []string
	stems map[string]string
	// gloss and glossOut hold a dictionary gloss and its tokens.
	gloss    []byte
	glossOut []string
}

func newTokenizer() *tokenizer { return &tokenizer{stems: map[string]string{}} }

// stem returns b as a string, the same string for the same stem.
func (tz *tokenizer) stem(b []byte) string {
	if s, ok := tz.stems[string(b)]; ok {
		return s
	}
	s := string(b)
	if tz.stems != nil {
		tz.stems[s] = s
	}
	return s
}

// units returns out with the units found appended, in a slice of their
// own when out is nil.
func (tz *tokenizer) units(out []string) []string {
	if out == nil && len(tz.out) > 0 {
		return slices.Clone(tz.out)
	}
	return append(out, tz.out...)
}

// zhUnits returns the lexical units of a Chinese sentence and its length in
// characters (spaces not counted).
func zhUnits(s string, out []string) ([]string, float64) {
	return (&tokenizer{}).zhUnits(s, out)
}

func (tz *tokenizer) zhUnits(s string, out []string) ([]string, float64) {
	n := 0.0
	tz.runes = appendRunes(tz.runes[:0], s)
	runes := tz.runes
	tz.out = tz.out[:0]
	for i := 0; i < len(runes); {
		r := runes[i]
		if !unicode.IsSpace(r) {
			n++
		}
		switch {
		case isZhNumeral(r):
			j := i
			for j < len(runes) && isZhNumeral(runes[j]) {
				j++
			}
			if v, ok := zhNumberValue(runes[i:j]); ok && keepZhNumber(runes, i, j, v) {
				tz.out = append(tz.out, numberToken(v))
			}
			for k := i; k < j; k++ {
				tz.out = append(tz.out, hanString(runes[k]))
			}
			n += float64(j - i - 1)
			i = j
			continue
		case isHan(r):
			tz.out = append(tz.out, hanString(r))

		case isDigitRune(r):
			j := i
			for j < len(runes) && (isDigitRune(runes[j]) || (runes[j] == ',' || runes[j] == '.') && j+1 < len(runes) && isDigitRune(runes[j+1])) {
				j++
			}
			if v, ok := digitsValue(runes[i:j]); ok {
				tz.out = append(tz.out, numberToken(v))
			}
			n += float64(j - i - 1)
			i = j
			continue
		case unicode.IsLetter(r):
			j := i
			for j < len(runes) && unicode.IsLetter(runes[j]) && !isHan(runes[j]) {
				j++
			}
			tz.out = append(tz.out, stemWord(strings.ToLower(string(runes[i:j]))))
			n += float64(j - i - 1)
			i = j
			continue
		default:
			if t := punctToken(runes, i); t != "" {
				tz.out = append(tz.out, t)
			}
		}
		i++
	}
	return tz.units(out), n
}

// appendRunes appends the runes of s to rs, as []rune(s) would make them.
func appendRunes(rs []rune, s string) []rune {
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

// isHan is unicode.Is(unicode.Han, r), answered at once for the common
// block and for everything before the first Han range.
func isHan(r rune) bool {
	if r >= hanFirst && r <= hanLast {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// tgtUnits returns the lexical units of a target sentence and its length in
// characters (spaces not counted).
func tgtUnits(s string, lang string, out []string) ([]string, float64) {
	return (&tokenizer{}).tgtUnits(s, lang, out)
}

func (tz *tokenizer) tgtUnits(s string, lang string, out []string) ([]string, float64) {
	n := 0.0
	tz.runes = appendRunes(tz.runes[:0], s)
	runes := tz.runes
	tz.out = tz.out[:0]
	var numWords []int64 // a running number spelt in words: "thirty-five"
	flushNum := func() {
		if len(numWords) > 0 {
			tz.out = append(tz.out, numberToken(text.CombineNumberWords(numWords)))
			numWords = numWords[:0]
		}
	}
	first := true
	lower := tz.lower[:0]
	nw := numberWordsByLang[text.BaseLang(lang)]
	for i := 0; i < len(runes); {
		r := runes[i]
		if !unicode.IsSpace(r) {
			n++
		}
		switch {
		case isDigitRune(r):
			flushNum()
			j := i
			for j < len(runes) && (isDigitRune(runes[j]) || (runes[j] == ',' || runes[j] == '.') && j+1 < len(runes) && isDigitRune(runes[j+1])) {
				j++
			}
			if v, ok := digitsValue(runes[i:j]); ok {
				tz.out = append(tz.out, numberToken(v))
			}
			n += float64(j - i - 1)
			i = j
			first = false
			continue
		case unicode.IsLetter(r):
			j := i
			for j < len(runes) && (unicode.IsLetter(runes[j]) || unicode.Is(unicode.Mn, runes[j])) {
				j++
			}
			// The word is lowercased (as strings.ToLower would) into lower,
			// kept from word to word: only its stem becomes a string.
			lower = lower[:0]
			for _, r := range runes[i:j] {
				lower = utf8.AppendRune(lower, unicode.ToLower(r))
			}
			n += float64(j - i - 1)
			if first && j < len(runes) && runes[j] == '.' {
				if v := text.RomanValue(string(runes[i:j])); v > 0 {
					tz.out = append(tz.out, numberToken(v))
				}
			}
			first = false
			i = j
			if v, ok := nw.words[string(lower)]; ok {
				numWords = append(numWords, v)
				continue
			}
			if len(numWords) > 0 && nw.isConnector(string(lower)) && i < len(runes) {
				continue
			}
			flushNum()
			tz.out = append(tz.out, tz.stem(lower[:stemLen(lower)]))
			continue
		default:
			if r != '-' && !unicode.IsSpace(r) {
				flushNum()
			}
			if t := punctToken(runes, i); t != "" {
				tz.out = append(tz.out, t)
			}
		}
		i++
	}
	flushNum()
	tz.lower = lower
	return tz.units(out), n
}

func stemWord(w string) string {
	if stemRunes <= 0 || utf8.RuneCountInString(w) <= stemRunes {
		return w
	}
	k := 0
	for i := range w {
		if k == stemRunes {
			return w[:i]
		}
		k++
	}
	return w
}

// stemLen is the length in bytes of stemWord(string(w)).
func stemLen(w []byte) int {
	if stemRunes <= 0 {
		return len(w)
	}
	k := 0
	for i := 0; i < len(w); {
		if k == stemRunes {
			return i
		}
		_, size := utf8.DecodeRune(w[i:])
		i += size
		k++
	}
	return len(w)
}

func isDigitRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９'
}

func digitsValue(rs []rune) (int64, bool) {
	var v int64
	n := 0
	for _, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			v = v*10 + int64(r-'0')
		case r >= '０' && r <= '９':
			v = v*10 + int64(r-'０')
		default:
			continue // thousands separators and decimal points are read through
		}
		n++
		if n > 15 {
			return 0, false
		}
	}
	return v, n > 0
}

// punctToken maps punctuation that translators keep to a class shared by
// both languages. An apostrophe counts as a quotation mark only at a word
// edge, so "don't" is not a quotation.
func punctToken(rs []rune, i int) string {
	switch rs[i] {
	case '?', '？', '¿':
		return tokQuestion
	case '!', '！', '¡':
		return tokExclaim
	case '"', '“', '”', '「', '」', '『', '』', '«', '»', '„', '＂':
		return tokQuote
	case '‘', '’', '\'':
		before := i == 0 || !unicode.IsLetter(rs[i-1])
		after := i+1 == len(rs) || !unicode.IsLetter(rs[i+1])
		if before || after {
			if rs[i] != '\'' || before != after {
				return tokQuote
			}
		}
		return ""
	case ':', '：':
		return tokColon
	case '…':
		if i > 0 && rs[i-1] == '…' {
			return ""
		}
		return tokEllipsis
	case '.':
		if i+2 < len(rs) && rs[i+1] == '.' && rs[i+2] == '.' && (i == 0 || rs[i-1] != '.') {
			return tokEllipsis
		}
	case ';', '；':
		return tokSemi
	}
	return ""
}

// hanStrings holds the common CJK block as one string, so that a character
// token is a substring of it rather than a new allocation: a long document
// has millions of them.
var hanStrings = func() string {
	var b strings.Builder
	b.Grow((hanLast - hanFirst + 1) * 3)
	for r := rune(hanFirst); r <= hanLast; r++ {
		b.WriteRune(r)
	}
	return b.String()
}()

const hanFirst, hanLast = 0x4E00, 0x9FFF

func hanString(r rune) string {
	if r < hanFirst || r > hanLast {
		return string(r)
	}
	k := int(r-hanFirst) * 3
	return hanStrings[k : k+3]
}
