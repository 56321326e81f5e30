package fuzzy

import (
	"strings"
	"unicode/utf8"
)

// A number in running text: Arabic digits (ASCII or full width, with inner
// separators), or Chinese numerals. Plain digit strings (2025, ２０２５,
// 二〇二五) have a value that survives a change of notation; numerals with
// units (二十五, 3万) do not translate digit by digit, so they are compared
// only as written.
type number struct {
	start, end int    // byte offsets
	value      string // ASCII digits and separators; "" for numerals with units
	wide       bool   // written in full-width digits
}

func digitOf(r rune) (byte, bool) {
	switch {
	case r >= '0' && r <= '9':
		return byte(r), true
	case r >= '０' && r <= '９':
		return byte('0' + r - '０'), true
	}
	if i := strings.IndexRune("〇一二三四五六七八九", r); i >= 0 {
		return byte('0' + utf8.RuneCountInString("〇一二三四五六七八九"[:i])), true
	}
	if r == '零' {
		return '0', true
	}
	return 0, false
}

// unitNumeral reports characters that make a numeral positional.
func unitNumeral(r rune) bool {
	return strings.ContainsRune("十百千万萬亿億两兩拾佰仟", r)
}

func isArabic(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }
func isHanDigit(r rune) bool {
	_, ok := digitOf(r)
	return ok && !isArabic(r)
}

// numbers finds the numbers of s, in order.
func numbers(s string) []number {
	var out []number
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isArabic(r) && !isHanDigit(r) && !unitNumeral(r) {
			i += w
			continue
		}
		start := i
		var val strings.Builder
		complex, wide, han, arabic := false, false, false, false
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			switch {
			case isArabic(r):
				d, _ := digitOf(r)
				val.WriteByte(d)
				arabic = true
				wide = wide || r >= '０'
			case isHanDigit(r):
				d, _ := digitOf(r)
				val.WriteByte(d)
				han = true
			case unitNumeral(r):
				complex = true
			case (r == ',' || r == '.' || r == '，' || r == '．') && arabic && i+w < len(s):
				// A separator only between two digits.
				nr, _ := utf8.DecodeRuneInString(s[i+w:])
				if !isArabic(nr) {
					goto end
				}
				if r == '，' {
					r = ','
				} else if r == '．' {
					r = '.'
				}
				val.WriteRune(r)
			default:
				goto end
			}
			i += w
		}
	end:
		n := number{start: start, end: i, wide: wide}
		if !complex && !(han && arabic) {
			n.value = val.String()
		}
		out = append(out, n)
	}
	return out
}

// NumberFix reports whether source differs from query only in its numbers,
// and if so returns target with those numbers replaced by the query's:
// changed reports that the target or the notation differed. Only plain digit
// strings are carried over (2025, ２０２５ and 二〇二五 are one value); a
// numeral with units (3万, 二十五) must be identical, because 3万 and 30,000
// are one value written so differently that a target cannot be rewritten
// from one to the other safely. A number that changed must appear in the
// target with its old value, or nothing is fixed.
func NumberFix(query, source, target string) (fixed string, changed, ok bool) {
	qn, sn := numbers(query), numbers(source)
	if len(qn) != len(sn) || len(qn) == 0 {
		return "", false, false
	}
	if skeleton(query, qn) != skeleton(source, sn) {
		return "", false, false
	}
	tn := numbers(target)
	used := make([]bool, len(tn))
	type edit struct {
		at    number
		value string
	}
	var edits []edit
	for i := range qn {
		q, s := qn[i], sn[i]
		qt, st := query[q.start:q.end], source[s.start:s.end]
		if q.value == "" || s.value == "" {
			if Normalize(qt) != Normalize(st) {
				return "", false, false
			}
			continue
		}
		if qt != st {
			changed = true
		}
		if q.value == s.value {
			continue
		}
		found := false
		for j, t := range tn {
			if !used[j] && t.value == s.value {
				used[j] = true
				edits = append(edits, edit{t, q.value})
				found = true
				break
			}
		}
		if !found {
			return "", false, false
		}
	}
	if !changed {
		return "", false, false
	}
	var b strings.Builder
	last := 0
	// Edits were collected in query order; apply them in target order.
	for _, t := range tn {
		for _, e := range edits {
			if e.at.start != t.start {
				continue
			}
			b.WriteString(target[last:e.at.start])
			v := e.value
			if e.at.wide {
				v = widen(v)
			}
			b.WriteString(v)
			last = e.at.end
		}
	}
	b.WriteString(target[last:])
	return b.String(), true, true
}

// skeleton is the normalized text with every number replaced by one mark.
func skeleton(s string, ns []number) string {
	var b strings.Builder
	last := 0
	for _, n := range ns {
		b.WriteString(s[last:n.start])
		b.WriteRune('\uE000')
		last = n.end
	}
	b.WriteString(s[last:])
	return Normalize(b.String())
}

func widen(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune('０' + r - '0')
		case r == ',':
			b.WriteRune('，')
		case r == '.':
			b.WriteRune('．')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
