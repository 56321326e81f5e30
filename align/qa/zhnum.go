package qa

import (
	"math"
	"strings"
	"unicode/utf8"
)

// NumKind says how a number is written, which decides what may stand for it
// in a translation.
type NumKind int

const (
	NumPlain   NumKind = iota
	NumYear            // 2025年, 二〇二五年
	NumPercent         // 百分之五, 5%
	NumOrdinal         // 第三
	NumSection         // 第一部分, 一、, （一）: a heading's number, also a Roman numeral or a letter
	NumMonth           // 10月
	NumDecade          // 60年代: also 1960
)

// Number is a number found in a text: its value, where it is, and whether a
// translation must carry it.
type Number struct {
	Value float64
	Kind  NumKind
	Span  Span
	// Required is false for numerals that translations routinely render
	// without a number: a lone 一 ("a", "once"), 三四 (three or four),
	// single Chinese digits in set phrases (一带一路, 两岸, 三农).
	Required bool
}

var zhDigit = map[rune]int{
	'零': 0, '〇': 0, '○': 0, '一': 1, '二': 2, '两': 2, '兩': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

var zhSmallUnit = map[rune]int{'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000}

var zhBigUnit = map[rune]float64{'万': 1e4, '萬': 1e4, '亿': 1e8, '億': 1e8}

// ParseChinese reads the longest well-formed Chinese numeral at the start of
// rs: 十四, 一千二百零五, 二〇二五, 三万五千, 两千, 一点五, 1.2亿 is not its
// business (see SourceNumbers). It returns the value and how many runes it
// used, 0 when rs does not start with a numeral. A run that stops being
// well-formed ends the numeral where it still was: 十四五 reads 十四.
func ParseChinese(rs []rune) (float64, int) {
	if len(rs) == 0 {
		return 0, 0
	}
	// Digit by digit, as years are written: 二〇二五, 一九四九. Two digits
	// (三四, 五六) are an approximation, not a number.
	n := 0
	for n < len(rs) {
		if _, ok := zhDigit[rs[n]]; !ok || rs[n] == '两' || rs[n] == '兩' {
			break
		}
		n++
	}
	// Years are four digits (一九四九) or written with 〇 (二〇二五); three
	// digits with 零 are an idiom as often as not (七零八落), and two are an
	// approximation (三四).
	circle := strings.ContainsAny(string(rs[:n]), "〇○")
	if n >= 4 || n >= 2 && circle && zhDigit[rs[0]] != 0 {
		if n < len(rs) {
			if _, ok := zhSmallUnit[rs[n]]; ok {
				return parseUnits(rs)
			}
		}
		v := 0.0
		for _, r := range rs[:n] {
			v = v*10 + float64(zhDigit[r])
		}
		return v, n
	}
	return parseUnits(rs)
}

// parseUnits reads a numeral with units: sections of 千百十 in descending
// order, scaled by 万 and 亿, with 零 between them and an optional decimal
// part after 点.
func parseUnits(rs []rune) (float64, int) {
	var total, section float64
	digit := -1
	lastSmall, lastBig := 10000, math.Inf(1)
	used := 0
	afterZero := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if d, ok := zhDigit[r]; ok {
			// 两 counts only before a unit (两千, 两个 at the start): after
			// a number it is the weight (二十两, twenty taels).
			if (r == '两' || r == '兩') && i > 0 && (i+1 >= len(rs) || !isUnit(rs[i+1])) {
				break
			}
			if d == 0 && r != '两' && r != '兩' {
				if digit != -1 || i == 0 {
					break
				}
				afterZero = true
				continue
			}
			if digit != -1 {
				break
			}
			digit = d
			used = i + 1
			continue
		}
		if u, ok := zhSmallUnit[r]; ok {
			if u >= lastSmall || afterZero && u >= 10 && digit == -1 {
				break
			}
			if digit == -1 {
				if u != 10 || section != 0 || total != 0 {
					break
				}
				digit = 1 // 十二 is 12
			}
			section += float64(digit * u)
			digit, lastSmall, afterZero = -1, u, false
			used = i + 1
			continue
		}
		if u, ok := zhBigUnit[r]; ok {
			val := section + float64(max(digit, 0))
			if val == 0 && total == 0 {
				break
			}
			if u >= lastBig || total == 0 {
				total = (total + val) * u // 万亿 is 10¹²
			} else {
				total += val * u
			}
			section, digit, lastSmall, lastBig, afterZero = 0, -1, 10000, u, false
			used = i + 1
			continue
		}
		if r == '点' && (digit != -1 || section > 0) && total == 0 {
			// 五点五: a decimal part, digit by digit.
			frac, scale, j := 0.0, 0.1, i+1
			for j < len(rs) {
				d, ok := zhDigit[rs[j]]
				if !ok || rs[j] == '两' || rs[j] == '兩' {
					break
				}
				frac += float64(d) * scale
				scale /= 10
				j++
			}
			if j == i+1 {
				break
			}
			v := section + float64(max(digit, 0)) + frac
			if j < len(rs) {
				if u, ok := zhBigUnit[rs[j]]; ok {
					return v * u, j + 1
				}
			}
			return v, j
		}
		break
	}
	if used == 0 {
		return 0, 0
	}
	return total + section + float64(max(digit, 0)), used
}

// arabicNumber reads digits (ASCII or full-width) with thousands commas and
// a decimal point at the start of s, as Chinese texts write them: 30,000,
// 1.2, ３５. It returns the value and the bytes used.
func arabicNumber(s string) (float64, int) {
	v, i := 0.0, 0
	digits, group := 0, 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		d, ok := digitValue(r)
		if ok {
			v = v*10 + float64(d)
			digits++
			group++
			i += w
			continue
		}
		if r == ',' && digits > 0 && group <= 3 && countDigitsAt(s[i+1:]) == 3 && (digits <= 3 || group == 3) {
			group = 0
			i++
			continue
		}
		break
	}
	if digits == 0 {
		return 0, 0
	}
	if i < len(s) && (s[i] == '.' || hasPrefix(s[i:], "．")) {
		w := 1
		if s[i] != '.' {
			w = len("．")
		}
		if n := countDigitsAt(s[i+w:]); n > 0 {
			scale := 0.1
			j := i + w
			for k := 0; k < n; k++ {
				r, rw := utf8.DecodeRuneInString(s[j:])
				d, _ := digitValue(r)
				v += float64(d) * scale
				scale /= 10
				j += rw
			}
			i = j
		}
	}
	return v, i
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func digitValue(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

// countDigitsAt counts the digits a string starts with.
func countDigitsAt(s string) int {
	n := 0
	for _, r := range s {
		if _, ok := digitValue(r); !ok {
			break
		}
		n++
	}
	return n
}

// SourceNumbers finds the numbers of a Chinese text: Arabic and full-width
// digits, Chinese numerals, 万/亿 scaling (3万, 1.2亿), percentages (百分之五,
// 5%), years (2025年), ordinals (第三) and section numbers (第一部分, 一、,
// （一）). Spans are byte offsets into s.
func SourceNumbers(s string) []Number {
	var out []Number
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && (c < '0' || c > '9') {
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		start := i
		percent, ordinal := false, false
		if hasPrefix(s[i:], "百分之") {
			percent = true
			i += len("百分之")
		} else if r == '第' {
			ordinal = true
			i += w
		}
		r, _ = utf8.DecodeRuneInString(s[i:])
		var v float64
		var end int
		chinese := false
		if _, ok := digitValue(r); ok {
			var n int
			v, n = arabicNumber(s[i:])
			end = i + n
			if next, nw := utf8.DecodeRuneInString(s[end:]); zhBigUnit[next] != 0 {
				v *= zhBigUnit[next]
				end += nw
				if next2, nw2 := utf8.DecodeRuneInString(s[end:]); next == '万' && next2 == '亿' {
					v *= 1e8
					end += nw2
				}
			}
		} else if isZhNumeralStart(r) {
			rs := []rune(s[i:min(len(s), i+64)])
			var n int
			v, n = ParseChinese(rs)
			if n == 0 {
				if percent || ordinal {
					i = start + len(string(s[start:i]))
					continue
				}
				i += w
				continue
			}
			chinese = true
			end = i + len(string(rs[:n]))
		} else {
			if percent || ordinal {
				continue // 百分之/第 without a number: move on from the next rune
			}
			i += w
			continue
		}
		num := Number{Value: v, Span: Span{start, end}, Required: true}
		next, nw := utf8.DecodeRuneInString(s[end:])
		switch {
		case percent:
			num.Kind = NumPercent
		case next == '%' || next == '％':
			num.Kind = NumPercent
			num.Span.End += nw
		case ordinal:
			num.Kind = NumOrdinal
			if isSectionWord(s[end:]) {
				num.Kind = NumSection
			}
		case hasPrefix(s[end:], "年代"):
			num.Kind = NumDecade
		case next == '年':
			num.Kind = NumYear
		case next == '月':
			num.Kind = NumMonth
		}
		if chinese && !percent && !ordinal {
			num.Required = chineseRequired(s, start, end, v, num.Kind)
			if isListMarker(s, start, end) {
				num.Kind, num.Required = NumSection, true
			}
		}
		out = append(out, num)
		i = end
	}
	return out
}

func isUnit(r rune) bool {
	_, small := zhSmallUnit[r]
	_, big := zhBigUnit[r]
	return small || big
}

func isZhNumeralStart(r rune) bool {
	switch r {
	case '零', '〇', '○', '一', '二', '两', '兩', '三', '四', '五', '六', '七', '八', '九', '十', '拾':
		return true
	}
	return false
}

func isSectionWord(s string) bool {
	for _, w := range []string{"部分", "章", "节", "编", "篇", "条", "款", "卷"} {
		if hasPrefix(s, w) {
			return true
		}
	}
	return false
}

// isListMarker tells a heading's 一、 or （一） from a numeral inside a
// sentence.
func isListMarker(s string, start, end int) bool {
	next, _ := utf8.DecodeRuneInString(s[end:])
	if start == 0 && next == '、' {
		return true
	}
	prev, pw := utf8.DecodeLastRuneInString(s[:start])
	return (prev == '（' || prev == '(') && start-pw == 0 && (next == '）' || next == ')')
}

// chineseRequired decides whether a translation must carry a Chinese
// numeral. Numerals of two characters or more always (十四, 二〇二五); a
// single one (三, 十) only when it counts or dates something (五年, 三个,
// 5月), since in set phrases (一带一路, 两岸, 三农, 十分, 十字架) it is
// often rendered by words that are no numbers.
func chineseRequired(s string, start, end int, v float64, kind NumKind) bool {
	next, _ := utf8.DecodeRuneInString(s[end:])
	prev, _ := utf8.DecodeLastRuneInString(s[:start])
	// 十几, 几十: "a dozen", "dozens", no number to carry.
	if next == '几' || next == '幾' || prev == '几' || prev == '幾' {
		return false
	}
	if end-start > len("十") {
		rs := []rune(s[start:end])
		if len(rs) == 2 && rs[0] == rs[1] {
			return false // 一一, 三三两两
		}
		return true
	}
	switch kind {
	case NumYear, NumMonth, NumPercent, NumDecade:
		return v > 1
	}
	if v >= 2 && (next == '个' || next == '项' || next == '年' || next == '次' || next == '天' || next == '周') {
		return prev != '一' && prev != '两' // 一两个: one or two
	}
	return false
}
