package qa

import (
	"strings"
	"unicode"
	"unicode/utf8"

	alntext "alinea/align/text"
)

// A target number may be read in several ways (30.000 is thirty thousand in
// Spanish and thirty in English; "1.2 billion" is also 1.2): every reading
// is kept, and a source number is matched when any reading equals it.
type targetNumber struct {
	Values []float64
	Span   Span
}

var scaleWords = map[string]float64{
	"thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
	"trillion": 1e12, "mil": 1e3, "millón": 1e6, "millones": 1e6, "billón": 1e12, "billones": 1e12,
	"milhão": 1e6, "milhões": 1e6, "milhao": 1e6, "milhoes": 1e6, "bilhão": 1e9, "bilhões": 1e9,
	"trilhão": 1e12, "trilhões": 1e12, "mn": 1e6, "bn": 1e9,
}

// numberWords are cardinals, ordinals and month names in the target
// languages: 第三 may be "third", 十月 "October". The articles un, una, um,
// uma are left out: read as 1 they would stand for every lost 第一.
var numberWords = map[string]float64{
	// English
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "twentieth": 20,
	"sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90, "both": 2, "twice": 2, "double": 2,
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	// Spanish
	"uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
	"ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
	"dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
	"veintidós": 22, "veintitrés": 23, "veinticuatro": 24, "veinticinco": 25, "treinta": 30,
	"cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
	"cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "quinientos": 500,
	"primero": 1, "primera": 1, "primer": 1, "segundo": 2, "segunda": 2, "tercero": 3, "tercera": 3,
	"tercer": 3, "cuarto": 4, "cuarta": 4, "quinto": 5, "quinta": 5, "sexto": 6, "sexta": 6,
	"séptimo": 7, "séptima": 7, "octavo": 8, "octava": 8, "noveno": 9, "novena": 9, "décimo": 10,
	"décima": 10, "undécimo": 11, "duodécimo": 12, "vigésimo": 20, "ambos": 2, "ambas": 2,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	// Portuguese
	"dois": 2, "duas": 2, "três": 3, "quatro": 4, "sete": 7, "oito": 8, "nove": 9,
	"dez": 10, "onze": 11, "doze": 12, "treze": 13, "catorze": 14, "quatorze": 14, "quinze": 15,
	"dezesseis": 16, "dezessete": 17, "dezoito": 18, "dezenove": 19, "vinte": 20, "trinta": 30,
	"quarenta": 40, "cinquenta": 50, "sessenta": 60, "oitenta": 80, "cem": 100, "cento": 100,
	"primeiro": 1, "primeira": 1, "terceiro": 3, "terceira": 3, "sétimo": 7, "sétima": 7,
	"oitavo": 8, "oitava": 8, "nono": 9, "nona": 9,
	"janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7,
	"setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
}

var connectors = map[string]bool{"and": true, "y": true, "e": true}

// sectionWords introduce a Roman numeral: Part I, Parte II, Capítulo III.
var sectionWords = map[string]bool{
	"part": true, "parte": true, "chapter": true, "capítulo": true, "section": true, "sección": true,
	"seção": true, "secção": true, "título": true, "title": true, "annex": true, "anexo": true,
	"article": true, "artículo": true, "artigo": true, "book": true, "libro": true, "livro": true,
}

// TargetNumbers finds the numbers of a translation into lang: digits with
// the language's separators (30,000 / 30.000 / 30 000; 1.2 / 1,2), scale
// words (120 million, 30 mil, 1,2 mil millones), percentages, ordinals
// (3rd, 3.º, third, tercero), number words, month names, and Roman numerals
// where they number a heading or a part. It returns every reading of each.
func TargetNumbers(s, lang string) []targetNumber {
	var out []targetNumber
	var words []numWord
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if _, ok := digitValue(r); ok {
			vals, n := targetDigits(s[i:], lang)
			span := Span{i, i + n}
			// A scale word right after: 120 million, 1,2 mil millones.
			rest, scaleEnd, scale := s[i+n:], 0, 1.0
			if ws, we, ok := nextWord(rest); ok && ws <= 1 {
				wd := strings.ToLower(rest[ws:we])
				if f, ok := scaleWords[wd]; ok {
					scale, scaleEnd = f, we
					if wd == "mil" {
						if ws2, we2, ok := nextWord(rest[we:]); ok && ws2 <= 1 {
							w2 := strings.ToLower(rest[we+ws2 : we+we2])
							if w2 == "millones" || w2 == "milhões" || w2 == "millón" {
								scale, scaleEnd = 1e9, we+we2
							}
						}
					}
				}
			}
			if scaleEnd > 0 {
				for _, v := range vals {
					vals = append(vals, v*scale)
				}
				span.End = i + n + scaleEnd
			}
			out = append(out, targetNumber{Values: vals, Span: span})
			words = append(words, numWord{})
			i += n
			continue
		}
		if unicode.IsLetter(r) {
			j := i
			for j < len(s) {
				r2, w2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += w2
			}
			text := s[i:j]
			var lw string
			var v float64
			var isNum bool
			// The longest number word has 12 bytes (quatrocentos).
			if len(text) <= 13 {
				lw = strings.ToLower(text)
				v, isNum = numberWords[lw]
				if !isNum && strings.HasSuffix(lw, "s") {
					v, isNum = numberWords[strings.TrimSuffix(lw, "s")]
				}
				if !isNum {
					if _, ok := scaleWords[lw]; ok {
						v, isNum = scaleWords[lw], true
					}
				}
			}
			if !isNum && strings.IndexByte("IVXLC", text[0]) >= 0 {
				if rv := float64(alntext.RomanValue(text)); rv > 0 && romanAllowed(s, i, j, words) {
					out = append(out, targetNumber{Values: []float64{rv}, Span: Span{i, j}})
				}
			} else if !isNum && j-i == 1 {
				if rv := letterMarker(s, i, j); rv > 0 {
					out = append(out, targetNumber{Values: []float64{rv}, Span: Span{i, j}})
				}
			}
			words = append(words, numWord{text: lw, span: Span{i, j}, value: v, isNum: isNum})
			i = j
			continue
		}
		if r == '-' || r == ' ' {
			i += w
			continue
		}
		if !unicode.IsSpace(r) {
			words = append(words, numWord{})
		}
		i += w
	}
	// Runs of number words: "thirty-five", "dos mil veinticinco".
	for k := 0; k < len(words); {
		if !words[k].isNum {
			k++
			continue
		}
		var vs []float64
		start := k
		end := k
		for m := k; m < len(words); m++ {
			if words[m].isNum {
				vs = append(vs, words[m].value)
				end = m
				continue
			}
			if connectors[words[m].text] && m+1 < len(words) && words[m+1].isNum {
				continue
			}
			break
		}
		vals := append([]float64(nil), vs...)
		if len(vs) > 1 {
			vals = append(vals, alntext.CombineNumberWords(vs))
		}
		out = append(out, targetNumber{Values: vals, Span: Span{words[start].span.Start, words[end].span.End}})
		k = end + 1
	}
	return out
}

// numWord is a word of a translation, read as a number when it is one.
type numWord struct {
	text  string
	span  Span
	value float64
	isNum bool
}

// nextWord finds the first run of letters in s: its start and end, after at
// most white space.
func nextWord(s string) (int, int, bool) {
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += w
	}
	j := i
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) {
			break
		}
		j += w
	}
	return i, j, j > i
}

// targetDigits reads a run of digits and separators and returns every
// reading of it: with the language's separators first, then the other way.
func targetDigits(s, lang string) ([]float64, int) {
	// Take digits and single separators between digits; a space separates
	// thousands only before a group of exactly three.
	var groups []string
	var seps []rune
	i := 0
	cur := strings.Builder{}
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if d, ok := digitValue(r); ok {
			cur.WriteByte(byte('0' + d))
			i += w
			continue
		}
		if (r == ',' || r == '.' || r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009') && cur.Len() > 0 {
			n := countDigitsAt(s[i+w:])
			if n > 0 && (r == ',' || r == '.' || n == 3 && countDigitsAt(s[i+w:]) == 3 && !digitAt(s, i+w+3)) {
				if r != ',' && r != '.' && (len(groups) == 0 && cur.Len() > 3) {
					break
				}
				groups = append(groups, cur.String())
				seps = append(seps, r)
				cur.Reset()
				i += w
				continue
			}
		}
		break
	}
	groups = append(groups, cur.String())
	var vals []float64
	add := func(v float64, ok bool) {
		if ok {
			vals = append(vals, v)
		}
	}
	// Each separator is a thousands mark or the decimal mark.
	add(readDigits(groups, seps, ',', '.'))
	add(readDigits(groups, seps, '.', ','))
	if len(vals) == 0 {
		// Not a number either way (1.2.3, a list): read the groups alone.
		for _, g := range groups {
			add(readDigits([]string{g}, nil, 0, 0))
		}
	}
	_ = lang
	// Ordinal suffixes (3rd, 3.º, 3ª) belong to the number.
	rest := s[i:]
	for _, suf := range []string{".º", ".ª", "º", "ª", "st", "nd", "rd", "th", "er", "o", "a"} {
		if strings.HasPrefix(rest, suf) {
			after := rest[len(suf):]
			r, _ := utf8.DecodeRuneInString(after)
			if after == "" || !unicode.IsLetter(r) {
				i += len(suf)
			}
			break
		}
	}
	return vals, i
}

func digitAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	_, ok := digitValue(rune(s[i]))
	return ok
}

// readDigits reads groups as a number whose thousands mark is thou and
// decimal mark dec (space always groups thousands).
func readDigits(groups []string, seps []rune, thou, dec rune) (float64, bool) {
	v := 0.0
	for k, g := range groups {
		if k > 0 {
			sep := seps[k-1]
			if sep == dec {
				if k != len(groups)-1 {
					return 0, false
				}
				scale := 0.1
				for _, c := range g {
					v += float64(c-'0') * scale
					scale /= 10
				}
				return v, true
			}
			if sep == thou || sep == ' ' || sep == '\u00a0' || sep == '\u202f' || sep == '\u2009' {
				if len(g) != 3 || k == 1 && len(groups[0]) > 3 {
					return 0, false
				}
			} else {
				return 0, false
			}
		}
		for _, c := range g {
			v = v*10 + float64(c-'0')
		}
	}
	return v, true
}

// romanAllowed keeps Roman numerals that number something (Part I, a
// heading's "II."), not the pronoun I.
func romanAllowed(s string, i, j int, before []numWord) bool {
	if k := len(before) - 1; k >= 0 && sectionWords[before[k].text] {
		return true
	}
	if strings.TrimSpace(s[:i]) == "" || strings.TrimRight(strings.TrimSpace(s[:i]), "(") == "" {
		next, _ := utf8.DecodeRuneInString(s[j:])
		return next == '.' || next == ')' || next == utf8.RuneError || s[j:] == ""
	}
	return false
}

// letterMarker reads a list letter at the start of a segment — "(a)", "b)",
// "c." — as the position it numbers, for 一、 or （一） in the source.
func letterMarker(s string, i, j int) float64 {
	if j-i != 1 || s[i] < 'a' || s[i] > 'z' {
		return 0
	}
	lead := strings.TrimSpace(s[:i])
	if lead != "" && lead != "(" && lead != "（" {
		return 0
	}
	next, _ := utf8.DecodeRuneInString(s[j:])
	if next != ')' && next != '.' && next != '）' {
		return 0
	}
	return float64(s[i]-'a') + 1
}
