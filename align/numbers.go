package align

import "strings"

// Numbers are anchors: 2008年 ↔ 2008, 三十 ↔ 30 / thirty / treinta. Both
// sides turn them into the same token "#<value>".

var zhDigits = map[rune]int64{
	'零': 0, '〇': 0, '○': 0, '一': 1, '二': 2, '两': 2, '兩': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

var zhUnitsValue = map[rune]int64{
	'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000,
	'万': 10000, '萬': 10000, '亿': 100000000, '億': 100000000,
}

// isZhNumeral tells the keys of zhDigits and zhUnitsValue: it is asked of
// every character of the source, two map look-ups each.
func isZhNumeral(r rune) bool {
	switch r {
	case '零', '〇', '○', '一', '二', '两', '兩', '三', '四', '五', '六', '七', '八', '九',
		'十', '拾', '百', '佰', '千', '仟', '万', '萬', '亿', '億':
		return true
	}
	return false
}

// zhNumberValue reads a run of Chinese numerals: 三十五, 二〇〇八, 一千二百,
// 十二万.
func zhNumberValue(rs []rune) (int64, bool) {
	if len(rs) == 0 || len(rs) > 12 {
		return 0, false
	}
	hasUnit := false
	for _, r := range rs {
		if _, ok := zhUnitsValue[r]; ok {
			hasUnit = true
		}
	}
	if !hasUnit {
		// Digit by digit, as years are written: 二〇〇八.
		var v int64
		for _, r := range rs {
			v = v*10 + zhDigits[r]
		}
		return v, true
	}
	var total, section, digit int64
	for _, r := range rs {
		if d, ok := zhDigits[r]; ok {
			digit = d
			continue
		}
		u := zhUnitsValue[r]
		switch {
		case u >= 10000:
			section = (section + digit) * u
			total += section
			section = 0
		default:
			if digit == 0 {
				digit = 1 // 十二 is 12
			}
			section += digit * u
		}
		digit = 0
	}
	return total + section + digit, true
}

// keepZhNumber decides whether a numeral run is a number worth anchoring. A
// lone 一 is mostly "a", "once" or "all" and is only kept as a list marker
// at the start of a sentence; runs of repeated digits (一一, 三三两两) are
// idioms.
func keepZhNumber(rs []rune, i, j int, v int64) bool {
	if j-i == 1 && (rs[i] == '一' || rs[i] == '〇' || rs[i] == '零') {
		return i == 0 || i <= 2 && strings.ContainsRune("(（第", rs[i-1])
	}
	if j-i == 2 && rs[i] == rs[i+1] {
		return false
	}
	return v > 0
}

type numberWords struct {
	words      map[string]int64
	connectors []string
}

var numberWordsByLang = map[string]numberWords{
	"en": {map[string]int64{
		"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
		"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
		"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
		"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
		"eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1000000,
		"billion": 1000000000, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
		"sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
	}, []string{"and"}},
	"es": {map[string]int64{
		"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
		"nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
		"quince": 15, "dieciséis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
		"veinte": 20, "veintiuno": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24,
		"veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28,
		"veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
		"setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
		"doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
		"seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
		"mil": 1000, "millón": 1000000, "millones": 1000000,
		"primero": 1, "primer": 1, "segundo": 2, "tercero": 3, "tercer": 3, "cuarto": 4,
		"quinto": 5, "sexto": 6, "séptimo": 7, "octavo": 8, "noveno": 9, "décimo": 10,
	}, []string{"y"}},
	"pt": {map[string]int64{
		"dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
		"oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "treze": 13,
		"catorze": 14, "quatorze": 14, "quinze": 15, "dezesseis": 16, "dezasseis": 16,
		"dezessete": 17, "dezassete": 17, "dezoito": 18, "dezenove": 19, "dezanove": 19,
		"vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60,
		"setenta": 70, "oitenta": 80, "noventa": 90, "cem": 100, "cento": 100,
		"duzentos": 200, "trezentos": 300, "quatrocentos": 400, "quinhentos": 500,
		"seiscentos": 600, "setecentos": 700, "oitocentos": 800, "novecentos": 900,
		"mil": 1000, "milhão": 1000000, "milhões": 1000000,
		"primeiro": 1, "segundo": 2, "terceiro": 3, "quarto": 4, "quinto": 5,
		"sexto": 6, "sétimo": 7, "oitavo": 8, "nono": 9, "décimo": 10,
	}, []string{"e"}},
}

func (nw numberWords) isConnector(w string) bool {
	for _, c := range nw.connectors {
		if w == c {
			return true
		}
	}
	return false
}
